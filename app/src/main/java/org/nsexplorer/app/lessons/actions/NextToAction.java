package org.nsexplorer.app.lessons.actions;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * next-to: the namespace map of the lesson's CONTAINER with the Docker container DOCKER (one
 * docker-run started) next to it, badge by badge: which namespaces each has of its own.
 */
public record NextToAction(String container, String docker) implements LessonAction {
    public static NextToAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("container", "docker"));
        return new NextToAction(scope.container(f.required("container")), scope.dockerContainer(f.required("docker")));
    }

    /** How the map's choice names it: as the selector does a container another engine made. */
    public String otherLabel() {
        return docker + " (docker)";
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.nextTo", container, otherLabel());
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return context.showNextTo(container, otherLabel()).thenApply(done -> "");
    }
}
