package org.nsexplorer.helper.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** One line of /proc/PID/uid_map or gid_map: COUNT ids from INSIDE map to OUTSIDE. */
public record IdMapRange(long inside, long outside, long count) {

    public static List<IdMapRange> parse(String text) {
        List<IdMapRange> ranges = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                ranges.add(new IdMapRange(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return ranges;
    }

    /** The id inside the namespace that HOSTID (an id outside) appears as, if mapped. */
    public static OptionalLong inside(List<IdMapRange> map, long hostId) {
        for (IdMapRange r : map) {
            if (hostId >= r.outside && hostId < r.outside + r.count) {
                return OptionalLong.of(r.inside + hostId - r.outside);
            }
        }
        return OptionalLong.empty();
    }
}
