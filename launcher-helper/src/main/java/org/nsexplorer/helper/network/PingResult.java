package org.nsexplorer.helper.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nsexplorer.helper.snapshot.ProbeCollector;
import org.nsexplorer.helper.stage.StageEvent;

/** Echo replies to ADDRESS, one per request sent: the round trip in milliseconds, or null when none came. */
public record PingResult(String address, List<Double> rttMillis) {
    public PingResult {
        rttMillis = Collections.unmodifiableList(new ArrayList<>(rttMillis));
    }

    public long received() {
        return rttMillis.stream().filter(r -> r != null).count();
    }

    /** Collects the stage's "ping SEQ RTT_US" lines (-1: no reply). */
    public static final class Builder implements ProbeCollector<PingResult> {
        private final String address;
        private final List<Double> replies = new ArrayList<>();

        public Builder(String address) {
            this.address = address;
        }

        @Override
        public void accept(StageEvent.ProbeLine line) {
            if (line.kind().equals("ping") && line.fields().size() == 2) {
                long micros = Long.parseLong(line.fields().get(1));
                replies.add(micros < 0 ? null : micros / 1000.0);
            }
        }

        @Override
        public PingResult build() {
            return new PingResult(address, replies);
        }
    }
}
