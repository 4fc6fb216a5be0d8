package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes messages to the app, one JSON object per line, whole lines only, from any thread. */
// Public: the app's contract test (MessageContractTest) writes the broker's messages through it.
public final class Outbox {
    private final ObjectMapper json;
    private final OutputStream out;

    public Outbox(ObjectMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    public ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    public synchronized void send(ObjectNode message) {
        byte[] line;
        try {
            line = json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Never the end of the session: the app gets an error in place of what could not be written.
            line = ("{\"type\":\"error\",\"id\":null,\"kind\":\"helper\",\"message\":\"an answer could not be"
                    + " written as JSON\"}").getBytes(StandardCharsets.UTF_8);
        }
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the app stopped reading", e);
        }
    }
}
