package org.nsexplorer.helper.spec;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** cgroup limits; empty means unlimited. cpus is a share of one CPU (0.5 = half). */
public record Limits(OptionalLong memoryBytes, OptionalDouble cpus, OptionalLong pids) {
    public static final Limits NONE = new Limits(OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty());

    public boolean any() {
        return memoryBytes.isPresent() || cpus.isPresent() || pids.isPresent();
    }
}
