package org.nsexplorer.helper.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** One line the stage reported on its event pipe. */
public sealed interface StageEvent {

    /** The stage is up and speaks this protocol version. */
    record Ready(int version) implements StageEvent {
    }

    /** The container's first process runs (execve succeeded). */
    record Started(String id, long hostPid) implements StageEvent {
    }

    /** Set-up failed at STEP with ERRNO before the command ran; nothing of it remains. */
    record Failed(String id, String step, int errno, String detail) implements StageEvent {
    }

    /** When each of a launch's steps happened (CLOCK_MONOTONIC ns), for a launch that asked (steps=1). */
    record Steps(String id, Map<String, Long> marks) implements StageEvent {
    }

    /** The container's first process ended; its cgroups are gone. */
    record Exited(String id, boolean signaled, int code, long oomKills) implements StageEvent {
    }

    /** Words split on runs of spaces, by hand: a host scan parses a thousand of these lines. */
    private static ProbeLine parseProbeLine(String line) {
        List<String> words = new ArrayList<>(12);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        if (words.size() < 3) {
            throw new IllegalArgumentException("unknown stage event: " + line);
        }
        return new ProbeLine(words.get(0), words.get(2), words.subList(3, words.size()));
    }

    /** What a terminal container wrote. */
    record Output(String id, byte[] data) implements StageEvent {
    }

    /** One line of a probe's answer: KIND and its space-separated FIELDS ("end" closes it). */
    record ProbeLine(String id, String kind, List<String> fields) implements StageEvent {
        public boolean isEnd() {
            return kind.equals("end");
        }
    }

    /** Parses one event line; throws IllegalArgumentException on anything malformed. */
    static StageEvent parse(String line) {
        int probe = line.indexOf(" probe ");
        if (probe > 0 && line.indexOf(' ') == probe) {
            return parseProbeLine(line);
        }
        String[] f = line.split(" ", 5);
        if (f.length == 3 && f[1].equals("output")) {
            return new Output(f[0], HexFormat.of().parseHex(f[2]));
        }
        if (f.length == 2 && f[0].equals("ready")) {
            return new Ready(Integer.parseInt(f[1]));
        }
        if (f.length == 3 && f[1].equals("started")) {
            return new Started(f[0], Long.parseLong(f[2]));
        }
        if (f.length >= 4 && f[1].equals("error")) {
            return new Failed(f[0], f[2], Integer.parseInt(f[3]), f.length == 5 ? f[4] : "");
        }
        String[] e = line.split(" ");
        if (e.length >= 2 && e[1].equals("steps")) {
            Map<String, Long> marks = new HashMap<>();
            for (int i = 2; i < e.length; i++) {
                int eq = e[i].indexOf('=');
                marks.put(e[i].substring(0, eq), Long.parseLong(e[i].substring(eq + 1)));
            }
            return new Steps(e[0], marks);
        }
        if (e.length == 6 && e[1].equals("exited") && e[4].equals("oom")
                && (e[2].equals("status") || e[2].equals("signal"))) {
            return new Exited(e[0], e[2].equals("signal"), Integer.parseInt(e[3]), Long.parseLong(e[5]));
        }
        throw new IllegalArgumentException("unknown stage event: " + line);
    }
}
