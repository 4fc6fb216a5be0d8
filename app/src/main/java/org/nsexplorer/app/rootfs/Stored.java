package org.nsexplorer.app.rootfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One tree the helper stores: kind "rootfs" or "layer". A rootfs built from host programs
 * carries its programs and their libraries; any other has none.
 */
public record Stored(String kind, String name, String path, List<ProgramLibraries> programs) {

    public Stored {
        programs = List.copyOf(programs);
    }

    /** Every rootfs, then every layer, of the helper's rootfsList answer. */
    public static List<Stored> listed(JsonNode answer) {
        List<Stored> items = new ArrayList<>();
        answer.path("rootfs").forEach(r -> items.add(new Stored("rootfs", r.path("name").asText(),
                r.path("path").asText(), ProgramLibraries.parse(r.path("programs")))));
        answer.path("layers").forEach(l -> items.add(new Stored("layer", l.path("name").asText(),
                l.path("path").asText(), List.of())));
        return List.copyOf(items);
    }

    @Override
    public String toString() {
        return String.format("%-6s %-16s %s", kind, name, path);
    }
}
