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
 * hostname: the container's hostname is IS, and the host's is still the one it had when
 * the lesson began (the walkthrough's "open another terminal on the host").
 */
public record HostnameCheck(String in, String is) implements LessonCheck {
    public static HostnameCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "is"));
        return new HostnameCheck(scope.container(f.required("in")), f.required("is").text().trim());
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.hostname", in, is);
    }

    @Override
    public String view() {
        return "terminal";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenCombine(context.hostSnapshot(), (inside, host) -> {
            String theirs = inside.path("hostname").asText();
            String hosts = host.path("hostname").asText();
            boolean passed = theirs.equals(is) && hosts.equals(context.hostnameAtStart());
            return CheckResult.of(passed, Texts.get("lesson.check.hostname.why", in, theirs, hosts));
        });
    }
}
