package org.nsexplorer.app.lessons;

import java.util.List;

/**
 * A guided lesson: ID (its file's name), TITLE, the WALKTHROUGH it follows, one line on where
 * it DEPARTS from it and why, and its steps. TRUSTED: built into the app; a lesson loaded
 * from a file is not, and its host-side actions are shown and confirmed before they run.
 */
public record Lesson(String id, String title, String walkthrough, String departs, List<Step> steps, boolean trusted) {
    public Lesson {
        steps = List.copyOf(steps);
    }
}
