package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Engine;

/**
 * `nsx-helper serve`: the engine behind typed JSON messages. When stdin closes (the app
 * quit or crashed) every container is killed and everything made for it removed.
 */
public final class ServeCommand {
    public static final int PROTOCOL_VERSION = 1;

    private ServeCommand() {
    }

    public static int serve(InputStream in, OutputStream out) {
        ObjectMapper json = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        Outbox outbox = new Outbox(json, out);
        Engine engine;
        try {
            engine = Helper.openEngine(false);
        } catch (IOException e) {
            outbox.send(outbox.message("error").put("kind", "helper").put("message", e.getMessage()));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "nsx-cleanup"));
        ExecutorService slow = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nsx-serve-worker");
            t.setDaemon(true);
            return t;
        });
        RequestHandler handler;
        try {
            handler = new RequestHandler(engine, outbox, slow);
        } catch (IOException e) {
            outbox.send(outbox.message("error").put("kind", "helper").put("message", e.getMessage()));
            engine.close();
            return 1;
        }
        handler.warmUp(json); // before "hello": the app enables Launch once the helper is warm
        outbox.send(outbox.message("hello").put("protocol", PROTOCOL_VERSION)
                .put("cgroup", engine.cgroups().version()));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Request request;
                try {
                    request = json.readValue(line, Request.class);
                } catch (JsonProcessingException e) {
                    outbox.send(protocolError(outbox, e));
                    continue;
                }
                try {
                    handler.handle(request);
                } catch (RuntimeException e) {
                    // One bad request must never end every container.
                    outbox.send(outbox.message("error").put("kind", "helper").put("message", String.valueOf(e)));
                }
            }
        } catch (IOException e) {
            System.err.println("nsx-helper: reading requests: " + e.getMessage());
        } finally {
            engine.close();
            slow.shutdownNow();
        }
        return 0;
    }

    /** A message that was not a request we know: says which field, without echoing it whole. */
    private static ObjectNode protocolError(Outbox outbox, JsonProcessingException e) {
        ObjectNode error = outbox.message("error").put("kind", "protocol");
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            error.put("field", m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")));
        }
        String message = e.getOriginalMessage();
        return error.put("message", message.length() > 300 ? message.substring(0, 300) + "..." : message);
    }
}
