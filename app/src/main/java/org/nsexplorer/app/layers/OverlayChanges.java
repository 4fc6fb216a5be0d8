package org.nsexplorer.app.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The helper's "changes" answer: what an overlay container wrote so far, each path with its
 * kind (added, changed, deleted...), and whether the list was cut at the helper's limit.
 */
public record OverlayChanges(List<Change> changes, boolean truncated) {
    public OverlayChanges {
        changes = List.copyOf(changes);
    }

    /** KIND as the helper names it, for the words layers.kind.KIND. */
    public record Change(String kind, String path) {
    }

    public static OverlayChanges parse(JsonNode answer) {
        List<Change> changes = new ArrayList<>();
        answer.path("changes").forEach(c -> changes.add(new Change(c.path("kind").asText(), c.path("path").asText())));
        return new OverlayChanges(changes, answer.path("truncated").asBoolean());
    }
}
