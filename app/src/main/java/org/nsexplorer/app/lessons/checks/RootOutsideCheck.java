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

/**
 * root-outside: who root (uid 0) inside the container is on the host, from the container's
 * uid map; ROOT says whether it must be the host's root (yes) or an ordinary user (no).
 */
public record RootOutsideCheck(String in, boolean root) implements LessonCheck {
    public static RootOutsideCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "root"));
        return new RootOutsideCheck(scope.container(f.required("in")), f.required("root").yesNo());
    }

    @Override
    public String describe() {
        return Texts.get(root ? "lesson.check.rootOutside.root" : "lesson.check.rootOutside.user", in);
    }

    @Override
    public String view() {
        return "users";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenApply(seen -> {
            for (JsonNode range : seen.path("uidMap")) {
                long inside = range.path("inside").asLong();
                if (inside <= 0 && 0 < inside + range.path("count").asLong()) {
                    long outside = range.path("outside").asLong() - inside;
                    // The whole 32-bit range mapped onto itself is the host's own map: no user namespace.
                    boolean identity = range.path("count").asLong() >= 4294967295L && outside == 0;
                    String why = identity ? Texts.get("lesson.check.rootOutside.noUserns", in)
                            : Texts.get("lesson.check.rootOutside.why", in, outside);
                    return CheckResult.of((outside == 0) == root, why);
                }
            }
            return CheckResult.of(!root, Texts.get("lesson.check.rootOutside.unmapped", in));
        });
    }
}
