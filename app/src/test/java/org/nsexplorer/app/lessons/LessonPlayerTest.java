package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.lessons.LessonPlayer.Phase;
import org.nsexplorer.app.lessons.LessonPlayer.StepRecord;
import org.nsexplorer.app.lessons.format.LessonFormat;
import org.nsexplorer.app.lessons.support.ForwardingLessonContext;
import org.nsexplorer.app.lessons.support.HelperLessonContext;

/**
 * The player with a small lesson and real containers: "Do it for me" runs the actions, then
 * the checks; a failed action stops the step with its reason; "Check" runs only the checks;
 * each step keeps its record across Back and Next; a lesson file's host-side action waits
 * for the teacher's yes.
 */
class LessonPlayerTest {
    private static final String SMALL = """
            lesson: a small lesson
            steps:
              - say: Launch a box and ask it a sum.
                show: terminal
                do:
                  - launch: {as: box, namespaces: [mnt, pid, uts], mounts: [proc], hostname: small}
                  - type: {into: box, text: "echo sum-$((20+22))"}
                check:
                  - output: {in: box, shows: sum-42}
                  - hostname: {in: box, is: small}
                  - processes: {in: box, atMost: 2}
              - say: Look again, without doing anything.
                check:
                  - pid-one: {in: box, command: sh}
                  - hostname: {in: box, is: other}
              - say: A launch the helper refuses, then a command that must not be typed.
                do:
                  - launch: {as: bad, hostname: "no_way"}
                  - type: {into: box, text: "echo never-$((1+1))"}
                check:
                  - output: {in: box, shows: never-2}
            """;
    private static final String HOST_SIDE = """
            lesson: a lesson that starts something on the host
            steps:
              - say: A container, and a process on the host.
                do:
                  - launch: {as: side, namespaces: [mnt, pid], mounts: [proc]}
                  - host-start: [/bin/sleep, "616"]
                check:
                  - processes: {in: side, atMost: 2}
            """;
    private HelperLessonContext context;

    @AfterEach
    void end() {
        if (context != null) {
            context.close();
        }
    }

    /** LESSON played against a context of its own trust, on a direct UI executor; CONFIRM answers host-side steps. */
    private LessonPlayer play(String yaml, boolean trusted, Function<List<LessonAction>,
            CompletableFuture<Boolean>> confirm) throws Exception {
        Lesson lesson = LessonFormat.read("test", yaml, trusted);
        context = HelperLessonContext.start(trusted);
        return new LessonPlayer(lesson, context, Runnable::run, confirm);
    }

    private LessonPlayer play(String yaml) throws Exception {
        return play(yaml, true, actions -> {
            throw new AssertionError("a built-in lesson is never confirmed: " + actions);
        });
    }

    private static StepRecord done(CompletableFuture<StepRecord> step) throws Exception {
        return step.get(60, TimeUnit.SECONDS);
    }

    private static boolean sleeping(String seconds) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("")
                .endsWith("sleep " + seconds));
    }

    @Test
    void doItRunsTheActionsThenTheChecks() throws Exception {
        LessonPlayer player = play(SMALL);
        assertEquals(Phase.READY, player.recordProperty().get().phase());
        StepRecord r = done(player.doIt());
        assertEquals(Phase.DONE, r.phase(), r.note());
        assertSame(r, player.recordProperty().get());
        // The output check passes only if the type ran before it, after the launch.
        assertEquals(3, r.outcomes().size());
        assertTrue(r.allPassed(), r.outcomes().toString());
        assertTrue(r.outcomes().get(0).result().why().contains("sum-42"), r.outcomes().get(0).result().why());
        assertTrue(r.outcomes().get(1).result().why().contains("“small”"), r.outcomes().get(1).result().why());
        assertTrue(context.shown().contains("box terminal"), context.shown().toString());
    }

    /** A lesson started right after another waits, before its first action, for the one before to have ended. */
    @Test
    void noActionRunsBeforeTheLessonBeforeHasEnded() throws Exception {
        Lesson lesson = LessonFormat.read("test", SMALL, true);
        context = HelperLessonContext.start(true);
        CompletableFuture<Void> before = new CompletableFuture<>();
        LessonContext waiting = new ForwardingLessonContext(context) {
            @Override
            public CompletableFuture<Void> ready() {
                return before;
            }
        };
        CompletableFuture<StepRecord> step = new LessonPlayer(lesson, waiting, Runnable::run, actions -> {
            throw new AssertionError("a built-in lesson is never confirmed");
        }).doIt();
        Thread.sleep(1500);
        assertTrue(!step.isDone() && context.container("box").isEmpty(), "acted before the lesson before ended");
        before.complete(null);
        StepRecord r = done(step);
        assertEquals(Phase.DONE, r.phase(), r.note());
        assertTrue(r.allPassed(), r.outcomes().toString());
    }

    @Test
    void checkAloneRunsOnlyTheChecks() throws Exception {
        LessonPlayer player = play(SMALL);
        // Before "Do it for me": nothing runs, so every check fails and says why.
        StepRecord before = done(player.check());
        assertEquals(Phase.DONE, before.phase());
        assertEquals(3, before.outcomes().size());
        for (LessonPlayer.Outcome o : before.outcomes()) {
            assertFalse(o.result().passed(), o.result().why());
        }
        assertEquals("box is not running.", before.outcomes().get(1).result().why());
        assertTrue(context.container("box").isEmpty(), "check() launched box");

        done(player.doIt());
        player.next();
        StepRecord look = done(player.check());
        assertEquals(Phase.DONE, look.phase());
        assertTrue(look.outcomes().get(0).result().passed(), look.outcomes().get(0).result().why());
        assertFalse(look.outcomes().get(1).result().passed());
        assertTrue(look.outcomes().get(1).result().why().contains("“small”"), look.outcomes().get(1).result().why());
        assertFalse(look.allPassed());
    }

    @Test
    void aFailedActionStopsTheStepWithItsReason() throws Exception {
        LessonPlayer player = play(SMALL);
        done(player.doIt());
        player.next();
        player.next();
        assertEquals(2, player.indexProperty().get());
        StepRecord r = done(player.doIt());
        assertEquals(Phase.FAILED, r.phase());
        assertTrue(r.note().startsWith("bad ended before it ran: "), r.note());
        assertTrue(r.note().contains("RFC 1123"), r.note());
        assertTrue(r.outcomes().isEmpty(), "no checks after a failed action");
        assertFalse(context.screen("box").get().contains("never-2"), "the action after the failed one ran");
    }

    @Test
    void backAndNextKeepEachStepsRecord() throws Exception {
        LessonPlayer player = play(SMALL);
        assertFalse(player.hasBack());
        StepRecord first = done(player.doIt());
        player.next();
        assertEquals(1, player.indexProperty().get());
        assertEquals(Phase.READY, player.recordProperty().get().phase());
        StepRecord second = done(player.check());
        player.back();
        assertEquals(0, player.indexProperty().get());
        assertSame(first, player.recordProperty().get());
        player.next();
        assertSame(second, player.recordProperty().get());
        player.next();
        assertFalse(player.hasNext());
        assertEquals(Phase.READY, player.recordProperty().get().phase());
        player.next(); // past the end: nothing moves
        assertEquals(2, player.indexProperty().get());
    }

    @Test
    void aLessonFilesHostSideStepWaitsForTheTeachersYes() throws Exception {
        List<List<LessonAction>> asked = new CopyOnWriteArrayList<>();
        LessonPlayer player = play(HOST_SIDE, false, actions -> {
            asked.add(actions);
            return CompletableFuture.completedFuture(false);
        });
        StepRecord no = done(player.doIt());
        assertEquals(Phase.FAILED, no.phase());
        assertEquals("Not run: the host-side actions were not allowed.", no.note());
        assertEquals(1, asked.size());
        assertEquals(1, asked.get(0).size(), "only the host-side action is shown");
        assertTrue(asked.get(0).get(0).describe().contains("/bin/sleep 616"), asked.get(0).get(0).describe());
        // Nothing of the step ran: neither the host command nor the launch before it.
        assertFalse(sleeping("616"));
        assertTrue(context.container("side").isEmpty());
    }

    @Test
    void aYesStillNeverRunsALessonFilesCommandAsRoot() throws Exception {
        LessonPlayer player = play(HOST_SIDE, false, actions -> CompletableFuture.completedFuture(true));
        StepRecord yes = done(player.doIt());
        assertEquals(Phase.FAILED, yes.phase());
        assertTrue(yes.note().startsWith("The app runs as root, and a lesson file's commands never run as root"),
                yes.note());
        assertFalse(sleeping("616"));
    }

    @Test
    void aBuiltInLessonsHostSideStepRunsWithoutAsking() throws Exception {
        LessonPlayer player = play(HOST_SIDE);
        StepRecord r = done(player.doIt());
        assertEquals(Phase.DONE, r.phase(), r.note());
        assertTrue(r.note().contains("“/bin/sleep 616” runs on the host as PID"), r.note());
        assertTrue(r.allPassed(), r.outcomes().toString());
        assertTrue(sleeping("616"));
        context.close();
        context = null;
        assertFalse(sleeping("616"), "the host process outlived the lesson");
    }
}
