package org.nsexplorer.helper.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.nsexplorer.helper.store.Progress;
import org.tukaani.xz.XZOutputStream;

/**
 * Packs a rootfs or a layer into tar (as `tar -C DIR -czf OUT .` does) or cpio newc (as the
 * walkthrough's `find . | cpio -o -H newc` does), entries named ./path, with numeric
 * owners, full modes, times, symlinks, hard links, device nodes and FIFOs (a layer's
 * whiteouts are character devices 0:0). Symlinks are stored, never followed.
 */
public final class ArchiveExport {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private ArchiveExport() {
    }

    /** Writes TREE as FORMAT to OUT (the caller opens and closes it). Returns the entries written. */
    public static long pack(Path tree, ArchiveFormat format, OutputStream out, Progress progress) throws IOException {
        List<Path> paths = list(tree);
        OutputStream compressed = switch (format) {
            case TAR_GZ, CPIO_GZ -> new GZIPOutputStream(new BufferedOutputStream(out, 1 << 16), 1 << 16);
            case TAR_XZ -> new XZOutputStream(new BufferedOutputStream(out, 1 << 16), XzMemory.encoderOptions());
            case TAR, CPIO -> new BufferedOutputStream(out, 1 << 16);
        };
        Map<Object, String> firstNameOfInode = new HashMap<>();
        try (ArchiveOutputStream<?> archive = format.isCpio()
                ? new CpioArchiveOutputStream(compressed, CpioConstants.FORMAT_NEW, CpioConstants.BLOCK_SIZE, "UTF-8")
                : tarStream(compressed)) {
            long done = 0;
            for (Path p : paths) {
                progress.checkCancelled();
                String name = p.equals(tree) ? "." : "./" + tree.relativize(p);
                Meta meta = Meta.of(p);
                String linkTo = null;
                if (meta.isRegular() && meta.nlink > 1) {
                    linkTo = firstNameOfInode.putIfAbsent(meta.inodeKey(), name);
                }
                if (format.isCpio()) {
                    writeCpio((CpioArchiveOutputStream) archive, p, name, meta, linkTo);
                } else {
                    writeTar((TarArchiveOutputStream) archive, p, name, meta, linkTo);
                }
                progress.report(++done / (double) paths.size(), name);
            }
            archive.finish();
            return done;
        }
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /** Every path of TREE, parents before children, sorted by name. */
    private static List<Path> list(Path tree) throws IOException {
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                paths.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                paths.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        return paths;
    }

    /** What stat says, without following a symlink. */
    private record Meta(int mode, int uid, int gid, long size, long mtime, long rdev, int nlink, Object dev,
            long ino) {
        static Meta of(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev,nlink,dev,ino",
                    LinkOption.NOFOLLOW_LINKS);
            return new Meta((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                    (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).toMillis(),
                    (Long) a.get("rdev"), (Integer) a.get("nlink"), a.get("dev"), (Long) a.get("ino"));
        }

        int type() {
            return mode & S_IFMT;
        }

        boolean isRegular() {
            return type() == 0100000;
        }

        Object inodeKey() {
            return List.of(dev, ino);
        }

        int major() {
            return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfff));
        }

        int minor() {
            return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xff));
        }
    }

    private static void writeTar(TarArchiveOutputStream tar, Path p, String name, Meta m, String linkTo)
            throws IOException {
        TarArchiveEntry e;
        if (linkTo != null) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(linkTo);
        } else if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (m.type() == S_IFCHR || m.type() == S_IFBLK) {
            e = new TarArchiveEntry(name, m.type() == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
            e.setDevMajor(m.major());
            e.setDevMinor(m.minor());
        } else if (m.type() == S_IFIFO) {
            e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        } else {
            e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setSize(m.size());
        }
        e.setMode(m.mode() & 07777);
        e.setUserId(m.uid());
        e.setGroupId(m.gid());
        e.setModTime(m.mtime());
        tar.putArchiveEntry(e);
        if (linkTo == null && m.isRegular()) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    private static void writeCpio(CpioArchiveOutputStream cpio, Path p, String name, Meta m, String linkTo)
            throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
        e.setMode(m.mode());
        e.setUID(m.uid());
        e.setGID(m.gid());
        e.setTime(m.mtime() / 1000);
        e.setNumberOfLinks(Math.max(1, m.nlink()));
        e.setInode(m.ino() & 0xffffffffL);
        if (m.type() == S_IFCHR || m.type() == S_IFBLK) {
            e.setRemoteDeviceMaj(m.major());
            e.setRemoteDeviceMin(m.minor());
        }
        byte[] linkText = null;
        if (Files.isSymbolicLink(p)) {
            linkText = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
            e.setSize(linkText.length);
        } else if (m.isRegular()) {
            // newc hard links: the data goes with the first name only; the others are empty and share the inode.
            e.setSize(linkTo == null ? m.size() : 0);
        }
        cpio.putArchiveEntry(e);
        if (linkText != null) {
            cpio.write(linkText);
        } else if (m.isRegular() && linkTo == null) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(cpio);
            }
        }
        cpio.closeArchiveEntry();
    }
}
