package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.compare.CompareSnapshot;
import org.nsexplorer.app.containers.Confinement;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.FoundContainer;
import org.nsexplorer.app.containers.HelperRefusal;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.containers.SignalledProcess;
import org.nsexplorer.app.layers.OverlayChanges;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.DockerLines;
import org.nsexplorer.app.lessons.NspawnLine;
import org.nsexplorer.app.lessons.actions.ExportRootfsAction;
import org.nsexplorer.app.lessons.actions.MakeRootfsAction;
import org.nsexplorer.app.lessons.checks.NamespaceCheck;
import org.nsexplorer.app.lessons.checks.OomKillCheck;
import org.nsexplorer.app.lessons.checks.PidOneCheck;
import org.nsexplorer.app.lessons.checks.RootOutsideCheck;
import org.nsexplorer.app.network.PingAnswer;
import org.nsexplorer.app.rootfs.ProgramLibraries;
import org.nsexplorer.app.rootfs.ProgressWords;
import org.nsexplorer.app.rootfs.Stored;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.helper.commands.DockerDifference;
import org.nsexplorer.helper.commands.DockerRunLine;
import org.nsexplorer.helper.commands.NspawnCommandLine;
import org.nsexplorer.helper.commands.NspawnDifference;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.json.WithoutNulls;
import org.nsexplorer.helper.network.PingResult;
import org.nsexplorer.helper.overlay.LayerChange;
import org.nsexplorer.helper.overlay.LayerChanges;
import org.nsexplorer.helper.serve.ContainerMessages;
import org.nsexplorer.helper.serve.Outbox;
import org.nsexplorer.helper.serve.Replies;
import org.nsexplorer.helper.serve.ServeCommand;
import org.nsexplorer.helper.snapshot.CgroupUsage;
import org.nsexplorer.helper.snapshot.HostComparison;
import org.nsexplorer.helper.snapshot.IdMapRange;
import org.nsexplorer.helper.snapshot.IpcObjects;
import org.nsexplorer.helper.snapshot.MountEntry;
import org.nsexplorer.helper.snapshot.NetInterface;
import org.nsexplorer.helper.snapshot.ProcessInfo;
import org.nsexplorer.helper.snapshot.Snapshot;
import org.nsexplorer.helper.spec.Confinement.Level;
import org.nsexplorer.helper.spec.Confinement.Reason;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.RootfsCheck;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.store.ProgramRecords;
import org.nsexplorer.helper.store.ProgressStep;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * The broker's side of the contract, without root or a helper: each message the broker sends
 * (answers and events), written through its own Outbox with its own builders and value
 * records where it has them (ContainerMessages, Replies, ExitStatus, Snapshot,
 * NspawnCommandLine...), and the fields it writes inline copied from its handlers
 * (serve/RequestHandler, RootfsJobs); then read by the app's own classes, which must find
 * these values in it.
 */
class MessageContractTest {
    private static final ObjectMapper APP_JSON = new ObjectMapper();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    /** As ServeCommand makes it. */
    private final Outbox outbox = new Outbox(wire);
    private final ContainerMessages messages = new ContainerMessages(outbox);
    private final ChannelToBroker toBroker = new ChannelToBroker();

    /** The app's requests, kept with the futures their answers complete. */
    private static final class ChannelToBroker implements HelperClient.Channel {
        final Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        private int ids;

        @Override
        public CompletableFuture<JsonNode> request(ObjectNode request) {
            String id = request.hasNonNull("id") ? request.get("id").asText() : "a" + ++ids;
            request.put("id", id);
            return pending.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        @Override
        public void tell(ObjectNode message) {
        }

        /** The id of the last request sent. */
        String lastId() {
            return pending.keySet().stream().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** MESSAGE sent as the broker sends it, read back as the app's connection reads a line. */
    private JsonNode sent(JsonObject message) throws Exception {
        wire.reset();
        outbox.send(message);
        String line = wire.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        return APP_JSON.readTree(line);
    }

    /** A spec the broker validated: the confinement and user map its answers carry come from it. */
    private static ValidatedSpec validated(Level level,
            EnumSet<Reason> reasons, Optional<ValidatedSpec.UserMapping> map) {
        return new ValidatedSpec(Path.of("/srv/nsx/rootfs/debian"), EnumSet.of(
                org.nsexplorer.helper.spec.Namespace.MNT, org.nsexplorer.helper.spec.Namespace.UTS,
                org.nsexplorer.helper.spec.Namespace.IPC, org.nsexplorer.helper.spec.Namespace.PID,
                org.nsexplorer.helper.spec.Namespace.USER), Optional.of("web-1"),
                new Limits(OptionalLong.of(64L << 20), OptionalDouble.of(0.5), OptionalLong.of(100)),
                EnumSet.of(MountKind.PROC, MountKind.TMP, MountKind.DEV), RootSwitch.CHROOT, map, 0, 0, "/bin/sh",
                List.of("/bin/sh"), List.of("PATH=/usr/bin:/bin"), StdioMode.TERMINAL, NetworkMode.HOST,
                Optional.empty(), Optional.empty(), new org.nsexplorer.helper.spec.Confinement(level, reasons));
    }

    private static ValidatedSpec callerConfined() {
        return validated(Level.CALLER, EnumSet.of(
                Reason.CHROOT,
                Reason.HOST_NETWORK),
                Optional.of(new ValidatedSpec.UserMapping(1000, 1000)));
    }

    @Test
    void helloSpeaksTheAppsProtocol(@TempDir Path dir) throws Exception {
        assertEquals(ServeCommand.PROTOCOL_VERSION, HelperConnection.PROTOCOL);
        // As ServeCommand says hello, read by the app's real connection from a stand-in helper's stdout.
        outbox.send(outbox.message("hello").put("protocol", ServeCommand.PROTOCOL_VERSION).put("cgroup", "v2"));
        Path lines = Files.write(dir.resolve("hello"), wire.toByteArray());
        try (HelperConnection connection = HelperConnection.start(List.of("/bin/sh", "-c",
                "cat \"$0\"; exec cat >/dev/null", lines.toString()), new HelperConnection.Listener() {
                    @Override
                    public void onMessage(JsonNode message) {
                    }

                    @Override
                    public void onClosed(String reason) {
                    }
                })) {
            assertEquals(ServeCommand.PROTOCOL_VERSION, connection.hello().path("protocol").asInt());
            assertEquals("v2", connection.hello().path("cgroup").asText());
        }
    }

    /** launched, started, output, oom and exited, as the broker's ContainerMessages writes them, move one container. */
    @Test
    void aContainersEventsMoveItThroughItsStates() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        session.attach(toBroker);
        ContainerModel model = session.launch(Recipe.builder().memory("32M").terminal(true).build(), "web");
        String launchId = toBroker.lastId();
        session.onMessage(sent(messages.launched(launchId, "c7", callerConfined())));
        assertEquals(ContainerState.STARTING, model.state());
        assertEquals("c7", model.helperIdProperty().get());
        assertEquals(new Confinement("caller", List.of("chroot", "host-network"), 1000),
                model.confinementProperty().get());

        session.onMessage(sent(messages.started("c7", OptionalLong.of(4242), OptionalLong.of(1))));
        assertEquals(ContainerState.RUNNING, model.state());
        assertEquals(4242, model.hostPidProperty().get());

        session.onMessage(sent(messages.output("c7", "hello from c7\r\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(model.screen().orElseThrow().text().contains("hello from c7"), model.screen().get().text());

        ExitStatus status = new ExitStatus(true, 9, 1);
        session.onMessage(sent(messages.oom("c7", status, OptionalLong.of(32L << 20)).orElseThrow()));
        assertEquals(Texts.get("container.oom", "32 MiB"), model.messageProperty().get());

        session.onMessage(sent(messages.exited("c7", status, Optional.of("web-app"))));
        assertEquals(ContainerState.EXITED, model.state());
        assertEquals(9, model.exitSignal());
        assertTrue(model.messageProperty().get().contains("SIGKILL"), model.messageProperty().get());
        assertTrue(model.messageProperty().get().contains("web-app"), model.messageProperty().get());
    }

    /** An exit by itself says its code; a code and a signal are not mixed up. */
    @Test
    void anExitWithACodeSaysTheCode() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        session.attach(toBroker);
        ContainerModel model = session.launch(Recipe.classic(), "db");
        session.onMessage(sent(messages.launched(toBroker.lastId(), "c8", validated(Level.CONTAINED,
                EnumSet.noneOf(Reason.class), Optional.empty()))));
        assertEquals(new Confinement("contained", List.of(), -1), model.confinementProperty().get());
        ExitStatus status = new ExitStatus(false, 5, 0);
        session.onMessage(sent(messages.exited("c8", status, Optional.empty())));
        assertEquals(ContainerState.EXITED, model.state());
        assertEquals(0, model.exitSignal());
        assertTrue(model.messageProperty().get().contains("5"), model.messageProperty().get());
        assertFalse(model.messageProperty().get().contains("SIG"), model.messageProperty().get());
    }

    /** A refused launch names its field, in the helper's words; a failed one says the step's. */
    @Test
    void refusalsAndFailuresNameTheFieldInTheHelpersWords() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        session.attach(toBroker);
        ContainerModel refused = session.launch(Recipe.builder().hostname("no_way").build(), "a");
        InvalidRequestException why = new InvalidRequestException("hostname", Word.RECIPE_HOSTNAME_INVALID, "no_way");
        // As Replies.invalid words it.
        session.onMessage(sent(Replies.say(outbox.message("error").put("id", toBroker.lastId())
                .put("kind", "invalid-request").put("field", why.field()), why.sentence())));
        assertEquals(ContainerState.FAILED, refused.state());
        assertEquals("hostname", refused.faultFieldProperty().get());
        assertEquals(why.sentence().english(), refused.messageProperty().get());

        ContainerModel failed = session.launch(Recipe.classic(), "b");
        session.onMessage(sent(outbox.message("launched").put("id", toBroker.lastId()).put("container", "c9")));
        LaunchException e = new LaunchException("pivot_root", 22, "pivot_root: rootfs/old_root: Invalid argument");
        // An event of the container, no request's answer.
        session.onMessage(sent(messages.launchFailed("c9", e)));
        assertEquals(ContainerState.FAILED, failed.state());
        assertEquals("", failed.faultFieldProperty().get());
        assertEquals("pivot_root: rootfs/old_root: Invalid argument", failed.messageProperty().get());
    }

    /** The ok to a signal with pid says what was signalled; a refusal says why, with its field. */
    @Test
    void aSignalledProcessIsWhatTheOkSays() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        session.attach(toBroker);
        ContainerModel model = session.launch(Recipe.classic(), "web");
        session.onMessage(sent(outbox.message("launched").put("id", toBroker.lastId()).put("container", "c1")));
        session.onMessage(sent(outbox.message("started").put("container", "c1").put("hostPid", 500)));
        CompletableFuture<SignalledProcess> done = session.signalProcess(model, 4243, 15);
        String id = toBroker.lastId();
        // As RequestHandler.signalProcess answers.
        toBroker.pending.get(id).complete(sent(outbox.message("ok").put("id", id).put("container", "c1")
                .put("pid", 4243).put("containerPid", 7).put("command", "tail").put("signal", 15)));
        assertEquals(new SignalledProcess(4243, 7, "tail", 15), done.get(5, TimeUnit.SECONDS));
        assertEquals(Texts.get("process.signalled", "SIGTERM", "tail", "7", "4243"), model.events().get(0));

        CompletableFuture<SignalledProcess> refused = session.signalProcess(model, 1, 9);
        String refusedId = toBroker.lastId();
        Sentence why = Sentence.of(Word.CONTAINER_SIGNAL_BAD_PID, 1, 4194304, "c1");
        toBroker.pending.get(refusedId).complete(sent(Replies.say(outbox.message("error").put("id", refusedId)
                .put("kind", "invalid-request").put("field", "pid"), why)));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> refused.get(5, TimeUnit.SECONDS));
        HelperRefusal refusal = assertInstanceOf(HelperRefusal.class, failed.getCause());
        assertEquals("pid", refusal.field());
        assertEquals(why.english(), refusal.getMessage());
    }

    /** A "containers" item as RequestHandler and ContainerActions.describe write it. */
    /** As RequestHandler answers discover: the helper's own records, nulls where an engine said nothing. */
    @Test
    void theContainersOthersMadeAreReadAsTheSelectorShowsThem() throws Exception {
        String id = "0d78c082177ed23f977d1526655a7d6e379622daf1fb8d48ebb0d13bac879a64";
        Map<String, Long> inodes = new LinkedHashMap<>();
        inodes.put("mnt", 4026532249L);
        inodes.put("uts", 4026532250L);
        inodes.put("user", null);
        List<org.nsexplorer.helper.discover.FoundContainer> found = List.of(
                new org.nsexplorer.helper.discover.FoundContainer("docker", id, "web", "classroom/busybox:1", 31205,
                        "sh", 0, 3, inodes, List.of("mnt", "uts")),
                new org.nsexplorer.helper.discover.FoundContainer("unknown", null, null, null, 4242, "tail", 1000, 1,
                        inodes, List.of("uts")));
        JsonNode answer = sent(outbox.message("discovered").put("id", "a1").put("containers", found));
        List<FoundContainer> read = FoundContainer.parseList(answer);
        Map<Namespace, Long> readInodes = Map.of(Namespace.MNT, 4026532249L, Namespace.UTS, 4026532250L);
        assertEquals(List.of(new FoundContainer("docker", id, "web", "classroom/busybox:1", 31205, "sh", 3,
                List.of("mnt", "uts"), readInodes), new FoundContainer("unknown", "", "", "", 4242, "tail", 1,
                List.of("uts"), readInodes)), read, "an unreadable namespace (null) is left out");
        assertEquals("docker:" + id, read.get(0).key());
        assertEquals("unknown:4242", read.get(1).key(), "no id: its first process keys it");
        assertEquals("tail", read.get(1).label(), "no name: its command names it");
    }

    @Test
    void theContainerListIsReadAsTheDiagramAndTheMapNeedIt() throws Exception {
        JsonObject answer = outbox.message("containers").put("id", "a1");
        JsonArray items = answer.putArray("containers");
        JsonObject pod = items.addObject().put("container", "c2").put("state", "RUNNING").put("hostPid", 5001)
                .put("containerPid", 1);
        pod.putArray("namespaces").add("mnt").add("pid").add("uts");
        JsonObject inodes = pod.putObject("nsInodes");
        long inode = 4026532100L;
        for (org.nsexplorer.helper.spec.Namespace type : org.nsexplorer.helper.spec.Namespace.values()) {
            inodes.put(type.procName(), inode++);
        }
        pod.put("network", NetworkMode.BRIDGE.cliName());
        Replies.putConfinement(pod, callerConfined());
        JsonObject veth = pod.putObject("veth").put("hostInterface", "nsx-c2h").put("hostAddress", "10.93.0.1/24")
                .put("containerInterface", "eth0").put("containerAddress", "10.93.0.3/24").put("bridge", "nsx-br0");
        veth.putObject("switch").put("pid", 4000).put("uplink", "nsx-up0").put("uplinkPeer", "nsx-up1")
                .put("netns", 4026532999L);
        JsonObject join = pod.putObject("join").put("pid", 4999);
        join.putArray("namespaces").add("ipc").add("net");
        JsonObject overlay = pod.putObject("overlay");
        overlay.putArray("layers").add("app-layer").add("base-layer");
        overlay.put("keepAs", "web-v2");
        items.addObject().put("container", "c3").put("state", "STARTING").put("network", "isolated");

        List<ContainerInfo> read = ContainerInfo.parseList(sent(answer));
        assertEquals(2, read.size());
        ContainerInfo c2 = read.get(0);
        assertEquals("c2", c2.helperId());
        assertEquals("bridge", c2.network());
        assertEquals(5001, c2.hostPid());
        assertEquals(new ContainerInfo.Veth("nsx-c2h", "10.93.0.1/24", "eth0", "10.93.0.3/24", Optional.of("nsx-br0"),
                Optional.of("nsx-up0")), c2.veth().orElseThrow());
        assertEquals(Optional.of(4999L), c2.joinedPid());
        assertEquals(EnumSet.of(Namespace.IPC, Namespace.NET), c2.joinedNamespaces());
        assertTrue(c2.overlay());
        assertEquals(List.of("app-layer", "base-layer"), c2.layers());
        assertEquals(Optional.of("web-v2"), c2.keepAs());
        assertEquals(8, c2.namespaceInodes().size(), "every type the broker knows, the app knows");
        assertEquals(4026532100L, c2.namespaceInodes().get(Namespace.MNT));
        assertEquals(4026532107L, c2.namespaceInodes().get(Namespace.TIME));
        ContainerInfo c3 = read.get(1);
        assertEquals("isolated", c3.network());
        assertEquals(Optional.empty(), c3.veth());
        assertFalse(c3.overlay());
        assertEquals(-1, c3.hostPid());
    }

    private static Snapshot snapshot(long pid, String hostname, Map<String, Long> namespaces,
            List<ProcessInfo> processes, List<IdMapRange> uidMap, CgroupUsage cgroup) {
        return new Snapshot(pid, hostname, "(none)", namespaces, processes,
                List.of(new MountEntry(21, 1, "/", "ext4", "/dev/sda1", "rw,relatime", "rw", "shared:1", "8:1", "/"),
                        new MountEntry(22, 21, "/proc", "proc", "proc", "rw,nosuid", "rw", "", "0:22", "/")),
                List.of(new NetInterface("lo", 1, true, 65536, "00:00:00:00:00:00",
                        List.of(new NetInterface.Address("inet", "127.0.0.1", 8)), 0)),
                uidMap, uidMap, new IpcObjects(List.of(new IpcObjects.Shm(0xbcc16b64L, 3, "644", 4096, 12, 0, 0)),
                        List.of(), List.of()), cgroup, null);
    }

    private static Map<String, Long> namespaces(long base, boolean own) {
        Map<String, Long> types = new LinkedHashMap<>();
        long n = 4026531835L;
        for (org.nsexplorer.helper.spec.Namespace type : org.nsexplorer.helper.spec.Namespace.values()) {
            boolean classic = type.ordinal() <= org.nsexplorer.helper.spec.Namespace.PID.ordinal();
            types.put(type.procName(), own && classic ? base + n : n);
            n++;
        }
        return types;
    }

    /** A comparison as RequestHandler sends the views' refresh: compact, with the container's members. */
    @Test
    void aComparisonIsReadAsTheViewsShowIt() throws Exception {
        Snapshot host = snapshot(1, "classroom", namespaces(0, false), List.of(
                new ProcessInfo(1, 0, 1, 0, "systemd", "/sbin/init", 0L, 0, "S", Map.of("pid", 4026531836L)),
                new ProcessInfo(4242, 1, 4242, 1, "sh", "/bin/sh", 0L, 0, "S", Map.of()),
                new ProcessInfo(4243, 4242, 4243, 4242, "sleep", "sleep 600", 0L, 0, "S", Map.of())),
                IdMapRange.parse("0 0 4294967295"), null);
        CgroupUsage usage = new CgroupUsage("/nsx-c1", new CgroupUsage.Memory(3L << 20, 4L << 20, 64L << 20, 0L),
                new CgroupUsage.Cpu(1_500_000L, 50_000L, 100_000L), new CgroupUsage.Pids(2L, 100L));
        Snapshot container = snapshot(4242, "web-1", namespaces(1000, true), List.of(
                new ProcessInfo(4242, 1, 1, 0, "sh", "/bin/sh", 0L, 0, "S", Map.of()),
                new ProcessInfo(4243, 4242, 2, 1, "sleep", "sleep 600", 0L, 0, "S", Map.of())),
                IdMapRange.parse("0 1000 1"), usage);
        JsonObject answer = outbox.message("snapshot").put("id", "a2");
        // As RequestHandler writes the views' comparison: compact, nulls left out.
        answer.put("comparison", new WithoutNulls(HostComparison.of(host, container).compact()));
        answer.putArray("members").add(4242).add(4243);
        JsonNode read = sent(answer);

        CompareSnapshot s = CompareSnapshot.parse(read.get("comparison"), read.get("members"));
        assertEquals("classroom", s.hostHostname());
        assertEquals("web-1", s.containerHostname());
        assertEquals(8, s.namespaces().size());
        CompareSnapshot.NamespaceRow pid = s.namespaces().get(4);
        assertEquals(new CompareSnapshot.NamespaceRow(Namespace.PID, 4026531839L, 4026532839L, false), pid);
        assertEquals(new CompareSnapshot.NamespaceRow(Namespace.USER, 4026531840L, 4026531840L, true),
                s.namespaces().get(5));
        assertEquals(List.of(new CompareSnapshot.ProcessRow(4242, 1, 0, "/bin/sh", true),
                new CompareSnapshot.ProcessRow(4243, 2, 1, "sleep 600", true)), s.containerProcesses());
        assertEquals(new CompareSnapshot.ProcessRow(4243, 2, 4242, "sleep 600", true), s.hostProcesses().get(2));
        assertFalse(s.hostProcesses().get(0).inContainer());
        assertTrue(s.isOwn(4243));
        assertFalse(s.isOwn(1));
        assertEquals(3L << 20, s.usage().memoryBytes());
        assertEquals(64L << 20, s.usage().memoryLimit());
        assertEquals(1_500_000L, s.usage().cpuNanos());
        assertEquals(50_000L, s.usage().cpuQuotaMicros());
        assertEquals(100_000L, s.usage().cpuPeriodMicros());
        assertEquals(2L, s.usage().pids());
        assertEquals(100L, s.usage().pidsLimit());
        assertTrue(s.container().users().get(0).text().contains("1000"), s.container().users().toString());
        assertTrue(s.container().ipc().get(0).text().contains("0xbcc16b64"), s.container().ipc().toString());
        assertFalse(s.container().interfaces().isEmpty());
        assertFalse(s.container().mounts().isEmpty());
    }

    /** The plain snapshot a lesson's checks read: pid 1, the namespaces, root's uid outside, OOM kills. */
    @Test
    void aSnapshotIsReadAsTheLessonsChecksReadIt() throws Exception {
        CgroupUsage killed = new CgroupUsage("/nsx-c1", new CgroupUsage.Memory(1L << 20, 32L << 20, 32L << 20, 2L),
                null, null);
        Snapshot inside = snapshot(4242, "jail", namespaces(1000, true), List.of(
                new ProcessInfo(4242, 1, 1, 0, "sh", "/bin/sh", 0L, 1000, "S", Map.of("pid", 4026532839L))),
                IdMapRange.parse("0 1000 1"), killed);
        Snapshot host = snapshot(1, "classroom", namespaces(0, false), List.of(), IdMapRange.parse("0 0 4294967295"),
                null);
        JsonNode seen = sent(outbox.message("snapshot").put("id", "a3").put("snapshot", inside)).get("snapshot");
        JsonNode hosts = sent(outbox.message("snapshot").put("id", "a4").put("snapshot", host)).get("snapshot");
        LessonStandIn context = new LessonStandIn(Map.of("jail", seen), hosts, 1000);
        assertPasses(new NamespaceCheck("jail", Namespace.PID, true), context);
        assertFails(new NamespaceCheck("jail", Namespace.USER, true), context);
        assertPasses(new PidOneCheck("jail", "sh"), context);
        assertFails(new PidOneCheck("jail", "init"), context);
        assertPasses(new RootOutsideCheck("jail", false), context);
        assertPasses(new OomKillCheck("jail"), context);
    }

    private static void assertPasses(LessonCheck check, LessonStandIn context)
            throws Exception {
        var result = check.run(context).get(5, TimeUnit.SECONDS);
        assertTrue(result.passed(), check + ": " + result.why());
    }

    private static void assertFails(LessonCheck check, LessonStandIn context)
            throws Exception {
        var result = check.run(context).get(5, TimeUnit.SECONDS);
        assertFalse(result.passed(), check + ": " + result.why());
    }

    /** A commands answer as RequestHandler writes it, with the nspawn line the broker's class makes. */
    @Test
    void theCommandsAnswerGivesTheScriptTheNspawnLineAndTheConfinement() throws Exception {
        ValidatedSpec spec = callerConfined();
        NspawnCommandLine nspawn = NspawnCommandLine.of(spec);
        JsonObject answer = outbox.message("commands").put("id", "a5").put("script", "unshare --mount --uts ...")
                .put("nspawn", nspawn.line());
        JsonArray missing = answer.putArray("nspawnMissing");
        nspawn.missing().forEach(d -> missing.add(d.wireName()));
        Replies.putConfinement(answer, spec);
        JsonNode read = sent(answer);
        NspawnLine line = NspawnLine.parse(read);
        assertEquals(nspawn.line(), line.line());
        assertFalse(line.missing().isEmpty(), "a chrooted container on the host's network: nspawn cannot give all");
        assertEquals(nspawn.missing().stream().map(NspawnDifference::wireName).toList(), line.missing());
        assertEquals(new Confinement("caller", List.of("chroot", "host-network"), 1000),
                Confinement.parse(read.get("confinement")));
        for (NspawnDifference d : NspawnDifference.values()) {
            assertNotEquals("commands.nspawn.missing." + d.wireName(), Texts.get("commands.nspawn.missing."
                    + d.wireName()), "the app has words for " + d.wireName());
        }
    }

    /** The docker lines of a commands answer, as RequestHandler writes them with the broker's class. */
    @Test
    void theCommandsAnswerGivesTheDockerLinesAndWhatTheyCannotGive() throws Exception {
        ValidatedSpec spec = callerConfined();
        DockerRunLine docker = DockerRunLine.of(spec);
        JsonObject answer = outbox.message("commands").put("id", "a6").put("script", "unshare ...")
                .put("dockerImport", docker.importLine()).put("dockerRun", docker.runLine());
        JsonArray missing = answer.putArray("dockerMissing");
        docker.missing().forEach(d -> missing.add(d.wireName()));
        DockerLines read = DockerLines.parse(sent(answer));
        assertEquals(docker.importLine() + "\n" + docker.runLine(), read.text());
        assertEquals(docker.missing().stream().map(DockerDifference::wireName).toList(), read.missing());
        assertTrue(read.missing().contains("chroot") && read.missing().contains("user-namespace"), read.missing()
                .toString());
        for (DockerDifference d : DockerDifference.values()) {
            assertNotEquals("commands.docker.missing." + d.wireName(), Texts.get("commands.docker.missing."
                    + d.wireName()), "the app has words for " + d.wireName());
        }
    }

    /** ping and changes as the broker's ContainerMessages writes them. */
    @Test
    void aPingAndAnOverlaysChangesAreReadWithTheirNumbers() throws Exception {
        PingResult result = new PingResult("10.93.0.3", Arrays.asList(0.052, null, 0.071));
        JsonObject ping = messages.ping("a6", "c1", "c2", result);
        PingAnswer read = PingAnswer.parse(sent(ping));
        assertEquals(new PingAnswer("10.93.0.3", 3, 2, List.of(0.052, 0.071)), read);
        assertEquals(0.0615, read.meanRtt().orElseThrow(), 1e-9);

        JsonObject changes = messages.changes("a7", "c5", new LayerChanges.Listing(List.of(
                new LayerChange("/srv/app/index.html", LayerChange.Kind.ADDED),
                new LayerChange("/etc/passwd", LayerChange.Kind.CHANGED),
                new LayerChange("/etc/hosts", LayerChange.Kind.DELETED),
                new LayerChange("/var/cache", LayerChange.Kind.REPLACED)), true), Optional.of("web-v2"));
        OverlayChanges overlay = OverlayChanges.parse(sent(changes));
        assertTrue(overlay.truncated());
        assertEquals(List.of(new OverlayChanges.Change("added", "/srv/app/index.html"),
                new OverlayChanges.Change("changed", "/etc/passwd"), new OverlayChanges.Change("deleted", "/etc/hosts"),
                new OverlayChanges.Change("replaced", "/var/cache")), overlay.changes());
        for (LayerChange.Kind kind : LayerChange.Kind.values()) {
            assertNotEquals("layers.kind." + kind.wireName(), Texts.get("layers.kind." + kind.wireName()),
                    "the app has words for " + kind.wireName());
        }
    }

    /** rootfsList as RootfsJobs.list writes it, with the programs ProgramRecords records. */
    @Test
    void theStoreIsListedWithEachProgramsLibraries() throws Exception {
        JsonObject answer = outbox.message("rootfsList").put("id", "a8");
        JsonObject tiny = answer.putArray("rootfs").addObject().put("name", "tiny")
                .put("path", "/var/lib/nsx-explorer/rootfs/tiny");
        ProgramRecords.put(tiny.putArray("programs"), List.of(new org.nsexplorer.helper.rootfs.ProgramLibraries("bash",
                "/bin/bash", "/usr/bin/bash", Optional.of("/lib64/ld-linux-x86-64.so.2"),
                List.of(new org.nsexplorer.helper.rootfs.ProgramLibraries.Library("libc.so.6",
                        "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6")))));
        answer.putArray("layers").addObject().put("name", "web-v2").put("path", "/var/lib/nsx-explorer/layers/web-v2");
        answer.put("busybox", true).put("debootstrap", false).put("defaultSuite", "bookworm")
                .put("defaultMirror", "http://deb.debian.org/debian");
        List<Stored> stored = Stored.listed(sent(answer));
        assertEquals(2, stored.size());
        assertEquals("rootfs", stored.get(0).kind());
        assertEquals("/var/lib/nsx-explorer/rootfs/tiny", stored.get(0).path());
        ProgramLibraries bash = stored.get(0).programs().get(0);
        assertEquals("bash", bash.name());
        assertEquals("/bin/bash", bash.path());
        assertFalse(bash.isStatic());
        assertEquals("/lib64/ld-linux-x86-64.so.2", bash.loader());
        assertEquals("libc.so.6", bash.libraries().get(0).soname());
        assertEquals(new Stored("layer", "web-v2", "/var/lib/nsx-explorer/layers/web-v2", List.of()), stored.get(1));
    }

    /** rootfsCheck as RootfsJobs.check writes it: the broker's own findings on a tree without a shell. */
    @Test
    void aRootfsChecksProblemsAreSaidInTheHelpersWords(@TempDir Path rootfs) throws Exception {
        List<Sentence> found = RootfsCheck.problems(rootfs, "/bin/sh");
        assertFalse(found.isEmpty(), "an empty tree has no /bin/sh");
        JsonObject answer = outbox.message("rootfsCheck").put("id", "a9").put("rootfs", rootfs.toString());
        JsonArray problems = answer.putArray("problems");
        JsonArray worded = answer.putArray("problemWords");
        found.forEach(p -> {
            problems.add(p.english());
            Replies.say(worded.addObject(), p);
        });
        assertEquals(found.stream().map(Sentence::english).toList(), HelperWords.problems(sent(answer)));
    }

    /** A job's progress, its end, and the errors any request may get, as RootfsJobs and Replies write them. */
    @Test
    void progressJobsAndErrorsAreSaidInTheAppsWords() throws Exception {
        ProgressStep step = new ProgressStep("unpack libc6", "unpack", "libc6", 12, 106);
        JsonObject progress = outbox.message("progress").put("id", "job-1").put("fraction", 0.4)
                .put("step", step.text()).put("phase", step.phase()).put("item", step.item())
                .put("number", step.number()).put("total", step.total());
        assertEquals(Texts.get("rootfs.step.unpack", "libc6", 12, 106), ProgressWords.of(sent(progress)));
        JsonObject plain = outbox.message("progress").put("id", "job-2").put("fraction", 0.1)
                .put("step", "reading etc/passwd");
        assertEquals("reading etc/passwd", ProgressWords.of(sent(plain)));

        Sentence cancelled = Sentence.of(Word.ROOTFS_CANCELLED);
        assertEquals(cancelled.english(), HelperWords.of(sent(Replies.say(outbox.message("error").put("id", "job-1")
                .put("kind", "cancelled"), cancelled))));
        Sentence busy = Sentence.of(Word.HELPER_BUSY_REQUESTS, 20);
        assertEquals(busy.english(), HelperWords.of(sent(Replies.say(outbox.message("error").put("id", "a10")
                .put("kind", "busy"), busy))));
        // A system error has only its message.
        assertEquals("No space left on device", HelperWords.of(sent(outbox.message("error").put("id", "a11")
                .put("kind", "rootfs-failed").put("message", "No space left on device"))));
    }

    /** rootfsMade and exported end a lesson's rootfs steps; rootfsList's makers decide whether one can start. */
    @Test
    void aLessonsRootfsStepsReadTheJobsAnswers() throws Exception {
        JsonObject list = outbox.message("rootfsList").put("id", "a12");
        list.putArray("rootfs");
        list.putArray("layers");
        list.put("busybox", false).put("debootstrap", true);
        JsonNode listed = sent(list);
        JsonNode made = sent(outbox.message("rootfsMade").put("id", "job-1").put("name", "tiny")
                .put("path", "/var/lib/nsx-explorer/rootfs/tiny").put("summary", "assembled from sh and their libraries"));
        JsonNode exported = sent(outbox.message("exported").put("id", "job-2").put("name", "tiny")
                .put("file", "/tmp/nsx-lesson-1/tiny.cpio").put("entries", 41L));
        LessonStandIn context = new LessonStandIn(Map.of(), null, 1000);
        context.answer("rootfsList", listed).answer("rootfsMake", made).answer("rootfsExport", exported);
        assertEquals("assembled from sh and their libraries", new MakeRootfsAction(
                "programs", "tiny", List.of("sh"), null, false).run(context).get(5, TimeUnit.SECONDS));
        ExecutionException noBusybox = assertThrows(ExecutionException.class,
                () -> new MakeRootfsAction("busybox", "box", List.of(), null, false)
                        .run(context).get(5, TimeUnit.SECONDS));
        assertEquals(Texts.get("lesson.error.install", "busybox", "busybox-static"), noBusybox.getCause().getMessage());
        assertEquals(Texts.get("lesson.action.pack.done", "/tmp/nsx-lesson-1/tiny.cpio", 41L),
                new ExportRootfsAction("tiny", "tiny.cpio").run(context)
                        .get(5, TimeUnit.SECONDS));
    }
}
