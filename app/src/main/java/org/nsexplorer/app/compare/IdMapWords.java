package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.nsexplorer.app.ui.Texts;

/**
 * A side's uid and gid maps (/proc/PID/uid_map, gid_map) in words: which ids inside are
 * which on the host, and who root inside is outside. The whole 32-bit range mapped onto
 * itself is the host's own user namespace: a process there has no namespace in between.
 */
public final class IdMapWords {
    /** uid_map's count for every id from 0 to 4294967294 (4294967295, (uid_t) -1, is never an id). */
    static final long ALL_IDS = 4294967295L;

    /** One line of a map. */
    public record Range(long inside, long outside, long count) {
        boolean identity() {
            return inside == 0 && outside == 0 && count >= ALL_IDS;
        }
    }

    private IdMapWords() {
    }

    public static List<Range> ranges(JsonNode map) {
        List<Range> ranges = new ArrayList<>();
        map.forEach(r -> ranges.add(new Range(r.path("inside").asLong(), r.path("outside").asLong(),
                r.path("count").asLong())));
        return ranges;
    }

    /** The lines of the Users tab for one side. HOST_SIDE: the host's own maps, described as such. */
    public static List<CompareSnapshot.Item> items(List<Range> uidMap, List<Range> gidMap, boolean hostSide) {
        List<CompareSnapshot.Item> items = new ArrayList<>();
        boolean ownNamespace = uidMap.size() == 1 && uidMap.get(0).identity();
        if (ownNamespace) {
            items.add(item(Texts.get(hostSide ? "view.users.hostOwn" : "view.users.noUserns"), uidMap, gidMap));
        } else if (uidMap.isEmpty()) {
            items.add(item(Texts.get("view.users.unmapped"), uidMap, gidMap));
        } else {
            uidMap.forEach(r -> items.add(item(range("uid", r), uidMap, gidMap)));
            items.add(item(root(uidMap), uidMap, gidMap));
        }
        if (!(gidMap.size() == 1 && gidMap.get(0).identity() && ownNamespace)) {
            gidMap.forEach(r -> items.add(item(range("gid", r), uidMap, gidMap)));
        }
        return List.copyOf(items);
    }

    /** "uid 0–65535 inside are 100000–165535 on the host", or one id: "uid 0 inside is 1000 on the host". */
    static String range(String kind, Range r) {
        if (r.identity()) {
            return Texts.get("view.users.sameIds", kind);
        }
        if (r.count() == 1) {
            return Texts.get("view.users.one", kind, Long.toString(r.inside()), Long.toString(r.outside()));
        }
        return Texts.get("view.users.range", kind, Long.toString(r.inside()),
                Long.toString(r.inside() + r.count() - 1), Long.toString(r.outside()),
                Long.toString(r.outside() + r.count() - 1));
    }

    /** Who root inside is on the host, from the uid map. */
    static String root(List<Range> uidMap) {
        for (Range r : uidMap) {
            if (r.inside() <= 0 && 0 < r.inside() + r.count()) {
                long outside = r.outside() - r.inside();
                return outside == 0 ? Texts.get("view.users.rootIsRoot")
                        : Texts.get("view.users.rootIsUser", Long.toString(outside));
            }
        }
        return Texts.get("view.users.rootUnmapped");
    }

    private static CompareSnapshot.Item item(String text, List<Range> uidMap, List<Range> gidMap) {
        return new CompareSnapshot.Item(text, false, Texts.get("view.users.detail", table(uidMap), table(gidMap)));
    }

    /** The map as the kernel writes it, one "inside outside count" a range: what the detail shows. */
    private static String table(List<Range> map) {
        List<String> lines = new ArrayList<>();
        map.forEach(r -> lines.add(r.inside() + " " + r.outside() + " " + r.count()));
        return lines.isEmpty() ? "—" : String.join("; ", lines);
    }
}
