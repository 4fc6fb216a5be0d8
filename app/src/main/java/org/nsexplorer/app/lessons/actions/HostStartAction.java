package org.nsexplorer.app.lessons.actions;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * host-start: a plain process on the host, not in any container, started as the launching
 * user and ended with the lesson ("sleep 1000", for a container to see or not see).
 */
public record HostStartAction(List<String> command) implements LessonAction {
    public static HostStartAction parse(YamlValue value, Scope scope) throws LessonFileException {
        List<String> argv = value.texts();
        if (argv.isEmpty() || !argv.get(0).startsWith("/")) {
            throw value.error("lesson.error.absoluteCommand", argv.isEmpty() ? "" : argv.get(0));
        }
        return new HostStartAction(argv);
    }

    @Override
    public boolean hostSide() {
        return true;
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.hostStart", String.join(" ", command));
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return context.startOnHost(command).thenApply(pid -> Texts.get("lesson.action.hostStart.done",
                String.join(" ", command), pid));
    }
}
