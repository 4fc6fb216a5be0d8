package org.nsexplorer.helper.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a container's maker from its /proc/PID/cgroup, as the engines name their cgroups
 * (cgroupfs and systemd drivers, v1 and v2, rootful and rootless):
 * <pre>
 *   docker      /docker/ID                    .../docker-ID.scope
 *   podman      /libpod_parent/libpod-ID      .../libpod-ID.scope[/container]
 *   kubernetes  /kubepods/.../podUID/ID       /kubepods.slice/.../cri-containerd-ID.scope, crio-ID.scope
 *   containerd  .../cri-containerd-ID.scope   .../nerdctl-ID.scope
 *   cri-o       .../crio-ID.scope
 *   lxc         /lxc.payload.NAME             /lxc/NAME (before LXC 4)
 *   nspawn      /machine.slice/machine-NAME.scope   (systemd escapes "-" as \x2d)
 *   ours        /nsx-PID-START-N
 * </pre>
 * The monitors beside them (libpod-conmon-ID, crio-conmon-ID, lxc.monitor.NAME) are no container.
 * The path comes from the host's /proc: a container with a writable cgroup tree can name a
 * cgroup of its own below its own, so an id is taken only in its exact form (64 hex digits).
 */
public final class CgroupClues {
    private static final String ID = "([0-9a-f]{64})";
    private static final Pattern SCOPED = Pattern.compile("^(docker|libpod|cri-containerd|crio|nerdctl)-" + ID
            + "(\\.scope)?$");
    private static final Pattern BARE_ID = Pattern.compile("^" + ID + "$");
    private static final Pattern LXC_PAYLOAD = Pattern.compile("^lxc\\.payload\\.(.+)$");
    private static final Pattern MACHINE = Pattern.compile("^machine-(.+)\\.scope$");
    private static final Pattern OURS = Pattern.compile("^nsx-\\d+-\\d+-\\d+$");
    private static final Pattern ESCAPED = Pattern.compile("\\\\x([0-9a-f]{2})");

    private CgroupClues() {
    }

    /** The clue of the first line that has one: the v2 and systemd lines (in the file's order), then the controllers'. */
    public static Optional<Clue> of(String procCgroup) {
        List<String> paths = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            (f[1].isEmpty() || f[1].equals("name=systemd") ? paths : rest).add(f[2]);
        }
        paths.addAll(rest);
        for (String path : paths) {
            Optional<Clue> clue = ofPath(path);
            if (clue.isPresent()) {
                return clue;
            }
        }
        return Optional.empty();
    }

    /** The clue in one cgroup path. */
    static Optional<Clue> ofPath(String path) {
        String[] parts = path.split("/");
        boolean kubepods = false;
        for (String p : parts) {
            kubepods |= p.equals("kubepods") || p.startsWith("kubepods.") || p.startsWith("kubepods-");
        }
        // The deepest segment that names a container wins: an engine nested in another's cgroup is the inner one.
        for (int i = parts.length - 1; i >= 0; i--) {
            String p = parts[i];
            String parent = i > 0 ? parts[i - 1] : "";
            Matcher m = SCOPED.matcher(p);
            if (m.matches()) {
                return Optional.of(Clue.of(kubepods ? Maker.KUBERNETES : scoped(m.group(1)), m.group(2)));
            }
            m = BARE_ID.matcher(p);
            if (m.matches() && (parent.equals("docker") || kubepods && parent.startsWith("pod"))) {
                return Optional.of(Clue.of(kubepods ? Maker.KUBERNETES : Maker.DOCKER, m.group(1)));
            }
            m = LXC_PAYLOAD.matcher(p);
            if (m.matches()) {
                return Optional.of(Clue.named(Maker.LXC, null, m.group(1)));
            }
            if (parent.equals("lxc") && i == 2 && !p.isEmpty()) {
                return Optional.of(Clue.named(Maker.LXC, null, p));
            }
            m = MACHINE.matcher(p);
            if (m.matches() && parent.equals("machine.slice")) {
                return Optional.of(Clue.named(Maker.NSPAWN, null, unescape(m.group(1))));
            }
            if (OURS.matcher(p).matches() && i == 1) {
                return Optional.of(Clue.of(Maker.NSX, p));
            }
        }
        return Optional.empty();
    }

    private static Maker scoped(String prefix) {
        return switch (prefix) {
            case "docker" -> Maker.DOCKER;
            case "libpod" -> Maker.PODMAN;
            case "crio" -> Maker.CRI_O;
            default -> Maker.CONTAINERD; // cri-containerd, nerdctl
        };
    }

    /** systemd's unit-name escaping: "\x2d" is "-". */
    static String unescape(String name) {
        return ESCAPED.matcher(name).replaceAll(r -> Matcher.quoteReplacement(
                Character.toString((char) Integer.parseInt(r.group(1), 16))));
    }
}
