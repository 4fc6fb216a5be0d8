package org.nsexplorer.app.lessons;

import java.util.concurrent.CompletableFuture;

/** Something "Do it for me" does: launch a container, type into its terminal, kill a process... */
public interface LessonAction {
    /** What it does, in full, as the class reads it and as a teacher confirms it for a lesson file. */
    String describe();

    /** Runs something on the host outside the helper's containers (confirmed first, never as root, for a lesson file). */
    default boolean hostSide() {
        return false;
    }

    /** Completes with a line to show the class ("" for none), or exceptionally with what went wrong. */
    CompletableFuture<String> run(LessonContext context);
}
