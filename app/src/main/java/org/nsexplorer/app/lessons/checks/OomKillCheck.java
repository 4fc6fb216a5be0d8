package org.nsexplorer.app.lessons.checks;

import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** oom-kill: the kernel's OOM killer ended a process of the container (its memory cgroup counted an OOM kill). */
public record OomKillCheck(String in) implements LessonCheck {
    public static OomKillCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        return new OomKillCheck(scope.container(value));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.oomKill", in);
    }

    @Override
    public String view() {
        return "limits";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenApply(seen -> {
            var memory = seen.path("cgroup").path("memory");
            long kills = memory.path("oomKills").asLong();
            return CheckResult.of(kills > 0, Texts.get("lesson.check.oomKill.why", in, kills,
                    memory.path("limitBytes").asLong() >> 20));
        });
    }
}
