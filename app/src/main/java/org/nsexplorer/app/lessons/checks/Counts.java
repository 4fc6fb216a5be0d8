package org.nsexplorer.app.lessons.checks;

import java.util.Optional;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.ui.Texts;

/** "atLeast" and "atMost" bounds of a count, either or both. */
record Counts(Long atLeast, Long atMost) {
    static Counts parse(Fields f) throws LessonFileException {
        Long least = f.optional("atLeast").isPresent() ? f.required("atLeast").number() : null;
        Long most = f.optional("atMost").isPresent() ? f.required("atMost").number() : null;
        return new Counts(least, most);
    }

    boolean given() {
        return atLeast != null || atMost != null;
    }

    boolean holds(long n) {
        return (atLeast == null || n >= atLeast) && (atMost == null || n <= atMost);
    }

    /** "at least 10", "at most 3", "from 2 to 3". */
    String text() {
        return Optional.ofNullable(atLeast).map(l -> atMost == null
                ? Texts.get("lesson.count.atLeast", l)
                : Texts.get("lesson.count.between", l, atMost))
                .orElseGet(() -> Texts.get("lesson.count.atMost", atMost));
    }
}
