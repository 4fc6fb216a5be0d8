package org.nsexplorer.helper.snapshot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.stage.StageEvent;

/**
 * The stage's scan of /proc, one "proc" line a process:
 * PID PPID UID STATE NSPIDS(comma) NAMESPACES(8, comma; 0 = unreadable) COMM CMDLINE.
 */
public final class ProcessScan implements ProbeCollector<List<ProcEntry>> {
    private final List<ProcEntry> entries = new ArrayList<>();

    @Override
    public void accept(StageEvent.ProbeLine line) {
        if (!line.kind().equals("proc") || line.fields().size() != 8) {
            return;
        }
        List<String> f = line.fields();
        long[] nsPids = numbers(f.get(4));
        long[] inodes = numbers(f.get(5));
        Map<String, Long> ns = new LinkedHashMap<>(16);
        for (int i = 0; i < Namespace.PROC_NAMES.size(); i++) {
            ns.put(Namespace.PROC_NAMES.get(i), inodes[i] == 0 ? null : inodes[i]);
        }
        entries.add(new ProcEntry(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), nsPids, decode(f.get(6)),
                decode(f.get(7)), Long.parseLong(f.get(2)), f.get(3), Collections.unmodifiableMap(ns)));
    }

    @Override
    public List<ProcEntry> build() {
        return List.copyOf(entries);
    }

    /** "1,2,3" -> {1, 2, 3}, without a regex or substrings. */
    private static long[] numbers(String list) {
        int count = 1;
        for (int i = 0; i < list.length(); i++) {
            if (list.charAt(i) == ',') {
                count++;
            }
        }
        long[] values = new long[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = list.length();
            }
            values[k] = Long.parseLong(list, start, end, 10);
            start = end + 1;
        }
        return values;
    }

    /** A name as the stage percent-encodes it on the wire ("-": none), decoded. */
    public static String decode(String encoded) {
        if (encoded.equals("-")) {
            return "";
        }
        return encoded.indexOf('%') < 0 ? encoded : URLDecoder.decode(encoded.replace("+", "%2b"),
                StandardCharsets.UTF_8);
    }
}
