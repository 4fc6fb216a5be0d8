package org.nsexplorer.app.lessons.checks;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * output: the container's terminal shows TEXT (or, with present: no, does not), as the
 * class reads it: what a real command printed, such as "command not found".
 */
public record OutputCheck(String in, String text, boolean present) implements LessonCheck {
    public static OutputCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "shows", "present"));
        boolean present = f.optional("present").isEmpty() || f.required("present").yesNo();
        return new OutputCheck(scope.container(f.required("in")), f.required("shows").text(), present);
    }

    @Override
    public String describe() {
        return Texts.get(present ? "lesson.check.output" : "lesson.check.noOutput", in, text);
    }

    @Override
    public String view() {
        return "terminal";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.screen(in).thenApply(screen -> {
            boolean shown = screen.contains(text);
            return CheckResult.of(shown == present, Texts.get(shown ? "lesson.check.output.shown"
                    : "lesson.check.output.notShown", in, text));
        });
    }
}
