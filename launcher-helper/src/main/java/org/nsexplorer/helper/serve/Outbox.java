package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes messages to the app, one JSON object per line, whole lines only, from any thread. */
final class Outbox {
    private final ObjectMapper json;
    private final OutputStream out;

    Outbox(ObjectMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    synchronized void send(ObjectNode message) {
        try {
            out.write(json.writeValueAsBytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the app stopped reading", e);
        }
    }
}
