package org.nsexplorer.app.lessons.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** image: the lesson's image FILE exists and begins as a cpio archive ("070701") or a gzip stream does. */
public record ImageCheck(String file) implements LessonCheck {
    public static ImageCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        String file = value.text().trim();
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw value.error("lesson.error.badImage", file, ".cpio, .tar.gz");
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

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        Path image = context.workDir().resolve(file);
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(image)) {
                byte[] head = in.readNBytes(6);
                String kind = new String(head, StandardCharsets.US_ASCII).equals("070701") ? "cpio"
                        : head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b ? "gzip" : null;
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
