package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** layer: the store holds the layer NAME (a container's kept upper), as the Layers tab lists it. */
public record LayerCheck(String name) implements LessonCheck {
    public static LayerCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        return new LayerCheck(value.text().trim());
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.layer", name);
    }

    @Override
    public String view() {
        return "layers";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.helper().rootfsList().thenApply(answer -> {
            for (JsonNode layer : answer.path("layers")) {
                if (layer.path("name").asText().equals(name)) {
                    return CheckResult.of(true, Texts.get("lesson.check.layer.found", name, layer.path("path").asText()));
                }
            }
            return CheckResult.of(false, Texts.get("lesson.check.layer.missing", name));
        });
    }
}
