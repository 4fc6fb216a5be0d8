package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.support.LiveSession;

/** The session's models driven by the real helper, without a toolkit (direct executor). */
class ContainerSessionTest {
    @RegisterExtension
    final LiveSession live = new LiveSession();

    private static void await(ContainerModel model, ContainerState state) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        model.stateProperty().addListener((o, was, now) -> {
            if (now == state) {
                reached.countDown();
            }
        });
        if (model.state() != state) {
            assertTrue(reached.await(20, TimeUnit.SECONDS), model.name() + " stayed " + model.state() + ": "
                    + model.messageProperty().get());
        }
    }

    @Test
    void keysAndATerminalSizeLeaveAContainerWithoutTerminalRunning() throws Exception {
        ContainerModel c = live.session().launch(Recipe.classic());
        await(c, ContainerState.RUNNING);
        live.session().resize(c, 30, 90);
        live.session().input(c, "x".getBytes());
        live.session().stop(c);
        await(c, ContainerState.EXITED);
        assertEquals(ExitWords.killedBy(9), c.messageProperty().get());
    }

    @Test
    void aLaunchGoesThroughEveryStateToExited() throws Exception {
        ContainerModel c = live.session().launch(Recipe.classic());
        assertEquals("otter", c.name());
        await(c, ContainerState.RUNNING);
        assertTrue(c.hostPidProperty().get() > 1);
        live.session().stop(c);
        await(c, ContainerState.EXITED);
        assertEquals(ExitWords.killedBy(9), c.messageProperty().get());
    }

    /** Default names skip the ones in use; a rename refuses what a class cannot read or another container has. */
    @Test
    void namesAreFreeReadableAndRenamable() throws Exception {
        ContainerModel first = live.session().launch(Recipe.classic(), "web");
        assertEquals("otter", live.session().nextName());
        ContainerModel second = live.session().launch(Recipe.classic());
        assertEquals("otter", second.name());
        assertEquals("panda", live.session().nextName());
        assertTrue(live.session().rename(second, "web").contains("already called web"), "another's name is refused");
        assertTrue(live.session().rename(second, "rm -rf /").contains("cannot name a container"), "a command is refused");
        assertTrue(live.session().rename(second, "").contains("cannot name a container"), "an empty name is refused");
        assertEquals("otter", second.name(), "a refused name changes nothing");
        String[] seen = new String[1];
        second.nameProperty().addListener((o, was, now) -> seen[0] = now);
        assertEquals(null, live.session().rename(second, "db-1"));
        assertEquals("db-1", second.name());
        assertEquals("db-1", seen[0], "the views follow the rename");
        assertEquals("otter", live.session().nextName(), "its old name is free again");
        await(first, ContainerState.RUNNING);
        await(second, ContainerState.RUNNING);
        live.session().stop(first);
        live.session().stop(second);
        await(first, ContainerState.EXITED);
        await(second, ContainerState.EXITED);
    }

    /** The teacher kills one process: the future says what it was, and so does the container's event. */
    @Test
    void signalProcessKillsOneOfTheContainersProcessesAndListsTheEvent() throws Exception {
        Recipe tailAndSleep = Recipe.builder().hostname("container")
                .command(List.of("/bin/sh", "-c", "tail -f /dev/null & exec sleep 300")).build();
        ContainerModel c = live.session().launch(tailAndSleep);
        await(c, ContainerState.RUNNING);
        long tail = memberNamed(c, "tail");

        SignalledProcess done = live.session().signalProcess(c, tail, 9).get(20, TimeUnit.SECONDS);
        assertEquals("tail", done.command());
        assertEquals(tail, done.hostPid());
        assertTrue(done.containerPid() > 1 && done.containerPid() != tail, done.toString());
        for (int i = 0; i < 200 && c.events().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of("the host sent SIGKILL to tail (PID " + done.containerPid() + " inside, " + tail
                + " on the host)"), c.events());

        // A host process, this test itself: refused by the helper, listed as refused, and this test lives on.
        long self = ProcessHandle.current().pid();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> live.session().signalProcess(c, self, 9).get(20, TimeUnit.SECONDS));
        HelperRefusal why = (HelperRefusal) refused.getCause();
        assertEquals("pid", why.field());
        for (int i = 0; i < 200 && c.events().size() < 2; i++) {
            Thread.sleep(10);
        }
        assertTrue(c.events().get(1).startsWith("the host's SIGKILL for PID " + self + " was refused: process " + self
                + " is not one of container "), c.events().toString());
        assertEquals(ContainerState.RUNNING, c.state(), "the container runs on");
        assertEquals(c.events(), c.timeline().stream().map(ContainerEvent::text).toList(),
                "what was done to it is in its timeline too");
    }

    /** The host PID of C's own process named COMM, from the members of its snapshot. */
    private long memberNamed(ContainerModel c, String comm) throws Exception {
        for (int tries = 0; tries < 200; tries++) {
            JsonNode answer = new HelperClient(live.helper()).snapshot(c.helperIdProperty().get())
                    .get(20, TimeUnit.SECONDS);
            for (JsonNode pid : answer.path("members")) {
                try {
                    if (Files.readString(Path.of("/proc/" + pid.asLong() + "/comm")).trim().equals(comm)) {
                        return pid.asLong();
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no " + comm + " in " + c.name());
    }

    @Test
    void aRefusalFailsTheContainerAndNamesTheField() throws Exception {
        Recipe bad = Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.UTS)).hostname("no_way")
                .command(List.of("/bin/sh")).build();
        ContainerModel c = live.session().launch(bad);
        await(c, ContainerState.FAILED);
        assertEquals("hostname", c.faultFieldProperty().get());
        assertTrue(c.messageProperty().get().contains("RFC 1123"), c.messageProperty().get());
    }

    @Test
    void anOomKillIsToldBeforeTheExit() throws Exception {
        Recipe hog = Recipe.builder().memory("32M").command(List.of("/bin/sh", "-c", "head -c 256M /dev/zero | tail"))
                .build();
        ContainerModel c = live.session().launch(hog);
        List<String> told = new CopyOnWriteArrayList<>();
        c.messageProperty().addListener((o, was, now) -> told.add(now));
        await(c, ContainerState.EXITED);
        assertEquals(2, told.size(), told.toString());
        assertTrue(told.get(0).startsWith("OOM killer: the memory limit of 32 MiB was reached"), told.get(0));
        // The OOM killer picks tail (the shell then exits 137) or, at times, the shell itself.
        assertTrue(List.of(ExitWords.exitedWith(137), ExitWords.killedBy(9)).contains(told.get(1)), told.toString());
    }

    /** Each container keeps its own events: another's OOM kill is never in the list of the one shown. */
    @Test
    void eachContainerHasItsOwnTimeline() throws Exception {
        ContainerModel quiet = live.session().launch(Recipe.classic());
        ContainerModel hog = live.session().launch(Recipe.builder().memory("32M")
                .command(List.of("/bin/sh", "-c", "head -c 256M /dev/zero | tail")).build());
        await(hog, ContainerState.EXITED);
        await(quiet, ContainerState.RUNNING);
        List<String> hogSaid = texts(hog);
        assertEquals(2, hogSaid.size(), hogSaid.toString());
        assertTrue(hogSaid.get(0).startsWith("OOM killer: "), hogSaid.toString());
        assertEquals(hog.messageProperty().get(), hogSaid.get(1));
        assertEquals(List.of(), texts(quiet), "the hog's events are not the quiet one's");

        live.session().stop(quiet);
        await(quiet, ContainerState.EXITED);
        assertEquals(List.of(ExitWords.killedBy(9)), texts(quiet));
        assertEquals(2, texts(hog).size(), "the quiet one's end is not the hog's");
        assertTrue(!hog.timeline().get(1).at().isBefore(hog.timeline().get(0).at()), "oldest first");
    }

    private static List<String> texts(ContainerModel model) {
        return model.timeline().stream().map(ContainerEvent::text).toList();
    }

    @Test
    void statesOnlyMoveForward() {
        ContainerModel c = new ContainerModel("x", Recipe.classic());
        c.launched("c1", null);
        c.started(42);
        c.exited("done", 0);
        assertThrows(IllegalStateException.class, () -> c.started(43));
    }
}
