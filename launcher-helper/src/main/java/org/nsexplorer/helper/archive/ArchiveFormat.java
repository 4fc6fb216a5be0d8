package org.nsexplorer.helper.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/** The archives a rootfs comes in and goes out as: tar (plain, gzip or xz) and cpio (newc, plain or gzip). */
public enum ArchiveFormat {
    TAR_GZ(".tar.gz"), TAR_XZ(".tar.xz"), TAR(".tar"), CPIO(".cpio"), CPIO_GZ(".cpio.gz");

    private final String suffix;

    ArchiveFormat(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public boolean isCpio() {
        return this == CPIO || this == CPIO_GZ;
    }

    /** The format a file name asks for (export): .tar.gz/.tgz, .tar.xz, .tar, .cpio, .cpio.gz. */
    public static ArchiveFormat forName(String fileName) throws InvalidRequestException {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".tgz")) {
            return TAR_GZ;
        }
        for (ArchiveFormat f : values()) {
            if (name.endsWith(f.suffix)) {
                return f;
            }
        }
        throw new InvalidRequestException("file", Word.ARCHIVE_UNKNOWN_FORMAT, fileName.replaceAll("\\p{Cntrl}", "?"));
    }

    /**
     * Opens an archive by its content, whatever its name: gzip and xz by their magic
     * numbers, then tar or cpio by theirs.
     */
    public static ArchiveInputStream<?> open(InputStream raw) throws IOException {
        return reader(decompressed(raw));
    }

    /**
     * The archive's bytes, decompressed when gzip or xz say so by their magic numbers. Both
     * decoders have bounded memory: the JDK's gzip keeps a 32 KiB window and skips the
     * header's name and comment without storing them; xz would allocate whatever dictionary
     * the archive's block header asks for (up to 4 GiB), so it gets {@link XzMemory}'s limit.
     */
    public static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        if (magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z'
                && magic[3] == 'X' && magic[4] == 'Z' && magic[5] == 0) {
            return new BufferedInputStream(XzMemory.open(in), 1 << 16);
        }
        return in;
    }

    /** The tar or cpio reader of a decompressed stream (one that supports mark), by its magic. */
    public static ArchiveInputStream<?> reader(InputStream in) throws IOException {
        in.mark(8);
        byte[] inner = in.readNBytes(6);
        in.reset();
        String head = new String(inner, StandardCharsets.US_ASCII);
        if (head.equals("070701") || head.equals("070702") || head.equals("070707")) {
            return new CpioArchiveInputStream(in, "UTF-8");
        }
        return new TarArchiveInputStream(in, "UTF-8");
    }
}
