package org.nsexplorer.app.lessons.checks;

import java.util.List;
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
 * output: the container's terminal shows TEXT since the lesson last typed there (or, with
 * present: no, does not), as the class reads it: what a real command printed, such as
 * "command not found". SHOWS may list several texts: any one of them is enough.
 */
public record OutputCheck(String in, List<String> texts, boolean present) implements LessonCheck {
    public static OutputCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "shows", "present"));
        boolean present = f.optional("present").isEmpty() || f.required("present").yesNo();
        return new OutputCheck(scope.container(f.required("in")), f.required("shows").texts(), present);
    }

    @Override
    public String describe() {
        return Texts.get(present ? "lesson.check.output" : "lesson.check.noOutput", in, String.join(" | ", texts));
    }

    @Override
    public String view() {
        return "terminal";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.screen(in).thenApply(screen -> {
            String shown = texts.stream().filter(screen::contains).findFirst().orElse(null);
            return CheckResult.of((shown != null) == present, shown != null
                    ? Texts.get("lesson.check.output.shown", in, shown)
                    : Texts.get("lesson.check.output.notShown", in, String.join(" | ", texts)));
        });
    }
}
