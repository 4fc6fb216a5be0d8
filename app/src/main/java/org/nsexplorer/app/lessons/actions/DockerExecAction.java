package org.nsexplorer.app.lessons.actions;

import java.time.Duration;
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
 * docker-exec: a shell in every namespace of Docker's container DOCKER (one docker-run
 * started), what `docker exec -it DOCKER sh` opens, done as nsenter does it. It is the
 * lesson's container AS, with a terminal: type and the checks name it.
 */
public record DockerExecAction(String as, String docker) implements LessonAction {
    private static final Duration PROMPT_WAIT = Duration.ofSeconds(5);

    public static DockerExecAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("as", "docker"));
        String docker = scope.dockerContainer(f.required("docker"));
        String as = LaunchAction.containerName(f.required("as"));
        scope.launches(as);
        return new DockerExecAction(as, docker);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.dockerExec", docker, as);
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        // Done once the shell has said its first words: keys typed before would come ahead of its prompt.
        return context.dockerExec(as, docker).thenCompose(done -> {
            context.show(as, "terminal");
            return context.type(as, "", null, PROMPT_WAIT);
        }).thenApply(done -> "");
    }
}
