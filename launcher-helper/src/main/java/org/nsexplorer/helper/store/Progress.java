package org.nsexplorer.helper.store;

import java.util.concurrent.CancellationException;

/** Where long work (import, export, debootstrap) reports how far it is, and learns it was cancelled. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void report(double fraction, String step) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** @param fraction 0 to 1, or -1 when unknown */
    void report(double fraction, String step);

    /** STEP told in parts (debootstrap's phases and counts); a terminal needs only its text. */
    default void report(double fraction, ProgressStep step) {
        report(fraction, step.text());
    }

    boolean cancelled();

    /** Throws CancellationException when cancelled: long loops call it between steps. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
