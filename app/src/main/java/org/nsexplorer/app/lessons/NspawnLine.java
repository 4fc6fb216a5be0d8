package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper's systemd-nspawn line for a recipe, and the wire names of what that line cannot
 * give (each has its words under commands.nspawn.missing.NAME).
 */
public record NspawnLine(String line, List<String> missing) {
    public static final NspawnLine NONE = new NspawnLine("", List.of());

    public NspawnLine {
        missing = List.copyOf(missing);
    }

    /** From a "commands" answer; NONE when it has no line (an error, or an older helper). */
    public static NspawnLine parse(JsonNode answer) {
        if (!answer.path("nspawn").isTextual()) {
            return NONE;
        }
        List<String> missing = new ArrayList<>();
        answer.path("nspawnMissing").forEach(m -> missing.add(m.asText()));
        return new NspawnLine(answer.get("nspawn").asText(), missing);
    }
}
