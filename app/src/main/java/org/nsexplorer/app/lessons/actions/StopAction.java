package org.nsexplorer.app.lessons.actions;

import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** stop: a container of the lesson, as the Stop button does; done once it has exited. */
public record StopAction(String container) implements LessonAction {
    public static StopAction parse(YamlValue value, Scope scope) throws LessonFileException {
        return new StopAction(scope.container(value));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.stop", container);
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return context.stop(container).thenApply(done -> "");
    }
}
