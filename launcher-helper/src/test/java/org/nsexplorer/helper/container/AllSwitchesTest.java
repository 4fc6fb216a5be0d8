package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.support.HostState;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.support.TestUser;

/**
 * All 256 combinations of the eight namespace switches, with the window's defaults for the
 * rest: each one runs or is refused up front, none fails half-way, and nothing is left. Once
 * as root, once as a teacher named by pkexec.
 */
class AllSwitchesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void everyCombinationRunsOrIsRefusedUpFrontAsRoot() throws Exception {
        tryAll(Map.of(), "0");
    }

    @Test
    void everyCombinationRunsOrIsRefusedUpFrontAsATeacher() throws Exception {
        try (TestUser teacher = TestUser.create("switch")) {
            tryAll(teacher.asCaller(), Integer.toString(teacher.uid()));
        }
    }

    private static void tryAll(Map<String, String> caller, String callerUid) throws Exception {
        HostState before = HostState.capture();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        try (ServeSession s = new ServeSession(caller)) {
            s.awaitType("hello", Duration.ofSeconds(60));
            Namespace[] all = Namespace.values();
            for (int mask = 0; mask < 1 << all.length; mask++) {
                List<String> ns = new ArrayList<>();
                for (int bit = 0; bit < all.length; bit++) {
                    if ((mask & 1 << bit) != 0) {
                        ns.add(all[bit].procName());
                    }
                }
                String id = "m" + mask;
                s.send("{\"type\":\"launch\",\"id\":\"" + id + "\",\"spec\":{\"namespaces\":["
                        + ns.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","))
                        + "],\"command\":[\"/bin/sh\",\"-c\",\"cat /proc/self/uid_map >/dev/null; exit 0\"]}}");
                JsonNode answer = s.await(m -> id.equals(m.path("id").asText()), WAIT);
                if (answer.path("type").asText().equals("error")) {
                    if (!answer.path("kind").asText().equals("invalid-request")) {
                        failures.add(ns + ": " + answer);
                    }
                    continue;
                }
                String container = answer.path("container").asText();
                checkConfinement(ns, answer.path("confinement"), callerUid, failures);
                JsonNode end = s.await(m -> container.equals(m.path("container").asText())
                        && (m.path("type").asText().equals("exited") || m.path("type").asText().equals("error")), WAIT);
                if (!end.path("type").asText().equals("exited") || end.path("status").asInt() != 0) {
                    failures.add(ns + ": " + end);
                } else {
                    ran++;
                }
            }
        }
        assertEquals(List.of(), failures, "combinations that failed half-way");
        assertTrue(ran > 200, "only " + ran + " of 256 ran");
        assertEquals(before, HostState.awaitEqual(before), "left behind");
    }

    /** Contained only with its own mnt, pid, net and ipc and no user namespace asked; else root is the caller. */
    private static void checkConfinement(List<String> ns, JsonNode confinement, String callerUid, List<String> failures) {
        boolean contained = ns.containsAll(List.of("mnt", "pid", "net", "ipc")) && !ns.contains("user");
        String level = confinement.path("level").asText();
        if (contained ? !level.equals("contained") : !level.equals("caller")
                || !confinement.path("hostUid").asText().equals(callerUid)) {
            failures.add(ns + ": confinement " + confinement);
        }
    }
}
