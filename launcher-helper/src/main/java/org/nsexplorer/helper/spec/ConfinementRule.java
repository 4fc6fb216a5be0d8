package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.words.Word;

/**
 * The rule of the privileged side: whatever runs in a container can do on the host at most
 * what its caller can do with their own account. A container that shares something with the
 * host (its mounts, processes, network or IPC, the root directory in chroot mode, or a rootfs
 * outside the helper's store) runs in a user namespace whose root is the caller outside.
 * Root inside keeps the host root's powers only when asked for (--host-root) by root or an
 * administrator.
 */
final class ConfinementRule {
    private final Caller caller;
    private final Path store;
    private final HostRootCheck hostRootCheck;

    /** What the rule decided: how root is confined, the namespaces to create, the ids to map. */
    record Decision(Confinement confinement, Set<Namespace> namespaces,
            Optional<ValidatedSpec.UserMapping> mapping) {
    }

    /** Whom the helper acts for. */
    Caller caller() {
        return caller;
    }

    ConfinementRule(Caller caller, Path store, HostRootCheck hostRootCheck) {
        this.caller = caller;
        this.store = store;
        this.hostRootCheck = hostRootCheck;
    }

    /** @param authorize whether host-root must be authorized now (a launch), or only described (a preview) */
    Decision decide(ContainerSpec spec, RootSwitch rootSwitch, NetworkMode network, Optional<JoinSpec> join,
            Path rootfs, boolean authorize) throws InvalidRequestException {
        Set<Namespace> ns = spec.namespaces();
        boolean userAsked = ns.contains(Namespace.USER);
        boolean outsideStore = !rootfs.startsWith(store);
        Set<Confinement.Reason> shares = shares(ns, rootSwitch, network, join, outsideStore);
        if (spec.mapRoot().isPresent() && !userAsked) {
            throw new InvalidRequestException("mapRoot", Word.RECIPE_MAP_ROOT_NEEDS_USER);
        }
        if (spec.hostRoot()) {
            if (userAsked) {
                throw new InvalidRequestException("hostRoot", Word.RECIPE_HOST_ROOT_AND_USER);
            }
            if (authorize) {
                hostRootCheck.require(caller);
            }
            return new Decision(new Confinement(Confinement.Level.HOST_ROOT, shares), ns, Optional.empty());
        }
        if (outsideStore) {
            checkCallersOwn(rootfs);
        }
        if (!userAsked && shares.isEmpty()) {
            return new Decision(Confinement.contained(), ns, Optional.empty());
        }
        Set<Confinement.Reason> reasons = EnumSet.noneOf(Confinement.Reason.class);
        reasons.addAll(shares);
        if (userAsked) {
            reasons.add(Confinement.Reason.USER_NAMESPACE_ASKED);
        }
        Set<Namespace> withUser = EnumSet.copyOf(ns.isEmpty() ? EnumSet.noneOf(Namespace.class) : ns);
        withUser.add(Namespace.USER);
        return new Decision(new Confinement(Confinement.Level.CALLER, reasons), withUser, Optional.of(mapping(spec)));
    }

    /** What the container would share with the host, each a reason to confine it to the caller. */
    private static Set<Confinement.Reason> shares(Set<Namespace> ns, RootSwitch rootSwitch, NetworkMode network,
            Optional<JoinSpec> join, boolean outsideStore) {
        Set<Confinement.Reason> shares = EnumSet.noneOf(Confinement.Reason.class);
        if (rootSwitch == RootSwitch.CHROOT) {
            shares.add(Confinement.Reason.CHROOT);
        }
        if (!ns.contains(Namespace.MNT)) {
            shares.add(Confinement.Reason.HOST_MOUNTS);
        }
        if (!ns.contains(Namespace.PID) && !joins(join, Namespace.PID)) {
            shares.add(Confinement.Reason.HOST_PROCESSES);
        }
        if (network == NetworkMode.HOST) {
            shares.add(Confinement.Reason.HOST_NETWORK);
        }
        if (!ns.contains(Namespace.IPC) && !joins(join, Namespace.IPC)) {
            shares.add(Confinement.Reason.HOST_IPC);
        }
        if (outsideStore) {
            shares.add(Confinement.Reason.ROOTFS_OUTSIDE_STORE);
        }
        return shares;
    }

    private static boolean joins(Optional<JoinSpec> join, Namespace ns) {
        return join.isPresent() && join.get().namespaces().contains(ns);
    }

    /** Root inside is the caller outside; only root may choose another uid. */
    private ValidatedSpec.UserMapping mapping(ContainerSpec spec) throws InvalidRequestException {
        if (spec.mapRoot().isEmpty()) {
            return new ValidatedSpec.UserMapping(caller.uid(), caller.gid());
        }
        int uid = spec.mapRoot().getAsInt();
        if (!caller.isRoot() && uid != caller.uid()) {
            throw new InvalidRequestException("mapRoot", uid == 0 ? Word.RECIPE_MAP_ROOT_HOST_ROOT
                    : Word.RECIPE_MAP_ROOT_OTHER_USER, Integer.toUnsignedString(uid), caller);
        }
        return uid == caller.uid() ? new ValidatedSpec.UserMapping(caller.uid(), caller.gid())
                : new ValidatedSpec.UserMapping(uid, uid);
    }

    /**
     * A rootfs outside the store must be the caller's: the container writes into it with the
     * caller's ids. Root's own directory must be out of other users' reach, or a setuid
     * program planted there by the container would give them root.
     */
    private void checkCallersOwn(Path rootfs) throws InvalidRequestException {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(rootfs, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_UNREADABLE, rootfs, e.getMessage());
        }
        if (owner != caller.uid()) {
            if (owner == 0) {
                throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_ROOTS, rootfs, caller);
            }
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_OTHER_USERS, rootfs,
                    Integer.toUnsignedString(owner), caller);
        }
        if (caller.isRoot()) {
            Optional<Path> open = reachableByOthers(rootfs);
            if (open.isPresent()) {
                throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_REACHABLE, rootfs, open.get());
            }
        }
    }

    /**
     * Whether users other than the owner can reach DIR: none of its directories, from / down,
     * shuts them out. Returns the directory to close when they can (DIR itself).
     */
    static Optional<Path> reachableByOthers(Path dir) throws InvalidRequestException {
        try {
            for (Path p = dir; p != null; p = p.getParent()) {
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if ((mode & 0011) == 0) {
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_UNREADABLE, dir, e.getMessage());
        }
        return Optional.of(dir);
    }
}
