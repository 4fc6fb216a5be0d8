package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.Procs;

/**
 * Helpers started at the same moment, each its own JVM and stage as `./nsx-helper run` is,
 * hand out distinct subnets: the reservation is shared by every helper on the host. Each
 * container waits on its stdin until all of them run, so their subnets are in use at once.
 */
class ConcurrentSubnetsTest {
    private static final int HELPERS = 3;
    private static final int TRIES = 8;
    private static final Pattern ATTACHED = Pattern.compile(
            "nsx-helper: .*<-> eth0 (\\d+\\.\\d+\\.\\d+)\\.\\d+/24 in the container");

    @Test
    void helpersStartedTogetherNeverShareASubnet() throws Exception {
        List<String> interfacesBefore = HostState.listNsxInterfaces();
        List<String> collisions = new ArrayList<>();
        for (int t = 0; t < TRIES; t++) {
            List<String> modes = new ArrayList<>();
            for (int h = 0; h < HELPERS; h++) {
                modes.add((t + h) % 3 == 2 ? "veth" : "bridge"); // two bridges and one veth pair each try
            }
            Map<String, String> subnetByHelper = runTogether(modes);
            Map<String, String> owner = new HashMap<>();
            subnetByHelper.forEach((helper, subnet) -> {
                String other = owner.putIfAbsent(subnet, helper);
                if (other != null) {
                    collisions.add(subnet + ".0/24 both " + other + " and " + helper);
                }
            });
        }
        assertEquals(List.of(), collisions, "helpers started together took the same subnet");
        // Their interfaces went with them (other engineers' containers may come and go meanwhile).
        List<String> left = new ArrayList<>(HostState.listNsxInterfaces());
        left.removeAll(interfacesBefore);
        for (int i = 0; i < 100 && !left.isEmpty(); i++) {
            Thread.sleep(50);
            left = new ArrayList<>(HostState.listNsxInterfaces());
            left.removeAll(interfacesBefore);
        }
        assertEquals(List.of(), left, "interfaces outlived their helpers");
        assertEquals(List.of(), reservationsOfDeadHelpers(), "reservations outlived their helpers");
    }

    /** Lines of the shared reservation file whose helper no longer runs (none when there is no file). */
    static List<String> reservationsOfDeadHelpers() throws IOException {
        Path file = Path.of("/run/nsx-explorer-subnets");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(line -> {
            String[] f = line.trim().split(" ");
            return f.length < 2 || !Procs.alive(Long.parseLong(f[1]));
        }).toList();
    }

    /** Starts one `run --net MODE` per entry at once; answers each helper's subnet (a.b.c) once all run. */
    private static Map<String, String> runTogether(List<String> modes) throws Exception {
        List<Process> helpers = new ArrayList<>();
        List<CompletableFuture<String>> subnets = new ArrayList<>();
        List<StringBuilder> logs = new ArrayList<>();
        try {
            for (String mode : modes) {
                // The container waits for one line on its stdin (the helper's, passed on).
                Process p = HelperCli.builder(List.of("run", "--net", mode, "--", "/bin/sh", "-c", "read x"))
                        .start();
                helpers.add(p);
                StringBuilder log = new StringBuilder();
                logs.add(log);
                CompletableFuture<String> subnet = new CompletableFuture<>();
                subnets.add(subnet);
                Thread reader = new Thread(() -> readAttachment(p, log, subnet), "stderr-" + p.pid());
                reader.setDaemon(true);
                reader.start();
            }
            Map<String, String> result = new HashMap<>();
            for (int i = 0; i < helpers.size(); i++) {
                String subnet = subnets.get(i).get(30, TimeUnit.SECONDS);
                assertTrue(subnet != null, "helper " + i + " (" + modes.get(i) + ") did not attach: " + logs.get(i));
                result.put(modes.get(i) + " helper " + helpers.get(i).pid(), subnet);
            }
            return result;
        } finally {
            for (Process p : helpers) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write('\n');
                } catch (IOException e) {
                    // it ended already
                }
            }
            for (int i = 0; i < helpers.size(); i++) {
                Process p = helpers.get(i);
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroy();
                    p.waitFor();
                }
                assertEquals(0, p.exitValue(), "helper " + i + ": " + logs.get(i));
            }
        }
    }

    private static void readAttachment(Process p, StringBuilder log, CompletableFuture<String> subnet) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null;) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                Matcher m = ATTACHED.matcher(line);
                if (m.find()) {
                    subnet.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the helper ended
        }
        subnet.complete(null);
    }
}
