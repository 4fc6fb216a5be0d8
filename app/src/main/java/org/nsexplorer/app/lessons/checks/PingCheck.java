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
import org.nsexplorer.app.network.PingAnswer;
import org.nsexplorer.app.ui.Texts;

/** ping: FROM (a container or host) reaches TO (host or a container): the kernel's echo replies, counted. */
public record PingCheck(String from, String to) implements LessonCheck {
    public static PingCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("from", "to"));
        String from = f.required("from").text().trim();
        String to = f.required("to").text().trim();
        return new PingCheck(from.equals("host") ? from : scope.container(f.required("from")),
                to.equals("host") ? to : scope.container(f.required("to")));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.ping", name(from), name(to));
    }

    private static String name(String who) {
        return who.equals("host") ? Texts.get("lesson.host") : who;
    }

    @Override
    public String view() {
        return "netmap";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.helper().ping(helperId(context, from), helperId(context, to), 3).thenApply(answer -> {
            PingAnswer ping = PingAnswer.parse(answer);
            return CheckResult.of(ping.received() > 0, Texts.get("lesson.check.ping.why", name(from),
                    ping.address(), (long) ping.received(), (long) ping.sent()));
        });
    }

    private static String helperId(LessonContext context, String who) {
        return who.equals("host") ? "host"
                : context.container(who).map(c -> c.helperIdProperty().get()).orElse(who);
    }
}
