package org.nsexplorer.app.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process list as the Processes tab draws it: depth-first by parent, indented, one line
 * per process. Built off the FX thread with the snapshot: with a thousand host processes
 * it is the costliest part of a refresh.
 */
public final class ProcessTree {
    /** Deep host trees must not push the text out of sight. */
    private static final int MAX_INDENT = 8;

    /** One row: the text drawn, and the host PID that identifies the process on both sides. */
    public record Line(String text, long hostPid, boolean inContainer) {
    }

    private ProcessTree() {
    }

    /** INSIDE_VIEW: the container's side (its PID next to the host's), else the host's side. */
    public static List<Line> of(List<CompareSnapshot.ProcessRow> rows, boolean insideView) {
        Map<Long, List<CompareSnapshot.ProcessRow>> children = new HashMap<>();
        Map<Long, CompareSnapshot.ProcessRow> byPid = new HashMap<>();
        for (CompareSnapshot.ProcessRow r : rows) {
            byPid.put(pid(r, insideView), r);
        }
        List<CompareSnapshot.ProcessRow> roots = new ArrayList<>();
        for (CompareSnapshot.ProcessRow r : rows) {
            if (byPid.containsKey(r.parentPid()) && r.parentPid() != pid(r, insideView)) {
                children.computeIfAbsent(r.parentPid(), k -> new ArrayList<>()).add(r);
            } else {
                roots.add(r);
            }
        }
        List<Line> lines = new ArrayList<>(rows.size());
        for (CompareSnapshot.ProcessRow root : roots) {
            walk(root, 0, children, insideView, lines);
        }
        return List.copyOf(lines);
    }

    private static long pid(CompareSnapshot.ProcessRow r, boolean insideView) {
        return insideView ? r.containerPid() : r.hostPid();
    }

    private static void walk(CompareSnapshot.ProcessRow r, int depth,
            Map<Long, List<CompareSnapshot.ProcessRow>> children, boolean insideView, List<Line> lines) {
        StringBuilder text = new StringBuilder().append(" ".repeat(Math.min(depth, MAX_INDENT)));
        if (insideView) {
            padLeft(text, Long.toString(r.containerPid()), 5).append(" ⇐ ");
            padRight(text, Long.toString(r.hostPid()), 7).append(' ').append(r.command());
        } else {
            if (r.inContainer()) {
                text.append("► ");
            }
            padRight(text, Long.toString(r.hostPid()), 7).append(' ').append(r.command());
            if (r.inContainer()) {
                text.append("   [PID ").append(r.containerPid()).append(" inside]");
            }
        }
        lines.add(new Line(text.toString(), r.hostPid(), r.inContainer()));
        for (CompareSnapshot.ProcessRow child : children.getOrDefault(pid(r, insideView), List.of())) {
            walk(child, depth + 1, children, insideView, lines);
        }
    }

    private static StringBuilder padLeft(StringBuilder to, String s, int width) {
        return to.append(" ".repeat(Math.max(0, width - s.length()))).append(s);
    }

    private static StringBuilder padRight(StringBuilder to, String s, int width) {
        return to.append(s).append(" ".repeat(Math.max(0, width - s.length())));
    }
}
