package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.TreeRemoval;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Archives that claim more than a rootfs needs (a symlink target of gigabytes, a name of
 * hundreds of MiB, a 1 GiB xz dictionary) are refused with one clear line by the real
 * command line, whose heap is 64 MiB as ./nsx-helper's: without allocating what they claim,
 * and leaving nothing in the store.
 */
class ImportLimitsTest {
    private static final Path STORE = HelperPaths.stateDir().resolve("rootfs");
    private static final String NAME = "t-limits";
    /** More than the helper's whole heap: reading it into memory fails with OutOfMemoryError. */
    private static final long HUGE = 192L << 20;

    @AfterEach
    void removeTestTree() throws IOException {
        TreeRemoval.remove(STORE.resolve(NAME));
    }

    @Test
    void aCpioSymlinkClaimingGigabytesIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("evil-link.cpio.gz");
        try (OutputStream out = gzip(archive)) {
            cpioHeader(out, "bin", 0040755, 0);
            // A symlink whose target is said to be 4 GiB - 1 long, and really is 192 MiB of 'a' before the end.
            cpioHeader(out, "bin/evil", 0120777, 0xFFFFFFFFL);
            repeat(out, (byte) 'a', HUGE);
        }
        Result r = HelperCli.run("rootfs", "import", archive.toString(), NAME);
        assertRefusedLeavingNothing(r, "symlink", "bin/evil", "4095");
    }

    @Test
    void aTarLongLinkOrPaxNameOfHundredsOfMegabytesIsRefused(@TempDir Path dir) throws Exception {
        Path longLink = dir.resolve("long-link.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip(longLink))) {
            // GNU tar's long link name: a 'K' entry whose data is the next entry's link target.
            TarArchiveEntry k = new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGLINK);
            k.setSize(HUGE);
            tar.putArchiveEntry(k);
            repeat(tar, (byte) 'a', HUGE);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("./evil", TarConstants.LF_SYMLINK);
            link.setLinkName("short");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertRefusedLeavingNothing(HelperCli.run("rootfs", "import", longLink.toString(), NAME), "256 KiB");

        Path paxName = dir.resolve("pax-name.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip(paxName))) {
            // A PAX record "LEN path=aaaa...\n" of 192 MiB: LEN counts its own digits too.
            long value = HUGE;
            long length = value + " path=\n".length();
            length += Long.toString(length + Long.toString(length).length()).length();
            TarArchiveEntry x = new TarArchiveEntry("./PaxHeaders/evil", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            x.setSize(length);
            tar.putArchiveEntry(x);
            tar.write((length + " path=").getBytes(StandardCharsets.US_ASCII));
            repeat(tar, (byte) 'a', value);
            tar.write('\n');
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("./short");
            tar.putArchiveEntry(file);
            tar.closeArchiveEntry();
        }
        assertRefusedLeavingNothing(HelperCli.run("rootfs", "import", paxName.toString(), NAME), "256 KiB");
    }

    @Test
    void anXzArchiveWhoseDictionaryNeedsMoreMemoryThanTheLimitIsRefusedAndTheDefaultOneWorks(@TempDir Path dir)
            throws Exception {
        byte[] tar = smallTar();
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options(6))) {
            out.write(tar);
        }
        Path normal = Files.write(dir.resolve("normal.tar.xz"), xz.toByteArray());
        Result ok = HelperCli.run("rootfs", "import", normal.toString(), NAME);
        assertEquals(0, ok.exit(), ok.stderr());
        assertEquals("hello\n", Files.readString(STORE.resolve(NAME).resolve("hello.txt")));
        TreeRemoval.remove(STORE.resolve(NAME));

        // The same stream with a block header that asks for a 1 GiB dictionary (xz can, up to 4 GiB).
        byte[] greedy = xz.toByteArray();
        int block = 12; // after the stream header: size, flags, filter id 0x21 (LZMA2), 1 property byte
        assertEquals(List.of(0x21, 0x01), List.of(greedy[block + 2] & 0xff, greedy[block + 3] & 0xff));
        greedy[block + 4] = 36; // dictionary size 2 << (36 / 2 + 11) = 1 GiB
        int headerSize = ((greedy[block] & 0xff) + 1) * 4;
        CRC32 crc = new CRC32();
        crc.update(greedy, block, headerSize - 4);
        for (int i = 0; i < 4; i++) {
            greedy[block + headerSize - 4 + i] = (byte) (crc.getValue() >>> (8 * i));
        }
        Path evil = Files.write(dir.resolve("greedy.tar.xz"), greedy);
        assertRefusedLeavingNothing(HelperCli.run("rootfs", "import", evil.toString(), NAME), "1024 MiB",
                "xz -6");
    }

    /** One line (after any progress lines) saying why, no stack trace; no rootfs and no work directory kept. */
    static void assertRefusedLeavingNothing(Result r, String... words) throws IOException {
        assertEquals(1, r.exit(), r.stderr());
        List<String> said = r.stderr().lines().filter(l -> !l.startsWith("[")).toList();
        assertEquals(1, said.size(), "one line, no stack trace: " + r.stderr());
        for (String word : words) {
            assertTrue(said.get(0).contains(word), "'" + word + "' missing in: " + said.get(0));
        }
        assertFalse(Files.exists(STORE.resolve(NAME)));
        try (Stream<Path> s = Files.list(STORE)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.contains("-" + NAME + "-"))
                    .toList(), "a work directory was left in the store");
        }
    }

    static OutputStream gzip(Path file) throws IOException {
        return new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    static void repeat(OutputStream out, byte value, long count) throws IOException {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, value);
        for (long left = count; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }

    /** A newc (070701) header for NAME, written by hand: the size field says whatever we want. */
    private static void cpioHeader(OutputStream out, String name, int mode, long claimedSize) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        long[] fields = {1, mode, 0, 0, 1, 0, claimedSize, 0, 0, 0, 0, n.length, 0};
        StringBuilder header = new StringBuilder("070701");
        for (long f : fields) {
            header.append(String.format("%08X", f));
        }
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(n);
        out.write(new byte[(4 - (110 + n.length) % 4) % 4]);
    }

    private static byte[] smallTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("./hello.txt");
            e.setSize(hello.length);
            tar.putArchiveEntry(e);
            tar.write(hello);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
