package org.nsexplorer.helper.commands;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * The same recipe as Docker runs it (options as Docker 20.10, Debian 12's, reads them): the
 * rootfs imported as an image (no registry needed), then one `docker run` line, and what Docker
 * cannot do the same way. Docker always makes mount, UTS, IPC, net and PID namespaces unless
 * told to share the host's; it has no per-container user namespace and no time namespace.
 *
 * @param importLine the command that makes the image from the rootfs directory
 * @param runLine the docker run line; values the shell would change are single-quoted
 * @param missing what the recipe asks that the lines cannot give, in a fixed order
 */
public record DockerRunLine(String importLine, String runLine, List<DockerDifference> missing) {
    /** The user-defined network that plays the app's shared bridge. */
    static final String NETWORK = "nsx";

    public DockerRunLine {
        missing = List.copyOf(missing);
    }

    public static DockerRunLine of(ValidatedSpec spec) {
        String image = image(spec);
        String importLine = "tar -C " + EquivalentCommands.word(spec.rootfs().toString()) + " -c . | docker import - "
                + image;
        List<String> words = new ArrayList<>(List.of("docker", "run", "--rm"));
        if (spec.stdio() == StdioMode.TERMINAL) {
            words.add("-it");
        }
        Set<DockerDifference> missing = EnumSet.noneOf(DockerDifference.class);
        namespaces(spec, words, missing);
        network(spec, words, missing);
        spec.limits().memoryBytes().ifPresent(bytes -> words.add("--memory=" + size(bytes)));
        spec.limits().cpus().ifPresent(cpus -> words.add("--cpus=" + cpus(cpus)));
        spec.limits().pids().ifPresent(pids -> words.add("--pids-limit=" + pids));
        if (spec.mounts().contains(MountKind.TMP)) {
            words.add("--tmpfs=/tmp:exec,mode=1777"); // docker's own default is noexec; the app's /tmp runs programs
        }
        if (spec.has(Namespace.MNT) && !spec.mounts().containsAll(EnumSet.of(MountKind.PROC, MountKind.SYS,
                MountKind.DEV))) {
            missing.add(DockerDifference.MOUNTS);
        }
        if (spec.overlay().isEmpty()) {
            missing.add(DockerDifference.ROOTFS_COPY);
        }
        spec.overlay().ifPresent(overlay -> {
            if (!overlay.layers().isEmpty()) {
                missing.add(DockerDifference.LAYERS);
            }
            if (overlay.keepAs().isPresent()) {
                missing.add(DockerDifference.KEEP_LAYER);
            }
        });
        words.add(image);
        words.add(EquivalentCommands.word(spec.executable()));
        spec.argv().subList(1, spec.argv().size()).forEach(arg -> words.add(EquivalentCommands.word(arg)));
        return new DockerRunLine(importLine, String.join(" ", words), new ArrayList<>(missing));
    }

    private static void namespaces(ValidatedSpec spec, List<String> words, Set<DockerDifference> missing) {
        if (!spec.has(Namespace.MNT)) {
            missing.add(DockerDifference.HOST_MOUNTS);
        }
        if (spec.rootSwitch() == RootSwitch.CHROOT) {
            missing.add(DockerDifference.CHROOT);
        }
        if (spec.joins(Namespace.PID) || spec.joins(Namespace.UTS) || spec.joins(Namespace.IPC)
                || spec.joins(Namespace.NET)) {
            missing.add(DockerDifference.JOIN); // docker joins only another docker container's (container:NAME)
        }
        if (!spec.has(Namespace.UTS) && !spec.joins(Namespace.UTS)) {
            words.add("--uts=host");
        } else if (spec.has(Namespace.UTS)) {
            spec.hostname().ifPresentOrElse(h -> words.add("--hostname=" + EquivalentCommands.word(h)),
                    () -> missing.add(DockerDifference.HOSTNAME));
        }
        if (!spec.has(Namespace.IPC) && !spec.joins(Namespace.IPC)) {
            words.add("--ipc=host");
        }
        if (!spec.has(Namespace.PID) && !spec.joins(Namespace.PID)) {
            words.add("--pid=host");
        }
        words.add(spec.has(Namespace.CGROUP) ? "--cgroupns=private" : "--cgroupns=host");
        if (spec.userMapping().isPresent()) {
            missing.add(DockerDifference.USER_NAMESPACE);
        }
        if (spec.has(Namespace.TIME)) {
            missing.add(DockerDifference.TIME);
        }
    }

    private static void network(ValidatedSpec spec, List<String> words, Set<DockerDifference> missing) {
        switch (spec.network()) {
            case HOST -> words.add("--network=host");
            case ISOLATED -> {
                words.add("--network=none");
                missing.add(DockerDifference.LOOPBACK);
            }
            case VETH -> missing.add(DockerDifference.VETH_ADDRESSES); // docker's default bridge, docker0
            case BRIDGE -> {
                words.add("--network=" + NETWORK);
                missing.add(DockerDifference.BRIDGE_NETWORK);
            }
            case JOINED -> {
                // said with JOIN above: a process's net namespace is not a docker container's
            }
        }
    }

    /**
     * nsx/ and the rootfs directory's name, as a repository name Docker takes: lowercase
     * letters, digits and single separators, at most 64 characters.
     */
    static String image(ValidatedSpec spec) {
        String base = spec.rootfs().getFileName() == null ? "" : spec.rootfs().getFileName().toString();
        String clean = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (clean.length() > 60) {
            clean = clean.substring(0, 60).replaceAll("-+$", "");
        }
        return "nsx/" + (clean.isEmpty() ? "rootfs" : clean);
    }

    /** Bytes as docker reads a size (base 1024, lowercase unit): 64m rather than 67108864. */
    static String size(long bytes) {
        return NspawnCommandLine.size(bytes).toLowerCase(Locale.ROOT);
    }

    /** A share of CPUs as --cpus takes it: 0.5, 1, 1.25 (docker keeps two decimals). */
    static String cpus(double cpus) {
        // Never 0: docker reads --cpus=0 as no limit at all.
        String s = String.format(Locale.ROOT, "%.2f", Math.max(0.01, cpus)).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
