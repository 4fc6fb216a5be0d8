package org.nsexplorer.helper.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nsexplorer.helper.snapshot.ProbeCollector;
import org.nsexplorer.helper.snapshot.ProcessScan;
import org.nsexplorer.helper.stage.StageEvent;

/**
 * The one process of a container that the stage signalled: its host PID, its PID as the
 * container's first process sees it, and its command name (set inside: hostile text, decoded).
 */
public record SignalledProcess(long hostPid, long containerPid, String command) {

    /** Why the stage would not signal the process it was named. */
    enum Refusal {
        NO_CONTAINER, NO_PROCESS, NOT_MEMBER;

        static Refusal ofWire(String word) {
            return switch (word) {
                case "no-container" -> NO_CONTAINER;
                case "no-process" -> NO_PROCESS;
                case "not-member" -> NOT_MEMBER;
                default -> throw new IllegalArgumentException("unknown refusal from the stage: " + word);
            };
        }
    }

    /** The stage's answer: "signalled HOSTPID NSPIDS COMM" (NSpid, outermost first) or "refused REASON". */
    static final class Answer implements ProbeCollector<Answer> {
        private long hostPid;
        private long[] nsPids;
        private String command;
        private Refusal refusal;

        @Override
        public void accept(StageEvent.ProbeLine line) {
            List<String> f = line.fields();
            if (line.kind().equals("signalled") && f.size() == 3) {
                hostPid = Long.parseLong(f.get(0));
                nsPids = f.get(1).equals("-") ? new long[] {hostPid}
                        : Arrays.stream(f.get(1).split(",")).mapToLong(Long::parseLong).toArray();
                command = ProcessScan.decode(f.get(2));
            } else if (line.kind().equals("refused") && f.size() == 1) {
                refusal = Refusal.ofWire(f.get(0));
            } else {
                throw new IllegalArgumentException("unexpected answer to a signal: " + line.kind() + " " + f);
            }
        }

        @Override
        public Answer build() {
            if (nsPids == null && refusal == null) {
                throw new IllegalStateException("the stage ended its answer to a signal without saying what it did");
            }
            return this;
        }

        /**
         * What was signalled, with its PID in the PID namespace at LEVEL (0: the host's; its
         * innermost when it is not that deep); empty when refused.
         */
        Optional<SignalledProcess> signalled(int level) {
            if (nsPids == null) {
                return Optional.empty();
            }
            long inside = nsPids[Math.max(0, Math.min(level, nsPids.length - 1))];
            return Optional.of(new SignalledProcess(hostPid, inside, command));
        }

        Refusal refusal() {
            return refusal;
        }
    }
}
