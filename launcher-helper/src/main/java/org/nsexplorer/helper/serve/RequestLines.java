package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits the app's stdin into request lines of at most {@link #MAX_LINE_BYTES} bytes. A longer
 * line is read to its end and dropped as it goes, never held whole: a 300 MB line costs the
 * same memory as a short one, and the next line is read normally.
 */
final class RequestLines {
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    /** One line: its bytes (without the newline), or only how long it was when too long. */
    sealed interface Line {
    }

    record Text(byte[] bytes) implements Line {
        boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    record TooLong(long bytes) implements Line {
    }

    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private int limit;
    private byte[] line = new byte[CHUNK];

    RequestLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of input (a last line without newline still counts). */
    Line next() throws IOException {
        int length = 0;
        long total = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk, 0, CHUNK);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return total == 0 ? null : finish(length, total);
                }
            }
            int end = pos;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            int piece = end - pos;
            total += piece;
            if (total <= MAX_LINE_BYTES) {
                if (length + piece > line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + piece)));
                }
                System.arraycopy(chunk, pos, line, length, piece);
                length += piece;
            }
            boolean newline = end < limit;
            pos = newline ? end + 1 : end;
            if (newline) {
                return finish(length, total);
            }
        }
    }

    private Line finish(int length, long total) {
        if (total > MAX_LINE_BYTES) {
            shrink();
            return new TooLong(total);
        }
        Line text = new Text(Arrays.copyOf(line, length));
        shrink();
        return text;
    }

    /** After a long line, the buffer goes back to its small size: a burst leaves no megabyte held. */
    private void shrink() {
        if (line.length > CHUNK) {
            line = new byte[CHUNK];
        }
    }
}
