package org.nsexplorer.helper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.PodmanEngine;

/**
 * A container that a real podman started (rootful, runc, from the project's own rootfs
 * imported: no registry is reachable) is found by `discover` as `podman inspect` describes
 * it: the engine by its libpod cgroup, the name by its conmon, the namespaces as lsns shows.
 */
class PodmanDiscoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "localhost/nsx-podman-test:1";
    private static final String NAME = "nsx-podman-web";
    private static PodmanEngine podman;
    private static String id;
    private static long pid;

    @BeforeAll
    static void startAPodmanContainer() throws Exception {
        assumeTrue(PodmanEngine.installed() || "true".equals(System.getenv("CI")),
                "podman and runc are not installed (.ci/run installs them); CgroupCluesTest still reads "
                        + "libpod's cgroup paths from fixtures");
        podman = PodmanEngine.start();
        podman.importRootfs(Helper.defaultRootfs().ensureBuilt(), IMAGE);
        id = podman.run(NAME, "podhost", IMAGE, "tail", "-f", "/dev/null");
        pid = Long.parseLong(podman.client("inspect", "--format", "{{.State.Pid}}", id).strip());
    }

    @AfterAll
    static void removeIt() throws Exception {
        if (podman != null) {
            podman.close();
            assertEquals(List.of(), podman.leftOnHost());
        }
    }

    @Test
    void podmansContainerIsFoundAsPodmanInspectDescribesIt() throws Exception {
        var r = HelperCli.run("discover");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode c = null;
        for (JsonNode each : JSON.readTree(r.stdout()).get("containers")) {
            if (each.get("hostPid").asLong() == pid) {
                c = each;
            }
        }
        assertTrue(c != null, "no container at pid " + pid + " in " + r.stdout());
        assertEquals("podman", c.get("engine").asText());
        assertEquals(id, c.get("id").asText());
        assertEquals(podman.client("inspect", "--format", "{{.Name}}", id).strip(), c.get("name").asText());
        assertEquals(NAME, c.get("name").asText());
        assertEquals("tail", c.get("command").asText());
        assertEquals(1, c.get("processes").asInt());
        assertEquals(List.of("mnt", "uts", "ipc", "net", "pid"), JSON.convertValue(c.get("ownNamespaces"), List.class));
        Map<String, Long> seen = DiscoverTest.lsns(pid);
        for (String type : Namespace.PROC_NAMES) {
            if (seen.containsKey(type)) {
                assertEquals(seen.get(type), c.get("namespaces").get(type).asLong(), type);
            }
        }
    }
}
