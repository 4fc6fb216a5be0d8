package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The app's side of a helper connection, in a JVM of its own for {@link AppDoorTest}: it
 * connects the way the app does, to a harmless "helper" (a shell that says hello, then cat),
 * says "connected" and holds the pipe until its stdin closes.
 */
public final class DoorProbe {
    private DoorProbe() {
    }

    public static void main(String[] args) throws Exception {
        HelperConnection connection = HelperConnection.start(List.of("/bin/sh", "-c",
                "echo '{\"type\":\"hello\",\"protocol\":" + HelperConnection.PROTOCOL + "}'; exec cat >/dev/null"),
                new HelperConnection.Listener() {
                    @Override
                    public void onMessage(JsonNode message) {
                    }

                    @Override
                    public void onClosed(String reason) {
                    }
                });
        System.out.println("connected");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        connection.close();
    }
}
