package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.WordedIOException;

/**
 * The walkthrough's busybox rootfs: the host's static busybox as /bin/busybox, one symlink
 * per applet as `busybox --install -s` makes them, and the few directories and /etc files a
 * shell needs.
 */
public final class BusyboxRootfs {
    private static final List<Path> CANDIDATES = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"),
            Path.of("/sbin/busybox"), Path.of("/usr/sbin/busybox"));

    private BusyboxRootfs() {
    }

    /** The host's busybox, if it is a static one (Debian's busybox-static). */
    public static Optional<Path> findStatic() throws IOException {
        for (Path candidate : CANDIDATES) {
            if (Files.isRegularFile(candidate) && ElfFile.read(candidate.toRealPath()).interpreter().isEmpty()) {
                return Optional.of(candidate.toRealPath());
            }
        }
        return Optional.empty();
    }

    /** Builds into the empty directory DIR. Returns the number of applet links. */
    public static int build(Path dir) throws IOException {
        Path busybox = findStatic().orElseThrow(() -> new WordedIOException(Word.ROOTFS_BUSYBOX_NOT_INSTALLED));
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "tmp", "root")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
        Files.setAttribute(dir.resolve("root"), "unix:mode", 0700);
        Path installed = dir.resolve("bin/busybox");
        Files.copy(busybox, installed);
        Files.setAttribute(installed, "unix:mode", 0755);
        int links = 0;
        for (String applet : applets(busybox)) {
            Path link = dir.resolve(applet);
            if (applet.equals("bin/busybox") || Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of("/bin/busybox"));
            links++;
        }
        for (Map.Entry<String, String> f : EtcFiles.CONTENT.entrySet()) {
            String content = f.getKey().equals("etc/os-release")
                    ? "NAME=\"busybox\"\nPRETTY_NAME=\"busybox rootfs (Namespace Explorer)\"\nID=busybox\n"
                    : f.getValue();
            Files.writeString(dir.resolve(f.getKey()), content, StandardCharsets.UTF_8);
        }
        return links;
    }

    /** `busybox --list-full`: each applet's path without the leading slash, such as "bin/ls". */
    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new WordedIOException(Word.ROOTFS_BUSYBOX_LIST_FAILED, busybox);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out.lines().map(String::trim)
                .filter(l -> l.matches("[a-z/]*[A-Za-z0-9._\\[\\]-]+") && !l.contains("..") && !l.startsWith("/"))
                .toList();
    }
}
