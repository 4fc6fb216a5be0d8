package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperConnection;

/** The session's models driven by the real helper, without a toolkit (direct executor). */
class ContainerSessionTest {
    private ContainerSession session;
    private HelperConnection helper;

    @BeforeEach
    void connect() throws Exception {
        session = new ContainerSession(Runnable::run);
        helper = HelperConnection.start(HelperCommand.choose(Path.of(System.getProperty("nsx.helper")),
                HelperCommand.runningAsRoot(), false).orElseThrow(), session);
        session.attach(helper);
    }

    @AfterEach
    void close() {
        helper.close();
    }

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
        ContainerModel c = session.launch(Recipe.classic());
        await(c, ContainerState.RUNNING);
        session.resize(c, 30, 90);
        session.input(c, "x".getBytes());
        session.stop(c);
        await(c, ContainerState.EXITED);
        assertEquals("killed by signal 9", c.messageProperty().get());
    }

    @Test
    void aLaunchGoesThroughEveryStateToExited() throws Exception {
        ContainerModel c = session.launch(Recipe.classic());
        assertEquals("alpha", c.name());
        await(c, ContainerState.RUNNING);
        assertTrue(c.hostPidProperty().get() > 1);
        session.stop(c);
        await(c, ContainerState.EXITED);
        assertEquals("killed by signal 9", c.messageProperty().get());
    }

    @Test
    void aRefusalFailsTheContainerAndNamesTheField() throws Exception {
        Recipe bad = new Recipe(null, Set.of("mnt", "uts"), "no_way", null, null, null, null, null,
                List.of("/bin/sh"));
        ContainerModel c = session.launch(bad);
        await(c, ContainerState.FAILED);
        assertEquals("hostname", c.faultFieldProperty().get());
        assertTrue(c.messageProperty().get().contains("RFC 1123"), c.messageProperty().get());
    }

    @Test
    void anOomKillIsToldBeforeTheExit() throws Exception {
        Recipe hog = new Recipe(null, Set.of("mnt", "uts", "ipc", "net", "pid"), null, "32M", null, null, null, null,
                List.of("/bin/sh", "-c", "head -c 256M /dev/zero | tail"));
        ContainerModel c = session.launch(hog);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.messageProperty().addListener((o, was, now) -> told.add(now));
        await(c, ContainerState.EXITED);
        assertEquals(2, told.size(), told.toString());
        assertEquals("OOM killer: the memory limit of 32 MiB was reached", told.get(0));
        // The OOM killer picks tail (the shell then exits 137) or, at times, the shell itself.
        assertTrue(List.of("exited with status 137", "killed by signal 9").contains(told.get(1)), told.toString());
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
