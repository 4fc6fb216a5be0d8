package org.nsexplorer.helper.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nsexplorer.helper.snapshot.MountEntry;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Chooses the driver for this host from /proc/self/mountinfo: pure v2 when /sys/fs/cgroup
 * is cgroup2; otherwise v1 controllers (a hybrid host's extra v2 tree has none of them).
 */
public final class CgroupLayout {
    private CgroupLayout() {
    }

    /** Where this host mounts its cgroup trees: v1 controllers, and the unified (v2) tree if any. */
    public record Mounts(Map<String, Path> v1, Path v2) {
        public Mounts {
            v1 = Map.copyOf(v1);
        }

        /** Whether /sys/fs/cgroup itself is the unified tree (a pure v2 host). */
        public boolean pureV2() {
            return v2 != null && v2.equals(Path.of("/sys/fs/cgroup"));
        }
    }

    public static CgroupDriver detect() throws IOException {
        return fromMountinfo(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    public static Mounts mounts() throws IOException {
        return mounts(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    static CgroupDriver fromMountinfo(List<String> lines) throws IOException {
        Mounts m = mounts(lines);
        if (m.pureV2()) {
            return new CgroupV2Driver(m.v2());
        }
        if (m.v1().isEmpty()) {
            throw new WordedIOException(Word.HELPER_NO_CGROUPS);
        }
        return new CgroupV1Driver(m.v1());
    }

    static Mounts mounts(List<String> lines) {
        Map<String, Path> v1 = new HashMap<>();
        Path v2 = null;
        for (MountEntry mount : MountEntry.parse(String.join("\n", lines))) {
            Path mountPoint = Path.of(mount.target());
            if (mount.fstype().equals("cgroup2") && (v2 == null || mountPoint.equals(Path.of("/sys/fs/cgroup")))) {
                v2 = mountPoint;
            } else if (mount.fstype().equals("cgroup")) {
                for (String option : mount.superOptions().split(",")) {
                    if (CgroupV1Driver.CONTROLLERS.contains(option)) {
                        v1.put(option, mountPoint);
                    }
                }
            }
        }
        return new Mounts(v1, v2);
    }
}
