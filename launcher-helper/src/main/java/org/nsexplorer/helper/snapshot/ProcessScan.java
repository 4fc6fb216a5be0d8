package org.nsexplorer.helper.snapshot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        long[] nsPids = Arrays.stream(f.get(4).split(",")).mapToLong(Long::parseLong).toArray();
        String[] inodes = f.get(5).split(",");
        Map<String, Long> ns = new LinkedHashMap<>();
        for (int i = 0; i < ProcEntry.NAMESPACE_TYPES.size(); i++) {
            long inode = Long.parseLong(inodes[i]);
            ns.put(ProcEntry.NAMESPACE_TYPES.get(i), inode == 0 ? null : inode);
        }
        entries.add(new ProcEntry(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), nsPids, decode(f.get(6)),
                decode(f.get(7)), Long.parseLong(f.get(2)), f.get(3), java.util.Collections.unmodifiableMap(ns)));
    }

    @Override
    public List<ProcEntry> build() {
        return List.copyOf(entries);
    }

    static String decode(String encoded) {
        if (encoded.equals("-")) {
            return "";
        }
        return encoded.indexOf('%') < 0 ? encoded : URLDecoder.decode(encoded.replace("+", "%2b"),
                StandardCharsets.UTF_8);
    }
}
