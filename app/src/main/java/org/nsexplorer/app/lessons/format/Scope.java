package org.nsexplorer.app.lessons.format;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a lesson has named so far while it is read: a check or action may only name a
 * container launched in an earlier (or the same) step, so a typo is caught on load.
 */
public final class Scope {
    private final Set<String> containers = new LinkedHashSet<>();

    public void launches(String name) {
        containers.add(name);
    }

    /** NAME, if launched before; else an error on VALUE's line. */
    public String container(YamlValue value) throws LessonFileException {
        String name = value.text().trim();
        if (!containers.contains(name)) {
            throw value.error("lesson.error.noSuchContainer", name,
                    containers.isEmpty() ? "-" : String.join(", ", containers));
        }
        return name;
    }
}
