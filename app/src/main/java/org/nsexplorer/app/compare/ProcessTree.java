package org.nsexplorer.app.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.nsexplorer.app.ui.Texts;

/**
 * A process list as the Processes tab draws it: depth-first by parent, indented, one line
 * per process, each with its command's short name (the full command line is the line's
 * detail). Built off the FX thread with the snapshot: with a thousand host processes it is
 * the costliest part of a refresh.
 */
public final class ProcessTree {
    /** Deep host trees must not push the text out of sight. */
    private static final int MAX_INDENT = 8;
    /** Keys of the lines that stand for several processes: never a PID, so never signalled. */
    public static final long KERNEL_THREADS = -2;
    public static final long OTHER_PROCESSES = -3;
    private static final long FIRST_ANCESTORS = -100;
    /** Names on the ancestors line: the first and the nearest ones (here three in all), the rest as "…". */
    private static final int SHOWN_ANCESTORS = 3;

    /** What a line stands for: one process, the ancestors above one, or processes folded into a count. */
    public enum Kind { PROCESS, ANCESTORS, FOLDED }

    /**
     * One row: the text drawn, the host PID that identifies the process on both sides (a
     * negative key for a line that is not one process), whether it is the container's, and
     * what the details line says of it (a process's full command line).
     */
    public record Line(String text, long hostPid, boolean inContainer, Kind kind, String detail) {
        public boolean isProcess() {
            return kind == Kind.PROCESS;
        }
    }

    private ProcessTree() {
    }

    /** Every process. INSIDE_VIEW: the container's side (its PID next to the host's), else the host's side. */
    public static List<Line> of(List<CompareSnapshot.ProcessRow> rows, boolean insideView) {
        Tree tree = new Tree(rows, insideView);
        List<Line> lines = new ArrayList<>(rows.size());
        for (CompareSnapshot.ProcessRow root : tree.roots(r -> true)) {
            tree.walkAll(root, 0, lines);
        }
        return List.copyOf(lines);
    }

    /**
     * The container's processes only, with the processes above them for context, and every
     * other process folded into a count: kernel threads in one line, the rest in another
     * (OTHERS_KEY names it, with the count as {0}). Several ancestors in a row above the
     * nearest one are one line, so that the container's processes show at the top.
     */
    public static List<Line> differences(List<CompareSnapshot.ProcessRow> rows, boolean insideView, String othersKey) {
        Tree tree = new Tree(rows, insideView);
        Set<Long> kept = new HashSet<>();
        for (CompareSnapshot.ProcessRow r : rows) {
            if (r.inContainer()) {
                kept.add(tree.pid(r));
                // Up to the root; a PID seen twice (a loop) stops the climb.
                for (long p = r.parentPid(); tree.byPid.containsKey(p) && kept.add(p); ) {
                    p = tree.byPid.get(p).parentPid();
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        for (CompareSnapshot.ProcessRow root : tree.roots(r -> kept.contains(tree.pid(r)))) {
            tree.walkKept(root, 0, kept, lines);
        }
        int kernelThreads = 0;
        int others = 0;
        for (CompareSnapshot.ProcessRow r : rows) {
            if (!kept.contains(tree.pid(r))) {
                if (r.kernelThread()) {
                    kernelThreads++;
                } else {
                    others++;
                }
            }
        }
        if (kernelThreads > 0) {
            lines.add(new Line(Texts.get("process.kernelThreads", kernelThreads), KERNEL_THREADS,
                    false, Kind.FOLDED, Texts.get("process.kernelThreads.detail")));
        }
        if (others > 0) {
            lines.add(new Line(Texts.get(othersKey, others), OTHER_PROCESSES, false, Kind.FOLDED,
                    Texts.get(othersKey + ".detail")));
        }
        return List.copyOf(lines);
    }

    /** The rows by their PID on one side, and each one's children there. */
    private static final class Tree {
        final boolean insideView;
        final Map<Long, CompareSnapshot.ProcessRow> byPid = new HashMap<>();
        final Map<Long, List<CompareSnapshot.ProcessRow>> children = new HashMap<>();
        final List<CompareSnapshot.ProcessRow> rows;
        int ancestorLines;

        Tree(List<CompareSnapshot.ProcessRow> rows, boolean insideView) {
            this.rows = rows;
            this.insideView = insideView;
            for (CompareSnapshot.ProcessRow r : rows) {
                byPid.put(pid(r), r);
            }
            for (CompareSnapshot.ProcessRow r : rows) {
                if (hasParent(r)) {
                    children.computeIfAbsent(r.parentPid(), k -> new ArrayList<>()).add(r);
                }
            }
        }

        long pid(CompareSnapshot.ProcessRow r) {
            return insideView ? r.containerPid() : r.hostPid();
        }

        boolean hasParent(CompareSnapshot.ProcessRow r) {
            return byPid.containsKey(r.parentPid()) && r.parentPid() != pid(r);
        }

        /** The rows WANTED whose parent is not wanted (or not seen): where the walks start. */
        List<CompareSnapshot.ProcessRow> roots(Predicate<CompareSnapshot.ProcessRow> wanted) {
            List<CompareSnapshot.ProcessRow> roots = new ArrayList<>();
            for (CompareSnapshot.ProcessRow r : rows) {
                if (wanted.test(r) && (!hasParent(r) || !wanted.test(byPid.get(r.parentPid())))) {
                    roots.add(r);
                }
            }
            return roots;
        }

        void walkAll(CompareSnapshot.ProcessRow r, int depth, List<Line> lines) {
            lines.add(line(r, depth));
            for (CompareSnapshot.ProcessRow child : children.getOrDefault(pid(r), List.of())) {
                walkAll(child, depth + 1, lines);
            }
        }

        void walkKept(CompareSnapshot.ProcessRow r, int depth, Set<Long> kept, List<Line> lines) {
            // Ancestors with one kept child each, above the nearest: one line of names.
            List<CompareSnapshot.ProcessRow> chain = new ArrayList<>();
            CompareSnapshot.ProcessRow at = r;
            while (!at.inContainer()) {
                List<CompareSnapshot.ProcessRow> next = keptChildren(at, kept);
                if (next.size() != 1 || next.get(0).inContainer()) {
                    break;
                }
                chain.add(at);
                at = next.get(0);
            }
            int level = depth;
            if (chain.size() >= 2) {
                lines.add(ancestors(chain, level++));
            } else {
                for (CompareSnapshot.ProcessRow c : chain) {
                    lines.add(line(c, level++));
                }
            }
            lines.add(line(at, level));
            for (CompareSnapshot.ProcessRow child : keptChildren(at, kept)) {
                walkKept(child, level + 1, kept, lines);
            }
        }

        private List<CompareSnapshot.ProcessRow> keptChildren(CompareSnapshot.ProcessRow r, Set<Long> kept) {
            return children.getOrDefault(pid(r), List.of()).stream().filter(c -> kept.contains(pid(c))).toList();
        }

        /**
         * The processes above the kept ones, on one short line: the first (where the host's tree
         * starts) and the nearest two, the rest as "…"; every one, with its PID, in the details.
         */
        private Line ancestors(List<CompareSnapshot.ProcessRow> chain, int depth) {
            List<String> names = chain.stream().map(c -> CommandName.baseName(c.name().split(" ")[0])).toList();
            List<String> shown = names.size() <= SHOWN_ANCESTORS + 1 ? names
                    : Stream.concat(Stream.of(names.get(0), "…"),
                            names.subList(names.size() - SHOWN_ANCESTORS + 1, names.size()).stream()).toList();
            StringBuilder pids = new StringBuilder();
            for (int i = 0; i < chain.size(); i++) {
                pids.append(i == 0 ? "" : " › ").append(pid(chain.get(i))).append(' ').append(names.get(i));
            }
            return new Line(indent(depth) + Texts.get("process.ancestors", String.join(" › ", shown)),
                    FIRST_ANCESTORS - ancestorLines++, false, Kind.ANCESTORS,
                    Texts.get("process.ancestors.detail", Integer.toString(chain.size()), pids));
        }

        private Line line(CompareSnapshot.ProcessRow r, int depth) {
            StringBuilder text = new StringBuilder(indent(depth));
            if (insideView) {
                // Without a PID namespace both numbers are the same: said once.
                text.append(r.containerPid() == r.hostPid() ? Long.toString(r.hostPid())
                        : r.containerPid() + " ⇐ " + r.hostPid()).append(' ').append(r.name());
            } else {
                if (r.inContainer()) {
                    text.append("► ");
                }
                text.append(r.hostPid()).append(' ').append(r.name());
                // containerPid 0: a member read a moment before the container's list had it.
                if (r.inContainer() && r.containerPid() > 0 && r.containerPid() != r.hostPid()) {
                    text.append("  ").append(Texts.get("process.insidePid", Long.toString(r.containerPid())));
                }
            }
            return new Line(text.toString(), r.hostPid(), r.inContainer(), Kind.PROCESS, r.command());
        }

        private static String indent(int depth) {
            return " ".repeat(Math.min(depth, MAX_INDENT));
        }
    }
}
