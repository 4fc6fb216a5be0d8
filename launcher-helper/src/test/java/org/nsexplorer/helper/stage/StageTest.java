package org.nsexplorer.helper.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.rootfs.DefaultRootfs;
import org.nsexplorer.helper.snapshot.ProcStat;
import org.nsexplorer.helper.support.TestUser;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The C stage on its own, with requests the Java validator would never send: the stage
 * must still refuse to follow a symlinked mount point and reject malformed fields.
 */
class StageTest {
    private final BlockingQueue<StageEvent> events = new LinkedBlockingQueue<>();
    private StageProcess stage;

    @BeforeEach
    void start() throws Exception {
        stage = StageProcess.start(HelperPaths.stageBinary(), false, events::add, () -> { });
        assertInstanceOf(StageEvent.Ready.class, events.poll(10, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        assertTrue(stage.close(10, TimeUnit.SECONDS), "the stage did not end after its request pipe closed");
    }

    @Test
    void symlinkedMountPointIsRefusedByTheStageItself(@TempDir Path tmp) throws Exception {
        Path base = new DefaultRootfs(Path.of(System.getProperty("nsx.stateDir"))).ensureBuilt();
        Path rootfs = tmp.resolve("rootfs");
        assertEquals(0, new ProcessBuilder("cp", "-a", base.toString(), rootfs.toString()).start().waitFor());
        Files.delete(rootfs.resolve("proc"));
        Files.createSymbolicLink(rootfs.resolve("proc"), Path.of("/etc"));
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));

        stage.send(StageRequest.ofFields(List.of("id=evil", "ns=mnt,pid,net,ipc", "rootfs=" + rootfs, "root=pivot",
                "mount=proc", "stdio=null", "caps=0", "path=/bin/true", "arg=true")));
        StageEvent event = events.poll(10, TimeUnit.SECONDS);
        StageEvent.Failed failed = assertInstanceOf(StageEvent.Failed.class, event);
        assertEquals("mount-point-is-symlink", failed.step());
        assertEquals("proc", failed.detail());
        assertEquals(40, failed.errno(), "ELOOP from openat2(RESOLVE_NO_SYMLINKS)");
        assertEquals(mountsBefore, Files.readString(Path.of("/proc/self/mountinfo")));
    }

    /**
     * A shell in another's container, asked of the stage directly, as a broken broker might:
     * the stage itself checks the process is the one named (its start time), that only
     * hostroot=1 keeps the host's user namespace and never with a user namespace's powers, and
     * that enteruid owns the user namespace, by the kernel's answer.
     */
    @Test
    void theStageChecksWhatAShellEntersItself() throws Exception {
        try (TestUser user = TestUser.create("stage"); TestUser other = TestUser.create("stage2")) {
            Process theirs = user.process("unshare", "--user", "--map-root-user", "--uts", "sleep", "300").start();
            Process roots = new ProcessBuilder("unshare", "--uts", "--ipc", "sleep", "300").start();
            try {
                long userPid = awaitOwnUts(theirs);
                long rootPid = awaitOwnUts(roots);
                String userStart = "enterstart=" + ProcStat.startTicks(userPid).orElseThrow();
                String rootStart = "enterstart=" + ProcStat.startTicks(rootPid).orElseThrow();
                assertEquals("enter-owner", refusal("e1", "enter=" + userPid, userStart, "enteruid=" + other.uid()));
                assertEquals("enter-host-user", refusal("e2", "enter=" + rootPid, rootStart));
                assertEquals("caps", refusal("e3", "enter=" + rootPid, rootStart, "hostroot=1", "caps=200000"));
                assertEquals("enter-host-user", refusal("e4", "enter=" + userPid, userStart, "hostroot=1"));
                assertEquals("enter", refusal("e5", "enter=" + rootPid, "enterstart=1", "hostroot=1"));
                // What the broker does send: the shell runs, then exits.
                stage.send(StageRequest.ofFields(List.of("id=ok", "ns=none", "enter=" + userPid, userStart,
                        "enteruid=" + user.uid(), "stdio=null", "caps=0", "path=/bin/true", "arg=true")));
                assertInstanceOf(StageEvent.Started.class, events.poll(10, TimeUnit.SECONDS));
                StageEvent.Exited exited = assertInstanceOf(StageEvent.Exited.class, events.poll(10, TimeUnit.SECONDS));
                assertEquals(0, exited.code());
            } finally {
                theirs.descendants().forEach(ProcessHandle::destroyForcibly);
                theirs.destroyForcibly().waitFor();
                roots.destroyForcibly().waitFor();
            }
        }
    }

    /** The step the stage names in its refusal of a shell with FIELDS. */
    private String refusal(String id, String... fields) throws Exception {
        List<String> request = new ArrayList<>(List.of("id=" + id, "ns=none", "stdio=null", "path=/bin/true",
                "arg=true"));
        request.addAll(List.of(fields));
        if (request.stream().noneMatch(f -> f.startsWith("caps="))) {
            request.add("caps=0");
        }
        stage.send(StageRequest.ofFields(request));
        StageEvent.Failed failed = assertInstanceOf(StageEvent.Failed.class, events.poll(10, TimeUnit.SECONDS));
        assertEquals(id, failed.id());
        return failed.step();
    }

    /** The sleep that P started (itself, or below runuser), once its UTS namespace is its own. */
    private static long awaitOwnUts(Process p) throws Exception {
        Path host = Files.readSymbolicLink(Path.of("/proc/self/ns/uts"));
        for (int i = 0; i < 250; i++) {
            for (ProcessHandle h : java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()),
                    p.descendants()).toList()) {
                Path dir = Path.of("/proc", Long.toString(h.pid()));
                try {
                    if (Files.readString(dir.resolve("comm")).strip().equals("sleep")
                            && !Files.readSymbolicLink(dir.resolve("ns/uts")).equals(host)) {
                        return h.pid();
                    }
                } catch (java.io.IOException e) {
                    // gone or not yet there
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("unshare made no UTS namespace below " + p.pid());
    }

    @Test
    void malformedFieldsAreRejectedByName() throws Exception {
        for (List<String> fields : List.of(
                List.of("id=a", "ns=mnt,warp", "rootfs=/x", "path=/bin/true", "arg=true"),
                List.of("id=b", "ns=mnt", "rootfs=relative", "path=/bin/true", "arg=true"),
                List.of("id=c", "ns=uts", "rootfs=/x", "root=pivot", "path=/bin/true", "arg=true"),
                List.of("id=d", "ns=mnt,user", "rootfs=/x", "uidmap=0 0 1; rm -rf /", "path=/bin/true", "arg=true"),
                List.of("id=e", "ns=mnt", "rootfs=/x", "shell=rm -rf /", "path=/bin/true", "arg=true"),
                List.of("id=f", "ns=mnt", "rootfs=/x", "cgroup=/sys/fs/cgroup/pids/user.slice", "path=/bin/true",
                        "arg=true"),
                List.of("id=g", "ns=mnt", "rootfs=/x/../..", "path=/bin/true", "arg=true"),
                List.of("id=h", "ns=mnt", "rootfs=/x", "caps=-1", "path=/bin/true", "arg=true"),
                List.of("id=i", "ns=mnt", "rootfs=/x", "caps=200000", "path=/bin/true", "arg=true"),
                List.of("id=j", "ns=mnt", "rootfs=/x", "hostname=host", "path=/bin/true", "arg=true"),
                List.of("id=../../x", "ns=mnt", "rootfs=/x", "path=/bin/true", "arg=true"),
                // Root without a user namespace, sharing the host's IPC objects or its / (chroot): refused.
                List.of("id=k", "ns=mnt,pid,net", "rootfs=/x", "root=pivot", "path=/bin/true", "arg=true"),
                List.of("id=l", "ns=mnt,pid,net,ipc", "rootfs=/x", "root=chroot", "path=/bin/true", "arg=true"),
                List.of("id=m", "ns=mnt,pid,net,ipc,user", "rootfs=/x", "uidmap=0 0 1", "gidmap=0 0 1",
                        "hostroot=1", "path=/bin/true", "arg=true"))) {
            stage.send(StageRequest.ofFields(fields));
            StageEvent.Failed failed = assertInstanceOf(StageEvent.Failed.class, events.poll(10, TimeUnit.SECONDS));
            assertEquals("request", failed.step(), fields.toString());
            assertTrue(failed.detail().startsWith("invalid field"), failed.detail());
        }
    }

    /** signal-process as the broker would never send it: the stage itself refuses, and nothing is hit. */
    @Test
    void signalProcessRefusesBadFieldsAndContainersItDoesNotRun() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            String pid = "pid=" + sleep.pid();
            for (List<String> fields : List.of(
                    List.of("op=signal-process", "id=p1", "container=c1", "pid=0", "sig=9"),
                    List.of("op=signal-process", "id=p2", "container=c1", "pid=-1", "sig=9"),
                    List.of("op=signal-process", "id=p3", "container=c1", "pid=2147483648", "sig=9"),
                    List.of("op=signal-process", "id=p4", "container=c1", "pid=99999999999999999999", "sig=9"),
                    List.of("op=signal-process", "id=p5", "container=c1", pid, "sig=0"),
                    List.of("op=signal-process", "id=p6", "container=c1", pid, "sig=65"),
                    List.of("op=signal-process", "id=p7", "container=../c1", pid, "sig=9"),
                    List.of("op=signal-process", "id=p8", pid, "sig=9"))) {
                stage.send(StageRequest.ofFields(fields));
                StageEvent.Failed failed = assertInstanceOf(StageEvent.Failed.class, events.poll(10, TimeUnit.SECONDS),
                        fields.toString());
                assertEquals("signal-process", failed.step(), fields.toString());
                assertEquals(22, failed.errno(), "EINVAL for " + fields);
            }
            // Well formed, but no container c1 runs in this stage: refused, not sent.
            stage.send(StageRequest.signalProcess("p9", "c1", sleep.pid(), 9));
            StageEvent.ProbeLine refused = assertInstanceOf(StageEvent.ProbeLine.class, events.poll(10, TimeUnit.SECONDS));
            assertEquals("refused", refused.kind());
            assertEquals(List.of("no-container"), refused.fields());
            assertTrue(assertInstanceOf(StageEvent.ProbeLine.class, events.poll(10, TimeUnit.SECONDS)).isEnd());
            Thread.sleep(100);
            assertTrue(sleep.isAlive(), "the stage signalled a process of no container");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void claimedCgroupsAreRemovedWhenNoLaunchFollows(@TempDir Path tmp) throws Exception {
        Path hierarchy = Path.of("/sys/fs/cgroup/pids");
        String name = "nsx-" + ProcessHandle.current().pid() + "-0-claim";
        Path claimed = Files.createDirectory(hierarchy.resolve(name));
        Path unclaimedLater = Files.createDirectory(hierarchy.resolve(name + "-2"));
        Path notACgroup = Files.createDirectory(tmp.resolve("nsx-1-2-3"));
        try {
            stage.send(StageRequest.claim(List.of(claimed, unclaimedLater, notACgroup)));
            stage.send(StageRequest.unclaim(List.of(unclaimedLater)));
            // The broker "dies" here: its requests end before any launch.
            assertTrue(stage.close(10, TimeUnit.SECONDS));
            assertTrue(Files.notExists(claimed), "a claimed cgroup outlived the broker");
            assertTrue(Files.exists(unclaimedLater), "an unclaimed cgroup is the broker's business");
            assertTrue(Files.exists(notACgroup), "only nsx-* directories under /sys/fs/cgroup may be removed");
        } finally {
            Files.deleteIfExists(claimed);
            Files.deleteIfExists(unclaimedLater);
            stage = StageProcess.start(HelperPaths.stageBinary(), false, events::add, () -> { }); // for @AfterEach
        }
    }

    /** A stage from another build (or one that dies at once) is refused by name, not met by a hang. */
    @Test
    void aStageSpeakingAnotherVersionIsRefusedAtStart(@TempDir Path tmp) throws Exception {
        String other = Integer.toString(StageRequest.PROTOCOL_VERSION + 1);
        for (String says : List.of("echo ready " + other + "; cat >/dev/null", "exit 0")) {
            Path fake = tmp.resolve("fake-stage");
            Files.writeString(fake, "#!/bin/sh\n" + says + "\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
            WordedIOException refused = assertThrows(WordedIOException.class,
                    () -> StageProcess.start(fake, false, e -> { }, () -> { }));
            assertEquals(Word.HELPER_STAGE_VERSION, refused.sentence().word());
            String version = says.startsWith("echo") ? other : "-1";
            assertTrue(refused.getMessage().contains("speaks protocol " + version + " "), refused.getMessage());
        }
    }
}
