package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.rootfs.BusyboxRootfs;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * A rootfs of chosen host programs tells, for each program, the libraries found for it (what
 * `ldd` lists), from a record the helper keeps outside the tree: through `rootfs list` and
 * the serve request rootfsList, across helper restarts. Each rootfs is also run in a real container.
 */
class RootfsLibrariesTest {
    private static final Path STATE = HelperPaths.stateDir();
    private static final Path STORE = STATE.resolve("rootfs");
    private static final Path RECORDS = STATE.resolve("rootfs-programs");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> NAMES = List.of("t-libs-bash", "t-libs-bash-ls", "t-libs-serve");

    @AfterEach
    void removeTestTrees() throws IOException {
        for (String name : NAMES) {
            TreeRemoval.remove(STORE.resolve(name));
            Files.deleteIfExists(RECORDS.resolve(name + ".json"));
        }
    }

    private static Result ok(String... args) throws Exception {
        Result r = HelperCli.run(args);
        assertEquals(0, r.exit(), () -> List.of(args) + ": " + r.stderr() + r.stdout());
        return r;
    }

    /** The `rootfs list` lines under rootfs NAME, up to the next rootfs or layer. */
    private static List<String> listedUnder(String name) throws Exception {
        List<String> lines = ok("rootfs", "list").lines();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("rootfs\t" + name + "\t")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed: " + lines)));
        return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> l.startsWith("\t")).toList();
    }

    @Test
    void bashAloneHasNoLsAndAnotherWithLsRunsLsAndListsItsLibraries() throws Exception {
        String dir = ok("rootfs", "build", "t-libs-bash", "bash").lines().get(0);
        Result noLs = HelperCli.run("run", "--rootfs", dir, "--", "/bin/bash", "-c", "ls /");
        assertEquals(127, noLs.exit(), noLs.stderr());
        assertTrue(noLs.stderr().contains("ls: command not found"), noLs.stderr());
        List<String> bashOnly = listedUnder("t-libs-bash");
        assertEquals("\tprogram\tbash\t/usr/bin/bash", bashOnly.get(0).substring(0,
                bashOnly.get(0).lastIndexOf('\t')), bashOnly.toString());
        assertTrue(bashOnly.stream().anyMatch(l -> l.matches("\t\tlibc\\.so\\.6 => /\\S+/libc\\.so\\.6")),
                bashOnly.toString());
        assertTrue(bashOnly.stream().anyMatch(l -> l.endsWith("\t(the loader)")), bashOnly.toString());
        assertFalse(bashOnly.stream().anyMatch(l -> l.contains("program\tls")), bashOnly.toString());

        dir = ok("rootfs", "build", "t-libs-bash-ls", "bash", "ls").lines().get(0);
        assertEquals(List.of("/usr/bin/bash", "/usr/bin/ls"), ok("run", "--rootfs", dir, "--", "/bin/bash", "-c",
                "ls -1 /usr/bin").lines().stream().map(l -> "/usr/bin/" + l).toList());
        List<String> withLs = listedUnder("t-libs-bash-ls");
        int ls = withLs.indexOf(withLs.stream().filter(l -> l.startsWith("\tprogram\tls\t/usr/bin/ls\t"))
                .findFirst().orElseThrow(() -> new AssertionError(withLs.toString())));
        List<String> lsLibraries = withLs.subList(ls + 1, withLs.size()).stream()
                .takeWhile(l -> l.startsWith("\t\t")).toList();
        assertTrue(lsLibraries.stream().anyMatch(l -> l.startsWith("\t\tlibc.so.6 => ")), lsLibraries.toString());
        assertTrue(lsLibraries.get(lsLibraries.size() - 1).endsWith("\t(the loader)"), lsLibraries.toString());
    }

    @Test
    void aStaleRecordIsNotShownForANewTreeOfThatName() throws Exception {
        Files.createDirectories(RECORDS);
        Files.writeString(RECORDS.resolve("t-libs-bash.json"), "{\"format\":1,\"programs\":[{\"name\":\"forged\","
                + "\"path\":\"/usr/bin/forged\",\"hostPath\":\"/x\",\"static\":true,\"libraries\":[]}]}");
        // A kind that records nothing must still drop it; without busybox-static, a programs rootfs replaces it.
        if (BusyboxRootfs.findStatic().isPresent()) {
            ok("rootfs", "busybox", "t-libs-bash");
        } else {
            ok("rootfs", "build", "t-libs-bash", "bash");
        }
        assertFalse(ok("rootfs", "list").stdout().contains("forged"));
    }

    private static JsonNode reply(ServeSession s, String id) throws InterruptedException {
        return s.await(m -> id.equals(m.path("id").asText()) && !m.path("type").asText().equals("progress"), WAIT);
    }

    private static JsonNode listed(ServeSession s, String name) throws Exception {
        s.send("{\"type\":\"rootfsList\",\"id\":\"l\"}");
        for (JsonNode r : reply(s, "l").path("rootfs")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in rootfsList");
    }

    private static JsonNode program(JsonNode rootfs, String name) {
        for (JsonNode p : rootfs.path("programs")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError(name + " not in " + rootfs);
    }

    @Test
    void rootfsListShowsEachProgramsLibrariesAndAnotherServeStillDoes() throws Exception {
        boolean staticBusybox = BusyboxRootfs.findStatic().isPresent();
        String programs = staticBusybox ? "[\"bash\",\"busybox\"]" : "[\"bash\"]";
        JsonNode first;
        try (ServeSession s = new ServeSession()) {
            s.send("{\"type\":\"rootfsMake\",\"id\":\"m\",\"kind\":\"programs\",\"name\":\"t-libs-serve\","
                    + "\"programs\":" + programs + "}");
            JsonNode made = reply(s, "m");
            assertEquals("rootfsMade", made.path("type").asText(), made.toString());
            first = listed(s, "t-libs-serve");
        }
        JsonNode bash = program(first, "bash");
        assertEquals("/usr/bin/bash", bash.path("path").asText());
        assertFalse(bash.path("static").asBoolean());
        assertTrue(bash.path("loader").asText().startsWith("/"), bash.toString());
        assertTrue(bash.path("libraries").toString().contains("{\"soname\":\"libc.so.6\",\"path\":\"/"),
                bash.toString());
        if (staticBusybox) {
            JsonNode busybox = program(first, "busybox");
            assertTrue(busybox.path("static").asBoolean(), busybox.toString());
            assertEquals(0, busybox.path("libraries").size());
            assertTrue(busybox.path("loader").isMissingNode());
        }
        // Kept beside the store, root-only, where no container sees it: not in the tree its root may write.
        Path record = RECORDS.resolve("t-libs-serve.json");
        assertTrue(Files.isRegularFile(record));
        assertFalse(record.startsWith(STORE));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(RECORDS)));

        try (ServeSession again = new ServeSession()) {
            assertEquals(first, listed(again, "t-libs-serve"), "a new helper lists the same libraries");
            removeWhenAllowed(again, "t-libs-serve");
        }
        assertFalse(Files.exists(record), "the record goes with its rootfs");
    }

    /**
     * Removes NAME through S. The helper refuses while another helper on this host runs
     * containers (other tests may): wait for that to pass, or give up on this last check.
     */
    private static void removeWhenAllowed(ServeSession s, String name) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 0; ; i++) {
            s.send("{\"type\":\"rootfsRemove\",\"id\":\"rm" + i + "\",\"name\":\"" + name + "\"}");
            JsonNode answer = reply(s, "rm" + i);
            if (answer.path("type").asText().equals("ok")) {
                return;
            }
            assertTrue(answer.path("message").asText().contains("another Namespace Explorer helper has containers"),
                    answer.toString());
            Assumptions.assumeTrue(System.nanoTime() < end, "removal not checked: other helpers on this host"
                    + " kept containers running for 90 s");
            Thread.sleep(1000);
        }
    }
}
