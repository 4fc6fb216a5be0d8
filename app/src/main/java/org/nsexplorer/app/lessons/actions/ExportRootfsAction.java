package org.nsexplorer.app.lessons.actions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * pack: a stored rootfs or layer NAME packed into an image FILE (.cpio, .tar.gz...) in the
 * lesson's own directory, as `find | cpio -o` does in the walkthrough.
 */
public record ExportRootfsAction(String name, String file) implements LessonAction {
    static final List<String> SUFFIXES = List.of(".cpio", ".cpio.gz", ".tar", ".tar.gz", ".tar.xz");
    /** A plain file name in the lesson's directory: no path, nothing hidden. */
    static final String FILE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public static ExportRootfsAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("name", "file"));
        String file = f.required("file").text().trim();
        if (!file.matches(FILE_NAME) || SUFFIXES.stream().noneMatch(file::endsWith)) {
            throw f.required("file").error("lesson.error.badImage", file, String.join(", ", SUFFIXES));
        }
        return new ExportRootfsAction(f.required("name").text().trim(), file);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.pack", name, file);
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return context.helper().rootfsExport(name, context.workDir().resolve(file).toString(), progress -> { })
                .answer().thenApply(done -> Texts.get("lesson.action.pack.done",
                done.path("file").asText(), done.path("entries").asLong()));
    }
}
