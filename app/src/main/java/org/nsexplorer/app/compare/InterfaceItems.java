package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nsexplorer.app.ui.Texts;

/**
 * A side's network interfaces in words: up or down, every address, and for a veth the
 * interface at its other end on the other side (each end names the other's index).
 */
public final class InterfaceItems {
    private InterfaceItems() {
    }

    /**
     * @param onlyHere the names the other side does not have (the helper's comparison)
     * @param other the other side's interfaces, to name a veth's other end
     * @param otherSideKey the words for "the other side's NAME" ({0}: the name)
     */
    public static List<CompareSnapshot.Item> items(JsonNode interfaces, Set<String> onlyHere, JsonNode other,
            String otherSideKey) {
        List<CompareSnapshot.Item> items = new ArrayList<>();
        for (JsonNode i : interfaces) {
            String name = i.path("name").asText();
            List<String> addresses = new ArrayList<>();
            i.path("addresses").forEach(a -> addresses.add(a.path("address").asText() + "/" + a.path("prefixLength")
                    .asInt()));
            StringBuilder text = new StringBuilder(Texts.get(i.path("up").asBoolean() ? "view.interface.up"
                    : "view.interface.down", name, addresses.isEmpty() ? Texts.get("view.interface.noAddress")
                            : String.join(", ", addresses)));
            String peer = peer(i, other);
            if (peer != null) {
                text.append(' ').append(Texts.get("view.interface.peer", Texts.get(otherSideKey, peer)));
            }
            items.add(new CompareSnapshot.Item(text.toString(), onlyHere.contains(name), Texts.get(
                    "view.interface.detail", name, Integer.toString(i.path("index").asInt()),
                    Integer.toString(i.path("mtu").asInt()), i.path("mac").asText())));
        }
        return List.copyOf(items);
    }

    /** The name of the interface of OTHER at I's other end: each end's peerIndex is the other's index. */
    static String peer(JsonNode i, JsonNode other) {
        int peerIndex = i.path("peerIndex").asInt();
        if (peerIndex <= 0) {
            return null;
        }
        for (JsonNode o : other) {
            if (o.path("index").asInt() == peerIndex && o.path("peerIndex").asInt() == i.path("index").asInt()) {
                return o.path("name").asText();
            }
        }
        return null;
    }
}
