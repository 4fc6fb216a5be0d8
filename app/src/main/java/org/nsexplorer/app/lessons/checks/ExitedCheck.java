package org.nsexplorer.app.lessons.checks;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.ExitWords;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** exited: the container has ended (its first process is gone), with the status or signal the helper reported. */
public record ExitedCheck(String container, Integer signal) implements LessonCheck {
    public static ExitedCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        if (value.isScalar()) {
            return new ExitedCheck(scope.container(value), null);
        }
        Fields f = value.fields();
        f.allowOnly(Set.of("container", "signal"));
        Integer signal = f.optional("signal").isPresent() ? (int) f.required("signal").number() : null;
        return new ExitedCheck(scope.container(f.required("container")), signal);
    }

    @Override
    public String describe() {
        return signal == null ? Texts.get("lesson.check.exited", container)
                : Texts.get("lesson.check.exitedBy", container, ExitWords.signal(signal));
    }

    @Override
    public String view() {
        return "limits";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return CompletableFuture.supplyAsync(() -> context.container(container).map(c -> {
            boolean ended = c.state() == ContainerState.EXITED;
            boolean bySignal = signal == null || Integer.valueOf(c.exitSignal()).equals(signal);
            return CheckResult.of(ended && bySignal, ended ? Texts.get("lesson.check.exited.why", container,
                    c.messageProperty().get()) : Texts.get("lesson.check.exited.running", container,
                    c.state().label()));
        }).orElse(CheckResult.of(false, Texts.get("lesson.check.exited.never", container))));
    }
}
