package org.nsexplorer.helper.discover;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a container's maker from the process that started it, for hosts where its cgroup
 * says nothing (systemd-nspawn without systemd as PID 1, LXC under an old layout, docker on a
 * cgroup tree it does not name): containerd's shim ("-namespace moby -id ID" for docker,
 * k8s.io for Kubernetes), conmon ("-c ID -n NAME"; CRI-O's runs with "--runtime-arg" of crio or
 * its log under /var/log/pods), systemd-nspawn ("-M NAME", "-D DIR") and lxc-start ("-n NAME").
 */
public final class ParentClues {
    private static final Pattern ID = Pattern.compile("^[0-9a-f]{64}$");

    private ParentClues() {
    }

    /** The clue that PARENT (its comm and command line, split at spaces) gives of its child. */
    public static Optional<Clue> of(String comm, String cmdline) {
        List<String> args = List.of(cmdline.trim().split("\\s+"));
        if (comm.startsWith("containerd-shim")) {
            String namespace = value(args, "-namespace").orElse("");
            Maker maker = switch (namespace) {
                case "moby" -> Maker.DOCKER;
                case "k8s.io" -> Maker.KUBERNETES;
                default -> Maker.CONTAINERD;
            };
            return Optional.of(Clue.of(maker, value(args, "-id").filter(id -> ID.matcher(id).matches()).orElse(null)));
        }
        if (comm.equals("conmon")) {
            boolean crio = cmdline.contains("/var/log/pods/") || cmdline.contains("/crio/"); // its paths, not a name
            return Optional.of(Clue.named(crio ? Maker.CRI_O : Maker.PODMAN,
                    value(args, "-c").filter(id -> ID.matcher(id).matches()).orElse(null),
                    value(args, "-n").orElse(null)));
        }
        if (comm.equals("systemd-nspawn")) {
            Optional<String> name = value(args, "-M").or(() -> value(args, "--machine"))
                    .or(() -> value(args, "-D").or(() -> value(args, "--directory")).map(ParentClues::lastPart));
            return Optional.of(Clue.named(Maker.NSPAWN, null, name.orElse(null)));
        }
        if (comm.equals("lxc-start") || cmdline.startsWith("[lxc monitor]")) {
            Optional<String> name = value(args, "-n").or(() -> value(args, "--name"))
                    .or(() -> args.size() > 3 && args.get(0).equals("[lxc") ? Optional.of(args.get(args.size() - 1))
                            : Optional.empty());
            return Optional.of(Clue.named(Maker.LXC, null, name.orElse(null)));
        }
        return Optional.empty();
    }

    /** The word after FLAG, or after "FLAG=" in the same word. */
    static Optional<String> value(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(flag) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (a.startsWith(flag + "=")) {
                return Optional.of(a.substring(flag.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static String lastPart(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
