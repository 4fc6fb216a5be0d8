package org.nsexplorer.app.lessons;

import java.util.concurrent.CompletableFuture;

/** A question to the running kernel (through the helper, never the recipe) with a ✓ or ✗ and why. */
public interface LessonCheck {
    /** What it checks, as the class reads it before it runs. */
    String describe();

    /** The view (tab key: "processes", "network"...) whose state it reads; its result shows next to that view. */
    String view();

    CompletableFuture<CheckResult> run(LessonContext context);
}
