package org.nsexplorer.app.lessons;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.nsexplorer.app.ui.Texts;

/**
 * A lesson being followed: which step shows, and for each step what "Do it for me" did and
 * what its checks found. Holds no Nodes; properties change on the UI executor only.
 */
public final class LessonPlayer {
    /** Where a step stands: not done yet, running, done (the prediction is revealed), or failed. */
    public enum Phase { READY, RUNNING, DONE, FAILED }

    /** A check and its outcome (null while it runs). */
    public record Outcome(LessonCheck check, CheckResult result) {
    }

    /** What the class has seen of one step. */
    public record StepRecord(Phase phase, String note, List<Outcome> outcomes) {
        public StepRecord {
            outcomes = List.copyOf(outcomes);
        }

        static final StepRecord FRESH = new StepRecord(Phase.READY, "", List.of());

        public boolean allPassed() {
            return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.result() != null && o.result().passed());
        }
    }

    private final Lesson lesson;
    private final LessonContext context;
    private final Executor ui;
    private final Function<List<LessonAction>, CompletableFuture<Boolean>> confirmHostSide;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<StepRecord> record = new ReadOnlyObjectWrapper<>(StepRecord.FRESH);
    private final Map<Integer, StepRecord> records = new HashMap<>();

    /**
     * CONFIRM_HOST_SIDE is asked (on the UI thread) before an untrusted lesson's step runs
     * something on the host, with those actions; it completes with the teacher's answer.
     */
    public LessonPlayer(Lesson lesson, LessonContext context, Executor ui,
            Function<List<LessonAction>, CompletableFuture<Boolean>> confirmHostSide) {
        this.lesson = lesson;
        this.context = context;
        this.ui = ui;
        this.confirmHostSide = confirmHostSide;
    }

    public Lesson lesson() {
        return lesson;
    }

    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    public Step step() {
        return lesson.steps().get(index.get());
    }

    /** The current step's record; replaced (never mutated) as it changes. */
    public ReadOnlyObjectProperty<StepRecord> recordProperty() {
        return record.getReadOnlyProperty();
    }

    public boolean hasNext() {
        return index.get() < lesson.steps().size() - 1;
    }

    public boolean hasBack() {
        return index.get() > 0;
    }

    /** Call on the UI thread. */
    public void next() {
        if (hasNext() && record.get().phase() != Phase.RUNNING) {
            go(index.get() + 1);
        }
    }

    /** Call on the UI thread. */
    public void back() {
        if (hasBack() && record.get().phase() != Phase.RUNNING) {
            go(index.get() - 1);
        }
    }

    private void go(int to) {
        index.set(to);
        record.set(records.getOrDefault(to, StepRecord.FRESH));
    }

    /**
     * "Do it for me", on the UI thread: the step's actions one after another, then its checks.
     * Completes (never exceptionally) when all is shown.
     */
    public CompletableFuture<StepRecord> doIt() {
        if (record.get().phase() == Phase.RUNNING) {
            return CompletableFuture.completedFuture(record.get());
        }
        int at = index.get();
        Step step = step();
        set(at, new StepRecord(Phase.RUNNING, Texts.get("lesson.running"), List.of()));
        CompletableFuture<Boolean> allowed = lesson.trusted() || step.hostSideActions().isEmpty()
                ? CompletableFuture.completedFuture(true) : confirmHostSide.apply(step.hostSideActions());
        CompletableFuture<String> done = allowed.thenCompose(yes -> {
            if (!yes) {
                throw new CompletionException(new IllegalStateException(Texts.get("lesson.declined")));
            }
            // The lesson before, ended a moment ago, may still be stopping what would be this one's.
            return context.ready().thenCompose(ready -> runActions(step.actions(), 0, new ArrayList<>()));
        });
        return done.handle((note, error) -> error).thenCompose(error -> {
            if (error != null) {
                StepRecord failed = new StepRecord(Phase.FAILED, reason(error), List.of());
                ui.execute(() -> set(at, failed));
                return CompletableFuture.completedFuture(failed);
            }
            return runChecks(at, step, done.join());
        });
    }

    /**
     * "Check", on the UI thread: the step's checks against the kernel now, whether the step was
     * done for the class or typed by hand; the prediction's answer shows after it.
     */
    public CompletableFuture<StepRecord> check() {
        StepRecord now = record.get();
        if (now.phase() == Phase.RUNNING) {
            return CompletableFuture.completedFuture(now);
        }
        return runChecks(index.get(), step(), now.note());
    }

    private CompletableFuture<String> runActions(List<LessonAction> actions, int from, List<String> notes) {
        if (from == actions.size()) {
            return CompletableFuture.completedFuture(String.join("\n", notes.stream().filter(n -> !n.isEmpty())
                    .toList()));
        }
        return actions.get(from).run(context).thenCompose(note -> {
            notes.add(note);
            return runActions(actions, from + 1, notes);
        });
    }

    private CompletableFuture<StepRecord> runChecks(int at, Step step, String note) {
        List<Outcome> pending = step.checks().stream().map(c -> new Outcome(c, null)).toList();
        ui.execute(() -> set(at, new StepRecord(Phase.RUNNING, note, pending)));
        List<CompletableFuture<Outcome>> running = step.checks().stream().map(c -> c.run(context)
                .handle((result, error) -> new Outcome(c, error == null ? result
                        : CheckResult.of(false, reason(error))))).toList();
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(all -> {
            StepRecord finished = new StepRecord(Phase.DONE, note, running.stream().map(CompletableFuture::join).toList());
            ui.execute(() -> set(at, finished));
            return finished;
        });
    }

    private void set(int at, StepRecord now) {
        records.put(at, now);
        if (index.get() == at) {
            record.set(now);
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
