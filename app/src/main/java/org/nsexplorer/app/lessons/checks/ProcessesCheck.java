package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
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
            Set<String> commands = new HashSet<>();
            for (JsonNode p : processes) {
                commands.add(p.path("comm").asText());
            }
            // SEES and HIDDEN name different commands: each is looked for on its own.
            boolean passed = (!count.given() || count.holds(processes.size()))
                    && (sees == null || commands.contains(sees)) && (hidden == null || !commands.contains(hidden));
            StringBuilder why = new StringBuilder(Texts.get("lesson.check.processes.why", in, processes.size()));
            for (String command : new String[] {sees, hidden}) {
                if (command != null) {
                    why.append(' ').append(Texts.get(commands.contains(command) ? "lesson.check.processes.found"
                            : "lesson.check.processes.notFound", command));
                }
            }
            return CheckResult.of(passed, why.toString());
        });
    }
}
