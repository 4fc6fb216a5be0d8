package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.DockerDaemon;
import org.nsexplorer.helper.support.HelperCli;

/** The docker lines of a recipe, as `commands --docker` prints them, run against a real dockerd. */
class DockerByHandTest {
    @Test
    void theLinesRunTheRecipesContainerWithItsHostnameAndLimits() throws Exception {
        assumeTrue(DockerDaemon.installed() || "true".equals(System.getenv("CI")),
                "dockerd and iptables are not installed (.ci/run installs docker.io and iptables)");
        HelperCli.Result r = HelperCli.run("commands", "--docker", "--hostname", "web", "--memory", "64M", "--pids",
                "100", "--", "/bin/sh", "-c", "hostname; cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                        + " /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/memory.max"
                        + " /sys/fs/cgroup/pids.max");
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("tar -C ") && lines.get(0).endsWith(" | docker import - nsx/default"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("docker run --rm --hostname=web "), lines.get(1));
        assertTrue(lines.stream().skip(2).allMatch(l -> l.startsWith("#")), "pastes into a shell as it is");
        try (DockerDaemon docker = DockerDaemon.start()) {
            try {
                // As a class pastes them into a shell, on this daemon's socket.
                ProcessBuilder shell = new ProcessBuilder("sh", "-c", lines.get(0) + " && " + lines.get(1))
                        .redirectErrorStream(true);
                shell.environment().put("DOCKER_HOST", "unix://" + docker.socket());
                Process p = shell.start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
                assertEquals(0, p.exitValue(), out);
                List<String> said = out.lines().filter(l -> !l.startsWith("sha256:")).toList();
                assertEquals(List.of("web", Long.toString(64L << 20), "100"), said, out);
            } finally {
                docker.client("rmi", "nsx/default");
            }
        }
    }
}
