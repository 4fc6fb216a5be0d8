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
 * root-outside: who root (uid 0) in the container is on the host, from the container's uid
 * map. IS "root": the host's root itself, with no user namespace in between; "caller": the
 * user who started this app, through a user namespace (uid 0 too when the app runs as root).
 */
public record RootOutsideCheck(String in, boolean hostRoot) implements LessonCheck {
    public static RootOutsideCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "is"));
        String is = f.required("is").text().trim();
        if (!is.equals("root") && !is.equals("caller")) {
            throw f.required("is").error("lesson.error.notOneOf", "is", is, "root, caller");
        }
        return new RootOutsideCheck(scope.container(f.required("in")), is.equals("root"));
    }

    @Override
    public String describe() {
        return Texts.get(hostRoot ? "lesson.check.rootOutside.root" : "lesson.check.rootOutside.user", in);
    }

    @Override
    public String view() {
        return "users";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        long caller = context.callerUid();
        return context.snapshot(in).thenApply(seen -> {
            for (JsonNode range : seen.path("uidMap")) {
                long inside = range.path("inside").asLong();
                long count = range.path("count").asLong();
                if (inside <= 0 && 0 < inside + count) {
                    long outside = range.path("outside").asLong() - inside;
                    // The whole 32-bit range mapped onto itself is the host's own map: no user namespace.
                    boolean noUserns = count >= 4294967295L && outside == 0;
                    if (noUserns) {
                        return CheckResult.of(hostRoot, Texts.get("lesson.check.rootOutside.noUserns", in));
                    }
                    return CheckResult.of(!hostRoot && outside == caller, Texts.get(caller == 0
                            ? "lesson.check.rootOutside.whyRoot" : "lesson.check.rootOutside.why", in, outside,
                            caller));
                }
            }
            return CheckResult.of(false, Texts.get("lesson.check.rootOutside.unmapped", in));
        });
    }
}
