package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.archive.ArchiveFormat;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * Export then import gives back the same tree: names, types, modes (sticky too; setuid and
 * setgid are dropped on import, deliberately), numeric owners, symlink targets, hard links,
 * contents and times. GNU tar and cpio read what we write, as the reference.
 */
class ArchiveRoundTripTest {
    private static final String NAME = "t-roundtrip";
    private static RootfsManager manager;
    private static Path source;
    private static Path exports;

    @BeforeAll
    static void makeTree() throws IOException {
        manager = new RootfsManager(HelperPaths.stateDir(), new UserFiles(OptionalInt.empty(), OptionalInt.empty()));
        source = manager.rootfs().pathFor(NAME);
        TreeRemoval.remove(source);
        exports = Files.createTempDirectory("nsx-export");
        Files.createDirectories(source.resolve("usr/bin"));
        Files.createDirectories(source.resolve("tmp"));
        Files.setAttribute(source.resolve("tmp"), "unix:mode", 01777);
        Files.write(source.resolve("usr/bin/tool"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, (byte) 0xff});
        Files.setAttribute(source.resolve("usr/bin/tool"), "unix:mode", 04755);
        Files.writeString(source.resolve("usr/bin/empty"), "");
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        Files.writeString(source.resolve("owned by 1234 ünïcode"), "numbers only\n");
        Files.setAttribute(source.resolve("owned by 1234 ünïcode"), "unix:uid", 1234);
        Files.setAttribute(source.resolve("owned by 1234 ünïcode"), "unix:gid", 5678);
        Files.setAttribute(source.resolve("owned by 1234 ünïcode"), "unix:mode", 0640);
        Path deep = source.resolve("a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(60));
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("long-name.txt"), "beyond the 100 bytes of a plain tar name\n");
        Files.createSymbolicLink(source.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(source.resolve("absolute"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(source.resolve("dangling"), Path.of("../nowhere"));
        Files.createLink(source.resolve("usr/bin/tool-again"), source.resolve("usr/bin/tool"));
        Files.setLastModifiedTime(source.resolve("big.bin"), FileTime.fromMillis(1_000_000_000_000L));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        TreeRemoval.remove(source);
        TreeRemoval.remove(exports);
        for (String f : List.of("tar.gz", "cpio", "tar.xz")) {
            TreeRemoval.remove(manager.rootfs().dir().resolve(NAME + "-" + f.replace('.', '-')));
        }
    }

    /** Everything an archive should carry about each path, keyed by path. */
    private static Map<String, String> describe(Path tree, boolean withoutSetuid) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> inodes = new HashMap<>();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,ino,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                if (withoutSetuid && (mode & 0170000) != 0040000) {
                    mode &= ~06000;
                }
                StringBuilder d = new StringBuilder(Integer.toOctalString(mode))
                        .append(' ').append(a.get("uid")).append(':').append(a.get("gid"));
                String rel = tree.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    d.append(" -> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    d.append(' ').append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                    d.append(" @").append(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000);
                    if ((Integer) a.get("nlink") > 1) {
                        d.append(" linked with ").append(inodes.computeIfAbsent(a.get("ino"), k -> rel));
                    }
                }
                out.put(rel, d.toString());
            }
        }
        return out;
    }

    /** The mode an archive records for NAME, read back with our own reader. */
    private static int archivedMode(Path archive, String name) throws IOException {
        try (var in = ArchiveFormat.open(Files.newInputStream(archive))) {
            ArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return e instanceof TarArchiveEntry t ? t.getMode() & 07777
                            : (int) ((CpioArchiveEntry) e).getMode() & 07777;
                }
            }
        }
        throw new AssertionError(name + " is not in " + archive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar.gz", "cpio", "tar.xz"})
    void exportThenImportGivesTheSameTree(String format) throws Exception {
        Path archive = exports.resolve("tree." + format);
        manager.export(NAME, archive, Progress.NONE);
        String copyName = NAME + "-" + format.replace('.', '-');
        RootfsManager.Made copy = manager.importArchive(archive, copyName, Progress.NONE);
        assertEquals(describe(source, true), describe(copy.path(), false));
        assertTrue(copy.summary().contains("1 hard links"), copy.summary());
        assertTrue(copy.summary().contains("setuid/setgid bits dropped from 1 programs"), copy.summary());
        assertEquals(0755, (Integer) Files.getAttribute(copy.path().resolve("usr/bin/tool"), "unix:mode") & 07777);
        // The archive itself keeps the bit: only the import drops it.
        assertEquals(04755, archivedMode(archive, "./usr/bin/tool"));

        // The reference tools read it too.
        List<String> list = format.startsWith("tar") ? List.of("tar", "-tf", archive.toString())
                : List.of("sh", "-c", "cpio -it --quiet < \"$1\"", "sh", archive.toString());
        Process p = new ProcessBuilder(list).redirectErrorStream(true).start();
        String names = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), names);
        assertTrue(names.contains("./usr/bin/tool-again"), names);
        assertTrue(names.contains("long-name.txt"), names);
    }
}
