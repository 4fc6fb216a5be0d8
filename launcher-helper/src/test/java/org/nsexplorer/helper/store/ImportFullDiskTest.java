package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;

/**
 * A full disk during an import: the helper's state directory is a 16 MiB tmpfs, and the
 * archives unpack to more than that. The import ends with one clear line naming the sizes,
 * the disk never fills up, and the store is left empty. On the same small store, an archive
 * of many directories (which take no space on a tmpfs) unpacks within a small heap.
 */
class ImportFullDiskTest {
    private static final long TMPFS_BYTES = 16L << 20;
    private Path stateDir;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        stateDir = Files.createTempDirectory("nsx-full-disk-");
        exec("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_BYTES + ",mode=0700", "nsxt-full-disk", stateDir.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        exec("umount", stateDir.toString());
        Files.delete(stateDir);
    }

    @Test
    void aSmallGzipBombEndsWithAClearErrorNotAFullDisk(@TempDir Path dir) throws Exception {
        // 64 MiB of zeros in one file, behind a few ordinary entries: about 70 KiB packed.
        Path bomb = dir.resolve("bomb.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(ImportLimitsTest.gzip(bomb))) {
            file(tar, "./etc/hostname", 9, (byte) 'x');
            file(tar, "./big.bin", 64L << 20, (byte) 0);
        }
        assertTrue(Files.size(bomb) < TMPFS_BYTES / 16);
        importFailsCleanly(bomb, "64.0 MiB");
    }

    @Test
    void manyFilesThatTogetherOutgrowTheStoreEndWithAClearError(@TempDir Path dir) throws Exception {
        // 40 files of 1 MiB that do not compress: each fits, together they do not.
        Path archive = dir.resolve("many.tar.gz");
        Random random = new Random(9);
        byte[] data = new byte[1 << 20];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(ImportLimitsTest.gzip(archive))) {
            for (int i = 0; i < 40; i++) {
                random.nextBytes(data);
                TarArchiveEntry e = new TarArchiveEntry("./data/file-" + i);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        assertTrue(Files.size(archive) > TMPFS_BYTES);
        importFailsCleanly(archive, "1.0 MiB");
    }

    @Test
    void manyDirectoriesUnpackInASmallHeap(@TempDir Path dir) throws Exception {
        // 60,000 directories (1.2 MB packed): remembering each one's attributes until the end took
        // about 330 bytes a directory, more than a 16 MiB heap holds. Only the current path's are kept now.
        Path archive = dir.resolve("dirs.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(ImportLimitsTest.gzip(archive))) {
            for (int i = 0; i < 60_000; i++) {
                tar.putArchiveEntry(new TarArchiveEntry(String.format("./d%02d/%05d/", i / 1000, i)));
                tar.closeArchiveEntry();
            }
        }
        List<String> command = new ArrayList<>(HelperCli.builder(stateDir, List.of("rootfs", "import",
                archive.toString(), "t-dirs")).command());
        command.replaceAll(arg -> arg.equals("-Xmx64m") ? "-Xmx16m" : arg);
        Result r = HelperCli.run(new ProcessBuilder(command));
        assertEquals(0, r.exit(), r.stderr());
        try (Stream<Path> dirs = Files.list(stateDir.resolve("rootfs/t-dirs/d59"))) {
            assertEquals(1000, dirs.count());
        }
    }

    /** Imports ARCHIVE into the tmpfs store, watching its free space meanwhile. */
    private void importFailsCleanly(Path archive, String entrySize) throws Exception {
        FileStore tmpfs = Files.getFileStore(stateDir);
        AtomicLong leastFree = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    leastFree.accumulateAndGet(tmpfs.getUsableSpace(), Math::min);
                } catch (IOException e) {
                    return;
                }
            }
        }, "free-space-watcher");
        watcher.start();
        Result r;
        try {
            r = HelperCli.run(HelperCli.builder(stateDir, List.of("rootfs", "import", archive.toString(), "t-full")));
        } finally {
            done.set(true);
            watcher.join();
        }
        assertEquals(1, r.exit(), r.stderr());
        List<String> said = r.stderr().lines().filter(l -> !l.startsWith("[")).toList();
        assertEquals(1, said.size(), r.stderr());
        String line = said.get(0);
        for (String word : List.of(entrySize, "MiB free", stateDir.resolve("rootfs").toString(), "free some space")) {
            assertTrue(line.contains(word), "'" + word + "' missing in: " + line);
        }
        assertTrue(leastFree.get() > 0, "the store's file system filled up");
        try (Stream<Path> all = Files.walk(stateDir)) {
            assertEquals(List.of(stateDir, stateDir.resolve("rootfs")), all.sorted().toList(), "left in the store");
        }
        assertEquals(TMPFS_BYTES, tmpfs.getUsableSpace(), "space still taken");
    }

    private static void file(TarArchiveOutputStream tar, String name, long size, byte fill) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        tar.putArchiveEntry(e);
        ImportLimitsTest.repeat(tar, fill, size);
        tar.closeArchiveEntry();
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
