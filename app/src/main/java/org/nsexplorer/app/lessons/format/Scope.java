package org.nsexplorer.app.lessons.format;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a lesson has named so far while it is read: a check or action may only name a
 * container launched in an earlier (or the same) step, so a typo is caught on load.
 */
public final class Scope {
    private final Set<String> containers = new LinkedHashSet<>();
    /** The containers docker-run started: Docker's, not ours, so only the Docker checks name them. */
    private final Set<String> dockerContainers = new LinkedHashSet<>();

    public void launches(String name) {
        containers.add(name);
    }

    /** Notes NAME as docker-run's (VALUE's line); a second docker-run of one name is refused: it would be the first's. */
    public void dockerRuns(String name, YamlValue value) throws LessonFileException {
        if (!dockerContainers.add(name)) {
            throw value.error("lesson.error.dockerTwice", name);
        }
    }

    /** NAME, if docker-run started it before; else an error on VALUE's line. */
    public String dockerContainer(YamlValue value) throws LessonFileException {
        return named(value, dockerContainers, "lesson.error.noSuchDockerContainer");
    }

    /** NAME, if launched before; else an error on VALUE's line. */
    public String container(YamlValue value) throws LessonFileException {
        return named(value, containers, "lesson.error.noSuchContainer");
    }

    /** VALUE's name if KNOWN holds it; else the error REFUSAL, with the names known so far. */
    private static String named(YamlValue value, Set<String> known, String refusal) throws LessonFileException {
        String name = value.text().trim();
        if (!known.contains(name)) {
            throw value.error(refusal, name, known.isEmpty() ? "-" : String.join(", ", known));
        }
        return name;
    }
}
