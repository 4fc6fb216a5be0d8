package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.ui.Texts;

/**
 * `./nsx --rehearse [LESSON...] [--report FILE]`: plays every step of the lessons in the real
 * window with "Do it for me", runs every check, writes a report (lesson, step, check, passed,
 * detail, time) and exits 0 only when everything passed. Removes the stored rootfs and layers
 * the lessons made, so a rehearsal leaves the machine as it found it.
 */
public final class Rehearsal {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final LessonController controller;
    private final HelperClient helper;
    private final List<String> ids;
    private final Path report;
    private final IntConsumer exit;
    private final ArrayNode entries = JSON.createArrayNode();
    private final List<String> made = new ArrayList<>();
    private boolean allPassed = true;

    public Rehearsal(LessonController controller, HelperClient helper, List<String> ids, Path report,
            IntConsumer exit) {
        this.controller = controller;
        this.helper = helper;
        this.ids = ids.isEmpty() ? LessonLibrary.builtInIds() : List.copyOf(ids);
        this.report = report;
        this.exit = exit;
    }

    /** On the FX thread, once the helper is ready. */
    public void start() {
        List<Lesson> lessons = new ArrayList<>();
        for (String id : ids) {
            try {
                if (!LessonLibrary.builtInIds().contains(id)) {
                    lessons.add(LessonLibrary.fromFile(Path.of(id)));
                } else {
                    lessons.add(LessonLibrary.builtIn(id, Texts.language().locale()));
                }
            } catch (LessonFileException e) {
                add(id, 0, "load", false, Texts.get("lesson.error.file", id, e.line(),
                        e.getMessage()), 0);
            } catch (IOException e) {
                add(id, 0, "load", false, Texts.get("lesson.error.read", id, e.getMessage()), 0);
            }
        }
        play(lessons, 0);
    }

    private void play(List<Lesson> lessons, int at) {
        if (at == lessons.size()) {
            removeMade().whenComplete((ok, e) -> Platform.runLater(this::finish));
            return;
        }
        Lesson lesson = lessons.get(at);
        System.err.println(Texts.get("rehearsal.lesson", lesson.id(), lesson.steps().size()));
        LessonPlayer player = controller.start(lesson);
        step(lesson, player, 0).whenComplete((done, error) -> Platform.runLater(() -> {
            AppLessonContext context = controller.end();
            CompletableFuture<Void> ended = context == null ? CompletableFuture.completedFuture(null) : context.end();
            if (context != null) {
                context.madeRootfs().stream().filter(n -> !made.contains(n)).forEach(made::add);
            }
            ended.whenComplete((ok, e) -> Platform.runLater(() -> play(lessons, at + 1)));
        }));
    }

    private CompletableFuture<Void> step(Lesson lesson, LessonPlayer player, int index) {
        long t0 = System.nanoTime();
        return player.doIt().thenCompose(record -> {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (record.phase() == LessonPlayer.Phase.FAILED) {
                add(lesson.id(), index + 1, "do", false, record.note(), millis);
            }
            for (LessonPlayer.Outcome o : record.outcomes()) {
                add(lesson.id(), index + 1, o.check().describe(), o.result().passed(), o.result().why(), millis);
            }
            System.err.println(Texts.get("rehearsal.step", index + 1, record.phase() == LessonPlayer.Phase.FAILED
                    ? "✗ " + record.note() : record.outcomes().stream().allMatch(o -> o.result().passed()) ? "✓"
                    : "✗ " + record.outcomes().stream().filter(o -> !o.result().passed()).map(o -> o.result().why())
                            .findFirst().orElse("")));
            if (index + 1 == lesson.steps().size()) {
                return CompletableFuture.completedFuture(null);
            }
            // The next step starts on the FX thread, as a click would (never on the thread that
            // happened to finish this one's last check).
            CompletableFuture<Void> rest = new CompletableFuture<>();
            Platform.runLater(() -> {
                player.next();
                step(lesson, player, index + 1).whenComplete((v, e) -> {
                    if (e != null) {
                        rest.completeExceptionally(e);
                    } else {
                        rest.complete(null);
                    }
                });
            });
            return rest;
        });
    }

    /**
     * Removes the rootfs and layers the lessons stored, newest first, once all have run: a
     * later lesson uses what an earlier one made (one debootstrap for lessons 1 and 4).
     */
    private CompletableFuture<Void> removeMade() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        List<String> newestFirst = new ArrayList<>(made);
        Collections.reverse(newestFirst);
        for (String name : newestFirst) {
            chain = chain.thenCompose(v -> helper.rootfsRemove(name)
                    .handle((answer, e) -> {
                        String error = e != null ? e.getMessage() : answer.path("type").asText().equals("error")
                                ? HelperWords.of(answer) : null;
                        if (error != null) {
                            add("cleanup", 0, name, false, error, 0);
                        }
                        return null;
                    }));
        }
        return chain;
    }

    private void add(String lesson, int step, String check, boolean passed, String detail, long millis) {
        allPassed &= passed;
        entries.addObject().put("lesson", lesson).put("step", step).put("check", check).put("passed", passed)
                .put("detail", detail).put("millis", millis).put("time", Instant.now().toString());
    }

    private void finish() {
        long failed = 0;
        for (var e : entries) {
            failed += e.path("passed").asBoolean() ? 0 : 1;
        }
        System.err.println(Texts.get("rehearsal.summary", entries.size(), failed));
        if (report != null) {
            try {
                JSON.writeValue(report.toFile(), entries);
            } catch (IOException e) {
                System.err.println(Texts.get("rehearsal.noReport", report, e.getMessage()));
                allPassed = false;
            }
        }
        exit.accept(allPassed && !entries.isEmpty() ? 0 : 1);
    }
}
