package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.TestUser;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * The rule, tried as an attacker would: whatever runs in a container can do on the host at
 * most what its caller can do. The caller is a real user made for the test, named to the
 * helper as pkexec names it (PKEXEC_UID).
 */
class ConfinementTest {
    private static final String PERL_ROOTFS = "t-confine-perl";
    private static TestUser teacher;
    private static Path home;

    @BeforeAll
    static void aTeacherWithARootfsOfTheirOwn() throws Exception {
        teacher = TestUser.create("teach");
        TreeRemoval.remove(perlRootfs()); // an earlier run's, if it was stopped midway
        Result built = HelperCli.run("rootfs", "build", PERL_ROOTFS, "perl", "sh", "id", "ls", "cat", "chmod", "cp");
        assertEquals(0, built.exit(), built.stderr());
        // A directory others may pass through (as a home is), holding the teacher's own rootfs.
        home = Files.createTempDirectory("nsxt-home-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        copyTree(perlRootfs(), home.resolve("rootfs"));
        Files.createDirectories(home.resolve("rootfs/tmp"));
        teacher.own(home.resolve("rootfs"));
    }

    @AfterAll
    static void removeThem() throws Exception {
        if (home != null) {
            TreeRemoval.remove(home);
        }
        TreeRemoval.remove(perlRootfs());
        if (teacher != null) {
            teacher.close();
        }
    }

    private static Path perlRootfs() {
        return HelperPaths.stateDir().resolve("rootfs").resolve(PERL_ROOTFS);
    }

    private static Result asTeacher(String... args) throws Exception {
        return HelperCli.run(teacher.asCaller(), List.of(args));
    }

    @Test
    void aSetuidProgramPlantedInTheTeachersRootfsGivesNobodyMoreThanTheTeacher() throws Exception {
        Path planted = home.resolve("rootfs/planted-id");
        try {
            Result made = asTeacher("run", "--rootfs", home.resolve("rootfs").toString(), "--", "/bin/sh", "-c",
                    "cp /bin/id /planted-id && chmod 4755 /planted-id && id -u");
            assertEquals(0, made.exit(), made.stderr());
            assertEquals(List.of("0"), made.lines(), "root inside");
            assertEquals(teacher.uid(), (Integer) Files.getAttribute(planted, "unix:uid"), "the teacher's, outside");
            Process asNobody = new ProcessBuilder("runuser", "-u", "nobody", "--", planted.toString(), "-u")
                    .redirectErrorStream(true).start();
            String euid = new String(asNobody.getInputStream().readAllBytes()).trim();
            assertEquals(0, asNobody.waitFor(), euid);
            assertEquals(Integer.toString(teacher.uid()), euid, "the planted program gives the teacher's uid, no more");
        } finally {
            Files.deleteIfExists(planted);
        }
    }

    @Test
    void aRootfsOfAnotherUserIsRefusedAndNothingRuns() throws Exception {
        try (TestUser other = TestUser.create("other")) {
            Path theirs = Files.createTempDirectory(home, "theirs-");
            copyTree(home.resolve("rootfs"), theirs.resolve("rootfs"));
            other.own(theirs.resolve("rootfs"));
            Result r = asTeacher("run", "--rootfs", theirs.resolve("rootfs").toString(), "--", "/bin/sh", "-c",
                    "cp /bin/id /written");
            assertEquals(2, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("belongs to uid " + other.uid() + ", not to you (uid " + teacher.uid()
                    + ")"), r.stderr());
            assertFalse(Files.exists(theirs.resolve("rootfs/written")));
            TreeRemoval.remove(theirs);
        }
    }

    @Test
    void theDoubleChrootEscapeReachesTheHostOnlyWithTheTeachersRights() throws Exception {
        String marker = "nsxt-escape-" + ProcessHandle.current().pid();
        Path hostTmp = Path.of("/tmp", marker);
        Path hostEtc = Path.of("/etc", marker);
        // The classic escape: chroot into a subdirectory, climb out of it, chroot to where we stand.
        String escape = "mkdir '/esc'; chroot '/esc' or die \"chroot: $!\"; chdir '..' for 1..64;"
                + " chroot '.' or die \"chroot back: $!\"; chdir '/';"
                + " print((open(my $e, '>', '" + hostEtc + "') ? 'etc-written' : 'etc-refused'), \"\\n\");"
                + " print((open(my $t, '>', '" + hostTmp + "') ? 'tmp-written' : 'tmp-refused'), \"\\n\");"
                + " print((-e '/proc/1' ? 'host-proc' : 'no-proc'), \"\\n\");";
        // A script file: perl -e would open /dev/null, which a container without mounts lacks.
        Path script = Files.writeString(home.resolve("rootfs/escape.pl"), escape);
        try {
            Result r = asTeacher("run", "--rootfs", home.resolve("rootfs").toString(), "--ns", "none", "--",
                    "/usr/bin/perl", "/escape.pl");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(List.of("etc-refused", "tmp-written", "host-proc"), r.lines(), "escaped to the host's /");
            assertTrue(r.stderr().contains("root in the container is uid " + teacher.uid() + " on the host"),
                    r.stderr());
            assertEquals(teacher.uid(), (Integer) Files.getAttribute(hostTmp, "unix:uid"));
            assertFalse(Files.exists(hostEtc));
        } finally {
            Files.deleteIfExists(hostTmp);
            Files.deleteIfExists(hostEtc);
            Files.deleteIfExists(home.resolve("rootfs/esc"));
            Files.deleteIfExists(script);
        }
    }

    @Test
    void onlyRootMayMapTheContainersRootToRootOrAnotherUid() throws Exception {
        for (String uid : List.of("0", "1")) {
            Result r = asTeacher("run", "--ns", "mnt,uts,ipc,net,pid,user", "--map-root", uid, "--", "/bin/id", "-u");
            assertEquals(2, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("only root may choose that"), r.stderr());
        }
        Result own = asTeacher("run", "--ns", "mnt,uts,ipc,net,pid,user", "--map-root",
                Integer.toString(teacher.uid()), "--", "/bin/cat", "/proc/self/uid_map");
        assertEquals(0, own.exit(), own.stderr());
        assertEquals("0 " + teacher.uid() + " 1", own.stdout().trim().replaceAll("\\s+", " "));
    }

    @Test
    void withoutAPidNamespaceTheContainerSignalsOnlyTheTeachersProcesses() throws Exception {
        Process roots = new ProcessBuilder("sleep", "60").start();
        Process teachers = teacher.process("sleep", "60").start();
        try {
            long teachersSleep = awaitChild(teachers.pid(), "sleep");
            Result r = asTeacher("run", "--ns", "mnt,uts,ipc,net", "--", "/bin/sh", "-c",
                    "kill -0 " + roots.pid() + " 2>/dev/null; echo root:$?; kill -0 " + teachersSleep + "; echo own:$?;"
                            + " ps -e -o pid= | wc -l");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(List.of("root:1", "own:0"), r.lines().subList(0, 2), "refused for root's, allowed for the teacher's");
            assertTrue(Integer.parseInt(r.lines().get(2).trim()) > 10, "ps still shows the host's processes");
            assertTrue(roots.isAlive());
        } finally {
            roots.destroyForcibly();
            teachers.destroyForcibly();
        }
    }

    @Test
    void aUserNamespacesRootCannotUnmaskProcNorMakeItWritable() throws Exception {
        Result r = HelperCli.run("run", "--ns", "mnt,uts,ipc,net,pid,user", "--", "/bin/sh", "-c",
                "umount /proc/sys 2>/dev/null; echo umount:$?; umount /proc/keys 2>/dev/null; echo unmask:$?;"
                        + " mount -o remount,rw /proc/sys 2>/dev/null; echo remount:$?; wc -c < /proc/keys;"
                        + " grep -c ' /proc/sys ro,' /proc/self/mountinfo");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("umount:32", "unmask:32", "remount:32", "0", "1"), r.lines());
    }

    @Test
    void theWalkthroughsHostnameStepNeedsHostRootOrAUserNamespace() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        List<String> step = List.of("--", "/bin/sh", "-c", "hostname contenedor-a-man && hostname");
        Result plain = HelperCli.run(concat(List.of("run", "--ns", "mnt,ipc,net,pid,uts"), step));
        assertNotEquals(0, plain.exit(), "the contained root may not rename hosts: " + plain.stdout());
        Result hostRoot = HelperCli.run(concat(List.of("run", "--ns", "mnt,ipc,net,pid,uts", "--host-root"), step));
        assertEquals(0, hostRoot.exit(), hostRoot.stderr());
        assertEquals(List.of("contenedor-a-man"), hostRoot.lines());
        assertTrue(hostRoot.stderr().contains("ROOT ON THE HOST"), hostRoot.stderr());
        Result userns = HelperCli.run(concat(List.of("run", "--ns", "mnt,ipc,net,pid,uts,user"), step));
        assertEquals(List.of("contenedor-a-man"), userns.lines(), userns.stderr());
        assertEquals(hostname, Files.readString(Path.of("/proc/sys/kernel/hostname")));

        Result refused = HelperCli.run(teacher.asCaller(), concat(List.of("run", "--ns", "mnt,ipc,net,pid,uts",
                "--host-root"), step));
        assertEquals(2, refused.exit(), refused.stderr());
        assertTrue(refused.stderr().contains("hostRoot") && refused.stderr().contains("refused"), refused.stderr());
    }

    @Test
    void aContainerOnTheTeachersTerminalCannotTypeIntoTheirShell() throws Exception {
        // TIOCSTI pushes bytes into a terminal's input as if typed: on the caller's own terminal
        // the caller's shell would run them once the container ends.
        Path tiocsti = Path.of("/proc/sys/dev/tty/legacy_tiocsti");
        String legacy = Files.exists(tiocsti) ? Files.readString(tiocsti).trim() : "";
        Path dir = Files.createTempDirectory("nsxt-tty-");
        Path inject = Files.writeString(perlRootfs().resolve("tiocsti.pl"), "ioctl(STDIN, 0x5412, $_) or die"
                + " \"TIOCSTI: $!\" for split //, \"echo INJECTED\\n\"; print \"sent\\n\";");
        try {
            if (legacy.equals("0")) {
                Files.writeString(tiocsti, "1"); // as on most laptops' kernels
            }
            // What the teacher's shell reads next, within three seconds.
            Path reader = Files.writeString(dir.resolve("reader.pl"), "use POSIX; $SIG{TTOU} = 'IGNORE';"
                    + " POSIX::tcsetpgrp(0, getpgrp()); $SIG{ALRM} = sub { print \"got:nothing\\n\"; exit };"
                    + " alarm 3; my $line = <STDIN>; print \"got:$line\";");
            List<String> run = HelperCli.builder(List.of("run", "--rootfs", perlRootfs().toString(), "--",
                    "/usr/bin/perl", "/tiocsti.pl")).command();
            Path session = Files.writeString(dir.resolve("session.sh"), run.stream().map(ConfinementTest::quoted)
                    .collect(Collectors.joining(" ")) + "\nperl " + reader + "\n");
            // script(1) gives the session a terminal; its input stays open (sleep) so no end of file is typed.
            ProcessBuilder terminal = new ProcessBuilder("bash", "-c", "sleep 6 | script -qec 'bash " + session
                    + "' /dev/null").redirectErrorStream(true);
            terminal.environment().put("SHELL", "/bin/bash");
            Process p = terminal.start();
            String screen = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), screen);
            assertTrue(screen.contains("sent"), screen);
            assertTrue(screen.contains("got:nothing"), "the teacher's shell got keystrokes: " + screen);
        } finally {
            if (legacy.equals("0")) {
                Files.writeString(tiocsti, "0");
            }
            Files.deleteIfExists(inject);
            TreeRemoval.remove(dir);
        }
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The PID of COMM, a child of PARENT (runuser forks the command), once it runs. */
    private static long awaitChild(long parent, String comm) throws Exception {
        for (int i = 0; i < 200; i++) {
            var found = ProcessHandle.of(parent).stream().flatMap(ProcessHandle::children)
                    .filter(c -> c.info().command().map(cmd -> cmd.endsWith("/" + comm)).orElse(false)).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            Thread.sleep(10);
        }
        throw new AssertionError(comm + " under " + parent + " never started");
    }

    /** cp -a: owners, modes and links as they are. */
    private static void copyTree(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true).start();
        String out = new String(cp.getInputStream().readAllBytes());
        assertEquals(0, cp.waitFor(), out);
    }
}
