package org.nsexplorer.app.lessons.checks;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** namespace: the container's namespace of TYPE is its own (PRIVATE) or the host's, by the inode numbers the kernel gives. */
public record NamespaceCheck(String in, Namespace type, boolean isPrivate) implements LessonCheck {
    public static NamespaceCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "type", "private"));
        YamlValue typeValue = f.required("type");
        String name = typeValue.text().trim();
        Namespace type = Namespace.fromProcName(name).orElseThrow(() -> typeValue.error(
                "lesson.error.notOneOf", "type", name, Arrays.stream(Namespace.values()).map(Namespace::procName)
                        .collect(Collectors.joining(", "))));
        return new NamespaceCheck(scope.container(f.required("in")), type, f.required("private").yesNo());
    }

    @Override
    public String describe() {
        return Texts.get(isPrivate ? "lesson.check.namespace.private" : "lesson.check.namespace.shared", in,
                type.procName());
    }

    @Override
    public String view() {
        return "namespaces";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenCombine(context.hostSnapshot(), (inside, host) -> {
            long theirs = inside.path("namespaces").path(type.procName()).asLong();
            long hosts = host.path("namespaces").path(type.procName()).asLong();
            boolean own = theirs != hosts;
            return CheckResult.of(own == isPrivate, Texts.get(own ? "lesson.check.namespace.whyOwn"
                    : "lesson.check.namespace.whyHost", in, type.procName(), Long.toString(theirs),
                    Long.toString(hosts)));
        });
    }
}
