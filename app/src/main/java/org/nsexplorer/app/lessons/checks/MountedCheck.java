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

/** mounted: a filesystem of TYPE is (PRESENT) or is not mounted AT that path in the container's mount table. */
public record MountedCheck(String in, String type, String at, boolean present) implements LessonCheck {
    public static MountedCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "type", "at", "present"));
        boolean present = f.optional("present").isEmpty() || f.required("present").yesNo();
        return new MountedCheck(scope.container(f.required("in")), f.required("type").text().trim(),
                f.required("at").text().trim(), present);
    }

    @Override
    public String describe() {
        return Texts.get(present ? "lesson.check.mounted" : "lesson.check.notMounted", type, at, in);
    }

    @Override
    public String view() {
        return "mounts";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenApply(seen -> {
            String found = null;
            for (JsonNode m : seen.path("mounts")) {
                if (m.path("target").asText().equals(at)) {
                    found = m.path("fstype").asText(); // the last one mounted there is what shows
                }
            }
            boolean is = type.equals(found);
            return CheckResult.of(is == present, found == null ? Texts.get("lesson.check.mounted.nothing", at, in)
                    : Texts.get("lesson.check.mounted.why", found, at, in));
        });
    }
}
