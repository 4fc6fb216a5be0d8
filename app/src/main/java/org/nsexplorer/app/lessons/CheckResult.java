package org.nsexplorer.app.lessons;

/** A check's outcome and one sentence of why, with the live values it read. */
public record CheckResult(boolean passed, String why) {
    public static CheckResult of(boolean passed, String why) {
        return new CheckResult(passed, why);
    }
}
