package org.nsexplorer.helper.store;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.spec.Caller;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/**
 * Files the teacher names for import and export. The helper runs as root, so it opens them
 * as the teacher: `setpriv` with the invoking user's ids runs `cat` to read and `dd
 * conv=excl` to write a new file. The kernel then decides, with that user's permissions,
 * groups and symlinks, and no check of ours can race with a rename. As root (no invoking
 * user) the files are opened directly, never through a final symlink.
 */
public final class UserFiles {
    private final OptionalInt uid;
    private final OptionalInt gid;

    /** @param uid the invoking user (pkexec or sudo), or empty when root itself asked */
    public UserFiles(OptionalInt uid, OptionalInt gid) {
        this.uid = uid;
        this.gid = gid.isPresent() || uid.isEmpty() ? gid
                : Caller.primaryGroup(uid.getAsInt()); // pkexec passes only the uid
    }

    /** The size of FILE (for progress), after the checks that give a clear message; then open it with {@link #open}. */
    public long checkReadable(String field, Path file) throws InvalidRequestException, IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new InvalidRequestException(field, Word.ROOTFS_IMPORT_NOT_A_FILE, abs);
        }
        return Files.size(abs);
    }

    public InputStream open(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (uid.isEmpty()) {
            return Files.newInputStream(abs, LinkOption.NOFOLLOW_LINKS);
        }
        Process cat = asUser(List.of("cat", "--", abs.toString())).start();
        cat.getOutputStream().close();
        return new FilterInputStream(cat.getInputStream()) {
            @Override
            public void close() throws IOException {
                // Read to the end first: bytes after an archive's end would else kill cat with SIGPIPE.
                in.transferTo(OutputStream.nullOutputStream());
                super.close();
                finish(cat, "reading " + abs + " as you");
            }
        };
    }

    /** A new file (never an existing one) where the user may write, given to the user. */
    public OutputStream create(String field, Path file) throws InvalidRequestException, IOException {
        Path abs = checkNew(field, file);
        if (uid.isEmpty()) {
            return Files.newOutputStream(abs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
        Process dd = asUser(List.of("dd", "of=" + abs, "conv=excl", "status=none", "bs=65536")).start();
        return new FilterOutputStream(dd.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    // dd ended first (it could not create the file): its own words say why.
                    finish(dd, "writing " + abs + " as you");
                    throw e;
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } catch (IOException e) {
                    // as in write: dd's reason, if it gave one
                }
                finish(dd, "writing " + abs + " as you");
            }
        };
    }

    /** FILE, absolute, once the checks that give a clear message say a new file can go there. */
    private static Path checkNew(String field, Path file) throws InvalidRequestException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidRequestException(field, Word.FILE_NOT_A_DIRECTORY, dir == null ? abs : dir);
        }
        if (Files.isSymbolicLink(abs)) {
            throw new InvalidRequestException(field, Word.FILE_SYMBOLIC_LINK, abs);
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException(field, Word.FILE_EXISTS, abs);
        }
        return abs;
    }

    /**
     * A new, empty file made now, as {@link #create} makes one, whose content is written once
     * it is known (a container's PID). As root the file stays open meanwhile; for a user it
     * is opened again as that user, without O_CREAT or O_TRUNC, so nothing but the user's
     * own rights ever reach it.
     */
    public NewFile createEmpty(String field, Path file) throws InvalidRequestException, IOException {
        Path abs = checkNew(field, file);
        if (uid.isEmpty()) {
            return new NewFile(abs, FileChannel.open(abs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS));
        }
        create(field, abs).close(); // dd conv=excl makes it, as the user, or says why not
        return new NewFile(abs, null);
    }

    /** A file {@link #createEmpty} made: written once, removed when it has served. */
    public final class NewFile {
        private final Path path;
        private final FileChannel rootsChannel;

        private NewFile(Path path, FileChannel rootsChannel) {
            this.path = path;
            this.rootsChannel = rootsChannel;
        }

        public Path path() {
            return path;
        }

        public void write(byte[] content) throws IOException {
            if (rootsChannel != null) {
                try (rootsChannel) {
                    rootsChannel.write(ByteBuffer.wrap(content));
                }
                return;
            }
            Process dd = asUser(List.of("dd", "of=" + path, "conv=nocreat,notrunc", "status=none")).start();
            try (OutputStream in = dd.getOutputStream()) {
                in.write(content);
            } finally {
                finish(dd, "writing " + path + " as you");
            }
        }

        /** Removes it (as the user, who owns it), also when it was never written. */
        public void remove() throws IOException {
            if (rootsChannel != null) {
                rootsChannel.close();
            }
            removeCreated(path);
        }
    }

    /** Removes a half-written export, as the user who owns it. */
    public void removeCreated(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (uid.isEmpty()) {
            Files.deleteIfExists(abs);
            return;
        }
        Process rm = asUser(List.of("rm", "-f", "--", abs.toString())).start();
        rm.getOutputStream().close();
        finish(rm, "removing the unfinished " + abs);
    }

    private ProcessBuilder asUser(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + Integer.toUnsignedString(uid.getAsInt()),
                "--regid=" + Integer.toUnsignedString(gid.orElse(uid.getAsInt())), "--init-groups", "--"));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        return pb;
    }

    private static void finish(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(what + ": interrupted", e);
        }
        if (p.exitValue() != 0) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(what + " failed: " + (err.isEmpty() ? "exit " + p.exitValue()
                    : err.lines().reduce((a, b) -> b).orElse(err)));
        }
    }
}
