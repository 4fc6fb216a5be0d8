package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
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

/** pid-one: inside the container, PID 1 is COMMAND (its own first process), and which host PID that is. */
public record PidOneCheck(String in, String command) implements LessonCheck {
    public static PidOneCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "command"));
        return new PidOneCheck(scope.container(f.required("in")), f.required("command").text().trim());
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.pidOne", in, command);
    }

    @Override
    public String view() {
        return "processes";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenApply(seen -> {
            for (JsonNode p : seen.path("processes")) {
                if (p.path("nsPid").asLong() == 1) {
                    String comm = p.path("comm").asText();
                    return CheckResult.of(comm.equals(command), Texts.get("lesson.check.pidOne.why", in, comm,
                            p.path("hostPid").asLong()));
                }
            }
            return CheckResult.of(false, Texts.get("lesson.check.pidOne.none", in));
        });
    }
}
