package org.nsexplorer.app.lessons;

import java.util.List;

/**
 * One step of a lesson: what the teacher says (SAY), the view to bring up (SHOW, a tab key
 * or null), an optional prediction, the actions "Do it for me" runs and the checks that read
 * the kernel afterwards. LINE is where the step starts in its file.
 */
public record Step(String say, String show, Prediction prediction, List<LessonAction> actions,
        List<LessonCheck> checks, int line) {
    public Step {
        actions = List.copyOf(actions);
        checks = List.copyOf(checks);
    }

    /** Actions that run something on the host outside the helper's containers: confirmed first for a lesson file. */
    public List<LessonAction> hostSideActions() {
        return actions.stream().filter(LessonAction::hostSide).toList();
    }
}
