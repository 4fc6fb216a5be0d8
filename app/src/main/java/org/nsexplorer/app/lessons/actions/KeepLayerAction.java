package org.nsexplorer.app.lessons.actions;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * keep-layer: what a copy-on-write container wrote is kept as the layer AS when it ends (the
 * Layers tab's button). A layer of that name from an earlier run of the lesson is replaced; a
 * stored rootfs of that name is refused.
 */
public record KeepLayerAction(String container, String as) implements LessonAction {
    public static KeepLayerAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("container", "as"));
        String as = f.required("as").text().trim();
        if (!as.matches("[a-z][a-z0-9-]{0,31}")) {
            throw f.required("as").error("lesson.error.badName", as);
        }
        return new KeepLayerAction(scope.container(f.required("container")), as);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.keepLayer", container, as);
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        context.show(container, "layers");
        String id = context.container(container).map(c -> c.helperIdProperty().get()).orElse("");
        return StoredRootfs.list(context).thenCompose(list -> {
            for (var rootfs : list.path("rootfs")) {
                // The helper removes by name, a rootfs before a layer: replacing this layer on a
                // re-run would remove the rootfs instead.
                if (rootfs.path("name").asText().equals(as)) {
                    throw new CompletionException(new IllegalStateException(Texts.get("lesson.error.layerNameTaken",
                            as)));
                }
            }
            boolean stored = false;
            for (var layer : list.path("layers")) {
                stored |= layer.path("name").asText().equals(as);
            }
            return stored ? context.helper().rootfsRemove(as)
                    : CompletableFuture.completedFuture(null);
        }).thenCompose(removed -> {
            context.made(as);
            return context.helper().keepLayer(id, as);
        }).thenApply(done -> "");
    }
}
