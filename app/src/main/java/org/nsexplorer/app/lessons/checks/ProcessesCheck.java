package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
 * processes: how many processes a container sees (what its `ps` lists), and whether a
 * command is among them (SEES) or not (HIDDEN), read from /proc as the container's first process sees it.
 */
public record ProcessesCheck(String in, Counts count, String sees, String hidden) implements LessonCheck {
    public static ProcessesCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "atLeast", "atMost", "sees", "hidden"));
        Counts count = Counts.parse(f);
        String sees = f.text("sees").map(String::trim).orElse(null);
        String hidden = f.text("hidden").map(String::trim).orElse(null);
        if (!count.given() && sees == null && hidden == null) {
            throw f.self().error("lesson.error.missing", "processes", "atLeast, atMost, sees, hidden");
        }
        return new ProcessesCheck(scope.container(f.required("in")), count, sees, hidden);
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (count.given()) {
            parts.add(Texts.get("lesson.check.processes.count", in, count.text()));
        }
        if (sees != null) {
            parts.add(Texts.get("lesson.check.processes.sees", in, sees));
        }
        if (hidden != null) {
            parts.add(Texts.get("lesson.check.processes.hidden", in, hidden));
        }
        return String.join("; ", parts);
    }

    @Override
    public String view() {
        return "processes";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenApply(seen -> {
            JsonNode processes = seen.path("processes");
            int n = processes.size();
            boolean seesIt = false;
            for (JsonNode p : processes) {
                seesIt |= p.path("comm").asText().equals(sees == null ? hidden : sees);
            }
            boolean passed = (!count.given() || count.holds(n)) && (sees == null || seesIt)
                    && (hidden == null || !seesIt);
            String command = sees == null ? hidden : sees;
            String why = Texts.get("lesson.check.processes.why", in, n)
                    + (command == null ? "" : " " + Texts.get(seesIt ? "lesson.check.processes.found"
                            : "lesson.check.processes.notFound", command));
            return CheckResult.of(passed, why);
        });
    }
}
