package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.lessons.support.Snippets.action;
import static org.nsexplorer.app.lessons.support.Snippets.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.lessons.support.HelperLessonContext;
import org.nsexplorer.app.lessons.support.Snippets;

/**
 * launch (a refusal, joining by the lesson's name, host root), stop and host-start against
 * the real helper and host: what each says it does is what the kernel then shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerActionsTest {
    private HelperLessonContext context;

    @BeforeAll
    void start() throws Exception {
        context = HelperLessonContext.start(true);
    }

    @AfterAll
    void end() {
        if (context != null) {
            context.close();
        }
    }

    private String run(String actionLine, String... names) throws Exception {
        return Snippets.run(action(actionLine, names), context);
    }

    private CheckResult result(String checkLine, String... names) throws Exception {
        return Snippets.run(check(checkLine, names), context);
    }

    private static void passes(CheckResult r, String... says) {
        assertTrue(r.passed(), r.why());
        for (String s : says) {
            assertTrue(r.why().contains(s), "“" + r.why() + "” should say " + s);
        }
    }

    private long hostPid(String name) {
        return context.container(name).orElseThrow().hostPidProperty().get();
    }

    private static String namespace(long pid, String type) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + type)).toString();
    }

    @Test
    void aRefusedLaunchFailsWithTheHelpersReason() throws Exception {
        String failed = run("launch: {as: refused, hostname: \"no_way\"}");
        assertTrue(failed.startsWith("FAILED: refused ended before it ran: "), failed);
        assertTrue(failed.contains("RFC 1123"), failed);
        assertEquals(ContainerState.FAILED, context.container("refused").orElseThrow().state());
    }

    @Test
    void launchJoinsAnotherContainerByTheLessonsName() throws Exception {
        assertEquals("", run("launch: {as: a, namespaces: [mnt, pid, uts, ipc, net], mounts: [proc]}"));
        assertEquals("", run("type: {into: a, text: \"sleep 300 & echo bg-$((1+1))\", until: bg-2}", "a"));
        // The helper knows a by its own id: the action must translate the lesson's name.
        assertNotEquals("a", context.container("a").orElseThrow().helperIdProperty().get());
        assertEquals("", run("launch: {as: b, namespaces: [mnt, uts, ipc, net], join: {container: a,"
                + " namespaces: [pid]}, mounts: [proc]}", "a"));
        assertEquals(namespace(hostPid("a"), "pid"), namespace(hostPid("b"), "pid"));
        assertNotEquals(namespace(hostPid("a"), "mnt"), namespace(hostPid("b"), "mnt"));
        passes(result("processes: {in: b, sees: sleep}", "b"), "sleep is among them");
        passes(result("namespace: {in: b, type: pid, private: yes}", "b"));

        // stop is done once the container has ended; joining one that ended is refused.
        assertEquals("", run("stop: a", "a"));
        assertEquals(ContainerState.EXITED, context.container("a").orElseThrow().state());
        String late = run("launch: {as: late, namespaces: [mnt, uts], join: {container: a, namespaces: [pid]}}",
                "a");
        assertTrue(late.startsWith("FAILED: late ended before it ran: "), late);
        assertEquals("", run("stop: b", "b"));
        assertEquals(ContainerState.EXITED, context.container("b").orElseThrow().state());
    }

    @Test
    void launchingANameAgainReplacesThatContainer() throws Exception {
        // "Do it for me" clicked twice: the lesson still has one container of that name, and the
        // first one must not run on unseen (keeping its veth's subnet, never stopped by the lesson's end).
        assertEquals("", run("launch: {as: twice, namespaces: [mnt, pid], mounts: [proc]}"));
        var first = context.container("twice").orElseThrow();
        long firstPid = first.hostPidProperty().get();
        assertEquals("", run("launch: {as: twice, namespaces: [mnt, pid], mounts: [proc]}"));
        var second = context.container("twice").orElseThrow();
        assertNotEquals(first, second);
        assertEquals(ContainerState.RUNNING, second.state());
        assertEquals(ContainerState.EXITED, first.state(), "the first twice still runs");
        assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("", run("stop: twice", "twice"));
    }

    @Test
    void hostRootIsAHostSideLaunchWithoutAUserNamespace() throws Exception {
        LessonAction launch = action("launch: {as: hr, root: chroot, namespaces: [mnt, ipc, net, pid, uts],"
                + " mounts: none, hostRoot: yes}");
        assertTrue(launch.hostSide());
        assertTrue(launch.describe().contains("an administrator must allow it"), launch.describe());
        assertFalse(action("launch: {as: hr, root: chroot, namespaces: [mnt, pid]}").hostSide());
        assertEquals("", Snippets.run(launch, context));
        passes(result("root-outside: {in: hr, is: root}", "hr"), "no user namespace");
        // The same container without hostRoot: a chroot gets a user namespace mapped to the caller.
        assertEquals("", run("launch: {as: plain, root: chroot, namespaces: [mnt, ipc, net, pid, uts], mounts: none}"));
        passes(result("root-outside: {in: plain, is: caller}", "plain"), "through a user namespace");
        assertEquals("", run("stop: hr", "hr"));
        assertEquals("", run("stop: plain", "plain"));
    }

    @Test
    void hostStartRunsOnTheHostOutsideEveryContainer() throws Exception {
        String note = run("host-start: [/bin/sleep, \"613\"]");
        Matcher pid = Pattern.compile("“/bin/sleep 613” runs on the host as PID (\\d+)\\.").matcher(note);
        assertTrue(pid.matches(), note);
        long sleeping = Long.parseLong(pid.group(1));
        assertTrue(ProcessHandle.of(sleeping).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("/bin/sleep\0" + "613\0", Files.readString(Path.of("/proc/" + sleeping + "/cmdline")));
        long self = ProcessHandle.current().pid();
        for (String type : new String[] {"pid", "mnt", "net", "uts"}) {
            assertEquals(namespace(self, type), namespace(sleeping, type), type);
        }
        // Lesson 000: a chroot in the host's PID namespace sees it, a container of its own does not.
        assertEquals("", run("launch: {as: jail, root: chroot, namespaces: [mnt], mounts: [proc]}"));
        passes(result("processes: {in: jail, atLeast: 10, sees: sleep}", "jail"), "sleep is among them");
        assertEquals("", run("launch: {as: own, namespaces: [mnt, pid], mounts: [proc]}"));
        passes(result("processes: {in: own, hidden: sleep}", "own"), "No sleep among them");
        assertEquals("", run("stop: jail", "jail"));
        assertEquals("", run("stop: own", "own"));
    }

    @Test
    void hostProcessesEndWithTheLesson() throws Exception {
        long sleeping;
        try (HelperLessonContext lesson = HelperLessonContext.start(true)) {
            String note = Snippets.run(action("host-start: [/bin/sleep, \"614\"]"), lesson);
            Matcher pid = Pattern.compile("PID (\\d+)").matcher(note);
            assertTrue(pid.find(), note);
            sleeping = Long.parseLong(pid.group(1));
            assertTrue(ProcessHandle.of(sleeping).map(ProcessHandle::isAlive).orElse(false));
        }
        assertFalse(ProcessHandle.of(sleeping).map(ProcessHandle::isAlive).orElse(false), "sleep 614 outlived it");
    }

    @Test
    void aLessonFilesHostCommandNeverRunsAsRoot() throws Exception {
        assertTrue(HelperCommand.runningAsRoot(), "these tests run as root");
        try (HelperLessonContext file = HelperLessonContext.start(false)) {
            assertEquals("FAILED: The app runs as root, and a lesson file's commands never run as root on the host:"
                    + " start the app as your own user to run this step.",
                    Snippets.run(action("host-start: [/bin/sleep, \"615\"]"), file));
        }
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                .endsWith("sleep 615")));
    }
}
