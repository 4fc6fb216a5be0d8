package org.nsexplorer.app.lessons.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * image: the lesson's image FILE exists and begins as one of the images pack writes does: a
 * cpio archive, a tar archive, or a gzip or xz stream (.cpio.gz, .tar.gz, .tar.xz).
 */
public record ImageCheck(String file) implements LessonCheck {
    public static ImageCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        String file = value.text().trim();
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw value.error("lesson.error.badImage", file, ".cpio, .cpio.gz, .tar, .tar.gz, .tar.xz");
        }
        return new ImageCheck(file);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.image", file);
    }

    @Override
    public String view() {
        return "rootfs";
    }

    /** Where a tar header says "ustar" (POSIX and GNU tar). */
    private static final int TAR_MAGIC_AT = 257;

    /** What HEAD, an image's first bytes, begins: "cpio", "tar", "gzip", "xz", or null for none of those. */
    static String kind(byte[] head) {
        String text = new String(head, StandardCharsets.US_ASCII);
        if (text.startsWith("070701") || text.startsWith("070702") || text.startsWith("070707")) {
            return "cpio";
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return "gzip";
        }
        if (head.length >= 6 && (head[0] & 0xff) == 0xfd && text.startsWith("7zXZ", 1) && head[5] == 0) {
            return "xz";
        }
        return text.startsWith("ustar", TAR_MAGIC_AT) ? "tar" : null;
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        Path image = context.workDir().resolve(file);
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(image)) {
                String kind = kind(in.readNBytes(TAR_MAGIC_AT + 5));
                long size = Files.size(image);
                return CheckResult.of(kind != null && size > 0, kind == null
                        ? Texts.get("lesson.check.image.unknown", image)
                        : Texts.get("lesson.check.image.why", image, kind, size < 10_240
                                ? Texts.get("lesson.bytes", size) : Texts.get("lesson.kib", size >> 10)));
            } catch (IOException e) {
                return CheckResult.of(false, Texts.get("lesson.check.image.missing", image));
            }
        });
    }
}
