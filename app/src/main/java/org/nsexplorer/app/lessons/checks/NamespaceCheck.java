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

/** namespace: the container's namespace of TYPE is its own (PRIVATE) or the host's, by the inode numbers the kernel gives. */
public record NamespaceCheck(String in, String type, boolean isPrivate) implements LessonCheck {
    static final List<String> TYPES = List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time");

    public static NamespaceCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "type", "private"));
        String type = f.required("type").text().trim();
        if (!TYPES.contains(type)) {
            throw f.required("type").error("lesson.error.notOneOf", "type", type, String.join(", ", TYPES));
        }
        return new NamespaceCheck(scope.container(f.required("in")), type, f.required("private").yesNo());
    }

    @Override
    public String describe() {
        return Texts.get(isPrivate ? "lesson.check.namespace.private" : "lesson.check.namespace.shared", in, type);
    }

    @Override
    public String view() {
        return "namespaces";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenCombine(context.hostSnapshot(), (inside, host) -> {
            long theirs = inside.path("namespaces").path(type).asLong();
            long hosts = host.path("namespaces").path(type).asLong();
            boolean own = theirs != hosts;
            return CheckResult.of(own == isPrivate, Texts.get(own ? "lesson.check.namespace.whyOwn"
                    : "lesson.check.namespace.whyHost", in, type, Long.toString(theirs), Long.toString(hosts)));
        });
    }
}
