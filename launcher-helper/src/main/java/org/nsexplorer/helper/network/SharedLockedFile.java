package org.nsexplorer.helper.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/**
 * A small text file that every helper on the host edits under an exclusive flock, and that
 * is removed (under the lock) when an edit leaves it empty, so nothing stays on disk while no
 * helper needs it. A helper that waited for the lock on a file its last user removed meanwhile
 * would edit a file nobody else sees: after locking it checks that the path still names the
 * inode it holds, and opens the path anew when not. The stage's anchor edits the same way
 * (nsx_reservations_drop in nsx-net.c).
 * <p>
 * flock, not Java's FileLock (fcntl): fcntl locks are per process, so a second lock in the
 * same JVM would throw instead of waiting, and closing any other descriptor of the file
 * releases them. The lock goes with the descriptor, even when the JVM is killed.
 */
final class SharedLockedFile {
    private static final int LOCK_EX = 2;
    private static final int EINTR = Errno.EINTR.intValue();
    private final Path path;

    SharedLockedFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Changes the file's lines in place; the answer is EDIT's. */
    interface Edit<T> {
        T apply(List<String> lines) throws IOException;
    }

    private interface LibC extends Library {
        int open(String path, int flags, int mode) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /**
     * Runs EDIT on the file's lines under the lock, and writes or removes it. A missing file
     * is made first when CREATE, else EDIT does not run and the answer is NONE.
     */
    <T> T edit(boolean create, T none, Edit<T> edit) throws IOException {
        int flags = OpenFlags.O_RDWR.intValue() | OpenFlags.O_NOFOLLOW.intValue() | OpenFlags.O_CLOEXEC.intValue()
                | (create ? OpenFlags.O_CREAT.intValue() : 0);
        for (;;) {
            int fd;
            try {
                fd = Holder.LIBC.open(path.toString(), flags, 0600);
            } catch (LastErrorException e) {
                if (!create && e.getErrorCode() == Errno.ENOENT.intValue()) {
                    return none;
                }
                throw new IOException("cannot open " + path + ": " + describe(e), e);
            }
            try {
                lock(fd);
                Path held = Path.of("/proc/self/fd", Integer.toString(fd));
                if (!sameInode(held)) {
                    continue; // its last user removed it while we waited: the lock guards nothing
                }
                List<String> lines = new ArrayList<>(Files.readAllLines(held, StandardCharsets.UTF_8));
                T answer = edit.apply(lines);
                if (lines.isEmpty()) {
                    Files.delete(path);
                } else {
                    rewrite(held, lines);
                }
                return answer;
            } finally {
                try {
                    Holder.LIBC.close(fd); // releases the lock
                } catch (LastErrorException e) {
                    // closed all the same (Linux frees the descriptor even on EINTR)
                }
            }
        }
    }

    private void lock(int fd) throws IOException {
        for (;;) {
            try {
                Holder.LIBC.flock(fd, LOCK_EX);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("cannot lock " + path + ": " + describe(e), e);
                }
            }
        }
    }

    /** Whether PATH still names the inode open as HELD (/proc/self/fd/N, which stat follows to the open file). */
    private boolean sameInode(Path held) throws IOException {
        try {
            Map<String, Object> named = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            Map<String, Object> open = Files.readAttributes(held, "unix:dev,ino");
            return named.equals(open);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * One write from offset 0, then the truncation: a helper killed in between leaves a longer
     * file, whose extra lines are old copies the next edit drops as duplicates or dead owners'.
     */
    private static void rewrite(Path held, List<String> lines) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        int size = bytes.remaining();
        try (FileChannel out = FileChannel.open(held, StandardOpenOption.WRITE)) {
            long at = 0;
            while (bytes.hasRemaining()) {
                at += out.write(bytes, at);
            }
            out.truncate(size);
        }
    }

    private static String describe(LastErrorException e) {
        return Errno.valueOf(e.getErrorCode()).description();
    }
}
