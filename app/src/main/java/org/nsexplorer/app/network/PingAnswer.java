package org.nsexplorer.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The helper's "ping" answer: the address pinged, how many echo requests went and came back,
 * and the round trip of each that came back, in milliseconds.
 */
public record PingAnswer(String address, int sent, int received, List<Double> rttMillis) {
    public PingAnswer {
        rttMillis = List.copyOf(rttMillis);
    }

    public static PingAnswer parse(JsonNode ping) {
        List<Double> rtts = new ArrayList<>();
        ping.path("rttMillis").forEach(r -> {
            if (!r.isNull()) {
                rtts.add(r.asDouble()); // null: that request got no reply
            }
        });
        return new PingAnswer(ping.path("address").asText(), ping.path("sent").asInt(), ping.path("received").asInt(),
                rtts);
    }

    /** The mean round trip; empty when none came back. */
    public OptionalDouble meanRtt() {
        return rttMillis.stream().mapToDouble(Double::doubleValue).average();
    }
}
