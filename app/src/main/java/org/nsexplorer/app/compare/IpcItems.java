package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.nsexplorer.app.ui.Texts;

/** A side's SysV IPC objects in words, each key as `ipcs` prints it. */
public final class IpcItems {
    private IpcItems() {
    }

    public static List<CompareSnapshot.Item> items(JsonNode ipc) {
        List<CompareSnapshot.Item> items = new ArrayList<>();
        ipc.path("sharedMemory").forEach(m -> items.add(item("view.ipc.shm", m, m.path("size"))));
        ipc.path("semaphores").forEach(m -> items.add(item("view.ipc.sem", m, m.path("count"))));
        ipc.path("messageQueues").forEach(m -> items.add(item("view.ipc.msg", m, m.path("messages"))));
        return List.copyOf(items);
    }

    /**
     * A key_t is a signed 32-bit int, and /proc/sysvipc prints it so (-1128174748); ipcs
     * prints its 32 bits in hex (0xbcc16b64), never the 64-bit sign extension.
     */
    public static String key(long key) {
        return String.format("0x%08x", key & 0xffffffffL);
    }

    private static CompareSnapshot.Item item(String kind, JsonNode m, JsonNode amount) {
        String id = Long.toString(m.path("id").asLong());
        return new CompareSnapshot.Item(Texts.get(kind, id, key(m.path("key").asLong()), Long.toString(amount
                .asLong())), false, Texts.get("view.ipc.detail", id, key(m.path("key").asLong()), m.path("perms")
                        .asText(), Long.toString(m.path("uid").asLong())));
    }
}
