package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.nsexplorer.helper.snapshot.ProcStat;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.words.Word;

/**
 * Who may open a shell in a container others made, and in which namespaces. Root may, in any
 * process that has a namespace of its own. Another caller where the container runs in a user
 * namespace they own (rootless Podman, an `unshare -r`): the shell is then root of that
 * namespace, the caller's own account outside, and the stage checks the owner with the
 * kernel. A container in the host's user namespace keeps root's powers inside: there only a
 * caller who may already open that shell otherwise (a member of the docker group, with
 * `docker exec`, in Docker's containers), never more than their account can (DESIGN.md §5).
 */
final class EnterRule {
    private final Caller caller;
    private final SeeingRule seeing;

    /** @param seeing what the caller may look at, and where they may have a root shell (Docker's containers) */
    EnterRule(Caller caller, SeeingRule seeing) {
        this.caller = caller;
        this.seeing = seeing;
    }

    /** Checks that SPEC asks for nothing but a shell (its command, limits and terminal) in PID's namespaces. */
    EnterSpec check(ContainerSpec spec, long pid) throws InvalidRequestException {
        if (spec.rootfs().isPresent() || spec.hostname().isPresent() || spec.mounts().isPresent()
                || spec.rootSwitch().isPresent() || spec.mapRoot().isPresent() || spec.boottimeOffset().isPresent()
                || spec.monotonicOffset().isPresent() || spec.network().isPresent() || spec.join().isPresent()
                || spec.overlay().isPresent() || spec.hostRoot()) {
            throw new InvalidRequestException("enter", Word.ENTER_ALONE);
        }
        if (pid < 2 || pid > Limits.MAX_PIDS) {
            throw new InvalidRequestException("enter", Word.ENTER_NOT_A_PID, pid);
        }
        // With the PID, its start names one process: the stage checks it is still the one checked here.
        long start = ProcStat.startTicks(pid).orElseThrow(() -> new InvalidRequestException("enter", Word.ENTER_GONE, pid));
        // Nothing about a process the caller may not look at, not even its namespaces.
        if (!caller.isRoot() && !seeing.allows(pid)) {
            throw new InvalidRequestException("enter", Word.ENTER_NOT_SEEN, pid);
        }
        Set<Namespace> entered = EnumSet.noneOf(Namespace.class);
        for (Namespace ns : Namespace.values()) {
            Optional<String> ours = link(Path.of("/proc/self/ns", ns.procName()));
            if (ours.isEmpty()) {
                continue; // a namespace type this kernel lacks
            }
            String theirs = link(Path.of("/proc", Long.toString(pid), "ns", ns.procName()))
                    .orElseThrow(() -> new InvalidRequestException("enter", Word.ENTER_GONE, pid));
            if (!theirs.equals(ours.get())) {
                entered.add(ns);
            }
        }
        if (entered.isEmpty()) {
            throw new InvalidRequestException("enter", Word.ENTER_NOT_A_CONTAINER, pid);
        }
        if (!entered.contains(Namespace.USER) && !caller.isRoot() && !seeing.mayExecAsRootIn(pid)) {
            throw new InvalidRequestException("enter", Word.ENTER_HOST_USER_NAMESPACE, pid);
        }
        if (!spec.command().get(0).startsWith("/")) {
            throw new InvalidRequestException("command", Word.ENTER_COMMAND_NOT_ABSOLUTE, spec.command().get(0));
        }
        if (ProcStat.startTicks(pid).orElse(-1) != start) { // it ended meanwhile, and the PID may be another's now
            throw new InvalidRequestException("enter", Word.ENTER_GONE, pid);
        }
        boolean ownsUserNamespace = !caller.isRoot() && entered.contains(Namespace.USER);
        return new EnterSpec(pid, start, entered, ownsUserNamespace ? OptionalInt.of(caller.uid())
                : OptionalInt.empty());
    }

    /** What the namespace link LINK reads ("net:[4026531840]"), if the process is still there. */
    private static Optional<String> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * What root in the shell is, said as for a container of ours: in a user namespace, the
     * caller's account; in the host's, with the capabilities trimmed, contained where the
     * container has mount, PID, net and IPC namespaces of its own (Docker's default), and the
     * host's root where it shares one of them with the host (`docker run --network host`).
     */
    static Confinement confinementOf(EnterSpec enter) {
        if (!enter.hostUserNamespace()) {
            return new Confinement(Confinement.Level.CALLER, Set.of());
        }
        boolean ownWorld = enter.entered().containsAll(Set.of(Namespace.MNT, Namespace.PID, Namespace.NET,
                Namespace.IPC));
        return ownWorld ? Confinement.contained() : new Confinement(Confinement.Level.HOST_ROOT, Set.of());
    }

}
