package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.nsexplorer.app.containers.Recipe;

/**
 * Every request the app makes of the helper, one method each with typed arguments: the one
 * place that writes them as JSON. The fields are those of the broker's Request records
 * (launcher-helper serve/Request.java), whose parser refuses any other; HelperContractTest
 * feeds each of these requests to that parser. Answers come back as the helper's JSON.
 */
public final class HelperClient {
    /** Where requests go: the connection in use, a lesson's backend, a test's recorder. */
    public interface Channel {
        /** Sends REQUEST (with its own "id", or a fresh one); completes with the message that answers it. */
        CompletableFuture<JsonNode> request(ObjectNode request);

        /** Sends MESSAGE, which gets no answer (keys, a terminal size): a failure only means the helper is gone. */
        void tell(ObjectNode message);

        /**
         * A long job: PROGRESS gets each of its "progress" messages where the channel hands them
         * on (HelperRequests does); a channel that does not, answers the job all the same.
         */
        default Job start(ObjectNode request, Consumer<JsonNode> progress) {
            CompletableFuture<JsonNode> answer = request(request);
            return new Job(request.path("id").asText(), answer); // request() gave it its id
        }
    }

    /** A long job the helper runs: its id (to cancel it) and its answer. */
    public record Job(String id, CompletableFuture<JsonNode> answer) {
    }

    /**
     * Where a new rootfs comes from: KIND import (an archive FILE), programs (host PROGRAMS
     * and their libraries), busybox, or debootstrap (SUITE; null: the helper's default).
     */
    public record RootfsSource(String kind, String file, List<String> programs, String suite) {
        public static RootfsSource archive(String file) {
            return new RootfsSource("import", file, List.of(), null);
        }

        public static RootfsSource programs(List<String> names) {
            return new RootfsSource("programs", null, names, null);
        }

        public static RootfsSource busybox() {
            return new RootfsSource("busybox", null, List.of(), null);
        }

        public static RootfsSource debootstrap(String suite) {
            return new RootfsSource("debootstrap", null, List.of(), suite);
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Channel channel;

    public HelperClient(Channel channel) {
        this.channel = channel;
    }

    /** Where this client's requests go (a test wraps it to stand for another machine). */
    public Channel channel() {
        return channel;
    }

    private static ObjectNode newRequest(String type) {
        return JSON.objectNode().put("type", type);
    }

    /**
     * Launches RECIPE, tagged REQUEST_ID so that its answer ("launched" or "error") and the
     * container's events can be matched to it.
     */
    public CompletableFuture<JsonNode> launch(String requestId, Recipe recipe) {
        ObjectNode request = newRequest("launch").put("id", requestId);
        recipe.writeTo(request.putObject("spec"));
        return channel.request(request);
    }

    /** SIGTERM to the container, then SIGKILL; answered by "ok", then its "exited" event. */
    public CompletableFuture<JsonNode> stop(String container) {
        return channel.request(newRequest("stop").put("container", container));
    }

    /**
     * SIGNAL to the container's process HOST_PID, which the helper checks is one the container
     * started; answered by "ok" with what it signalled.
     */
    public CompletableFuture<JsonNode> signalProcess(String container, long hostPid, int signal) {
        return channel.request(newRequest("signal").put("container", container).put("signal", signal).put("pid", hostPid));
    }

    /** The running containers with their networks, layers and namespace inodes: "containers". */
    public CompletableFuture<JsonNode> list() {
        return channel.request(newRequest("list"));
    }

    /** The containers others made on this host: "discovered". */
    public CompletableFuture<JsonNode> discover() {
        return channel.request(newRequest("discover"));
    }

    /** As comparison(), for a process that no container of this app holds (one that others made). */
    public CompletableFuture<JsonNode> comparisonOfPid(long hostPid) {
        return channel.request(newRequest("snapshot").put("pid", hostPid).put("compareHost", true)
                .put("compact", true));
    }

    /** What the host sees: "snapshot". */
    public CompletableFuture<JsonNode> hostSnapshot() {
        return channel.request(newRequest("snapshot"));
    }

    /** What the container's first process sees, and the processes it started ("members"): "snapshot". */
    public CompletableFuture<JsonNode> snapshot(String container) {
        return channel.request(newRequest("snapshot").put("container", container));
    }

    /**
     * The container (null: the helper's own view, the host's) next to the host, without each
     * process's namespaces (the views refresh it each second): "snapshot" with "comparison".
     */
    public CompletableFuture<JsonNode> comparison(String container) {
        ObjectNode request = newRequest("snapshot");
        if (container != null) {
            request.put("container", container);
        }
        return channel.request(request.put("compareHost", true).put("compact", true));
    }

    /**
     * The commands that build RECIPE by hand, with comments in LANGUAGE ("en", "es", "pt-BR"),
     * its systemd-nspawn line, and what root inside could do to the host: "commands".
     */
    public CompletableFuture<JsonNode> commands(Recipe recipe, String language) {
        ObjectNode request = newRequest("commands").put("language", language);
        recipe.writeTo(request.putObject("spec"));
        return channel.request(request);
    }

    /** KEYS typed into the container's terminal. */
    public void input(String container, byte[] keys) {
        channel.tell(newRequest("input").put("container", container).put("data", Base64.getEncoder().encodeToString(keys)));
    }

    /** The container's terminal is ROWS by COLS characters. */
    public void resize(String container, int rows, int cols) {
        channel.tell(newRequest("resize").put("container", container).put("rows", rows).put("cols", cols));
    }

    /**
     * COUNT echo requests from container FROM (null: the host) to container TO, or to "host"
     * (FROM's host side): "ping" with each round trip.
     */
    public CompletableFuture<JsonNode> ping(String from, String to, int count) {
        ObjectNode request = newRequest("ping").put("to", to).put("count", count);
        if (from != null) {
            request.put("from", from);
        }
        return channel.request(request);
    }

    /** Brings lo up in an isolated container: "ok". */
    public CompletableFuture<JsonNode> loopback(String container) {
        return channel.request(newRequest("loopback").put("container", container));
    }

    /** What an overlay container wrote so far: "changes". */
    public CompletableFuture<JsonNode> changes(String container) {
        return channel.request(newRequest("changes").put("container", container));
    }

    /** Keep what an overlay container wrote as the layer NAME when it ends: "ok". */
    public CompletableFuture<JsonNode> keepLayer(String container, String name) {
        return channel.request(newRequest("keepLayer").put("container", container).put("name", name));
    }

    /** The stored root filesystems and layers, and which makers this host has: "rootfsList". */
    public CompletableFuture<JsonNode> rootfsList() {
        return channel.request(newRequest("rootfsList"));
    }

    /** Makes the stored rootfs NAME FROM a source: "progress" messages, then "rootfsMade". */
    public Job rootfsMake(String name, RootfsSource from, Consumer<JsonNode> progress) {
        ObjectNode request = newRequest("rootfsMake").put("kind", from.kind()).put("name", name);
        if (from.file() != null) {
            request.put("file", from.file());
        }
        if (!from.programs().isEmpty()) {
            ArrayNode programs = request.putArray("programs");
            from.programs().forEach(programs::add);
        }
        if (from.suite() != null) {
            request.put("suite", from.suite());
        }
        return channel.start(request, progress);
    }

    /** Packs the stored rootfs or layer NAME into FILE (.tar.gz, .cpio...): "progress", then "exported". */
    public Job rootfsExport(String name, String file, Consumer<JsonNode> progress) {
        return channel.start(newRequest("rootfsExport").put("name", name).put("file", file), progress);
    }

    /**
     * What a launch of COMMAND (null: /bin/sh) in ROOTFS (a stored name or a directory) would
     * find wrong: "rootfsCheck".
     */
    public CompletableFuture<JsonNode> rootfsCheck(String rootfs, String command) {
        ObjectNode request = newRequest("rootfsCheck").put("rootfs", rootfs);
        if (command != null) {
            request.put("command", command);
        }
        return channel.request(request);
    }

    /** Removes the stored rootfs NAME, or else the layer NAME: "ok". */
    public CompletableFuture<JsonNode> rootfsRemove(String name) {
        return channel.request(newRequest("rootfsRemove").put("name", name));
    }

    /** Stops JOB: its answer becomes an error of kind "cancelled". */
    public CompletableFuture<JsonNode> cancel(Job job) {
        return channel.request(newRequest("cancel").put("job", job.id()));
    }
}
