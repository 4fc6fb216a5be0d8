package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.lessons.actions.DockerExecAction;
import org.nsexplorer.app.lessons.actions.DockerRunAction;
import org.nsexplorer.app.lessons.actions.TypeAction;
import org.nsexplorer.app.lessons.checks.DockerContainerCheck;
import org.nsexplorer.app.lessons.checks.HostnameCheck;
import org.nsexplorer.app.lessons.checks.NamespaceCheck;
import org.nsexplorer.app.lessons.checks.OutputCheck;
import org.nsexplorer.app.lessons.support.HelperLessonContext;
import org.nsexplorer.app.lessons.support.Snippets;
import org.nsexplorer.helper.support.DockerDaemon;
import org.testfx.util.WaitForAsyncUtils;

/**
 * docker-run and the docker check against a real dockerd (started on a socket of its own, as
 * the helper's Docker tests do): our busybox rootfs imported and run by Docker, found by the
 * helper with Docker's namespaces, and gone again when the lesson ends or the app is killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerLessonTest {
    private static final String TAG = Long.toString(ProcessHandle.current().pid(), 36);
    private static final String BUSYBOX = "t-dbb-" + TAG;
    /** The lesson's image file of BUSYBOX, as pack makes it (docker-run reads it). */
    private static final String TAR = "busybox-" + TAG + ".tar";
    private static final Pattern DONE = Pattern.compile("Docker's “(.+)” runs: its first process is PID (\\d+) on the "
            + "host\\.");
    private DockerDaemon docker;
    private HelperLessonContext context;

    @BeforeAll
    void startDocker() throws Exception {
        Assumptions.assumeTrue(DockerDaemon.installed() || "true".equals(System.getenv("CI")),
                "docker.io is not installed here (.ci/run installs it): no daemon to run");
        docker = DockerDaemon.start();
        System.setProperty(DockerRunner.HOST_PROPERTY, "unix://" + docker.socket());
        context = HelperLessonContext.start(true);
        String made = Snippets.run(Snippets.action("make-rootfs: {kind: busybox, name: " + BUSYBOX + "}"), context);
        assertFalse(made.startsWith("FAILED"), made);
        String packed = Snippets.run(Snippets.action("pack: {name: " + BUSYBOX + ", file: " + TAR + "}"), context);
        assertFalse(packed.startsWith("FAILED"), packed);
    }

    @AfterAll
    void stopDocker() throws Exception {
        if (context != null) {
            context.close(); // its removals go to the daemon its runs went to
        }
        System.clearProperty(DockerRunner.HOST_PROPERTY);
        if (docker != null) {
            docker.close();
        }
    }

    /** The host PID docker-run said, checked against docker inspect. */
    private long started(String said, String name) throws Exception {
        Matcher m = DONE.matcher(said);
        assertTrue(m.matches(), said);
        assertEquals(name, m.group(1));
        long pid = Long.parseLong(m.group(2));
        assertEquals(Long.toString(pid), docker.client("inspect", "--format", "{{.State.Pid}}", name).strip());
        return pid;
    }

    @Test
    void dockerRunsOurRootfsAndTheHelperFindsItWithDockersNamespaces() throws Exception {
        String name = "nsx-t-found-" + TAG;
        long pid = started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), context), name);
        Set<Namespace> five = EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.NET, Namespace.PID);
        CheckResult found = Snippets.run(new DockerContainerCheck(name, five, EnumSet.of(Namespace.USER)), context);
        assertTrue(found.passed(), found.why());
        assertTrue(found.why().contains("mnt, uts, ipc, net, pid"), found.why());
        // A check can fail: Docker makes no user namespace of its own.
        CheckResult wrong = Snippets.run(new DockerContainerCheck(name, EnumSet.of(Namespace.USER), Set.of()),
                context);
        assertFalse(wrong.passed(), wrong.why());
        assertTrue(wrong.why().endsWith("not as expected: user."), wrong.why());
        CheckResult gone = Snippets.run(new DockerContainerCheck("nsx-t-never-" + TAG, five, Set.of()), context);
        assertFalse(gone.passed(), gone.why());
        // The image is our busybox rootfs: its /bin/sh is busybox (Docker's path of it, inside the container).
        String exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
        assertTrue(exe.endsWith("/bin/busybox"), exe);
    }

    /** docker-exec: a shell of ours in Docker's container, where hostname and ps answer from inside it. */
    @Test
    void dockerExecOpensAShellInEveryNamespaceOfDockersContainer() throws Exception {
        String name = "nsx-t-exec-" + TAG;
        long pid = started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), context), name);
        String opened = Snippets.run(new DockerExecAction("inweb", name), context);
        assertFalse(opened.startsWith("FAILED"), opened);
        // docker run --hostname NAME: the shell's UTS namespace is Docker's container's.
        CheckResult hostname = Snippets.run(new HostnameCheck("inweb", name), context);
        assertTrue(hostname.passed(), hostname.why());
        CheckResult pidNs = Snippets.run(new NamespaceCheck("inweb", Namespace.PID, true), context);
        assertTrue(pidNs.passed(), pidNs.why());
        CheckResult hostUser = Snippets.run(new NamespaceCheck("inweb", Namespace.USER, false), context);
        assertTrue(hostUser.passed(), hostUser.why());
        // PID 1 in the shell's PID namespace is Docker's container's first process: busybox's sh.
        String typed = Snippets.run(new TypeAction("inweb", "cat /proc/1/comm; echo done-$((6*7))", "done-42",
                Duration.ofSeconds(20)), context);
        assertFalse(typed.startsWith("FAILED"), typed);
        CheckResult one = Snippets.run(new OutputCheck("inweb", List.of("\nsh\n"), true), context);
        assertTrue(one.passed(), one.why());
        assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))), "Docker's container runs on");
        // Without a docker-run of that name, the step says which step starts it.
        String none = Snippets.run(new DockerExecAction("nothere", "nsx-t-never-" + TAG), context);
        assertTrue(none.startsWith("FAILED") && none.contains("docker-run"), none);
    }

    /** The app killed mid-lesson: the docker client dies with it, the shell reads the end of its input, --rm removes it. */
    @Test
    void aContainerEndsWhenTheAppThatStartedItIsKilled() throws Exception {
        String name = "nsx-t-crash-" + TAG;
        started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), context), name);
        ProcessHandle client = ProcessHandle.current().descendants().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains(name)).orElse(false)).findFirst().orElseThrow();
        client.destroyForcibly();
        awaitNothingLeft(() -> docker.client("ps", "--all", "--quiet", "--filter", "name=^" + name + "$"),
                "the container of a killed client");
        // Its image is left (its tag is this app's, still alive): a docker-run of that name removes it before importing.
        String left = docker.client("images", "--quiet", "--no-trunc", DockerRunner.repositoryOf(name)).strip();
        assertFalse(left.isEmpty(), "no image left to remove: the test proves nothing");
        started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), context), name);
        assertFalse(docker.client("images", "--all", "--quiet", "--no-trunc").contains(left),
                "the image the killed app left is still there");
    }

    /** An app killed while Docker had only created its container: the next docker-run removes that and its image. */
    @Test
    void whatAnEndedAppLeftGoesAtTheNextDockerRun() throws Exception {
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        String image = "nsx-explorer-lesson/orphan:" + dead;
        docker.client("import", context.workDir().resolve(TAR).toString(), image);
        String orphan = docker.client("create", "--label", DockerRunner.LABEL + "=" + dead, image, "/bin/sh").strip();
        String name = "nsx-t-after-" + TAG;
        started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), context), name);
        assertEquals("", docker.client("ps", "--all", "--quiet", "--no-trunc", "--filter", "id=" + orphan).strip(),
                "the created container of an ended app");
        assertEquals("", docker.client("images", "--quiet", image).strip(), "the image of an ended app");
    }

    @Test
    void aLessonsEndRemovesItsContainersAndImages() throws Exception {
        String name = "nsx-t-end-" + TAG;
        try (HelperLessonContext lesson = HelperLessonContext.start(true)) {
            Files.copy(context.workDir().resolve(TAR), lesson.workDir().resolve(TAR));
            started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), lesson), name);
        }
        awaitNothingLeft(() -> docker.client("ps", "--all", "--quiet", "--filter", "name=^" + name + "$")
                + docker.client("images", "--quiet", DockerRunner.repositoryOf(name)), "the lesson's container and image");
    }

    /**
     * A lesson ended and started again at once (the teacher's End, then the same lesson): the
     * first one's removal, still under way, leaves the second one's container of the same name
     * and its image alone, and the second docker-run waits for it rather than meet the old name.
     */
    @Test
    void aLessonStartedAgainAtOnceKeepsWhatItsDockerRunStarted() throws Exception {
        String name = "nsx-t-again-" + TAG;
        HelperLessonContext first = HelperLessonContext.start(true);
        Files.copy(context.workDir().resolve(TAR), first.workDir().resolve(TAR));
        started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), first), name);
        first.close();
        try (HelperLessonContext again = HelperLessonContext.start(true)) {
            Files.copy(context.workDir().resolve(TAR), again.workDir().resolve(TAR));
            long pid = started(Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), again), name);
            Thread.sleep(3000); // the first lesson's removal has had its time
            assertEquals("true", docker.client("inspect", "--format", "{{.State.Running}}", name).strip());
            assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))), "the second lesson's container runs");
            assertFalse(docker.client("images", "--quiet", DockerRunner.repositoryOf(name)).isBlank(),
                    "the second lesson's image");
        }
        awaitNothingLeft(() -> docker.client("ps", "--all", "--quiet", "--filter", "name=^" + name + "$")
                + docker.client("images", "--quiet", DockerRunner.repositoryOf(name)), "both lessons' containers and images");
    }

    /** No pack before it: the step says which image is missing and what makes it. */
    @Test
    void withoutItsImageTheStepSaysWhatMakesIt() throws Exception {
        String said = Snippets.run(new DockerRunAction("nsx-t-noimage-" + TAG, "never-packed.tar",
                List.of("/bin/sh")), context);
        assertEquals("FAILED: There is no image never-packed.tar in this lesson: a pack step before this one makes it.",
                said);
    }

    /** A daemon that does not answer: the step says what docker said, and no docker client is left running. */
    @Test
    void withoutADaemonTheStepSaysWhatDockerSaid() throws Exception {
        String name = "nsx-t-nodaemon-" + TAG;
        System.setProperty(DockerRunner.HOST_PROPERTY, "unix:///run/nsx-test-no-docker.sock");
        try (HelperLessonContext lesson = HelperLessonContext.start(true)) {
            Files.copy(context.workDir().resolve(TAR), lesson.workDir().resolve(TAR));
            String said = Snippets.run(new DockerRunAction(name, TAR, List.of("/bin/sh")), lesson);
            assertTrue(said.startsWith("FAILED: docker import failed: ") && said.contains("nsx-test-no-docker.sock"),
                    said);
        } finally {
            System.setProperty(DockerRunner.HOST_PROPERTY, "unix://" + docker.socket());
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(name)).toList(), "docker clients of it still running");
    }

    private static void awaitNothingLeft(Callable<String> left, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> left.call().isBlank());
        } catch (TimeoutException e) {
            // said by the assertion
        }
        assertEquals("", left.call().strip(), what + ", left");
    }
}
