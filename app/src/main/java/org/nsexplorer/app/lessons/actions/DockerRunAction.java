package org.nsexplorer.app.lessons.actions;

import java.util.List;
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
 * docker-run: the image file IMAGE an earlier pack made (a rootfs as a tar), imported into
 * Docker (docker import) and run as the container NAME (docker run), with the docker command
 * as the launching user. The class then finds it in the selector among the containers made by
 * others.
 */
public record DockerRunAction(String name, String image, List<String> command) implements LessonAction {
    /** What docker import reads: a tar, plain or compressed. */
    private static final List<String> TARS = List.of(".tar", ".tar.gz", ".tar.xz");
    /** A name Docker takes for a container and, lowercase, as a path component of the image's name. */
    private static final String NAME = "[a-z0-9]+(?:[._-][a-z0-9]+)*";

    public static DockerRunAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("name", "image", "command"));
        YamlValue nameValue = f.required("name");
        String name = nameValue.text().trim();
        if (!name.matches(NAME) || name.length() > 63) {
            throw nameValue.error("lesson.error.dockerName", name);
        }
        List<String> command = f.optional("command").isPresent() ? f.required("command").texts() : List.of("/bin/sh");
        if (command.isEmpty() || !command.get(0).startsWith("/")) {
            throw f.required("command").error("lesson.error.absoluteCommand", command.isEmpty() ? "" : command.get(0));
        }
        YamlValue imageValue = f.required("image");
        String image = imageValue.text().trim();
        if (!image.matches(ExportRootfsAction.FILE_NAME) || TARS.stream().noneMatch(image::endsWith)) {
            throw imageValue.error("lesson.error.badImage", image, String.join(", ", TARS));
        }
        scope.dockerRuns(name, nameValue);
        return new DockerRunAction(name, image, List.copyOf(command));
    }

    @Override
    public boolean hostSide() {
        return true;
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.dockerRun", name, image, String.join(" ", command));
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return context.dockerRun(name, context.workDir().resolve(image), command).thenApply(pid -> Texts.get("lesson.action.dockerRun.done",
                name, pid));
    }
}
