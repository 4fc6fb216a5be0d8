package org.nsexplorer.helper.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import org.nsexplorer.helper.spec.InvalidRequestException;

/**
 * Files the teacher names for import and export, which the helper reads and writes as root:
 * it reads only what the teacher could read, and writes only a new file in a directory the
 * teacher owns (or a sticky one such as /tmp), then gives the file to the teacher.
 */
public final class UserFiles {
    private static final int S_ISVTX = 01000;

    private final OptionalInt uid;
    private final OptionalInt gid;

    /** @param uid the invoking user (pkexec or sudo), or empty when root itself asked */
    public UserFiles(OptionalInt uid, OptionalInt gid) {
        this.uid = uid;
        this.gid = gid;
    }

    public Path checkReadable(String field, Path file) throws InvalidRequestException, IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new InvalidRequestException(field, abs + " is not a file: give the path of a .tar, .tar.gz,"
                    + " .tar.xz or .cpio archive");
        }
        if (uid.isPresent()) {
            int owner = (Integer) Files.getAttribute(abs, "unix:uid");
            int mode = (Integer) Files.getAttribute(abs, "unix:mode");
            if (owner != uid.getAsInt() && (mode & 004) == 0) {
                throw new InvalidRequestException(field, abs + " is not readable by you: the helper reads only"
                        + " files you could read yourself");
            }
        }
        return abs;
    }

    /** A new file (never an existing one, never through a symlink) in a directory the user may write. */
    public OutputStream create(String field, Path file) throws InvalidRequestException, IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException(field, (dir == null ? abs : dir) + " is not a directory: choose where"
                    + " the archive goes, such as your home directory");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException(field, abs + " exists already: choose a new file name");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean sticky = (mode & S_ISVTX) != 0 && (mode & 002) != 0;
        if (owner != uid.orElse(0) && !sticky) {
            throw new InvalidRequestException(field, dir + " is not your directory: the helper writes exports only"
                    + " where you could write them yourself");
        }
        OutputStream out = Files.newOutputStream(abs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        if (uid.isPresent()) {
            Files.setAttribute(abs, "unix:uid", uid.getAsInt(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(abs, "unix:gid", gid.orElse(uid.getAsInt()), LinkOption.NOFOLLOW_LINKS);
        }
        return out;
    }
}
