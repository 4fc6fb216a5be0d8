package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Users tab in words, from real maps and from the map a rootless engine gives. */
class IdMapWordsTest {

    private static List<String> texts(List<CompareSnapshot.Item> items) {
        return items.stream().map(CompareSnapshot.Item::text).toList();
    }

    @Test
    void withoutAUserNamespaceRootIsTheHostsRoot() throws Exception {
        try (LiveComparison live = LiveComparison.start()) {
            String id = live.launch(spec -> {
                spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net").add("pid");
                spec.putArray("command").add("/bin/sleep").add("300");
            });
            CompareSnapshot s = live.compare(id);
            assertEquals(List.of("No user namespace: root here is root on the host, and every uid and gid is the "
                    + "host's own."), texts(s.container().users()));
            assertEquals(List.of("The host's own user ids: each uid and gid is itself, and uid 0 is root."),
                    texts(s.host().users()));
            assertTrue(s.container().users().get(0).detail().contains("uid_map: 0 0 4294967295"),
                    s.container().users().get(0).detail());
        }
    }

    /** Root mapped to uid 100000, as an administrator may ask (--map-root): an ordinary user outside. */
    @Test
    void inAUserNamespaceRootInsideIsWhomTheMapSays() throws Exception {
        try (LiveComparison live = LiveComparison.start()) {
            String id = live.launch(spec -> {
                spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net").add("pid").add("user");
                spec.put("mapRoot", 100000);
                spec.putArray("command").add("/bin/sleep").add("300");
            });
            long pid = live.answer(id).get("comparison").get("container").get("pid").asLong();
            // The kernel's own file is the oracle: "0 100000 1".
            assertEquals(List.of("0", "100000", "1"), List.of(Files.readString(Path.of("/proc/" + pid + "/uid_map"))
                    .trim().split("\\s+")));
            assertEquals(List.of("uid 0 inside is uid 100000 on the host",
                    "Root inside is uid 100000 outside: an ordinary user on the host.",
                    "gid 0 inside is gid 100000 on the host"), texts(live.compare(id).container().users()));
        }
    }

    @Test
    void aRangeSaysBothEndsOnBothSides() {
        List<IdMapWords.Range> map = List.of(new IdMapWords.Range(0, 100000, 65536));
        assertEquals(List.of("uid 0–65535 inside are uid 100000–165535 on the host",
                "Root inside is uid 100000 outside: an ordinary user on the host.",
                "gid 0–65535 inside are gid 100000–165535 on the host"), texts(IdMapWords.items(map, map, false)));
        assertEquals("Root inside has no uid on the host: what it owns shows as nobody.",
                IdMapWords.root(List.of(new IdMapWords.Range(1, 1000, 1))));
        assertEquals("Root inside is uid 0 outside, the host's root id (its powers stay inside its user namespace).",
                IdMapWords.root(List.of(new IdMapWords.Range(0, 0, 1))));
    }
}
