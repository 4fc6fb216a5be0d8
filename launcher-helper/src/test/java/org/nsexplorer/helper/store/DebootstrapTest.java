package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.rootfs.Debootstrap;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * A real debootstrap --variant=minbase from the host's Debian mirror (about 30 s and 40 MB
 * here), then a container on it; and a cancel midway that leaves nothing behind. CI
 * installs debootstrap (.ci/run).
 */
class DebootstrapTest {
    private static final RootfsManager MANAGER = new RootfsManager(HelperPaths.stateDir(),
            new UserFiles(OptionalInt.empty(), OptionalInt.empty()));

    @AfterAll
    static void cleanUp() throws Exception {
        TreeRemoval.remove(MANAGER.rootfs().dir().resolve("t-debian"));
        TreeRemoval.remove(MANAGER.rootfs().dir().resolve("t-cancelled"));
    }

    /** Progress reports as they came, and a cancel when asked for. */
    private static final class Recorder implements Progress {
        final List<Double> fractions = new ArrayList<>();
        final List<String> steps = new ArrayList<>();
        final List<ProgressStep> parts = new ArrayList<>();
        volatile boolean cancelAtFirstDownload;
        volatile boolean cancelled;

        @Override
        public synchronized void report(double fraction, String step) {
            fractions.add(fraction);
            steps.add(step);
            if (cancelAtFirstDownload && step.startsWith("downloading")) {
                cancelled = true;
            }
        }

        /** Debootstrap tells its steps in parts: kept, and told as text as a terminal gets them. */
        @Override
        public synchronized void report(double fraction, ProgressStep step) {
            parts.add(step);
            report(fraction, step.text());
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }

    @Test
    void minbaseDebianRunsInAContainerAndProgressClimbsToConfiguring() throws Exception {
        assertTrue(Debootstrap.installed(), "debootstrap is not installed: .ci/run installs it");
        Recorder progress = new Recorder();
        RootfsManager.Made made = MANAGER.debootstrap("t-debian", Debootstrap.defaultSuite(),
                Debootstrap.defaultMirror(), progress);
        assertTrue(Files.isRegularFile(made.path().resolve("etc/debian_version")));
        HelperCli.Result r = HelperCli.run("run", "--rootfs", made.path().toString(), "--", "/bin/sh", "-c",
                "cat /etc/debian_version; dpkg-query -W -f='${Status}\\n' dpkg");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.lines().get(0).matches("\\d+(\\.\\d+)*|[a-z]+/sid"), r.stdout());
        assertEquals("install ok installed", r.lines().get(1));

        List<Double> known = progress.fractions.stream().filter(f -> f >= 0).toList();
        for (int i = 1; i < known.size(); i++) {
            assertTrue(known.get(i) >= known.get(i - 1) - 1e-9, "progress went back at " + progress.steps.get(i));
        }
        assertTrue(known.get(known.size() - 1) > 0.9, "progress ended at " + known.get(known.size() - 1));
        assertTrue(progress.steps.stream().anyMatch(s -> s.startsWith("configuring ")), progress.steps.toString());
    }

    @Test
    void cancelStopsDebootstrapAndLeavesNothing() throws Exception {
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        Recorder progress = new Recorder();
        progress.cancelAtFirstDownload = true;
        assertThrows(CancellationException.class, () -> MANAGER.debootstrap("t-cancelled",
                Debootstrap.defaultSuite(), Debootstrap.defaultMirror(), progress));
        assertFalse(Files.exists(MANAGER.rootfs().dir().resolve("t-cancelled")));
        try (Stream<Path> s = Files.list(MANAGER.rootfs().dir())) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".t-cancelled"))
                    .toList(), "the work directory outlived the cancel");
        }
        assertEquals(mountsBefore, Files.readString(Path.of("/proc/self/mountinfo")));
        // Its first steps, in parts for the app to word: the release file, then its signature.
        assertEquals("release", progress.parts.get(0).phase(), progress.parts.toString());
        assertEquals(progress.parts.size(), progress.steps.size());
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("t-cancelled")), "a debootstrap process outlived the cancel");
    }
}
