package org.nsexplorer.app.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.ui.Texts;

/**
 * The half of a lesson's hands that needs no window: the helper's requests and jobs (an
 * "error" answer fails the future), live snapshots, the host processes a lesson starts (never
 * as root for a lesson file), and the files and stored trees it made. The window's context
 * and the tests' both stand on it, so the tests run this very code.
 */
public final class LessonBackend implements AutoCloseable {
    /** The lesson's requests: their answers come on a thread of the lesson's, and an "error" answer fails them. */
    private final HelperClient helper;
    private final boolean trusted;
    private final List<String> made = new CopyOnWriteArrayList<>();
    private final List<Process> hostProcesses = new CopyOnWriteArrayList<>();
    /** Answers are handed on here, never on the helper's reader thread: a step that waited there would stop every answer. */
    private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nsx-lesson");
        t.setDaemon(true);
        return t;
    });
    private Path workDir;
    private DockerRunner docker;

    /** CONNECTION: the window's channel to the helper (or a test's). */
    public LessonBackend(HelperClient.Channel connection, boolean trusted) {
        this.helper = new HelperClient(new HelperClient.Channel() {
            @Override
            public CompletableFuture<JsonNode> request(ObjectNode request) {
                return offReader(connection.request(request)).thenApply(LessonBackend::unlessError);
            }

            @Override
            public void tell(ObjectNode message) {
                connection.tell(message);
            }

            @Override
            public HelperClient.Job start(ObjectNode request, Consumer<JsonNode> progress) {
                HelperClient.Job job = connection.start(request, progress);
                return new HelperClient.Job(job.id(), offReader(job.answer()).thenApply(LessonBackend::unlessError));
            }
        });
        this.trusted = trusted;
    }

    /** The helper's requests, as a lesson's actions and checks make them. */
    public HelperClient helper() {
        return helper;
    }

    /** What MODEL's first process sees now; NAME is the lesson's name for it, for the refusal. */
    public CompletableFuture<JsonNode> snapshot(String name, ContainerModel model) {
        if (model == null || model.state() != ContainerState.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.notRunning",
                    name)));
        }
        return helper.snapshot(model.helperIdProperty().get()).thenApply(answer -> answer.path("snapshot"));
    }

    public CompletableFuture<JsonNode> hostSnapshot() {
        return helper.hostSnapshot().thenApply(answer -> answer.path("snapshot"));
    }

    /** The uid of the user who started the app. */
    public long callerUid() {
        return new UnixSystem().getUid();
    }

    public void made(String rootfs) {
        made.add(rootfs);
    }

    /** The stored rootfs and layers this lesson made, oldest first. */
    public List<String> made() {
        return new ArrayList<>(made);
    }

    public synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("nsx-lesson-");
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return workDir;
    }

    /** Starts ARGV on the host as the app's user; refused for a lesson file when that user is root. */
    public CompletableFuture<Long> startOnHost(List<String> argv) {
        if (!trusted && HelperCommand.runningAsRoot()) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.hostAsRoot")));
        }
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            hostProcesses.add(p);
            return CompletableFuture.completedFuture(p.pid());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.hostStart",
                    String.join(" ", argv), e.getMessage())));
        }
    }

    /** Docker's containers this lesson's dockerRun started, by name: their first process's host PID. */
    private final Map<String, Long> dockerPids = new ConcurrentHashMap<>();

    /**
     * Imports the tar IMAGE into Docker and runs it as the container NAME with COMMAND, as the
     * app's user (DockerRunner); completes with its first process's host PID. Refused for a
     * lesson file when that user is root.
     */
    public CompletableFuture<Long> dockerRun(String name, Path image, List<String> command) {
        if (!trusted && HelperCommand.runningAsRoot()) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.hostAsRoot")));
        }
        if (!Files.isRegularFile(image)) {
            return CompletableFuture.failedFuture(new IllegalStateException(Texts.get("lesson.error.noDockerImage",
                    image.getFileName())));
        }
        return CompletableFuture.supplyAsync(() -> docker().run(name, image, command), callbacks)
                .thenApply(pid -> {
                    dockerPids.put(name, pid);
                    return pid;
                });
    }

    /** The first process of Docker's container NAME, if a dockerRun of this lesson started it. */
    public Optional<Long> dockerPid(String name) {
        return Optional.ofNullable(dockerPids.get(name));
    }

    private synchronized DockerRunner docker() {
        if (docker == null) {
            docker = new DockerRunner(workDir());
        }
        return docker;
    }

    /** The same result as FUTURE, handed on by a thread of the lesson's. */
    private <T> CompletableFuture<T> offReader(CompletableFuture<T> future) {
        return future.whenCompleteAsync((value, error) -> { }, callbacks);
    }

    private static JsonNode unlessError(JsonNode answer) {
        if (answer.path("type").asText().equals("error")) {
            throw new CompletionException(new IllegalStateException(HelperWords.of(answer)));
        }
        return answer;
    }

    /** Ends the host processes the lesson started and removes its work directory. */
    @Override
    public void close() {
        for (Process p : hostProcesses) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Path dir;
        DockerRunner dockerRunner;
        synchronized (this) {
            dir = workDir;
            dockerRunner = docker;
        }
        if (dockerRunner != null) {
            dockerRunner.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system's cleaner takes what is left
            }
        }
        callbacks.shutdown();
    }
}
