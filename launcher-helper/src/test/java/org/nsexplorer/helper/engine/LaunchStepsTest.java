package org.nsexplorer.helper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.Limits;

/** The bench's breakdown rests on these marks: every step is marked, once, in the order it happens. */
class LaunchStepsTest {
    /** The causal chain of one launch with a mount namespace, broker and stage marks together. */
    private static final List<String> IN_ORDER = List.of(LaunchSteps.CALLED, LaunchSteps.VALIDATED,
            LaunchSteps.CLAIMED, LaunchSteps.CGROUPS_CREATED, LaunchSteps.PREPARED, LaunchSteps.SENDING, "received",
            "handed-over", "monitor", "clone", "host-network", "released", "rootfs", "mounts", "root-switched",
            "exec", "started", "reaped", "members-killed", "cgroups-removed", "cleaned", LaunchSteps.EXITED_HEARD,
            LaunchSteps.RELEASED);

    @Test
    void aTimedLaunchMarksEveryStepInOrderOnTheBrokersClock() throws Exception {
        try (Engine engine = Helper.openEngine(false)) {
            ContainerSpec spec = ContainerSpec.of(List.of("/bin/true")).withRootfs(Helper.defaultRootfs()
                    .ensureBuilt()).withLimits(new Limits(OptionalLong.of(64L << 20), OptionalDouble.empty(),
                    OptionalLong.of(16)));
            Container untimed = engine.launch(spec, new ContainerListener() {
            });
            untimed.exited().get(10, TimeUnit.SECONDS);
            assertEquals(Map.of(), untimed.steps().marks(), "an engine times nothing unless asked");

            engine.timeLaunchSteps();
            // The zygote forks the next spare once a container has ended: on a loaded machine the
            // next launch can come first (seen in CI), and then forks one on the spot, as it should.
            waitForSpare(engine);
            long before = System.nanoTime();
            Container timed = engine.launch(spec, new ContainerListener() {
            });
            assertEquals(0, timed.exited().get(10, TimeUnit.SECONDS).shellStatus());
            long after = System.nanoTime();
            Map<String, Long> marks = timed.steps().marks();
            long previous = before;
            for (String step : IN_ORDER) {
                assertTrue(marks.containsKey(step), step + " is not marked: " + marks);
                assertTrue(marks.get(step) >= previous, step + " comes before the step ahead of it: " + marks);
                previous = marks.get(step);
            }
            assertTrue(previous <= after, "a mark after the launch ended: " + marks);
            assertTrue(marks.get("child") > marks.get("clone") && marks.get("child") < marks.get("released"), marks
                    .toString());
            // The child joins its cgroups itself (v1) or is born in them (v2), while the monitor
            // makes the host's network: after its own start, before its go, in no order with the monitor.
            assertTrue(marks.containsKey("cgroups-joined"), "cgroups-joined is not marked: " + marks);
            assertTrue(marks.get("cgroups-joined") >= marks.get("child")
                    && marks.get("cgroups-joined") <= marks.get("released"), marks.toString());
            assertTrue(marks.get(LaunchSteps.STARTED_HEARD) > marks.get("started"), marks.toString());
            assertFalse(marks.containsKey("spare-forked"), "an idle stage keeps a monitor ready: " + marks);
        }
    }

    /**
     * The spare monitor is an optimisation, never a point of failure: killed, another takes
     * its place; and a launch that finds none (the second of two at once) forks one.
     */
    @Test
    void aKilledSpareMonitorIsReplacedAndALaunchThatFindsNoneForksOne() throws Exception {
        try (Engine engine = Helper.openEngine(false)) {
            engine.timeLaunchSteps();
            ProcessHandle spare = waitForSpare(engine);
            assertTrue(spare.destroyForcibly());
            spare.onExit().get(5, TimeUnit.SECONDS);
            assertTrue(waitForSpare(engine).pid() != spare.pid(), "a new spare is forked");

            ContainerSpec sleeper = ContainerSpec.of(List.of("/bin/sleep", "5")).withRootfs(Helper.defaultRootfs()
                    .ensureBuilt());
            Container first = engine.launch(sleeper, new ContainerListener() {
            });
            Container second = engine.launch(sleeper, new ContainerListener() {
            });
            first.started().get(10, TimeUnit.SECONDS);
            second.started().get(10, TimeUnit.SECONDS);
            engine.signal(first, 9);
            engine.signal(second, 9);
            first.exited().get(10, TimeUnit.SECONDS);
            second.exited().get(10, TimeUnit.SECONDS);
            assertFalse(first.steps().marks().containsKey("spare-forked"), first.steps().marks().toString());
            assertTrue(second.steps().marks().containsKey("spare-forked"), second.steps().marks().toString());
        }
    }

    /**
     * The spare monitor: while no container runs, the zygote's one child that holds a signalfd
     * (the spare prober, its other waiting child, holds only stdio and its request pipe).
     */
    private static ProcessHandle waitForSpare(Engine engine) throws IOException, InterruptedException {
        ProcessHandle zygote = ProcessHandle.of(engine.stage().pid()).orElseThrow().children()
                .filter(p -> p.info().command().orElse("").endsWith("nsx-stage")).findFirst().orElseThrow();
        for (int tries = 0; tries < 100; tries++) {
            List<ProcessHandle> spares = zygote.children().filter(p -> holdsSignalfd(p.pid())).toList();
            if (spares.size() == 1) {
                return spares.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no spare monitor under the zygote " + zygote.pid());
    }

    private static boolean holdsSignalfd(long pid) {
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (Stream<Path> each = Files.list(fds)) {
            return each.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("signalfd");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}
