package org.nsexplorer.helper.discover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.nsexplorer.helper.snapshot.ProcEntry;
import org.nsexplorer.helper.spec.Namespace;

/**
 * Finds the containers in one scan of /proc: a container's first process is one whose
 * namespaces differ from its parent's and from the host's. The processes below it are its own,
 * so a namespace made inside a container (an `unshare` in a Docker container) is part of that
 * container, not another. Its maker comes from its cgroup path, else from its parent's command
 * line, else it is "unknown".
 */
public final class Discovery {
    private static final int MAX_DEPTH = 4096;
    private final Map<Long, ProcEntry> byPid = new HashMap<>();
    private final Map<String, Long> host;

    /** @param host the host's namespaces: the helper's own (PID 1's may be unreadable) */
    private Discovery(List<ProcEntry> processes, Map<String, Long> host) {
        processes.forEach(p -> byPid.put(p.hostPid(), p));
        this.host = host;
    }

    /**
     * @param cgroupOf /proc/PID/cgroup's text, or "" when the process is gone
     * @param self the helper's PID: what runs below it (its containers, its stage) is not listed
     * @param ours whether a cgroup name (nsx-PID-START-N) is this helper's own: its containers are not listed
     * @param records the names and images engines keep on disk
     */
    public static List<FoundContainer> find(List<ProcEntry> processes, Map<String, Long> host, long self,
            LongFunction<String> cgroupOf, Predicate<String> ours, EngineRecords records) {
        return new Discovery(processes, host).find(self, cgroupOf, ours, records);
    }

    /**
     * A helper's stage, or a container it is still setting up: root's nsx-stage, or a child of
     * one not yet exec'd (it may have become the container's user already). A user's own
     * process that calls itself nsx-stage is not hidden from the class.
     */
    private boolean isHelpersStage(ProcEntry p) {
        if (!p.comm().equals("nsx-stage")) {
            return false;
        }
        ProcEntry parent = byPid.get(p.hostPpid());
        return p.hostUid() == 0 || parent != null && parent.comm().equals("nsx-stage") && parent.hostUid() == 0;
    }

    private List<FoundContainer> find(long self, LongFunction<String> cgroupOf, Predicate<String> ours,
            EngineRecords records) {
        Set<Long> helpers = below(self);
        // Another helper's stage keeps a process in a net namespace of its own (its bridge's): no container.
        List<ProcEntry> firsts = byPid.values().stream().filter(this::isFirstOfItsOwn)
                .filter(p -> !isHelpersStage(p) && !helpers.contains(p.hostPid()))
                .sorted((a, b) -> Long.compare(a.hostPid(), b.hostPid())).toList();
        Map<Long, ProcEntry> firstByPid = new HashMap<>();
        firsts.forEach(f -> firstByPid.put(f.hostPid(), f));
        Map<Long, Long> outer = new HashMap<>();
        Map<Long, String> cgroups = new HashMap<>();
        Map<Long, Optional<Clue>> cgroupClues = new HashMap<>();
        // A container is an outermost first, or a first inside one that an engine named in its cgroup:
        // rootless podman's and docker's containers run below the user namespace their runtime made.
        Map<Long, ProcEntry> roots = new HashMap<>();
        for (ProcEntry first : firsts) {
            String cgroup = cgroupOf.apply(first.hostPid());
            cgroups.put(first.hostPid(), cgroup);
            Optional<Clue> clue = CgroupClues.of(cgroup);
            cgroupClues.put(first.hostPid(), clue);
            if (outermost(first, firstByPid, outer) == first.hostPid() || clue.isPresent()) {
                roots.put(first.hostPid(), first);
            }
        }
        Map<Long, Long> rootOf = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (ProcEntry p : byPid.values()) {
            long root = nearest(p, roots, rootOf);
            if (root > 0) {
                counts.merge(root, 1, Integer::sum);
            }
        }
        // One container, several firsts: `docker exec`, `nsenter`, `lxc-attach` enter its namespaces
        // from outside and look like firsts of their own. Its own first process is PID 1 inside.
        Map<String, List<ProcEntry>> same = new LinkedHashMap<>();
        Map<Long, Clue> clueOf = new HashMap<>();
        for (ProcEntry root : roots.values().stream().sorted((a, b) -> Long.compare(a.hostPid(), b.hostPid()))
                .toList()) {
            Clue c = cgroupClues.get(root.hostPid()).or(() -> parentClue(root)).orElse(Clue.of(Maker.UNKNOWN, null));
            if (c.maker() == Maker.NSX && c.id().filter(ours).isPresent()) {
                continue;
            }
            clueOf.put(root.hostPid(), c);
            same.computeIfAbsent(c.maker() + ":" + c.id().orElse("") + ":" + root.namespaces(), k -> new ArrayList<>())
                    .add(root);
        }
        List<FoundContainer> found = new ArrayList<>();
        for (List<ProcEntry> group : same.values()) {
            ProcEntry first = group.stream().filter(p -> p.nsPids()[p.nsPids().length - 1] == 1).findFirst()
                    .orElse(group.get(0));
            int processes = group.stream().mapToInt(p -> counts.getOrDefault(p.hostPid(), 1)).sum();
            Clue c = clueOf.get(first.hostPid());
            boolean fromCgroup = cgroupClues.get(first.hostPid()).isPresent();
            EngineRecords.Record record = records.lookUp(c, fromCgroup ? cgroups.get(first.hostPid()) : "",
                    byPid.values(), first.hostPid());
            found.add(new FoundContainer(c.maker().label(), c.id().orElse(null),
                    Printable.of(c.name().or(record::name).orElse(null)), record.image().orElse(null),
                    first.hostPid(), Printable.of(first.comm()), first.hostUid(), processes, first.namespaces(),
                    own(first)));
        }
        found.sort((a, b) -> Long.compare(a.hostPid(), b.hostPid()));
        return found;
    }

    /** ANCESTOR and every process below it, in one pass over the table. */
    private Set<Long> below(long ancestor) {
        Map<Long, Boolean> memo = new HashMap<>();
        Set<Long> below = new HashSet<>();
        for (ProcEntry p : byPid.values()) {
            List<Long> path = new ArrayList<>();
            boolean is = false;
            for (ProcEntry at = p; at != null && path.size() < MAX_DEPTH; ) {
                Boolean known = memo.get(at.hostPid());
                if (known != null) {
                    is = known;
                    break;
                }
                path.add(at.hostPid());
                if (at.hostPid() == ancestor) {
                    is = true;
                    break;
                }
                at = at.hostPpid() == at.hostPid() ? null : byPid.get(at.hostPpid());
            }
            for (long pid : path) {
                memo.put(pid, is);
            }
            if (is) {
                below.add(p.hostPid());
            }
        }
        return below;
    }

    /** The nearest container (its first process's PID) that P is in, P itself if it is one; 0 for none. */
    private long nearest(ProcEntry p, Map<Long, ProcEntry> roots, Map<Long, Long> memo) {
        List<Long> path = new ArrayList<>();
        long answer = 0;
        for (ProcEntry at = p; at != null && path.size() < MAX_DEPTH; ) {
            Long known = memo.get(at.hostPid());
            if (known != null) {
                answer = known;
                break;
            }
            if (roots.containsKey(at.hostPid())) {
                answer = at.hostPid();
                break;
            }
            path.add(at.hostPid());
            at = at.hostPpid() == at.hostPid() ? null : byPid.get(at.hostPpid());
        }
        for (long pid : path) {
            memo.put(pid, answer);
        }
        return answer;
    }

    /** Its parent's clue, trusted only from a parent run by root or by the container's own user. */
    private Optional<Clue> parentClue(ProcEntry first) {
        ProcEntry parent = byPid.get(first.hostPpid());
        if (parent == null || parent.hostUid() != 0 && parent.hostUid() != first.hostUid()) {
            return Optional.empty();
        }
        return ParentClues.of(parent.comm(), parent.cmdline());
    }

    /** A container's first process: namespaces other than its parent's, and not the host's. */
    private boolean isFirstOfItsOwn(ProcEntry p) {
        ProcEntry parent = byPid.get(p.hostPpid());
        if (parent == null || p.hostPpid() == 2 || own(p).isEmpty()) {
            return false; // PID 1, a kernel thread, or back in the host's namespaces
        }
        for (String type : Namespace.PROC_NAMES) {
            Long mine = p.namespaces().get(type);
            // A parent whose links root may not read (PID 1 on some hosts) is taken to be in the host's.
            Long its = parent.namespaces().get(type) != null ? parent.namespaces().get(type) : host.get(type);
            if (mine != null && its != null && !mine.equals(its)) {
                return true;
            }
        }
        return false;
    }

    private List<String> own(ProcEntry p) {
        List<String> own = new ArrayList<>();
        for (String type : Namespace.PROC_NAMES) {
            Long mine = p.namespaces().get(type);
            Long hosts = host.get(type);
            if (mine != null && hosts != null && !Objects.equals(mine, hosts)) {
                own.add(type);
            }
        }
        return own;
    }

    /** The outermost container's first process that P is in (P itself if it is one), 0 for none. */
    private long outermost(ProcEntry p, Map<Long, ProcEntry> firsts, Map<Long, Long> memo) {
        Long known = memo.get(p.hostPid());
        if (known != null) {
            return known;
        }
        long above = 0; // the answer of the first ancestor already known
        List<Long> path = new ArrayList<>();
        ProcEntry at = p;
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++) {
            Long seen = memo.get(at.hostPid());
            if (seen != null) {
                above = seen;
                break;
            }
            path.add(at.hostPid());
            at = at.hostPpid() == at.hostPid() ? null : byPid.get(at.hostPpid());
        }
        // From the top down: the first container's first process met is the outermost.
        long outer = above;
        for (int i = path.size() - 1; i >= 0; i--) {
            if (outer == 0 && firsts.containsKey(path.get(i))) {
                outer = path.get(i);
            }
            memo.put(path.get(i), outer);
        }
        return memo.getOrDefault(p.hostPid(), 0L);
    }
}
