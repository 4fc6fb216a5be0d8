package org.nsexplorer.helper.commands;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * The same recipe as one systemd-nspawn command line (options as systemd 252, Debian 12, reads
 * them), as walkthrough 004 starts its containers, and what nspawn cannot do the same way.
 * The command runs as PID 1, as in the app: no --as-pid2. Limits are properties of the scope
 * nspawn asks systemd for, so the line needs systemd as the host's init.
 *
 * @param line one shell command line; values the shell would change are single-quoted
 * @param missing what the recipe asks that the line cannot give, in a fixed order
 */
public record NspawnCommandLine(String line, List<NspawnDifference> missing) {
    /** The zone (bridge vz-nsx on the host) that the bridge containers share. */
    static final String ZONE = "nsx";

    public NspawnCommandLine {
        missing = List.copyOf(missing);
    }

    public static NspawnCommandLine of(ValidatedSpec spec) {
        List<String> words = new ArrayList<>(List.of("systemd-nspawn", "-D", EquivalentCommands.word(
                spec.rootfs().toString())));
        Set<NspawnDifference> missing = EnumSet.noneOf(NspawnDifference.class);
        if (spec.overlay().isEmpty()) {
            missing.add(NspawnDifference.ROOTFS_WRITES); // with --ephemeral it writes to the throwaway copy
        }
        spec.overlay().ifPresent(overlay -> {
            words.add("--ephemeral");
            missing.add(NspawnDifference.OVERLAY);
            if (!overlay.layers().isEmpty()) {
                missing.add(NspawnDifference.LAYERS);
            }
            if (overlay.keepAs().isPresent()) {
                missing.add(NspawnDifference.KEEP_LAYER);
            }
        });
        spec.userMapping().ifPresent(m -> {
            // UIDBASE:1 maps container root alone to that host uid, as the app does; gids follow the uids.
            words.add("--private-users=" + Integer.toUnsignedString(m.hostUid()) + ":1");
            if (m.hostGid() != m.hostUid()) {
                missing.add(NspawnDifference.GROUP_ID);
            }
        });
        spec.hostname().ifPresent(h -> words.add("--hostname=" + h));
        network(spec, words, missing);
        limits(spec, words);
        namespaces(spec, missing);
        words.add(EquivalentCommands.word(spec.executable()));
        spec.argv().subList(1, spec.argv().size()).forEach(arg -> words.add(EquivalentCommands.word(arg)));
        return new NspawnCommandLine(String.join(" ", words), new ArrayList<>(missing));
    }

    private static void network(ValidatedSpec spec, List<String> words, Set<NspawnDifference> missing) {
        switch (spec.network()) {
            case HOST -> {
                // nspawn without a network option shares the host's network, as the recipe does.
            }
            case ISOLATED -> {
                words.add("--private-network");
                missing.add(NspawnDifference.LOOPBACK);
            }
            case VETH -> {
                words.add("--network-veth");
                missing.add(NspawnDifference.VETH_ADDRESSES);
            }
            case BRIDGE -> {
                words.add("--network-zone=" + ZONE);
                missing.add(NspawnDifference.VETH_ADDRESSES);
                missing.add(NspawnDifference.BRIDGE_ON_HOST);
            }
            case JOINED -> words.add("--network-namespace-path=/proc/" + spec.join().orElseThrow().pid() + "/ns/net");
        }
    }

    /** Properties of the scope unit nspawn runs in (as `systemctl set-property` takes them). */
    private static void limits(ValidatedSpec spec, List<String> words) {
        spec.limits().memoryBytes().ifPresent(bytes -> words.add("--property=MemoryMax=" + size(bytes)));
        spec.limits().cpus().ifPresent(cpus -> words.add("--property=CPUQuota=" + percent(cpus)));
        spec.limits().pids().ifPresent(pids -> words.add("--property=TasksMax=" + pids));
    }

    /** nspawn always makes mount, PID, UTS, IPC and cgroup namespaces, and never a time namespace. */
    private static void namespaces(ValidatedSpec spec, Set<NspawnDifference> missing) {
        if (!spec.has(Namespace.MNT)) {
            missing.add(NspawnDifference.HOST_MOUNTS);
        } else if (!spec.mounts().containsAll(EnumSet.allOf(MountKind.class))) {
            missing.add(NspawnDifference.MOUNTS);
        }
        if (spec.rootSwitch() == RootSwitch.CHROOT) {
            missing.add(NspawnDifference.CHROOT);
        }
        if (spec.joins(Namespace.PID) || spec.joins(Namespace.UTS) || spec.joins(Namespace.IPC)) {
            missing.add(NspawnDifference.JOIN);
        }
        if (!spec.has(Namespace.PID) && !spec.joins(Namespace.PID)) {
            missing.add(NspawnDifference.HOST_PROCESSES);
        }
        if (!spec.has(Namespace.UTS) && !spec.joins(Namespace.UTS)) {
            missing.add(NspawnDifference.HOST_UTS);
        } else if (spec.has(Namespace.UTS) && spec.hostname().isEmpty()) {
            missing.add(NspawnDifference.HOSTNAME);
        }
        if (!spec.has(Namespace.IPC) && !spec.joins(Namespace.IPC)) {
            missing.add(NspawnDifference.HOST_IPC);
        }
        if (!spec.has(Namespace.CGROUP)) {
            missing.add(NspawnDifference.CGROUP);
        }
        if (spec.has(Namespace.TIME)) {
            missing.add(NspawnDifference.TIME);
        }
    }

    /** Bytes as systemd reads a size (base 1024): 64M rather than 67108864. */
    static String size(long bytes) {
        String[] suffixes = {"T", "G", "M", "K"};
        for (int i = 0; i < suffixes.length; i++) {
            long unit = 1L << (10 * (4 - i));
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * A share of one CPU as CPUQuota's percentage: whole, or with one decimal (systemd 252
     * reads two, older ones one); never 0%, which systemd refuses.
     */
    static String percent(double cpus) {
        long tenths = Math.max(1, Math.round(cpus * 1000));
        return tenths % 10 == 0 ? tenths / 10 + "%" : String.format(Locale.ROOT, "%d.%d%%", tenths / 10, tenths % 10);
    }
}
