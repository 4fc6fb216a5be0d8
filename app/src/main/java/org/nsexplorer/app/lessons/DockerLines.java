package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper's `docker import` and `docker run` lines for a recipe, and the wire names of
 * what they cannot give (each has its words under commands.docker.missing.NAME).
 */
public record DockerLines(String importLine, String runLine, List<String> missing) {
    public static final DockerLines NONE = new DockerLines("", "", List.of());

    public DockerLines {
        missing = List.copyOf(missing);
    }

    /** Both lines, to paste as they are; empty when there are none. */
    public String text() {
        return importLine.isEmpty() ? "" : importLine + "\n" + runLine;
    }

    /** From a "commands" answer; NONE when it has no lines (an error, or an older helper). */
    public static DockerLines parse(JsonNode answer) {
        if (!answer.path("dockerRun").isTextual() || !answer.path("dockerImport").isTextual()) {
            return NONE;
        }
        List<String> missing = new ArrayList<>();
        answer.path("dockerMissing").forEach(m -> missing.add(m.asText()));
        return new DockerLines(answer.get("dockerImport").asText(), answer.get("dockerRun").asText(), missing);
    }
}
