package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient.RootfsSource;
import org.nsexplorer.helper.serve.Request;
import org.nsexplorer.helper.serve.RequestParser;

/**
 * The app's side of the contract, without root or a helper: every request HelperClient
 * writes, as the line HelperConnection sends, read by the broker's own parser (strict: no
 * unknown field, no text for a number), which must accept it as the record with these fields.
 */
class RequestContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ObjectNode> sent = new ArrayList<>();
    /** As HelperConnection: a request gets an id of its own unless it has one; a told message has none. */
    private final HelperClient client = new HelperClient(new HelperClient.Channel() {
        private int ids;

        @Override
        public CompletableFuture<JsonNode> request(ObjectNode request) {
            if (!request.hasNonNull("id")) {
                request.put("id", "a" + ++ids);
            }
            sent.add(request);
            return new CompletableFuture<>();
        }

        @Override
        public void tell(ObjectNode message) {
            sent.add(message);
        }
    });

    /** What the broker makes of the last request sent: it must accept it. */
    private Request received() throws Exception {
        ObjectNode last = sent.get(sent.size() - 1);
        RequestParser.Parsed parsed = new RequestParser().parse(JSON.writeValueAsBytes(last));
        RequestParser.Accepted accepted = assertInstanceOf(RequestParser.Accepted.class, parsed,
                () -> last + " refused: " + parsed);
        return accepted.request();
    }

    private String lastId() {
        return sent.get(sent.size() - 1).path("id").asText(null);
    }

    /** Every option a recipe has, as a teacher might set them all: a pod member on an overlay. */
    static Recipe everyOption() {
        return Recipe.builder().rootfs("/srv/nsx/rootfs/debian").namespaces(EnumSet.allOf(Namespace.class))
                .hostname("web-1").memory("64M").cpus("0.5").pids(100L).mounts(Set.of("proc", "tmp", "dev"))
                .rootSwitch("chroot").command(List.of("/bin/sh", "-c", "echo hi; sleep 600")).terminal(true)
                .network(Recipe.Network.DEFAULT.withMode("bridge")
                        .joining("c3", EnumSet.of(Namespace.IPC, Namespace.PID))
                        .withOverlay(List.of("app-layer", "base-layer")))
                .hostRoot(true).build();
    }

    /** EVERYOPTION's spec as the broker reads it: the joined namespaces entered, not made. */
    static Request.LaunchSpec everyOptionSpec() {
        return new Request.LaunchSpec("/srv/nsx/rootfs/debian", List.of("mnt", "uts", "net", "user", "cgroup", "time"),
                "web-1", "64M", "0.5", 100L, List.of("proc", "tmp", "dev"), "chroot", null, null, null,
                List.of("/bin/sh", "-c", "echo hi; sleep 600"), true, "bridge",
                new Request.Join("c3", null, List.of("ipc", "pid")),
                new Request.Overlay(List.of("app-layer", "base-layer"), null), true, null);
    }

    @Test
    void aLaunchWithEveryOptionIsReadFieldForField() throws Exception {
        client.launch("launch-7", everyOption());
        assertEquals(new Request.Launch("launch-7", everyOptionSpec()), received());
    }

    @Test
    void aLaunchOfTheDefaultsLeavesTheRestToTheHelper() throws Exception {
        client.launch("launch-0", Recipe.classic());
        assertEquals(new Request.Launch("launch-0", new Request.LaunchSpec(null, List.of("mnt", "uts", "ipc", "net",
                "pid"), "container", null, null, null, null, null, null, null, null,
                List.of("/bin/sleep", "infinity"), null, null, null, null, null, null)), received());
        // Joining NET: the network is the partner's, so no mode is sent; UTS off: no hostname either.
        client.launch("launch-1", Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.PID))
                .hostname("ignored").mounts(Set.of()).network(Recipe.Network.DEFAULT.withMode("veth")
                        .joining("c1", EnumSet.of(Namespace.NET))).build());
        assertEquals(new Request.Launch("launch-1", new Request.LaunchSpec(null, List.of("mnt", "pid"), null, null,
                null, null, List.of(), null, null, null, null, List.of("/bin/sh"), null, null,
                new Request.Join("c1", null, List.of("net")), null, null, null)), received());
    }

    /** "Open a shell in it": only what the helper takes beside enter. */
    @Test
    void aShellInAContainerOthersMadeSendsEnterAndNothingOfAContainersOwn() throws Exception {
        client.launch("launch-2", Recipe.entering(4242));
        assertEquals(new Request.Launch("launch-2", new Request.LaunchSpec(null, null, null, null, null, null, null,
                null, null, null, null, List.of("/bin/sh"), true, null, null, null, null, 4242L)), received());
    }

    @Test
    void theCommandsOfARecipeCarryItsSpecAndTheLanguage() throws Exception {
        client.commands(everyOption(), "pt-BR");
        assertEquals(new Request.Commands(lastId(), everyOptionSpec(), "pt-BR"), received());
    }

    @Test
    void aContainersRequestsNameItAndTheirNumbers() throws Exception {
        client.stop("c1");
        assertEquals(new Request.Stop(lastId(), "c1"), received());
        client.signalProcess("c1", 4242, 9);
        assertEquals(new Request.Signal(lastId(), "c1", 9, 4242L), received());
        client.list();
        assertEquals(new Request.ListContainers(lastId()), received());
        client.hostSnapshot();
        assertEquals(new Request.TakeSnapshot(lastId(), null, null, null, null), received());
        client.snapshot("c1");
        assertEquals(new Request.TakeSnapshot(lastId(), "c1", null, null, null), received());
        client.comparison("c1");
        assertEquals(new Request.TakeSnapshot(lastId(), "c1", null, true, true), received());
        client.comparison(null);
        assertEquals(new Request.TakeSnapshot(lastId(), null, null, true, true), received());
        // The containers others made: found, then each compared by its first process.
        client.discover();
        assertEquals(new Request.Discover(lastId()), received());
        client.comparisonOfPid(31205);
        assertEquals(new Request.TakeSnapshot(lastId(), null, 31205L, true, true), received());
    }

    @Test
    void keysAndSizesGoWithoutAnId() throws Exception {
        byte[] keys = "ls -l /\r\u0003é".getBytes(StandardCharsets.UTF_8);
        client.input("c2", keys);
        Request input = received();
        assertEquals(new Request.Input(null, "c2", Base64.getEncoder().encodeToString(keys)), input);
        assertEquals("ls -l /\r\u0003é", new String(Base64.getDecoder().decode(((Request.Input) input).data()),
                StandardCharsets.UTF_8));
        client.resize("c2", 33, 120);
        assertEquals(new Request.Resize(null, "c2", 33, 120), received());
    }

    @Test
    void networkAndLayerRequests() throws Exception {
        client.ping("c1", "c2", 3);
        assertEquals(new Request.Ping(lastId(), "c1", "c2", 3), received());
        client.ping(null, "c2", 3);
        assertEquals(new Request.Ping(lastId(), null, "c2", 3), received());
        client.ping("c2", "host", 1);
        assertEquals(new Request.Ping(lastId(), "c2", "host", 1), received());
        client.loopback("c4");
        assertEquals(new Request.Loopback(lastId(), "c4"), received());
        client.changes("c5");
        assertEquals(new Request.Changes(lastId(), "c5"), received());
        client.keepLayer("c5", "web-app");
        assertEquals(new Request.KeepLayer(lastId(), "c5", "web-app"), received());
    }

    @Test
    void rootfsRequestsAndJobs() throws Exception {
        client.rootfsList();
        assertEquals(new Request.RootfsList(lastId()), received());
        HelperClient.Job archive = client.rootfsMake("alpine", RootfsSource.archive("/home/t/alpine.tar.xz"), p -> { });
        assertEquals(new Request.RootfsMake(archive.id(), "import", "alpine", "/home/t/alpine.tar.xz", null, null,
                null), received());
        HelperClient.Job programs = client.rootfsMake("tiny", RootfsSource.programs(List.of("sh", "ls", "ip")),
                p -> { });
        assertEquals(new Request.RootfsMake(programs.id(), "programs", "tiny", null, List.of("sh", "ls", "ip"), null,
                null), received());
        client.rootfsMake("box", RootfsSource.busybox(), p -> { });
        assertEquals(new Request.RootfsMake(lastId(), "busybox", "box", null, null, null, null), received());
        client.rootfsMake("debian", RootfsSource.debootstrap("bookworm"), p -> { });
        assertEquals(new Request.RootfsMake(lastId(), "debootstrap", "debian", null, null, "bookworm", null),
                received());
        client.rootfsMake("debian", RootfsSource.debootstrap(null), p -> { });
        assertEquals(new Request.RootfsMake(lastId(), "debootstrap", "debian", null, null, null, null), received());
        HelperClient.Job export = client.rootfsExport("tiny", "/tmp/nsx-lesson-1/tiny.cpio.gz", p -> { });
        assertEquals(new Request.RootfsExport(export.id(), "tiny", "/tmp/nsx-lesson-1/tiny.cpio.gz"), received());
        client.rootfsCheck("/srv/nsx/rootfs/tiny", null);
        assertEquals(new Request.RootfsCheck(lastId(), "/srv/nsx/rootfs/tiny", null), received());
        client.rootfsCheck("tiny", "/bin/ls");
        assertEquals(new Request.RootfsCheck(lastId(), "tiny", "/bin/ls"), received());
        client.rootfsRemove("tiny");
        assertEquals(new Request.RootfsRemove(lastId(), "tiny"), received());
        client.cancel(archive);
        assertEquals(new Request.Cancel(lastId(), archive.id()), received());
    }

    /** A job through the window's channel has an id of its own, which its cancel names. */
    @Test
    void aJobOfTheWindowsChannelIsCancelledByItsId() throws Exception {
        HelperClient windows = new HelperClient(new HelperRequests());
        HelperClient.Job job = windows.rootfsExport("tiny", "/tmp/tiny.tar", p -> { });
        assertEquals("job-1", job.id());
        assertTrue(job.answer().isCompletedExceptionally(), "no helper yet: it fails at once");
        client.cancel(job);
        assertEquals(new Request.Cancel(lastId(), "job-1"), received());
    }

    /** The client makes every request the broker knows, and the broker would refuse a field it does not. */
    @Test
    void everyTypeIsMadeAndTheParserIsStrict() throws Exception {
        aLaunchWithEveryOptionIsReadFieldForField();
        theCommandsOfARecipeCarryItsSpecAndTheLanguage();
        aContainersRequestsNameItAndTheirNumbers();
        keysAndSizesGoWithoutAnId();
        networkAndLayerRequests();
        rootfsRequestsAndJobs();
        Set<String> made = sent.stream().map(r -> r.path("type").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> known = new TreeSet<>(Request.TYPES.keySet());
        assertEquals(known, made);
        ObjectNode extra = sent.get(0).deepCopy();
        ((ObjectNode) extra.get("spec")).put("colour", "blue");
        assertEquals("Refused", new RequestParser().parse(JSON.writeValueAsBytes(extra)).getClass().getSimpleName(),
                "a field the broker does not know is refused: what it accepts above is what it understood");
    }
}
