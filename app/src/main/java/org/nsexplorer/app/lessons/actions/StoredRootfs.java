package org.nsexplorer.app.lessons.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.ui.Texts;

/** The helper's store, asked by name: a lesson names "debian", a launch needs its path. */
final class StoredRootfs {
    private StoredRootfs() {
    }

    static CompletableFuture<JsonNode> list(LessonContext context) {
        return context.helper().rootfsList();
    }

    /** The path of the stored rootfs NAME, or an error saying which step makes it. */
    static CompletableFuture<String> path(LessonContext context, String name) {
        return list(context).thenApply(answer -> {
            for (JsonNode item : answer.path("rootfs")) {
                if (item.path("name").asText().equals(name)) {
                    return item.path("path").asText();
                }
            }
            throw new CompletionException(new IllegalStateException(Texts.get("lesson.error.noRootfs", name)));
        });
    }
}
