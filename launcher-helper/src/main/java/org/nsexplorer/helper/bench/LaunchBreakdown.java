package org.nsexplorer.helper.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nsexplorer.helper.engine.LaunchSteps;

import static org.nsexplorer.helper.bench.Percentiles.median;
import static org.nsexplorer.helper.bench.Percentiles.percentile;

/**
 * Where a launch's time goes: each step's median and p95 over many timed launches, from the
 * marks the broker and the stage made (LaunchSteps, nsx-steps.h). A step is the time between
 * two marks; after the clone the monitor and the child run at once, so the child's go is
 * counted from whichever of them came later.
 */
public final class LaunchBreakdown {
    /** From mark, to mark (a "+"-joined pair means the later of the two), and what happens then. */
    private record Step(String from, String to, String what) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(LaunchSteps.CALLED, LaunchSteps.VALIDATED, "broker: validate the request"),
            new Step(LaunchSteps.VALIDATED, LaunchSteps.CLAIMED, "broker: claim the cgroups with the stage"),
            new Step(LaunchSteps.CLAIMED, LaunchSteps.CGROUPS_CREATED, "broker: create the cgroups (%s)"),
            new Step(LaunchSteps.CGROUPS_CREATED, LaunchSteps.PREPARED, "broker: network, overlay"),
            new Step(LaunchSteps.PREPARED, LaunchSteps.SENDING, "broker: build the launch request"),
            new Step(LaunchSteps.SENDING, "received", "pipe: written, read by the zygote"),
            new Step("received", "handed-over", "zygote: parse, check, hand to the spare monitor"),
            new Step("handed-over", "monitor", "spare monitor: wakes, parses it again"),
            new Step("monitor", "clone", "monitor: join namespaces, pipes"),
            new Step("clone", "child", "clone with the new namespaces (child runs)"),
            new Step("clone", "host-network", "  meanwhile monitor: host's network end"),
            new Step("child", "cgroups-joined", "child: in its cgroups (v1: joins; v2: born there)"),
            new Step("host-network+cgroups-joined", "released", "child: the monitor's go"),
            new Step("released", "rootfs", "child: private /, bind the rootfs"),
            new Step("rootfs", "mounts", "child: proc, dev, tmp, sys and the masks"),
            new Step("mounts", "root-switched", "child: pivot_root, detach the old root"),
            new Step("root-switched", "exec", "child: hostname, stdio, caps, seccomp"),
            new Step("exec", "started", "execve, the monitor sees it"),
            new Step("started", LaunchSteps.STARTED_HEARD, "broker hears \"started\""),
            new Step("started", "reaped", "the command runs and exits, reaped"),
            new Step("reaped", "members-killed", "monitor: kill what is left in the cgroups"),
            new Step("members-killed", "cgroups-removed", "monitor: OOM count, remove the cgroups"),
            new Step("cgroups-removed", "cleaned", "monitor: host's network end, overlay"),
            new Step("cleaned", LaunchSteps.EXITED_HEARD, "broker hears \"exited\""),
            new Step(LaunchSteps.EXITED_HEARD, LaunchSteps.RELEASED, "broker: cgroups gone?, network released"));

    private LaunchBreakdown() {
    }

    /** Prints one line per step that every launch marked; CGROUPS names the cgroup layout. */
    public static void print(List<Map<String, Long>> launches, String cgroups) {
        System.out.printf(Locale.ROOT, "where the time goes (%d timed launches; median and p95 in ms):%n",
                launches.size());
        for (Step step : STEPS) {
            double[] millis = millis(launches, step.from(), step.to());
            if (millis.length == launches.size() && millis.length > 0) {
                System.out.printf(Locale.ROOT, "  %-52s %6.2f  %6.2f%n", String.format(step.what(), cgroups),
                        median(millis), percentile(millis, 95));
            }
        }
        long forked = launches.stream().filter(marks -> marks.containsKey("spare-forked")).count();
        System.out.printf(Locale.ROOT, "  %-52s %6d%n", "launches that found no spare monitor (forked one)", forked);
        double[] started = millis(launches, LaunchSteps.CALLED, LaunchSteps.STARTED_HEARD);
        double[] exited = millis(launches, LaunchSteps.CALLED, LaunchSteps.RELEASED);
        if (started.length > 0 && exited.length > 0) {
            System.out.printf(Locale.ROOT, "  %-52s %6.2f  %6.2f%n  %-52s %6.2f  %6.2f%n", "total: to started",
                    median(started), percentile(started, 95), "total: to exited, everything removed",
                    median(exited), percentile(exited, 95));
        }
    }

    /** The step's milliseconds in each launch that has both marks. */
    static double[] millis(List<Map<String, Long>> launches, String from, String to) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Long> marks : launches) {
            Long start = latest(marks, from);
            Long end = latest(marks, to);
            if (start != null && end != null) {
                values.add((end - start) / 1e6);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Long latest(Map<String, Long> marks, String names) {
        Long latest = null;
        for (String name : names.split("\\+")) {
            Long t = marks.get(name);
            if (t == null) {
                return null;
            }
            latest = latest == null ? t : Math.max(latest, t);
        }
        return latest;
    }
}
