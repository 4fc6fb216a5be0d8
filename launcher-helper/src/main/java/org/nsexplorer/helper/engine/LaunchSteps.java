package org.nsexplorer.helper.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each step of one launch happened, in System.nanoTime nanoseconds: the broker's own
 * marks and the stage's (CLOCK_MONOTONIC, the same clock; see nsx-steps.h). Kept only when
 * the engine times its launches, for the breakdown `./nsx-helper bench` prints.
 */
public final class LaunchSteps {
    /** The broker's marks, in the order they happen. */
    public static final String CALLED = "called";
    public static final String VALIDATED = "validated";
    public static final String CLAIMED = "claimed";
    public static final String CGROUPS_CREATED = "cgroups-created";
    public static final String PREPARED = "prepared";
    public static final String SENDING = "sending";
    public static final String STARTED_HEARD = "started-heard";
    public static final String EXITED_HEARD = "exited-heard";
    public static final String RELEASED = "broker-released";

    /** Marks nothing: an engine that does not time its launches. */
    static final LaunchSteps OFF = new LaunchSteps(false);

    private final boolean on;
    private final Map<String, Long> marks = Collections.synchronizedMap(new LinkedHashMap<>());

    private LaunchSteps(boolean on) {
        this.on = on;
    }

    static LaunchSteps started() {
        LaunchSteps steps = new LaunchSteps(true);
        steps.mark(CALLED);
        return steps;
    }

    boolean on() {
        return on;
    }

    void mark(String step) {
        if (on) {
            marks.put(step, System.nanoTime());
        }
    }

    /** The stage's marks, from its "steps" event. */
    void addStageMarks(Map<String, Long> stageMarks) {
        if (on) {
            marks.putAll(stageMarks);
        }
    }

    /** Step name to nanoseconds; empty when not timed. */
    public Map<String, Long> marks() {
        synchronized (marks) {
            return Map.copyOf(marks);
        }
    }
}
