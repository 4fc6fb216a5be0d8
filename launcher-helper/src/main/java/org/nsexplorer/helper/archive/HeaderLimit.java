package org.nsexplorer.helper.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Bounds what the archive reader takes for an entry's headers. commons-compress reads GNU
 * long names and link targets, PAX records and cpio names into memory whole, as long as
 * the archive says they are: a few compressed bytes can claim gigabytes. Between
 * {@link #headers} and {@link #data} (around getNextEntry) at most {@link #MAX_BYTES} pass.
 */
final class HeaderLimit extends FilterInputStream {
    /** Names and link targets are at most 4 KiB; PAX records with extended attributes a few more. */
    static final int MAX_BYTES = 256 << 10;
    private boolean inHeaders;
    private long taken;
    private String after = "";

    HeaderLimit(InputStream in) {
        super(in);
    }

    /** The reader goes on to the headers of the entry after AFTER ("" at the start). */
    void headers(String afterEntry) {
        inHeaders = true;
        taken = 0;
        after = afterEntry;
    }

    /** The entry's headers are read: what follows is its data, bounded by the size it declared. */
    void data() {
        inHeaders = false;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (inHeaders && b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, inHeaders ? (int) Math.min(len, MAX_BYTES - taken + 1) : len);
        if (inHeaders && n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws IOException {
        taken += n;
        if (taken > MAX_BYTES) {
            if (after.isEmpty()) {
                throw new WordedIOException(Word.ARCHIVE_HEADERS_TOO_BIG_AT_START, MAX_BYTES >> 10);
            }
            throw new WordedIOException(Word.ARCHIVE_HEADERS_TOO_BIG, ArchiveImport.printable(after), MAX_BYTES >> 10);
        }
    }
}
