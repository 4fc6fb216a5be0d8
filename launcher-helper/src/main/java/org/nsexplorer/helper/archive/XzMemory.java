package org.nsexplorer.helper.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The memory an xz decoder may take: half of the helper's heap (about 30 MiB under
 * ./nsx-helper's 64 MiB), for one decoder at a time; an encoder gets half of that
 * ({@link #encoderOptions}). An xz block header names its dictionary size, up to 4 GiB,
 * and the decoder allocates it at once: in the helper's JVM that OutOfMemoryError would
 * end every running container with it. xz -6 (the default, 9 MiB to unpack) and -7
 * (17 MiB) fit; -8 and -9 are refused with the figures.
 */
final class XzMemory {
    private static final Semaphore DECODERS = new Semaphore(1);

    private XzMemory() {
    }

    static int limitKiB() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 2 / 1024);
    }

    /**
     * An xz encoder's options: the strongest preset up to xz's default -6 whose encoder takes
     * at most half a decoder's limit, so that an export, a second one and an import fit in the
     * heap together. -6 alone takes 94 MiB, more than ./nsx-helper's whole heap: its
     * OutOfMemoryError ended the job with no answer. Under 64 MiB this is -1 (8 MiB).
     */
    static LZMA2Options encoderOptions() throws IOException {
        for (int preset = LZMA2Options.PRESET_DEFAULT; preset > LZMA2Options.PRESET_MIN; preset--) {
            LZMA2Options options = new LZMA2Options(preset);
            if (options.getEncoderMemoryUsage() <= limitKiB() / 2) {
                return options;
            }
        }
        return new LZMA2Options(LZMA2Options.PRESET_MIN);
    }

    /** An xz decoder on IN within the limit; closing it lets the next one start. */
    static InputStream open(InputStream in) throws IOException {
        if (!DECODERS.tryAcquire()) {
            throw new WordedIOException(Word.ARCHIVE_XZ_BUSY);
        }
        AtomicBoolean released = new AtomicBoolean();
        try {
            return new FilterInputStream(new XZInputStream(in, limitKiB())) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (MemoryLimitException e) {
                        throw tooDemanding(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (MemoryLimitException e) {
                        throw tooDemanding(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        if (released.compareAndSet(false, true)) {
                            DECODERS.release();
                        }
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            DECODERS.release();
            throw e;
        }
    }

    private static IOException tooDemanding(MemoryLimitException e) {
        return new WordedIOException(Sentence.of(Word.ARCHIVE_XZ_TOO_DEMANDING, Math.round(e.getMemoryNeeded() / 1024.0),
                e.getMemoryLimit() / 1024), e);
    }
}
