package org.nsexplorer.helper.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every process on the host, read once; answers which of them a PID namespace holds. */
public final class ProcessTable {
    private static final int MAX_ANCESTRY = 4096;
    private final Map<Long, ProcEntry> byPid;

    private ProcessTable(Map<Long, ProcEntry> byPid) {
        this.byPid = byPid;
    }

    /** A PID listed twice (a process that exited and a new one with its number) keeps one entry. */
    public static ProcessTable of(List<ProcEntry> entries) {
        Map<Long, ProcEntry> byPid = new HashMap<>();
        entries.forEach(e -> byPid.put(e.hostPid(), e));
        return new ProcessTable(byPid);
    }

    public Optional<ProcEntry> get(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    public int size() {
        return byPid.size();
    }

    /**
     * The processes visible in TARGET's PID namespace: those in it and in namespaces below
     * it, found through their ancestry (a nested namespace's first process has its parent
     * in the namespace above).
     */
    public List<ProcEntry> visibleFrom(ProcEntry target) {
        long pidNs = target.namespace("pid");
        int level = target.level();
        List<ProcEntry> visible = new ArrayList<>();
        for (ProcEntry e : byPid.values()) {
            if (inNamespace(e, pidNs, level) || (e.level() > level && descendsInto(e, pidNs, level))) {
                visible.add(e);
            }
        }
        return inPidOrder(visible, level);
    }

    /**
     * All of them, for a table that a PID namespace's own listing filled (every entry visible
     * from it, at LEVEL), in the order of their PIDs there. An entry without a PID at that level
     * (its NSpid unread: it ended while read) is left out.
     */
    public List<ProcEntry> listedAt(int level) {
        List<ProcEntry> listed = new ArrayList<>();
        for (ProcEntry e : byPid.values()) {
            if (e.level() >= level) {
                listed.add(e);
            }
        }
        return inPidOrder(listed, level);
    }

    private static List<ProcEntry> inPidOrder(List<ProcEntry> entries, int level) {
        entries.sort((a, b) -> Long.compare(a.nsPids()[level], b.nsPids()[level]));
        return entries;
    }

    /** An unreadable link (-1) at level 0 can only be the host's one PID namespace. */
    private static boolean inNamespace(ProcEntry e, long pidNs, int level) {
        long ns = e.namespace("pid");
        return ns >= 0 ? ns == pidNs : e.level() == 0 && level == 0;
    }

    private boolean descendsInto(ProcEntry e, long pidNs, int level) {
        ProcEntry p = e;
        for (int i = 0; i < MAX_ANCESTRY && p != null; i++) {
            if (p.level() <= level) {
                return inNamespace(p, pidNs, level);
            }
            p = byPid.get(p.hostPpid());
        }
        return false;
    }
}
