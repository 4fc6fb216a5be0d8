package org.nsexplorer.app.lessons.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nsexplorer.app.containers.ExitWords;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * kill: from the host side, a signal to the process of a container whose command is
 * PROCESS (as the Processes view's Stop and Kill buttons do); the helper checks it is the container's.
 */
public record KillAction(String in, String process, int signal) implements LessonAction {
    static final Map<String, Integer> SIGNALS = Map.of("KILL", 9, "TERM", 15, "INT", 2, "HUP", 1);

    public static KillAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "process", "signal"));
        String signal = f.text("signal").orElse("TERM").trim();
        if (!SIGNALS.containsKey(signal)) {
            throw f.required("signal").error("lesson.error.notOneOf", "signal", signal, "KILL, TERM, INT, HUP");
        }
        return new KillAction(scope.container(f.required("in")), f.required("process").text().trim(),
                SIGNALS.get(signal));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.kill", process, in, ExitWords.signal(signal));
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        context.show(in, "processes");
        return context.snapshot(in).thenCompose(seen -> {
            for (JsonNode p : seen.path("processes")) {
                if (process.equals(p.path("comm").asText())) {
                    long hostPid = p.path("hostPid").asLong();
                    return context.signalProcess(in, hostPid, signal).thenApply(done ->
                            Texts.get("lesson.action.kill.done", process, p.path("nsPid").asLong(), hostPid,
                                    ExitWords.signal(signal)));
                }
            }
            throw new CompletionException(new IllegalStateException(Texts.get("lesson.error.noProcess", process, in)));
        });
    }
}
