package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.containers.Recipe;

/** The app's connection to the real helper (the tests run as root, so it starts as a child). */
class HelperConnectionTest {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

    private HelperConnection connect() throws Exception {
        List<String> command = HelperCommand.choose(Path.of(System.getProperty("nsx.helper")),
                HelperCommand.runningAsRoot(), false).orElseThrow();
        assertEquals("serve", command.get(command.size() - 1));
        return HelperConnection.start(command, new HelperConnection.Listener() {
            @Override
            public void onMessage(JsonNode message) {
                messages.add(message);
            }

            @Override
            public void onClosed(String reason) {
            }
        });
    }

    private JsonNode next(String type) throws InterruptedException {
        for (JsonNode m = messages.poll(20, TimeUnit.SECONDS); m != null; m = messages.poll(20, TimeUnit.SECONDS)) {
            if (m.path("type").asText().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " message");
    }

    @Test
    void launchesTheDefaultContainerAndSeesItsEvents() throws Exception {
        try (HelperConnection helper = connect()) {
            assertEquals(1, helper.hello().get("protocol").asInt());
            JsonNode launched = new HelperClient(helper).launch("first", Recipe.builder()
                    .command(List.of("/bin/sh", "-c", "exit 5")).build()).get(20, TimeUnit.SECONDS);
            assertEquals("launched", launched.get("type").asText());
            String id = launched.get("container").asText();
            assertEquals(1, next("started").get("containerPid").asInt());
            JsonNode exited = next("exited");
            assertEquals(id, exited.get("container").asText());
            assertEquals(5, exited.get("code").asInt());
        }
    }

    @Test
    void refusalsAnswerTheRequestAndClosingEndsTheHelper() throws Exception {
        HelperConnection helper = connect();
        JsonNode answer = new HelperClient(helper).launch("refused", Recipe.builder().hostname("no_way").build())
                .get(20, TimeUnit.SECONDS);
        assertEquals("error", answer.get("type").asText());
        assertEquals("hostname", answer.get("field").asText());
        helper.close();
        assertFalse(helper.isAlive());
    }

    @Test
    void aHelperOfAnotherProtocolIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        // An old installed helper, as far as the app can tell: its hello names another protocol.
        Path old = dir.resolve("nsx-helper");
        Files.writeString(old, "#!/bin/sh\necho '{\"type\":\"hello\",\"protocol\":0,\"cgroup\":\"v1\"}'\nexec sleep 30\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException refused = Assertions.assertThrows(IOException.class,
                () -> HelperConnection.start(List.of(old.toString(), "serve"), new HelperConnection.Listener() {
                    @Override
                    public void onMessage(JsonNode message) {
                    }

                    @Override
                    public void onClosed(String reason) {
                    }
                }));
        assertTrue(refused.getMessage().contains("protocol 0, this app 1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("install-helper"), refused.getMessage());
    }
}
