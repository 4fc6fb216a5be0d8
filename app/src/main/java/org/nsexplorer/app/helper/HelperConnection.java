package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's end of `nsx-helper serve`: JSON lines out, JSON lines in. Answers to a request
 * complete its future; every message (answers and container events) also reaches the
 * listener, on this connection's reader thread (never the FX thread).
 */
public final class HelperConnection implements HelperClient.Channel, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The serve protocol this app speaks (ServeCommand.PROTOCOL_VERSION on the helper's side). */
    public static final int PROTOCOL = 1;

    /** Receives every message, and the end of the connection. */
    public interface Listener {
        void onMessage(JsonNode message);

        void onClosed(String reason);
    }

    private final Process process;
    private final OutputStream out;
    private final Listener listener;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
    private volatile String lastError;

    private HelperConnection(Process process, Listener listener) {
        this.process = process;
        this.out = process.getOutputStream();
        this.listener = listener;
    }

    /**
     * Starts the helper with COMMAND (see {@link HelperCommand}) and waits for its hello. This
     * process is made non-dumpable first: no other program may reach the pipe through /proc.
     */
    public static HelperConnection start(List<String> command, Listener listener) throws IOException {
        NonDumpable.ensure();
        Process process = new ProcessBuilder(command).start();
        HelperConnection connection = new HelperConnection(process, listener);
        Thread reader = new Thread(connection::read, "nsx-helper-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(connection::relayErrors, "nsx-helper-stderr");
        errors.setDaemon(true);
        errors.start();
        try {
            JsonNode hello = connection.hello.get(60, TimeUnit.SECONDS); // a password prompt may come first
            int protocol = hello.path("protocol").asInt(-1);
            if (protocol != PROTOCOL) {
                process.destroyForcibly();
                throw new IOException(command.get(command.size() - 2) + " speaks protocol " + protocol
                        + ", this app " + PROTOCOL + ": install the helper of this checkout again"
                        + " (sudo packaging/install-helper) or remove the old one (--uninstall)");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            try {
                // Its last words (sudo's or pkexec's refusal) say more than a closed pipe: read them to
                // the end before destroying it, since destroying closes its stderr and a line not yet
                // read is lost (the window then lacked "sudo: a password is required" now and then).
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    errors.join(5000);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            String said = connection.lastError;
            String failure = "the helper did not start (" + String.join(" ", command) + "): "
                    + (said != null ? said : e.getCause() != null ? e.getCause().getMessage() : e.toString());
            throw new IOException(HelperCommand.notStartedMessage(command, failure), e);
        }
        return connection;
    }

    public JsonNode hello() {
        return hello.join();
    }

    /**
     * Sends REQUEST with its own "id", or a fresh one; the future completes with the message
     * that answers it.
     */
    @Override
    public CompletableFuture<JsonNode> request(ObjectNode request) {
        String id = request.hasNonNull("id") ? request.get("id").asText() : "a" + ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            send(request.put("id", id));
        } catch (IOException e) {
            pending.remove(id);
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** Sends MESSAGE, which gets no answer (terminal input); a failure only means the helper is gone. */
    @Override
    public void tell(ObjectNode message) {
        try {
            send(message);
        } catch (IOException e) {
            // the reader thread reports the end of the connection
        }
    }

    private synchronized void send(ObjectNode message) throws IOException {
        out.write(JSON.writeValueAsBytes(message));
        out.write('\n');
        out.flush();
    }

    /** Copies the helper's stderr to ours, line by line, and keeps the last line for a failed start. */
    private void relayErrors() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.err.println(line);
                if (!line.isBlank()) {
                    lastError = line.strip();
                }
            }
        } catch (IOException e) {
            // the helper is gone; the reader thread reports it
        }
    }

    private void read() {
        String reason = "the helper closed its output";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode message = JSON.readTree(line);
                if (!hello.isDone() && message.path("type").asText().equals("hello")) {
                    hello.complete(message);
                }
                // "progress" comes before a long job's answer, under the same id: it answers nothing.
                boolean progress = message.path("type").asText().equals("progress");
                CompletableFuture<JsonNode> answer = message.has("id") && !progress
                        ? pending.remove(message.get("id").asText()) : null;
                if (answer != null) {
                    answer.complete(message);
                }
                listener.onMessage(message);
            }
        } catch (IOException | RuntimeException e) {
            reason = "reading the helper's messages failed: " + e.getMessage();
        }
        IOException closed = new IOException(reason);
        hello.completeExceptionally(closed);
        pending.values().forEach(f -> f.completeExceptionally(closed));
        pending.clear();
        listener.onClosed(reason);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closing stdin makes the helper kill every container and clean up; then it exits. */
    @Override
    public void close() {
        try {
            out.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
