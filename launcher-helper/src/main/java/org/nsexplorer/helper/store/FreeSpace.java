package org.nsexplorer.helper.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Keeps a file system from filling up while a tree is unpacked into it: each entry is
 * counted against the free space, less a margin, before it is written, so a small archive
 * that expands to more than the disk holds (a decompression bomb) ends with a clear error
 * instead of a full disk. The free space is read again (statvfs) only once the entries
 * since the last reading could have taken half of what was left: a roomy disk costs a few
 * readings per import, a nearly full one a reading per entry.
 */
public final class FreeSpace {
    /** What an import leaves free for everything else: 64 MiB, or 5 % of a small file system. */
    static final long MAX_MARGIN = 64L << 20;
    /** Each entry takes at least a block, and an inode: counted as one more block. */
    private static final long BLOCK = 4096;

    private final Path dir;
    private final FileStore fileStore;
    private final long margin;
    private long slack;
    private long countedSinceReading;
    private long unpacked;

    private FreeSpace(Path dir, FileStore fileStore, long margin) throws IOException {
        this.dir = dir;
        this.fileStore = fileStore;
        this.margin = margin;
        readFreeSpace();
    }

    /** The free space of DIR's file system (DIR is named in messages). */
    public static FreeSpace of(Path dir) throws IOException {
        FileStore fileStore = Files.getFileStore(dir);
        return new FreeSpace(dir, fileStore, Math.min(MAX_MARGIN, fileStore.getTotalSpace() / 20));
    }

    /** Counts the entry NAME of BYTES before it is written; refuses it if it would eat into the margin. */
    public void reserve(long bytes, String name) throws IOException {
        long need = (Math.max(0, bytes) + BLOCK - 1) / BLOCK * BLOCK + BLOCK;
        if (countedSinceReading + need > slack / 2) {
            readFreeSpace();
            if (need > slack) {
                throw new WordedIOException(Word.ROOTFS_IMPORT_NO_SPACE, dir, name, mib(bytes), mib(margin),
                        mib(slack + margin), mib(unpacked));
            }
        }
        countedSinceReading += need;
        unpacked += Math.max(0, bytes);
    }

    /** E, said plainly when the disk filled up anyway (another program wrote to it meanwhile). */
    public IOException explain(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return new WordedIOException(Sentence.of(Word.ROOTFS_IMPORT_DISK_FULL, dir, message, mib(unpacked)), e);
        }
        return e;
    }

    private void readFreeSpace() throws IOException {
        slack = fileStore.getUsableSpace() - margin;
        countedSinceReading = 0;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", Math.max(0, bytes) / 1048576.0);
    }
}
