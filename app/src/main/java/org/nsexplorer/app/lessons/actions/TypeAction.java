package org.nsexplorer.app.lessons.actions;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * type: a command typed into a container's terminal where the class sees it, then Enter;
 * done when the output settles or UNTIL appears (within TIMEOUT seconds, 10 by default).
 */
public record TypeAction(String into, String text, String until, Duration timeout) implements LessonAction {
    public static TypeAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("into", "text", "until", "timeout"));
        long seconds = f.optional("timeout").isPresent() ? f.required("timeout").number() : 10;
        if (seconds < 1 || seconds > 600) {
            throw f.required("timeout").error("lesson.error.range", "timeout", 1, 600);
        }
        String text = f.required("text").text();
        if (text.contains("\n")) {
            throw f.required("text").error("lesson.error.oneLine");
        }
        return new TypeAction(scope.container(f.required("into")), text, f.text("until").orElse(null),
                Duration.ofSeconds(seconds));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.type", text, into);
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        context.show(into, "terminal");
        return context.type(into, text + "\r", until, timeout).thenApply(done -> "");
    }
}
