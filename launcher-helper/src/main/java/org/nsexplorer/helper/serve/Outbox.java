package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.json.JsonOutput;

/** Writes messages to the app, one JSON object per line, whole lines only, from any thread. */
// Public: the app's contract test (MessageContractTest) writes the broker's messages through it.
public final class Outbox {
    private final OutputStream out;

    public Outbox(OutputStream out) {
        this.out = out;
    }

    public JsonObject message(String type) {
        return new JsonObject().put("type", type);
    }

    public synchronized void send(JsonObject message) {
        byte[] line;
        try {
            line = JsonOutput.bytes(message);
        } catch (IOException | RuntimeException e) {
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
