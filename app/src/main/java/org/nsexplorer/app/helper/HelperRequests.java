package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The channel to whichever helper connection is current: a request and its answer, and for
 * long jobs their "progress" messages until the answer. Before the helper is connected (or
 * after it went) every request fails at once; nothing waits.
 */
public final class HelperRequests implements HelperClient.Channel {
    private final Map<String, Consumer<JsonNode>> progressWatchers = new ConcurrentHashMap<>();
    private volatile HelperConnection connection;
    private long jobs;

    public void attach(HelperConnection current) {
        this.connection = current;
    }

    @Override
    public CompletableFuture<JsonNode> request(ObjectNode request) {
        HelperConnection now = connection;
        if (now == null || !now.isAlive()) {
            return CompletableFuture.failedFuture(new IOException("the helper is not running"));
        }
        return now.request(request);
    }

    @Override
    public void tell(ObjectNode message) {
        HelperConnection now = connection;
        if (now != null) {
            now.tell(message);
        }
    }

    /** Starts a long job under an id of its own: PROGRESS gets each "progress" message (on the reader thread). */
    @Override
    public HelperClient.Job start(ObjectNode request, Consumer<JsonNode> progress) {
        String id;
        synchronized (this) {
            id = "job-" + (++jobs);
        }
        progressWatchers.put(id, progress);
        return new HelperClient.Job(id, request(request.put("id", id))
                .whenComplete((answer, error) -> progressWatchers.remove(id)));
    }

    /** Called with every message: hands progress to its job's watcher. */
    public void onMessage(JsonNode message) {
        if (message.path("type").asText().equals("progress")) {
            Consumer<JsonNode> watcher = progressWatchers.get(message.path("id").asText());
            if (watcher != null) {
                watcher.accept(message);
            }
        }
    }
}
