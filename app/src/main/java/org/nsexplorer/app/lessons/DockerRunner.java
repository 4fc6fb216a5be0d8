package org.nsexplorer.app.lessons;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nsexplorer.app.ui.Texts;

/**
 * A lesson's Docker containers, made with the docker command as the app's user: Docker's own
 * socket permissions decide what it may do, never the helper. An image file the lesson packed
 * is imported and run attached (docker run --interactive --rm): the app holds the container's
 * stdin open. When the app ends, even killed, the docker client ends with it, the container's
 * stdin closes, its shell reads the end and exits, and --rm removes it; close() removes the
 * containers and their images at once.
 * <p>
 * Only what this app made is ever removed: containers by the id docker wrote to our cid file
 * or by our label, images by our tag. Both carry the runner's key, the app's PID and the
 * runner's number ("4242-2"): a lesson's end removes its own alone, never those of the lesson
 * started after it in the same app.
 */
public final class DockerRunner implements AutoCloseable {
    /** The daemon's address for the docker command (DOCKER_HOST): tests start a daemon of their own. */
    public static final String HOST_PROPERTY = "nsx.docker.host";
    /** On every container a lesson starts, with the runner's key: `docker ps --filter label=...` finds them. */
    public static final String LABEL = "org.nsexplorer.lesson";
    private static final String REPOSITORY = "nsx-explorer-lesson/";
    private static final AtomicInteger RUNNERS = new AtomicInteger();
    /** The removals of the lessons that ended: a next docker-run waits for them, since it may reuse their names. */
    private static final List<Thread> REMOVALS = new CopyOnWriteArrayList<>();
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(35);
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(120);
    /** For each other command: a daemon that takes the connection and never answers does not hold the app. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final Path logDir;
    /** DOCKER_HOST as it was when this runner was made: its removals go to the daemon its runs went to. */
    private final String host;
    private final List<Started> started = new ArrayList<>();
    /** The app's PID and this runner's number: in our label and tags. */
    private final String key = ProcessHandle.current().pid() + "-" + RUNNERS.incrementAndGet();
    private boolean closed;

    /** CID_FILE: where docker run writes the container's id; only a container named there is removed as ours. */
    private record Started(String image, Process client, Path cidFile) {
        String id() {
            try {
                return Files.exists(cidFile) ? Files.readString(cidFile).strip() : "";
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** LOG_DIR: where the docker client's output and its cid files go, read for the error when it fails. */
    public DockerRunner(Path logDir) {
        this.logDir = logDir;
        this.host = System.getProperty(HOST_PROPERTY);
    }

    /** The repository of the images of lesson containers named NAME, every app's and runner's: for `docker images`. */
    public static String repositoryOf(String name) {
        return REPOSITORY + name;
    }

    /** The image this runner's container NAME runs, tagged with its key: another runner's is never touched. */
    private String imageOf(String name) {
        return repositoryOf(name) + ":" + key;
    }

    /**
     * Imports TAR as NAME's image, runs COMMAND in it as the container NAME (hostname NAME) and
     * returns its first process's host PID once it runs. Blocks: call off the FX thread.
     */
    public long run(String name, Path tar, List<String> command) {
        String image = imageOf(name);
        awaitEndedLessonsRemovals();
        removeWhatEndedAppsLeft();
        quietly(List.of("rmi", image)); // this app's own, left by a client that died: replaced, not left untagged
        docker(List.of("import", tar.toString(), image), IMPORT_TIMEOUT);
        Path log = logDir.resolve("docker-" + name + ".log");
        Path cidFile = logDir.resolve("docker-" + name + ".cid");
        try {
            Files.deleteIfExists(cidFile); // docker run refuses to start when it exists
            Files.writeString(log, ""); // its own failure to be written is not "no docker command"
        } catch (IOException e) {
            throw failed("run", e.getMessage());
        }
        List<String> argv = new ArrayList<>(List.of("run", "--interactive", "--rm", "--name", name, "--hostname", name,
                "--label", LABEL + "=" + key, "--cidfile", cidFile.toString(), image));
        argv.addAll(command);
        Started container;
        synchronized (this) {
            if (closed) { // the lesson ended while the image was imported
                quietly(List.of("rmi", image));
                throw failed("run", Texts.get("lesson.error.dockerEnded"));
            }
            Process client;
            try {
                client = command(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw noDocker(e);
            }
            container = new Started(image, client, cidFile);
            started.add(container);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!container.client().isAlive()) {
                throw failed("run", lastLine(log));
            }
            String id = container.id(); // by its id: another container may bear the name already
            try {
                long pid = id.isEmpty() ? 0 : Long.parseLong(docker(List.of("inspect", "--format", "{{.State.Pid}}",
                        id), COMMAND_TIMEOUT).strip());
                if (pid > 0) {
                    return pid;
                }
            } catch (IllegalStateException | NumberFormatException e) {
                // not started yet: docker run is still at it
            }
            pause();
        }
        throw failed("run", Texts.get("lesson.error.dockerSlow", START_TIMEOUT.toSeconds()));
    }

    /**
     * What apps killed before their lesson ended left: containers Docker had only created (a
     * started one goes by itself), then lesson images, each labelled or tagged with a PID that
     * no longer runs.
     */
    private void removeWhatEndedAppsLeft() {
        String containers;
        String images;
        try {
            containers = docker(List.of("ps", "--all", "--no-trunc", "--filter", "label=" + LABEL, "--format",
                    "{{.ID}} {{.Label \"" + LABEL + "\"}}"), COMMAND_TIMEOUT);
            images = docker(List.of("images", "--filter", "reference=" + REPOSITORY + "*", "--format",
                    "{{.Repository}}:{{.Tag}}"), COMMAND_TIMEOUT);
        } catch (IllegalStateException e) {
            return; // import says what is wrong with docker
        }
        for (String line : containers.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] idAndPid = line.split(" ");
            if (idAndPid.length == 2 && ended(idAndPid[1])) {
                quietly(List.of("rm", "--force", idAndPid[0]));
            }
        }
        for (String image : images.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (ended(image.substring(image.lastIndexOf(':') + 1))) {
                quietly(List.of("rmi", image));
            }
        }
    }

    /** Whether KEY, a label's or tag's PID or PID-N, is an app's that no longer runs. */
    private static boolean ended(String key) {
        String pid = key.replaceFirst("-\\d+$", "");
        return pid.matches("\\d{1,10}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    }

    /** Waits (REMOVAL_WAIT at most each) until the lessons that ended have removed what they ran. */
    private static void awaitEndedLessonsRemovals() {
        for (Thread removal : REMOVALS) {
            try {
                removal.join(REMOVAL_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!removal.isAlive()) {
                REMOVALS.remove(removal);
            }
        }
    }

    /** Runs `docker ARGS` within TIMEOUT, returns what it printed, or fails with what docker said. */
    private String docker(List<String> args, Duration timeout) {
        Process p;
        try {
            p = command(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw noDocker(e);
        }
        try {
            p.getOutputStream().close();
            // Read beside the wait: a client that never ends must not hold this thread past TIMEOUT.
            CompletableFuture<String> said = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failed(args.get(0), Texts.get("lesson.error.dockerSlow", timeout.toSeconds()));
            }
            String out = said.completeOnTimeout("", 5, TimeUnit.SECONDS).join();
            if (p.exitValue() != 0) {
                throw failed(args.get(0), lastLine(out));
            }
            return out;
        } catch (IOException e) {
            throw failed(args.get(0), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw failed(args.get(0), e.toString());
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The docker command with ARGS: argv only, never a shell; the daemon given by the test's property, if any. */
    private ProcessBuilder command(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (host != null && !host.isBlank()) {
            builder.environment().put("DOCKER_HOST", host);
        }
        return builder;
    }

    /** The docker command could not start: not installed (or not on the PATH), or something else said so. */
    private static IllegalStateException noDocker(IOException e) {
        boolean missing = String.valueOf(e.getMessage()).contains("error=2,");
        return missing ? new IllegalStateException(Texts.get("lesson.error.noDocker"), e)
                : failed("run", e.getMessage());
    }

    /** Docker's words for what went wrong, with what to do when it is the socket's permission. */
    private static IllegalStateException failed(String what, String said) {
        boolean socket = said.contains("permission denied") && said.contains("socket");
        return new IllegalStateException(Texts.get(socket ? "lesson.error.dockerSocket" : "lesson.error.docker", what,
                said));
    }

    private static String lastLine(Path log) {
        try {
            return lastLine(Files.readString(log));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        return last.length() > 300 ? last.substring(0, 300) + "…" : last;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes the containers and images the lesson made, newest first, on a thread of its own
     * (docker takes a second or two; the window does not wait): their clients end at once, which
     * alone ends each container that had started. A container docker only created, or one whose
     * id never reached its cid file, is found by our label. What is gone already is no error.
     */
    @Override
    public void close() {
        List<Started> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(started);
            started.clear();
        }
        List<String> ids = all.stream().map(Started::id).toList(); // read now: the work directory goes next
        all.forEach(s -> s.client().destroyForcibly());
        Thread removal = new Thread(() -> {
            List<String> newestFirst = new ArrayList<>(ids);
            Collections.reverse(newestFirst);
            Set<String> containers = new LinkedHashSet<>(newestFirst);
            try {
                docker(List.of("ps", "--all", "--quiet", "--no-trunc", "--filter", "label=" + LABEL + "=" + key),
                        COMMAND_TIMEOUT).lines().map(String::strip)
                        .filter(l -> !l.isEmpty()).forEach(containers::add);
            } catch (IllegalStateException e) {
                // the daemon is gone: so are its containers' processes
            }
            containers.stream().filter(id -> !id.isEmpty()).forEach(id -> quietly(List.of("rm", "--force", id)));
            for (int i = all.size() - 1; i >= 0; i--) {
                removeImage(all.get(i).image());
            }
        }, "nsx-docker-removal");
        removal.setDaemon(false); // the app's exit waits for it (30 s a command at most): nothing outlives the app
        REMOVALS.add(removal);
        removal.start();
    }

    /**
     * Removes IMAGE once no container uses it. A container whose client just ended may still be
     * in --rm's removal, which `rm --force` does not wait for: docker refuses the image with a
     * "conflict" until it is gone, so that refusal is tried again (REMOVAL_WAIT at most).
     */
    private void removeImage(String image) {
        long deadline = System.nanoTime() + REMOVAL_WAIT.toNanos();
        while (true) {
            try {
                docker(List.of("rmi", image), COMMAND_TIMEOUT);
                return;
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("conflict") || System.nanoTime() > deadline) {
                    return; // gone already, or the daemon stopped: nothing left of ours to remove
                }
            }
            pause();
        }
    }

    private void quietly(List<String> args) {
        try {
            docker(args, COMMAND_TIMEOUT);
        } catch (IllegalStateException e) {
            // gone already (--rm), or the daemon stopped: nothing left of ours to remove
        }
    }
}
