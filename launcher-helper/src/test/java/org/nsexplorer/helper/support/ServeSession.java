package org.nsexplorer.helper.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real `nsx-helper serve` process, driven line by line as the app drives it. */
public final class ServeSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<String> stderrLines = new CopyOnWriteArrayList<>();

    public ServeSession() throws IOException {
        this(false);
    }

    /** With ENV added to the helper's environment (PKEXEC_UID: a caller other than root). */
    public ServeSession(Map<String, String> env) throws IOException {
        this(withEnvironment(HelperCli.builder(List.of("serve")), env), false);
    }

    private static ProcessBuilder withEnvironment(ProcessBuilder builder, Map<String, String> env) {
        builder.environment().putAll(env);
        return builder;
    }

    /** @param captureStderr keep the helper's stderr lines for {@link #awaitStderr} instead of showing them */
    public ServeSession(boolean captureStderr) throws IOException {
        this(HelperCli.builder(List.of("serve")), captureStderr);
    }

    /** `serve` as BUILDER starts it (from {@link HelperCli#builder}, perhaps with a prefix such as setsid). */
    public ServeSession(ProcessBuilder builder, boolean captureStderr) throws IOException {
        process = builder.redirectError(captureStderr ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.INHERIT).start();
        in = process.getOutputStream();
        Thread reader = new Thread(this::read, "serve-session-reader");
        reader.setDaemon(true);
        reader.start();
        if (captureStderr) {
            Thread errors = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        stderrLines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
            }, "serve-session-stderr");
            errors.setDaemon(true);
            errors.start();
        }
    }

    /** The first stderr line matching WANTED within TIMEOUT (needs a session that captures stderr). */
    public String awaitStderr(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String line : stderrLines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching stderr line from nsx-helper serve within " + timeout + "; it said: "
                + stderrLines);
    }

    /** The serve process itself. */
    public Process process() {
        return process;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                messages.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            // process gone
        }
    }


    public void send(String jsonLine) throws IOException {
        sendBytes((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes, for lines that are not valid UTF-8 or that come in pieces. */
    public void sendBytes(byte[] bytes) throws IOException {
        in.write(bytes);
        in.flush();
    }

    /** The next message matching WANTED within TIMEOUT; other messages are skipped. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        while (true) {
            long left = end - System.nanoTime();
            JsonNode m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no matching message from nsx-helper serve within " + timeout
                        + "; skipped meanwhile: " + skipped);
            }
            if (wanted.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /** Launches SPEC (a JSON object) and waits until it runs: its "started" message, with "container". */
    public JsonNode launchRunning(String requestId, String spec, Duration timeout) throws IOException,
            InterruptedException {
        send("{\"type\":\"launch\",\"id\":\"" + requestId + "\",\"spec\":" + spec + "}");
        awaitType("launched", timeout);
        return awaitType("started", timeout);
    }

    /** What a terminal showed until its container exited, and how it exited. */
    public record TerminalRun(String text, JsonNode exited) {
    }

    /**
     * Types KEYS into container ID's terminal once its first output (the prompt) came, then
     * collects its output until it exits. KEYS should end the shell.
     */
    public TerminalRun type(String id, String keys, Duration timeout) throws IOException, InterruptedException {
        Predicate<JsonNode> mine = m -> id.equals(m.path("container").asText())
                && (m.path("type").asText().equals("output") || m.path("type").asText().equals("exited"));
        StringBuilder screen = new StringBuilder();
        JsonNode m = await(mine, timeout);
        send("{\"type\":\"input\",\"id\":\"keys-" + id + "\",\"container\":\"" + id + "\",\"data\":\""
                + Base64.getEncoder().encodeToString(keys.getBytes(StandardCharsets.UTF_8)) + "\"}");
        while (m.path("type").asText().equals("output")) {
            screen.append(new String(Base64.getDecoder().decode(m.get("data").asText()), StandardCharsets.UTF_8));
            m = await(mine, timeout);
        }
        return new TerminalRun(screen.toString().replace("\r", ""), m);
    }

    public JsonNode awaitType(String type, Duration timeout) throws InterruptedException {
        return await(m -> m.path("type").asText().equals(type), timeout);
    }

    /** Closes stdin, as an app that quits does, and waits for the helper to exit. */
    public int closeInput(Duration timeout) throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not exit within " + timeout + " after stdin closed");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try {
                closeInput(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
