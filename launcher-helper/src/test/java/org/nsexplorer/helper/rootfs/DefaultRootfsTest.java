package org.nsexplorer.helper.rootfs;

import java.util.Optional;
import org.nsexplorer.helper.elf.ElfFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.TreeRemoval;

/** Builds real rootfs directories from the host's programs and runs programs inside them with chroot. */
class DefaultRootfsTest {

    @TempDir
    static Path sharedState;

    private static Path root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildTheDefaultRootfsOnce() throws IOException {
        long start = System.nanoTime();
        root = new DefaultRootfs(sharedState).ensureBuilt();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        try (Stream<Path> files = Files.walk(root)) {
            System.out.printf("default rootfs built in %d ms: %d entries, %.1f MiB%n",
                    ms, files.count(), du(root) / 1048576.0);
        }
    }

    @Test
    void runsProgramsInsideWithTheirLibrariesAndNoLdSoCache() throws Exception {
        assertTrue(Files.notExists(root.resolve("etc/ld.so.cache")), "the default dirs need no cache");
        Chroot.Result r = Chroot.run(root, "/bin/sh", "-c",
                "ls / >/tmp/ls.out && id -u && id -un && hostname && cat /etc/os-release | head -n 1 && echo ok");
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = r.output().lines().toList();
        assertEquals(List.of("0", "root", hostHostname(),
                "NAME=\"Namespace Explorer default rootfs\"", "ok"), lines);
        String listing = Files.readString(root.resolve("tmp/ls.out"));
        for (String top : List.of("bin", "etc", "lib", "proc", "usr", "tmp")) {
            assertTrue(listing.lines().anyMatch(top::equals), listing);
        }
        Files.delete(root.resolve("tmp/ls.out"));
    }

    @Test
    void everyRequiredProgramIsPresentAndRuns() throws Exception {
        for (String name : DefaultRootfs.REQUIRED_PROGRAMS) {
            Path p = root.resolve("usr/bin").resolve(name);
            assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(0755, (Integer) Files.getAttribute(p, "unix:mode") & 07777, name);
        }
        Map<String, String[]> harmless = new LinkedHashMap<>();
        harmless.put("sh", new String[] {"/bin/sh", "-c", "true"});
        harmless.put("ip", new String[] {"/sbin/ip", "-V"});
        harmless.put("top", new String[] {"top", "-v"});
        for (String name : DefaultRootfs.REQUIRED_PROGRAMS) {
            String[] argv = harmless.getOrDefault(name, new String[] {"/usr/bin/" + name, "--version"});
            Chroot.Result r = Chroot.runWithProc(root, argv); // ps --version, for one, needs /proc
            assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.output());
        }
        // The optional programs that were found load too (whatever their exit code for --version).
        for (String name : DefaultRootfs.OPTIONAL_PROGRAMS) {
            if (Files.exists(root.resolve("usr/bin").resolve(name))) {
                Chroot.Result r = Chroot.runWithProc(root, "/usr/bin/" + name, "--version");
                assertFalse(r.output().contains("error while loading shared libraries"), name + ": " + r.output());
            }
        }
    }

    @Test
    void hasTheMergedUsrLayoutAndBaseFiles() throws IOException {
        for (String[] link : new String[][] {{"bin", "usr/bin"}, {"sbin", "usr/bin"}, {"lib", "usr/lib"}}) {
            assertEquals(Path.of(link[1]), Files.readSymbolicLink(root.resolve(link[0])));
        }
        Path interpreter = Path.of(ElfFile.read(Path.of("/bin/ls")).interpreter().orElseThrow());
        assertTrue(Files.isRegularFile(root.resolve(Path.of("/").relativize(interpreter))),
                "interpreter at " + interpreter);
        if (interpreter.startsWith("/lib64")) {
            assertEquals(Path.of("usr/lib64"), Files.readSymbolicLink(root.resolve("lib64")));
        }
        assertEquals(01777, mode("tmp"));
        assertEquals(0700, mode("root"));
        assertEquals(0755, mode(""));
        for (String dir : List.of("proc", "sys", "dev", "run", "etc")) {
            assertEquals(0755, mode(dir), dir);
        }
        assertTrue(Files.readString(root.resolve("etc/passwd")).startsWith("root:x:0:0:root:/root:/bin/sh\n"));
        assertTrue(Files.readString(root.resolve("etc/passwd")).contains("nobody:x:65534:65534:"));
        assertTrue(Files.readString(root.resolve("etc/group")).contains("nogroup:x:65534:"));
        assertTrue(Files.readString(root.resolve("etc/hosts")).contains("127.0.0.1\tlocalhost"));
        assertTrue(Files.readString(root.resolve("etc/nsswitch.conf")).contains("hosts: files"));
        for (Path rel : Terminfo.findOnHost().keySet()) {
            assertTrue(Files.isRegularFile(root.resolve("usr/share/terminfo").resolve(rel)), rel.toString());
        }
        assertTrue(Files.isRegularFile(root.resolve("usr/share/terminfo/x/xterm")) || Terminfo.findOnHost().isEmpty());
    }

    @Test
    void holdsTheLessonProgramRootsAndNotSetuidAndItStartsInside() throws Exception {
        Path escape = root.resolve("usr/local/bin/chroot-escape");
        assertTrue(Files.isRegularFile(escape, LinkOption.NOFOLLOW_LINKS), "built beside the stage: " + escape);
        assertEquals(0, (Integer) Files.getAttribute(escape, "unix:uid"));
        assertEquals(0, (Integer) Files.getAttribute(escape, "unix:gid"));
        assertEquals(0755, (Integer) Files.getAttribute(escape, "unix:mode") & 07777);
        assertEquals(0755, mode("usr/local/bin"));
        // Static: it starts inside with no library copied for it. (--help only: here a real try would escape.)
        Chroot.Result help = Chroot.run(root, "/usr/local/bin/chroot-escape", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().startsWith("Usage: chroot-escape [CMD ARG...]"), help.output());
    }

    @Test
    void aMissingLessonProgramIsLeftOutAndItsArrivalRebuilds() throws Exception {
        Path built = HelperPaths.stageBinary().resolveSibling("chroot-escape");
        assumeTrue(Files.isRegularFile(built), "needs the build's chroot-escape");
        Path hostBin = Files.createDirectory(tmp.resolve("host-bin"));
        Path state = tmp.resolve("state");
        Map<String, Path> lessons = Map.of("chroot-escape", hostBin.resolve("chroot-escape"),
                "not-static", hostBin.resolve("not-static"));
        DefaultRootfs rootfs = new DefaultRootfs(state, List.of("sh"), List.of(), DefaultRootfs.HOST_SEARCH_PATH,
                lessons);

        Path dir = rootfs.ensureBuilt(); // neither is there: the rootfs builds without them
        assertTrue(Files.isRegularFile(dir.resolve("usr/bin/sh")));
        assertTrue(Files.notExists(dir.resolve("usr/local/bin/chroot-escape")));
        Object without = inode(dir);

        // A dynamic program would find none of its libraries inside: it stays out, watched.
        Files.copy(Path.of("/bin/true"), hostBin.resolve("not-static"));
        Object withDynamic = inode(rootfs.ensureBuilt());
        assertNotEquals(without, withDynamic, "a new file where a lesson program was missing: rebuilt");
        assertTrue(Files.notExists(dir.resolve("usr/local/bin/not-static")));

        Files.copy(built, hostBin.resolve("chroot-escape"));
        Object withEscape = inode(rootfs.ensureBuilt());
        assertNotEquals(withDynamic, withEscape, "the program appeared: rebuilt");
        assertEquals(Files.size(built), Files.size(dir.resolve("usr/local/bin/chroot-escape")));
        assertEquals(0755, (Integer) Files.getAttribute(dir.resolve("usr/local/bin/chroot-escape"), "unix:mode")
                & 07777);
        assertEquals(withEscape, inode(rootfs.ensureBuilt()), "unchanged: no rebuild");
    }

    @Test
    void aRootfsBuiltBeforeTheLessonProgramsIsRebuiltWithThem() throws Exception {
        Path built = HelperPaths.stageBinary().resolveSibling("chroot-escape");
        assumeTrue(Files.isRegularFile(built), "needs the build's chroot-escape");
        Path state = tmp.resolve("state");
        Path old = small(state, DefaultRootfs.HOST_SEARCH_PATH, "sh").ensureBuilt();
        Object before = inode(old);
        Path now = new DefaultRootfs(state, List.of("sh"), List.of(), DefaultRootfs.HOST_SEARCH_PATH,
                Map.of("chroot-escape", built)).ensureBuilt();
        assertNotEquals(before, inode(now), "the manifest's header names the lesson programs: rebuilt");
        assertTrue(Files.isRegularFile(now.resolve("usr/local/bin/chroot-escape")));
    }

    @Test
    void topDrawsOneFrameWithTheCopiedTerminfoAndPsSeesTheNamespace() throws Exception {
        Chroot.Result r = Chroot.runWithProc(root, "/bin/sh", "-c", "TERM=xterm top -b -n 1 | head -n 1; ps -e");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("top - "), r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.matches("\\s*1 .* sh")), "sh is PID 1: " + r.output());
    }

    @Test
    void interactiveTopFindsItsTerminfoEntry() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
        // script(1) takes one command string; the paths in it are JUnit temp dirs, without spaces.
        String top = "unshare --pid --fork --mount-proc=" + root.resolve("proc") + " chroot " + root + " top -n 1";
        for (String term : List.of("xterm-256color", "nsx-unknown-terminal")) {
            ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", top, "/dev/null")
                    .redirectErrorStream(true);
            pb.environment().put("TERM", term);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (term.equals("xterm-256color")) {
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("\033[H\033[2J") && out.contains("top - "), "drew a screen: " + out);
            } else {
                assertFalse(out.contains("top - "), "without a terminfo entry top cannot draw: " + out);
            }
        }
    }

    @Test
    void aSecondCallWithNothingChangedDoesNotRebuildAndIsFast() throws IOException {
        DefaultRootfs rootfs = new DefaultRootfs(sharedState);
        Path manifest = sharedState.resolve("rootfs/default.manifest");
        Object inode = Files.getAttribute(root, "unix:ino");
        FileTime written = Files.getLastModifiedTime(manifest);

        long start = System.nanoTime();
        assertEquals(root, rootfs.ensureBuilt());
        long first = System.nanoTime() - start;
        long[] times = new long[300];
        for (int i = 0; i < times.length; i++) {
            start = System.nanoTime();
            rootfs.ensureBuilt();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        System.out.printf("freshness check (%d manifest lines): first call %.2f ms, then median %.2f ms, max %.2f ms%n",
                Files.readAllLines(manifest).size(), first / 1e6, times[times.length / 2] / 1e6,
                times[times.length - 1] / 1e6);

        assertEquals(inode, Files.getAttribute(root, "unix:ino"));
        assertEquals(written, Files.getLastModifiedTime(manifest));
    }

    @Test
    void rebuildsWhenASourceProgramChanges() throws Exception {
        Path hostBin = Files.createDirectory(tmp.resolve("host-bin"));
        Path myTrue = Files.copy(Path.of("/bin/true"), hostBin.resolve("mytrue"));
        Path state = tmp.resolve("state");
        DefaultRootfs rootfs = small(state, List.of(hostBin, Path.of("/usr/bin")), "sh", "mytrue");

        Path dir = rootfs.ensureBuilt();
        Object built = inode(dir);
        assertEquals(built, inode(rootfs.ensureBuilt()), "unchanged: no rebuild");

        Files.write(myTrue, new byte[] {0}, StandardOpenOption.APPEND);
        Object afterAppend = inode(rootfs.ensureBuilt());
        assertNotEquals(built, afterAppend, "appended a byte: rebuilt");
        assertEquals(Files.size(myTrue), Files.size(dir.resolve("usr/bin/mytrue")));
        assertEquals(0, Chroot.run(dir, "/bin/mytrue").exitCode());

        Files.setLastModifiedTime(myTrue, FileTime.from(Instant.now().plusSeconds(10)));
        Object afterTouch = inode(rootfs.ensureBuilt());
        assertNotEquals(afterAppend, afterTouch, "touched: rebuilt");

        // A crashed build leaves a .building-* directory; the next build removes it.
        Path crashed = Files.createDirectory(state.resolve("rootfs/.building-crashed"));
        Files.writeString(crashed.resolve("half-copied"), "x");
        // An sh appearing earlier on the search path changes what "sh" means.
        Files.copy(Path.of("/bin/sh"), hostBin.resolve("sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Object afterNewSh = inode(rootfs.ensureBuilt());
        assertNotEquals(afterTouch, afterNewSh, "new sh earlier on the path: rebuilt");
        assertTrue(Files.notExists(crashed));

        assertEquals(3, children(state.resolve("rootfs"), ".retired-*").size(),
                "replaced rootfs directories are kept until removeRetired");
        rootfs.removeRetired();
        assertEquals(List.of(), children(state.resolve("rootfs"), ".retired-*"));
        assertEquals(afterNewSh, inode(rootfs.ensureBuilt()));
    }

    @Test
    void aLaunchUsesTheLastCheckedRootfsAndTheCheckAfterItBringsAChangeIn() throws Exception {
        Path hostBin = Files.createDirectory(tmp.resolve("host-bin"));
        Path myTrue = Files.copy(Path.of("/bin/true"), hostBin.resolve("mytrue"));
        DefaultRootfs rootfs = small(tmp.resolve("state"), List.of(hostBin, Path.of("/usr/bin")), "sh", "mytrue");
        Path dir = rootfs.forLaunch();
        Object built = inode(dir);

        Files.write(myTrue, new byte[] {0}, StandardOpenOption.APPEND);
        assertEquals(dir, rootfs.forLaunch());
        assertEquals(built, inode(dir), "the launch did not wait for a check of the host's files");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (built.equals(inode(dir)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertNotEquals(built, inode(dir), "the check after that launch rebuilt it");
        assertEquals(Files.size(myTrue), Files.size(rootfs.forLaunch().resolve("usr/bin/mytrue")));

        // Gone (removed by hand, say): the launch builds it again itself.
        TreeRemoval.remove(dir);
        assertEquals(0, Chroot.run(rootfs.forLaunch(), "/bin/mytrue").exitCode());
    }

    @Test
    void aMissingRequiredProgramIsNamedWithItsPackage() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));
        IOException e = assertThrows(IOException.class,
                () -> small(tmp.resolve("s1"), List.of(Path.of("/usr/bin")), "sh", "nsx-no-such-program")
                        .ensureBuilt());
        assertTrue(e.getMessage().contains("'nsx-no-such-program'"), e.getMessage());

        e = assertThrows(IOException.class, () -> small(tmp.resolve("s2"), List.of(emptyBin), "ip").ensureBuilt());
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("'ip'") && e.getMessage().contains("iproute2"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("s2/rootfs/default")));
    }

    @Test
    void concurrentCallersInThreadsAndProcessesGetOneBuild() throws Exception {
        Path state = tmp.resolve("state");
        String programs = "sh,ls,cat";
        List<Process> others = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            others.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), BuildInAnotherProcess.class.getName(),
                    state.toString(), programs).inheritIO().start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Callable<Path> build = () -> {
                go.await();
                return small(state, DefaultRootfs.HOST_SEARCH_PATH, programs.split(",")).ensureBuilt();
            };
            Future<Path> a = pool.submit(build);
            Future<Path> b = pool.submit(build);
            go.countDown();
            assertEquals(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        for (Process p : others) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        Path dir = state.resolve("rootfs");
        // A second build would have retired the first rootfs.
        assertEquals(List.of(), children(dir, ".retired-*"));
        assertEquals(List.of(), children(dir, ".building-*"));
        Chroot.Result r = Chroot.run(dir.resolve("default"), "/bin/sh", "-c", "ls /usr/bin && cat /etc/hosts");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("cat", "ls", "sh"), r.output().lines().limit(3).toList());
    }

    @Test
    void librariesFoundThroughRunpathAndRpathWorkInside() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "needs gcc");
        Path host = tmp.resolve("host");
        Path lib = Files.createDirectories(host.resolve("lib"));
        Path bin = Files.createDirectories(host.resolve("bin"));
        Path src = Files.writeString(tmp.resolve("greet.c"),
                "const char *greeting(void) { return \"hello from libgreet\"; }\n");
        Path main = Files.writeString(tmp.resolve("main.c"),
                "#include <stdio.h>\nconst char *greeting(void);\nint main(void) { puts(greeting()); return 0; }\n");
        gcc("-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", lib.resolve("libgreet.so.1").toString(),
                src.toString());
        gcc("-o", bin.resolve("greet-runpath").toString(), main.toString(), "-L" + lib, "-l:libgreet.so.1",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib");
        gcc("-o", bin.resolve("greet-rpath").toString(), main.toString(), "-L" + lib, "-l:libgreet.so.1",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib");
        assertEquals(Optional.of("$ORIGIN/../lib"), ElfFile.read(bin.resolve("greet-runpath")).runpath());
        assertEquals(Optional.of("$ORIGIN/../lib"), ElfFile.read(bin.resolve("greet-rpath")).rpath());

        Path dir = small(tmp.resolve("state"), List.of(bin, Path.of("/usr/bin")), "sh", "greet-runpath", "greet-rpath")
                .ensureBuilt();

        // Inside, $ORIGIN is /usr/bin: the library sits in usr/local/lib and ld.so.cache points there.
        assertTrue(Files.isRegularFile(dir.resolve("usr/local/lib/libgreet.so.1")));
        assertTrue(Files.isRegularFile(dir.resolve("etc/ld.so.cache")));
        for (String program : List.of("/bin/greet-runpath", "/bin/greet-rpath")) {
            Chroot.Result r = Chroot.run(dir, program);
            assertEquals(new Chroot.Result(0, "hello from libgreet\n"), r, program);
        }
    }

    private static DefaultRootfs small(Path state, List<Path> searchPath, String... required) {
        return new DefaultRootfs(state, List.of(required), List.of(), searchPath);
    }

    private static void gcc(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("gcc"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", argv));
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }

    private static int mode(String rel) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(rel), "unix:mode") & 07777;
    }

    private static List<Path> children(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        }
        return found;
    }

    private static String hostHostname() throws IOException {
        return new String(new ProcessBuilder("hostname").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
    }

    private static long du(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
