package org.nsexplorer.app.lessons.support;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * While another helper on this machine has containers running (someone else's window or
 * tests), the helper refuses to pack or remove any stored tree (TreeUsage: it cannot know
 * what they use). A test waits such a refusal out instead of failing on another's work.
 */
public final class OtherHelpers {
    static final String REFUSAL = "another Namespace Explorer helper has containers running";
    private static final long PATIENCE_SECONDS = 180;

    private OtherHelpers() {
    }

    /** ACTION's result, asked again every half second while it is that refusal (for three minutes at most). */
    public static <T> T waitOut(Callable<T> action) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            T result;
            try {
                result = action.call();
            } catch (Exception e) {
                if (!String.valueOf(Snippets.reason(e)).contains(REFUSAL) || System.nanoTime() > deadline) {
                    throw e;
                }
                result = null;
            }
            if (result != null && !String.valueOf(result).contains(REFUSAL) || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(500);
        }
    }
}
