package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SysV IPC keys as ipcs prints them: 32 bits, whatever their sign as a key_t. */
class IpcItemsTest {
    /** The key of issue 11's screenshot: above 0x7fffffff, so negative as a key_t. */
    private static final int KEY = 0xbcc16b64;
    private static final int IPC_CREAT = 01000;
    private static final int IPC_EXCL = 02000;
    private static final int IPC_RMID = 0;

    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int shmget(int key, long size, int flags);

        int shmctl(int id, int command, Pointer buffer);
    }

    @Test
    void aKeyIsItsThirtyTwoBits() {
        assertEquals("0xbcc16b64", IpcItems.key(-1128174748L));
        assertEquals("0x00000000", IpcItems.key(0));
        assertEquals("0x7fffffff", IpcItems.key(0x7fffffffL));
        assertEquals("0x80000000", IpcItems.key(Integer.MIN_VALUE));
    }

    /** A host segment of key 0xbcc16b64, and one made in the container by ipcmk: as ipcs shows each. */
    @Test
    void bothSidesShowTheKeysIpcsShows() throws Exception {
        int id = LibC.C.shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
        assertTrue(id >= 0, "shmget: errno " + Native.getLastError());
        try (LiveComparison live = LiveComparison.start()) {
            String container = live.launch(spec -> {
                spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net").add("pid");
                spec.putArray("command").add("/bin/sh").add("-c").add("ipcmk -M 4096 && exec sleep 300");
            });
            long pid = live.answer(container).get("comparison").get("container").get("pid").asLong();
            CompareSnapshot s = null;
            for (int i = 0; i < 100 && (s == null || s.container().ipc().isEmpty()); i++) {
                Thread.sleep(50);
                s = live.compare(container);
            }
            String hostLine = s.host().ipc().stream().map(CompareSnapshot.Item::text)
                    .filter(t -> t.startsWith("shared memory " + id + ",")).findFirst().orElseThrow();
            assertEquals("shared memory " + id + ", key 0xbcc16b64: 4096 bytes", hostLine);
            assertTrue(LiveComparison.inside(ProcessHandle.current().pid(), "-i", "ipcs", "-m").contains("0xbcc16b64"));
            List<CompareSnapshot.Item> inside = s.container().ipc();
            assertEquals(1, inside.size(), inside.toString());
            String key = inside.get(0).text().replaceAll(".*key (0x[0-9a-f]+):.*", "$1");
            assertEquals(10, key.length(), inside.get(0).text());
            assertTrue(LiveComparison.inside(pid, "-i", "ipcs", "-m").contains(key + " "),
                    "ipcs in the container does not show " + key);
        } finally {
            LibC.C.shmctl(id, IPC_RMID, null);
        }
    }
}
