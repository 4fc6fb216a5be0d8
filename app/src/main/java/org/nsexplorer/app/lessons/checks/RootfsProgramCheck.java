package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
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
 * program: whether PROGRAM can run in the stored rootfs ROOTFS: the helper looks for the
 * file, its interpreter and its libraries there, as the kernel and the loader would.
 */
public record RootfsProgramCheck(String rootfs, String program, boolean present) implements LessonCheck {
    public static RootfsProgramCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("rootfs", "program", "present"));
        String program = f.required("program").text().trim();
        if (!program.startsWith("/")) {
            throw f.required("program").error("lesson.error.absoluteCommand", program);
        }
        boolean present = f.optional("present").isEmpty() || f.required("present").yesNo();
        return new RootfsProgramCheck(f.required("rootfs").text().trim(), program, present);
    }

    @Override
    public String describe() {
        return Texts.get(present ? "lesson.check.program" : "lesson.check.noProgram", program, rootfs);
    }

    @Override
    public String view() {
        return "rootfs";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.helper().rootfsCheck(rootfs, program)
                .thenApply(answer -> {
                    JsonNode problems = answer.path("problems");
                    boolean runs = problems.isEmpty();
                    return CheckResult.of(runs == present, runs ? Texts.get("lesson.check.program.runs", program,
                            rootfs) : Texts.get("lesson.check.program.problem", program, rootfs,
                            problems.path(0).asText()));
                });
    }
}
