package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.support.ForwardingLessonContext;

/**
 * A lesson's hands with no helper behind them: each snapshot and each answer is one the test
 * made as the broker makes it. What a step does not need is not there (the context it would
 * forward to is none).
 */
final class LessonStandIn extends ForwardingLessonContext {
    private final Map<String, JsonNode> snapshots;
    private final JsonNode host;
    private final long callerUid;
    private final Map<String, JsonNode> answers = new HashMap<>();
    private final HelperClient helper = new HelperClient(new HelperClient.Channel() {
        @Override
        public CompletableFuture<JsonNode> request(ObjectNode request) {
            JsonNode answer = answers.get(request.path("type").asText());
            return answer == null ? CompletableFuture.failedFuture(new IllegalStateException("no answer to " + request))
                    : CompletableFuture.completedFuture(answer);
        }

        @Override
        public void tell(ObjectNode message) {
        }
    });

    /** SNAPSHOTS of the lesson's containers by name, and the HOST's; CALLER_UID: who started the app. */
    LessonStandIn(Map<String, JsonNode> snapshots, JsonNode host, long callerUid) {
        super(null);
        this.snapshots = snapshots;
        this.host = host;
        this.callerUid = callerUid;
    }

    /** ANSWER to every request of TYPE. */
    LessonStandIn answer(String type, JsonNode answer) {
        answers.put(type, answer);
        return this;
    }

    @Override
    public CompletableFuture<JsonNode> snapshot(String name) {
        return CompletableFuture.completedFuture(snapshots.get(name));
    }

    @Override
    public CompletableFuture<JsonNode> hostSnapshot() {
        return CompletableFuture.completedFuture(host);
    }

    @Override
    public long callerUid() {
        return callerUid;
    }

    @Override
    public HelperClient helper() {
        return helper;
    }

    @Override
    public void made(String rootfs) {
    }

    @Override
    public Path workDir() {
        return Path.of("/tmp/nsx-lesson-1");
    }

    @Override
    public void showRootfs(String name) {
    }

    @Override
    public void show(String name, String tab) {
    }
}
