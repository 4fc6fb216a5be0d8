package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.ui.Texts;

/**
 * What lesson actions and checks may do, all through the helper or the window. Containers
 * are named by the lesson ("jail", "a"); futures complete off the FX thread.
 */
public interface LessonContext {
    /** Launches RECIPE as the container NAME and completes once it runs, or with the helper's refusal. */
    CompletableFuture<Void> launch(String name, Recipe recipe);

    /** Stops NAME and completes once it has exited. */
    CompletableFuture<Void> stop(String name);

    /** The lesson's container NAME, if launched. */
    Optional<ContainerModel> container(String name);

    /**
     * Types TEXT into NAME's terminal, a key at a time so the class sees it, and completes when
     * its output has settled, or UNTIL appears (null: settled only), or after TIMEOUT.
     */
    CompletableFuture<Void> type(String name, String text, String until, Duration timeout);

    /** The text on NAME's terminal (screen and scrollback), as the class sees it. */
    CompletableFuture<String> screen(String name);

    /** What NAME's first process sees, read now (the helper's snapshot JSON). */
    CompletableFuture<JsonNode> snapshot(String name);

    /** What the host sees, read now. */
    CompletableFuture<JsonNode> hostSnapshot();

    /** The uid of the user who started the app: what root in a user-namespace container is on the host. */
    long callerUid();

    /** The host's hostname when the lesson began. */
    String hostnameAtStart();

    /** Sends SIGNAL to the process HOST_PID of NAME, which the helper checks is NAME's. */
    CompletableFuture<Void> signalProcess(String name, long hostPid, int signal);

    /** The helper's requests; their answers come off the reader thread, and an "error" answer fails them. */
    HelperClient helper();

    /** Notes a stored rootfs this lesson made, so a rehearsal removes it at the end. */
    void made(String rootfs);

    /** A directory of this lesson's own for files it writes (images), removed when the lesson ends. */
    Path workDir();

    /** Starts ARGV on the host as the launching user (never as root for a lesson file); ends with the lesson. */
    CompletableFuture<Long> startOnHost(List<String> argv);

    /**
     * Imports the tar IMAGE into Docker and runs it as the container NAME with COMMAND, as the
     * launching user (never as root for a lesson file); completes with its first process's
     * host PID. It ends with the lesson.
     */
    CompletableFuture<Long> dockerRun(String name, Path image, List<String> command);

    /**
     * Completes when the lesson may act: once what the lesson before it started has ended (a
     * container that still uses a rootfs this one packs, Docker's container of the same name).
     */
    default CompletableFuture<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /** The first process of Docker's container NAME, if this lesson's dockerRun started it. */
    Optional<Long> dockerPid(String name);

    /**
     * Opens a shell in every namespace of Docker's container DOCKER (what `docker exec -it
     * DOCKER sh` gives), done as nsenter does it: the lesson's container AS, with its terminal.
     */
    default CompletableFuture<Void> dockerExec(String as, String docker) {
        return dockerPid(docker).map(pid -> launch(as, Recipe.entering(pid))).orElseGet(() -> CompletableFuture
                .failedFuture(new IllegalStateException(Texts.get("lesson.error.dockerNotRunning", docker))));
    }

    /**
     * Brings up the namespace map of NAME's container with the container OTHER next to it
     * ("web (docker)", as the map's choice names it), once the window lists OTHER: another
     * engine's container is found within seconds of its start.
     */
    CompletableFuture<Void> showNextTo(String name, String other);

    /** Brings up the Root filesystems view with the stored rootfs NAME chosen, its programs in sight. */
    void showRootfs(String name);

    /** Brings up view TAB and NAME's container in the window. */
    void show(String name, String tab);
}
