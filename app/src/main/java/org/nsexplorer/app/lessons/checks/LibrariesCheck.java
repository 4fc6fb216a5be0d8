package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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

/**
 * libraries: a program of a rootfs built from host programs came with the libraries ldd
 * lists for it, INCLUDES among them, as the helper recorded when it built the rootfs.
 */
public record LibrariesCheck(String rootfs, String program, String includes) implements LessonCheck {
    public static LibrariesCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("rootfs", "program", "includes"));
        return new LibrariesCheck(f.required("rootfs").text().trim(), f.required("program").text().trim(),
                f.required("includes").text().trim());
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.libraries", program, rootfs, includes);
    }

    @Override
    public String view() {
        return "rootfs";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.helper().rootfsList().thenApply(answer -> {
            for (JsonNode r : answer.path("rootfs")) {
                if (!r.path("name").asText().equals(rootfs)) {
                    continue;
                }
                for (JsonNode p : r.path("programs")) {
                    if (p.path("name").asText().equals(program)) {
                        List<String> sonames = new ArrayList<>();
                        p.path("libraries").forEach(l -> sonames.add(l.path("soname").asText()));
                        String listed = sonames.isEmpty() ? Texts.get("lesson.none") : String.join(", ", sonames);
                        return CheckResult.of(sonames.contains(includes), Texts.get("lesson.check.libraries.why",
                                program, rootfs, listed, p.path("loader").asText("-")));
                    }
                }
            }
            return CheckResult.of(false, Texts.get("lesson.check.libraries.none", program, rootfs));
        });
    }
}
