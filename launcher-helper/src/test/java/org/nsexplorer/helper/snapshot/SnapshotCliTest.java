package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.HelperCli;

/** `./nsx-helper snapshot` on the command line. */
class SnapshotCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hostSnapshotIsJsonWithEveryNamespace() throws Exception {
        HelperCli.Result r = HelperCli.run("snapshot", "--host");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode s = JSON.readTree(r.stdout());
        assertEquals(List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"),
                iterate(s.get("namespaces").fieldNames()));
        assertTrue(s.get("processes").size() > 10);
        assertEquals("", r.stderr(), "nothing on stderr");
    }

    @Test
    void aMissingPidIsRefusedWithOneLine() throws Exception {
        HelperCli.Result r = HelperCli.run("snapshot", "--pid", "4000000");
        assertEquals(2, r.exit());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("no process 4000000"), r.stderr());
    }

    @Test
    void compareHostMarksSharedAndPrivateNamespaces() throws Exception {
        try (BackgroundRun run = new BackgroundRun("--ns", "uts,net", "--", "/bin/sleep", "30")) {
            long pid = run.containerPid();
            HelperCli.Result r = HelperCli.run("snapshot", "--pid", Long.toString(pid), "--compare-host");
            assertEquals(0, r.exit(), r.stderr());
            JsonNode ns = JSON.readTree(r.stdout()).get("comparison").get("namespaces");
            assertEquals("private", ns.get("uts").asText());
            assertEquals("private", ns.get("net").asText());
            // It shares the host's mounts and processes, so it runs in a user namespace of its own.
            assertEquals("private", ns.get("user").asText());
            for (String shared : List.of("mnt", "ipc", "pid", "cgroup", "time")) {
                assertEquals("shared", ns.get(shared).asText(), shared);
            }
            // Without MNT it is chrooted, and a chroot's root is no mount: its mount table (mountinfo
            // lists what is reachable from the root) is empty, and the host's "/" is on one side only.
            JsonNode comparison = JSON.readTree(r.stdout()).get("comparison");
            assertEquals(0, comparison.get("mountsOnlyInContainer").size(), comparison.toString());
            assertTrue(comparison.get("mountsOnlyOnHost").findValuesAsText("target").contains("/"),
                    comparison.toString());
        }
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
