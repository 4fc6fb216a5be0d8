package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.support.RealHelper;

/**
 * The real helper (tests run as root) and containers launched through it, compared with the
 * host as the app compares them: the parsed CompareSnapshot, and the helper's JSON it came from.
 */
final class LiveComparison implements AutoCloseable {
    private final HelperConnection helper;

    private LiveComparison(HelperConnection helper) {
        this.helper = helper;
    }

    static LiveComparison start() throws Exception {
        return new LiveComparison(RealHelper.start(new HelperConnection.Listener() {
                    @Override
                    public void onMessage(JsonNode message) {
                    }

                    @Override
                    public void onClosed(String reason) {
                    }
                }));
    }

    /** The helper's id of a container launched with SPEC (the launch request's "spec"), once it runs. */
    String launch(Consumer<ObjectNode> spec) throws Exception {
        // A spec written out: some ask for what no recipe has (mapRoot).
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("type", "launch");
        spec.accept(request.putObject("spec"));
        JsonNode answer = helper.request(request).get(20, TimeUnit.SECONDS);
        if (!answer.path("type").asText().equals("launched")) {
            throw new AssertionError("launch refused: " + answer);
        }
        String id = answer.get("container").asText();
        for (int i = 0; i < 200; i++) {
            JsonNode seen = answer(id);
            if (seen.has("comparison")) {
                return id;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("container " + id + " did not start: " + answer(id));
    }

    /** The helper's answer to the app's refresh of container ID: the comparison and the members. */
    JsonNode answer(String id) throws Exception {
        return new HelperClient(helper).comparison(id).get(20, TimeUnit.SECONDS);
    }

    /** What the views show of container ID, parsed as the app parses it. */
    CompareSnapshot compare(String id) throws Exception {
        JsonNode answer = answer(id);
        return CompareSnapshot.parse(answer.get("comparison"), answer.get("members"));
    }

    /** ARGV as the container's namespaces see it, through nsenter into the first process's ones. */
    static String inside(long hostPid, String namespaces, String... argv) throws Exception {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t",
                Long.toString(hostPid), namespaces));
        command.addAll(List.of(argv));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        helper.close();
    }
}
