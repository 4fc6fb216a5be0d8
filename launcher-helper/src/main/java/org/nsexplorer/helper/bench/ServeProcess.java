package org.nsexplorer.helper.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.HelperJvm;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.json.JsonInput;

/**
 * A real `nsx-helper serve` in a JVM of its own, started as ./nsx-helper starts it (same
 * classes, stage, heap options and class archive, when there is one), and driven line by line
 * as the app drives it. Its answers arrive in a queue, each with the time it was read.
 */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    /** One message from serve, and System.nanoTime() when it was read. */
    record Message(Map<String, Object> json, long nanos) {
        String type() {
            return text("type", "");
        }

        /** Answers carry the key "id" (null when the request's could not be read); events do not. */
        boolean isAnswer() {
            return json.containsKey("id");
        }

        String id() {
            return json.get("id") instanceof String id ? id : null;
        }

        /** FIELD's value as text (a number's digits), or ABSENT when it has none. */
        String text(String field, String absent) {
            Object value = json.get(field);
            return value instanceof String || value instanceof Number || value instanceof Boolean
                    ? String.valueOf(value) : absent;
        }

        /** FIELD's whole number, or ABSENT when it has none. */
        int whole(String field, int absent) {
            return json.get(field) instanceof Number n ? n.intValue() : absent;
        }
    }

    /** @param stateDir the state directory for this serve, or null for the helper's usual one */
    ServeProcess(Path stateDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(HelperJvm.options());
        HelperPaths.serveArchive().ifPresent(archive -> command.addAll(List.of("-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds*=off")));
        command.addAll(List.of("-Dnsx.stage=" + HelperPaths.stageBinary(),
                "-Dnsx.stateDir=" + (stateDir != null ? stateDir : HelperPaths.stateDir()),
                "-cp", System.getProperty("java.class.path"), "org.nsexplorer.helper.Main", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LC_ALL", "C.UTF-8");
        process = builder.start();
        in = process.getOutputStream();
        Thread reader = new Thread(this::read, "serve-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long now = System.nanoTime();
                try {
                    messages.add(new Message(object(line), now));
                } catch (IOException e) {
                    // serve writes JSON only: a line that is not would be a bug worth seeing
                    messages.add(new Message(Map.of("type", "not-json", "line",
                            line.length() > 200 ? line.substring(0, 200) : line), now));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @SuppressWarnings("unchecked") // JsonInput's objects are maps with text keys
    private static Map<String, Object> object(String line) throws IOException {
        if (JsonInput.parse(line.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw new IOException("not a JSON object");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes whole lines only, from any thread. */
    synchronized void send(byte[] line) throws IOException {
        in.write(line);
        in.write('\n');
        in.flush();
    }

    void send(String line) throws IOException {
        send(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The next message, or null after TIMEOUT. */
    Message poll(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits for "hello" (the helper is warm and ready). */
    void awaitHello(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Message m = poll(Duration.ofMillis(100));
            if (m != null && m.type().equals("hello")) {
                return;
            }
            if (m == null && !process.isAlive()) {
                break;
            }
        }
        throw new IOException("nsx-helper serve did not say hello within " + timeout.toSeconds() + " s");
    }

    /** Closes stdin, as a quitting app does, and waits for the exit status (-1: killed after TIMEOUT). */
    int closeInput(Duration timeout) throws InterruptedException {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            closeInput(Duration.ofSeconds(30));
        }
    }
}
