package org.nsexplorer.app.lessons.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.Lesson;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.Step;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.LessonFormat;

/**
 * One action or check read from a line of a lesson file, through LessonFormat as a teacher's
 * file is read, and run as the lesson player runs it.
 */
public final class Snippets {
    private Snippets() {
    }

    /**
     * The check ITEM ("hostname: {in: box, is: child}", one line of flow YAML), in a lesson that
     * launched CONTAINERS in an earlier step (never run: it only names them).
     */
    public static LessonCheck check(String item, String... containers) throws LessonFileException {
        return lastStep("check", item, containers).checks().get(0);
    }

    /** The action ITEM ("stop: box"), read as check() reads a check. */
    public static LessonAction action(String item, String... containers) throws LessonFileException {
        return lastStep("do", item, containers).actions().get(0);
    }

    private static Step lastStep(String list, String item, String... containers) throws LessonFileException {
        StringBuilder yaml = new StringBuilder("lesson: a snippet\nsteps:\n");
        if (containers.length > 0) {
            yaml.append("  - say: the containers it names\n    do:\n");
            for (String name : containers) {
                yaml.append("      - launch: {as: ").append(name).append("}\n");
            }
        }
        yaml.append("  - say: the snippet\n    ").append(list).append(":\n      - ").append(item).append('\n');
        Lesson lesson = LessonFormat.read("snippet", yaml.toString(), true);
        return lesson.steps().get(lesson.steps().size() - 1);
    }

    /** CHECK's result against CONTEXT; a check that throws fails with its reason, as LessonPlayer shows it. */
    public static CheckResult run(LessonCheck check, LessonContext context) throws Exception {
        try {
            return check.run(context).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return CheckResult.of(false, reason(e));
        }
    }

    /** What ACTION's run completes with, or the reason it failed as "FAILED: reason". */
    public static String run(LessonAction action, LessonContext context) throws Exception {
        try {
            return action.run(context).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "FAILED: " + reason(e);
        }
    }

    /** The innermost message, as LessonPlayer shows a failure. */
    public static String reason(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
