package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the helper as the app's window does (same choice of command, same connection), in
 * a JVM of its own for {@link HelperStartAsUserTest}, and prints the command and the outcome:
 * "command: [...]", then "started" or "failed: MESSAGE" (what the window would show).
 */
public final class HelperStartProbe {
    private HelperStartProbe() {
    }

    public static void main(String[] args) {
        boolean root = HelperCommand.runningAsRoot();
        Path program = HelperCommand.program(Path.of(args[0]), root, HelperCommand.INSTALLED);
        List<String> command = HelperCommand.choose(program, root, HelperCommand.graphicalSession()).orElse(null);
        System.out.println("command: " + command);
        if (command == null) {
            System.out.println("failed: " + HelperCommand.unavailableMessage());
            return;
        }
        try (HelperConnection connection = HelperConnection.start(command, new HelperConnection.Listener() {
            @Override
            public void onMessage(JsonNode message) {
            }

            @Override
            public void onClosed(String reason) {
            }
        })) {
            System.out.println("started");
        } catch (IOException e) {
            System.out.println("failed: " + e.getMessage());
        }
    }
}
