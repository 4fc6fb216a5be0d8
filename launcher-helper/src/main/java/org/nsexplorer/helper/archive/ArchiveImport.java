package org.nsexplorer.helper.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.io.input.BoundedInputStream;
import org.nsexplorer.helper.store.FreeSpace;
import org.nsexplorer.helper.store.Progress;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * Unpacks a tar or cpio archive into an empty directory, as root, without letting any entry
 * land outside it: ".." is refused, leading "/" dropped (as GNU tar does), no entry is
 * written through a symlink or over a directory, and hard links point only at files already
 * unpacked. Device nodes and FIFOs are skipped (a container gets its own /dev, and the
 * rootfs is mounted nodev). Owners, permissions and times are kept; setuid and setgid bits
 * are dropped: the stored tree must stay reachable for user-namespace containers, so a
 * setuid-root program in it would be one for every user of the host, while in a container
 * (no_new_privs) the bit does nothing anyway.
 *
 * What an archive claims is bounded before it costs memory or disk: an entry's headers at
 * most 256 KiB ({@link HeaderLimit}), a name at most 4096 bytes and a link target 4095, an
 * xz dictionary within {@link XzMemory}'s limit, and each entry's size against the free
 * space less a margin ({@link FreeSpace}).
 */
public final class ArchiveImport {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    /** PATH_MAX: no longer name can be made in one system call. */
    private static final int MAX_NAME = 4096;
    /** symlink(2) takes a target of at most PATH_MAX - 1 bytes. */
    private static final int MAX_LINK_TARGET = 4095;
    private static final int KNOWN_DIRS = 4096;
    /** cpio's hard-linked files are remembered by inode until their data comes: a rootfs has hundreds. */
    private static final int MAX_CPIO_LINKED_INODES = 65536;

    private final Path target;
    private final Progress progress;
    /**
     * Directories made or seen real (never a symlink), the most recent ones: a directory stays
     * one (replaceable refuses to replace it), so forgetting one costs only an lstat again.
     */
    private final Set<Path> knownDirs = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Boolean> eldest) {
            return size() > KNOWN_DIRS;
        }
    });
    /**
     * Directories whose owner, mode and time wait until the entries inside them have landed:
     * each one above the next (a chain), settled as soon as an entry outside it comes, as GNU
     * tar does. Archives list a directory's contents after it, so this holds the current
     * path's ancestors only: memory does not grow with the number of directories.
     */
    private final ArrayDeque<Attributes> pendingDirs = new ArrayDeque<>();
    private final Map<Long, Path> cpioInodes = new HashMap<>();
    private final Report.Builder report = new Report.Builder();

    private ArchiveImport(Path target, Progress progress) {
        this.target = target;
        this.progress = progress;
        knownDirs.add(target);
    }

    /** What an import did and what it deliberately left out. */
    public record Report(long files, long directories, long symlinks, long hardLinks, long devicesSkipped,
            long fifosSkipped, long setuidDropped) {
        static final class Builder {
            long files;
            long directories;
            long symlinks;
            long hardLinks;
            long devicesSkipped;
            long fifosSkipped;
            long setuidDropped;

            Report build() {
                return new Report(files, directories, symlinks, hardLinks, devicesSkipped, fifosSkipped,
                        setuidDropped);
            }
        }

        public String summary() {
            return files + " files, " + directories + " directories, " + symlinks + " symlinks, " + hardLinks
                    + " hard links" + (devicesSkipped > 0 ? "; " + devicesSkipped + " device nodes skipped (the"
                    + " container gets its own /dev)" : "") + (fifosSkipped > 0 ? "; " + fifosSkipped
                    + " FIFOs skipped" : "") + (setuidDropped > 0 ? "; setuid/setgid bits dropped from " + setuidDropped
                    + " programs (inert in a container, a risk on the host)" : "");
        }
    }

    /** Unpacks ARCHIVE (any supported format, by content) into the empty directory TARGET. */
    public static Report unpack(Path archive, Path target, Progress progress) throws IOException {
        try (InputStream raw = Files.newInputStream(archive)) {
            return unpack(raw, Files.size(archive), target, FreeSpace.of(target), progress);
        }
    }

    /**
     * Unpacks the archive read from RAW, SIZE bytes long (for progress), into the empty
     * directory TARGET, each entry counted against SPACE before it is written.
     */
    public static Report unpack(InputStream raw, long archiveSize, Path target, FreeSpace space, Progress progress)
            throws IOException {
        long size = Math.max(1, archiveSize);
        try (BoundedInputStream counted = BoundedInputStream.builder().setInputStream(raw).get();
                HeaderLimit headers = new HeaderLimit(ArchiveFormat.decompressed(counted));
                ArchiveInputStream<?> in = ArchiveFormat.reader(headers)) {
            ArchiveImport importer = new ArchiveImport(target, progress);
            String previous = "";
            while (true) {
                headers.headers(previous);
                ArchiveEntry entry = in.getNextEntry();
                headers.data();
                if (entry == null) {
                    break;
                }
                progress.checkCancelled();
                previous = entry.getName();
                checkLengths(entry);
                space.reserve(dataSize(entry), printable(previous));
                importer.add(entry, in);
                in.transferTo(OutputStream.nullOutputStream()); // what add left unread, so the next headers start here
                progress.report(Math.min(1.0, counted.getCount() / (double) size), previous);
            }
            importer.finishDirectories();
            return importer.report.build();
        } catch (IOException e) {
            throw space.explain(e);
        }
    }

    /** The bytes an entry unpacks to (a sparse tar entry's holes included). */
    private static long dataSize(ArchiveEntry entry) {
        long size = entry.getSize();
        if (entry instanceof TarArchiveEntry tar) {
            size = Math.max(size, tar.getRealSize());
        }
        return Math.max(0, size);
    }

    /** Names and link targets are paths: at most PATH_MAX, and a symlink's target at most what symlink(2) takes. */
    private static void checkLengths(ArchiveEntry entry) throws IOException {
        String name = entry.getName();
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new WordedIOException(Word.ARCHIVE_NAME_TOO_LONG, name.getBytes(StandardCharsets.UTF_8).length,
                    printable(name), MAX_NAME);
        }
        long target = entry instanceof TarArchiveEntry tar && (tar.isSymbolicLink() || tar.isLink())
                ? tar.getLinkName().getBytes(StandardCharsets.UTF_8).length
                : entry instanceof CpioArchiveEntry cpio && cpio.isSymbolicLink() ? cpio.getSize() : 0;
        if (target > MAX_LINK_TARGET) {
            throw new WordedIOException(entry instanceof TarArchiveEntry tar && tar.isLink()
                    ? Word.ARCHIVE_HARD_LINK_TARGET_TOO_LONG : Word.ARCHIVE_SYMLINK_TARGET_TOO_LONG, printable(name),
                    target, MAX_LINK_TARGET);
        }
    }

    /** Type bits, permissions, owner and time of an entry, whichever format it came in. */
    private record Attributes(Path path, int mode, long uid, long gid, FileTime mtime) {
    }

    private void add(ArchiveEntry entry, InputStream data) throws IOException {
        String name = entry.getName();
        Path path = resolve(name);
        Attributes attrs = attributes(entry, path);
        int type = attrs.mode & S_IFMT;
        settleDirectoriesOutside(path);
        if (path.equals(target)) {
            if (type == S_IFDIR) {
                pendingDirs.addLast(attrs);
            }
            return;
        }
        ensureParents(path, name);
        if (entry instanceof TarArchiveEntry tar && tar.isLink()) {
            hardLink(path, resolve(tar.getLinkName()), name);
        } else if (entry instanceof TarArchiveEntry tar && (tar.isCharacterDevice() || tar.isBlockDevice())
                || entry instanceof CpioArchiveEntry cpio && (cpio.isCharacterDevice() || cpio.isBlockDevice())) {
            report.devicesSkipped++;
        } else if (entry instanceof TarArchiveEntry tar && tar.isFIFO()
                || entry instanceof CpioArchiveEntry cpio && cpio.isPipe()) {
            report.fifosSkipped++;
        } else if (type == S_IFDIR) {
            directory(path, name);
            pendingDirs.addLast(attrs);
        } else if (type == S_IFLNK) {
            // A cpio symlink's target is its data, at most MAX_LINK_TARGET bytes (checkLengths).
            String linkTarget = entry instanceof TarArchiveEntry tar ? tar.getLinkName()
                    : new String(data.readNBytes(MAX_LINK_TARGET), StandardCharsets.UTF_8);
            replaceable(path, name);
            Files.createSymbolicLink(path, Path.of(linkTarget));
            apply(attrs);
            report.symlinks++;
        } else if (type == S_IFREG || type == 0) {
            if (regularFile(entry, path, name, data)) {
                apply(attrs); // a further name of a hard-linked file shares the first one's inode and attributes
            }
        } else {
            throw new WordedIOException(Word.ARCHIVE_UNKNOWN_TYPE, printable(name), Integer.toOctalString(attrs.mode));
        }
    }

    /** @return whether a new file was made (not one more name for a file made before) */
    private boolean regularFile(ArchiveEntry entry, Path path, String name, InputStream data) throws IOException {
        if (entry instanceof CpioArchiveEntry cpio && cpio.getNumberOfLinks() > 1) {
            // newc: every name of a hard-linked file is an entry; the data comes with the last.
            long inode = cpio.getInode() << 16 ^ cpio.getDeviceMaj() << 8 ^ cpio.getDeviceMin();
            if (cpioInodes.size() >= MAX_CPIO_LINKED_INODES && !cpioInodes.containsKey(inode)) {
                throw new WordedIOException(Word.ARCHIVE_TOO_MANY_HARD_LINKS, MAX_CPIO_LINKED_INODES, printable(name));
            }
            Path first = cpioInodes.putIfAbsent(inode, path);
            if (first != null) {
                hardLink(path, first, name);
                if (cpio.getSize() > 0) {
                    write(first, data, true);
                }
                return false;
            }
        }
        replaceable(path, name);
        write(path, data, false);
        report.files++;
        return true;
    }

    private static void write(Path path, InputStream data, boolean existing) throws IOException {
        try (OutputStream out = existing
                ? Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS)
                : Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            data.transferTo(out);
        }
    }

    private void hardLink(Path path, Path existing, String name) throws IOException {
        if (!existing.startsWith(target) || existing.equals(target) || !isRealDirectoryChain(existing.getParent())
                || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new WordedIOException(Word.ARCHIVE_HARD_LINK_NOT_A_FILE, printable(name),
                    target.relativize(existing));
        }
        replaceable(path, name);
        Files.createLink(path, existing);
        report.hardLinks++;
    }

    private void directory(Path path, String name) throws IOException {
        if (knownDirs.contains(path)) {
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new WordedIOException(Word.ARCHIVE_DIRECTORY_OVER_FILE, printable(name));
            }
        } else {
            Files.createDirectory(path);
            report.directories++;
        }
        knownDirs.add(path);
    }

    /** Every step from the target down to DIR is a directory, none a symlink (createLink would follow one). */
    private boolean isRealDirectoryChain(Path dir) {
        Path at = target;
        for (Path step : target.relativize(dir)) {
            at = at.resolve(step);
            if (!knownDirs.contains(at) && !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /** A later entry may replace a file or symlink of the same name, never a directory. */
    private void replaceable(Path path, String name) throws IOException {
        if (knownDirs.contains(path) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new WordedIOException(Word.ARCHIVE_REPLACES_DIRECTORY, printable(name));
        }
        Files.deleteIfExists(path);
    }

    /** Every directory on the way must be a real directory, never a symlink the archive made. */
    private void ensureParents(Path path, String name) throws IOException {
        Path parent = path.getParent();
        if (knownDirs.contains(parent)) {
            return;
        }
        Path at = target;
        for (Path step : target.relativize(parent)) {
            at = at.resolve(step);
            if (knownDirs.contains(at)) {
                continue;
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
                report.directories++;
            } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                throw new WordedIOException(Files.isSymbolicLink(at) ? Word.ARCHIVE_THROUGH_SYMLINK
                        : Word.ARCHIVE_THROUGH_FILE, printable(name), target.relativize(at));
            }
            knownDirs.add(at);
        }
    }

    /** The entry's place under the target; ".." anywhere is refused. */
    private Path resolve(String name) throws IOException {
        Path at = target;
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new WordedIOException(Word.ARCHIVE_CLIMBS_OUT, printable(name));
            }
            at = at.resolve(part);
        }
        return at;
    }

    private static Attributes attributes(ArchiveEntry entry, Path path) {
        if (entry instanceof TarArchiveEntry tar) {
            int type = tar.isDirectory() ? S_IFDIR : tar.isSymbolicLink() ? S_IFLNK : S_IFREG;
            return new Attributes(path, type | (tar.getMode() & 07777), tar.getLongUserId(), tar.getLongGroupId(),
                    FileTime.from(tar.getLastModifiedDate().toInstant()));
        }
        CpioArchiveEntry cpio = (CpioArchiveEntry) entry;
        return new Attributes(path, (int) cpio.getMode(), cpio.getUID(), cpio.getGID(),
                FileTime.fromMillis(cpio.getTime() * 1000));
    }

    /** Owner first: chown clears setuid bits, so the mode comes after it. */
    private void apply(Attributes a) throws IOException {
        Files.setAttribute(a.path, "unix:uid", (int) a.uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(a.path, "unix:gid", (int) a.gid, LinkOption.NOFOLLOW_LINKS);
        if ((a.mode & S_IFMT) != S_IFLNK) {
            boolean directory = (a.mode & S_IFMT) == S_IFDIR;
            // A directory's setgid only makes new files inherit its group: kept.
            int mode = directory ? a.mode & 07777 : a.mode & 01777;
            Files.setAttribute(a.path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            if (!directory && (a.mode & (S_ISUID | S_ISGID)) != 0) {
                report.setuidDropped++;
            }
        }
        Files.getFileAttributeView(a.path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(a.mtime, null, null);
    }

    /** Applies the attributes of the pending directories that PATH is not inside, deepest first. */
    private void settleDirectoriesOutside(Path path) throws IOException {
        while (!pendingDirs.isEmpty() && !path.startsWith(pendingDirs.peekLast().path)) {
            apply(pendingDirs.removeLast());
        }
    }

    /** The directories still pending, deepest first: their times would have changed as entries landed in them. */
    private void finishDirectories() throws IOException {
        while (!pendingDirs.isEmpty()) {
            apply(pendingDirs.removeLast());
        }
    }

    static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
