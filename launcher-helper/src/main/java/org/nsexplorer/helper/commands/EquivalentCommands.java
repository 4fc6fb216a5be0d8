package org.nsexplorer.helper.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * The shell commands that build the same container by hand, for students to repeat at home:
 * a cgroup with the limits, unshare, the mounts, the hostname, pivot_root. Pasted into a root
 * shell they work (a test runs them). Every value is single-quoted. The comments are in the
 * language asked for; every other line is the same in all of them.
 */
public final class EquivalentCommands {
    private EquivalentCommands() {
    }

    /** The script with English comments. */
    public static String script(ValidatedSpec spec, CgroupLayout.Mounts cgroups) {
        return script(spec, cgroups, Locale.ROOT);
    }

    /** The script with its comments in LOCALE's words (English where there are none). */
    public static String script(ValidatedSpec spec, CgroupLayout.Mounts cgroups, Locale locale) {
        if (spec.enter().isPresent()) {
            // nsenter skips the namespaces that are its own already (the host's), as the helper does.
            long pid = spec.enter().get().pid();
            return "# " + Sentence.of(Word.COMMANDS_COMMENT_ENTER, pid).in(locale) + "\nnsenter --target " + pid
                    + " --all --root " + command(spec) + "\n";
        }
        List<String> lines = new ArrayList<>();
        lines.add("# " + Sentence.of(Word.COMMANDS_COMMENT_BY_HAND).in(locale));
        lines.add("ROOTFS=" + quote(spec.rootfs().toString()));
        spec.userMapping().filter(m -> !mappersMap(m) && m.hostUid() != 0)
                .ifPresent(m -> lines.add("# " + Sentence.of(Word.COMMANDS_COMMENT_ROOT_IS_ROOT,
                        Integer.toUnsignedString(m.hostUid())).in(locale)));
        spec.userMapping().ifPresent(m -> lines.add("# " + Sentence.of(Word.COMMANDS_COMMENT_USER_LAST).in(locale)));
        List<Path> dirs = cgroupDirs(spec, cgroups);
        if (!dirs.isEmpty()) {
            lines.add("");
            lines.add("# 1. " + Sentence.of(Word.COMMANDS_COMMENT_CGROUP).in(locale));
            lines.add("CG=nsx-demo-$$");
            for (Path dir : dirs) {
                lines.add("mkdir " + dir + "/$CG");
            }
            limitLines(spec, cgroups, lines);
            for (Path dir : dirs) {
                lines.add("echo $$ > " + dir + "/$CG/cgroup.procs");
            }
        }
        int step = dirs.isEmpty() ? 1 : 2;
        if (spec.overlay().isPresent()) {
            lines.add("");
            lines.add("# " + step++ + ". " + Sentence.of(Word.COMMANDS_COMMENT_OVERLAY).in(locale));
            lines.add("OVL=$(mktemp -d /tmp/nsx-overlay.XXXXXX)");
            lines.add("mkdir \"$OVL/upper\" \"$OVL/work\" \"$OVL/merged\"");
        }
        boolean veth = spec.network().hasVeth();
        if (veth) {
            lines.add("");
            boolean bridge = spec.network() == NetworkMode.BRIDGE;
            lines.add("# " + step++ + ". " + Sentence.of(bridge ? Word.COMMANDS_COMMENT_BRIDGE
                    : Word.COMMANDS_COMMENT_VETH).in(locale));
            lines.addAll(NetworkCommands.setUp(spec.network(), locale));
        }
        lines.add("");
        lines.add("# " + step++ + ". " + Sentence.of(Word.COMMANDS_COMMENT_NAMESPACES).in(locale));
        String root = spec.overlay().isPresent() ? "\"$OVL/merged\"" : "\"$ROOTFS\"";
        lines.add(enter(spec, veth) + unshare(spec, veth) + " sh -c " + quote(inside(spec)) + " " + root + " "
                + command(spec));
        if (veth) {
            lines.addAll(NetworkCommands.tearDown(spec.network(), locale));
        }
        if (spec.overlay().isPresent()) {
            lines.add("rm -r \"$OVL\"");
        }
        if (!dirs.isEmpty()) {
            lines.add("");
            lines.add("# " + step + ". " + Sentence.of(Word.COMMANDS_COMMENT_LEAVE_CGROUP).in(locale));
            for (Path dir : dirs) {
                lines.add("echo $$ > " + dir + "/cgroup.procs");
            }
            for (Path dir : dirs) {
                lines.add("rmdir " + dir + "/$CG");
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static List<Path> cgroupDirs(ValidatedSpec spec, CgroupLayout.Mounts cgroups) {
        List<Path> dirs = new ArrayList<>();
        if (!spec.limits().any()) {
            return dirs;
        }
        if (cgroups.pureV2()) {
            dirs.add(cgroups.v2());
            return dirs;
        }
        Map<String, Path> v1 = cgroups.v1();
        if (spec.limits().memoryBytes().isPresent()) {
            dirs.add(v1.get("memory"));
        }
        if (spec.limits().cpus().isPresent()) {
            dirs.add(v1.get("cpu"));
        }
        if (spec.limits().pids().isPresent()) {
            dirs.add(v1.get("pids"));
        }
        return dirs;
    }

    private static void limitLines(ValidatedSpec spec, CgroupLayout.Mounts cgroups, List<String> lines) {
        boolean v2 = cgroups.pureV2();
        Map<String, Path> v1 = cgroups.v1();
        spec.limits().memoryBytes().ifPresent(bytes -> lines.add("echo " + bytes + " > "
                + (v2 ? cgroups.v2() + "/$CG/memory.max" : v1.get("memory") + "/$CG/memory.limit_in_bytes")));
        spec.limits().cpus().ifPresent(cpus -> {
            long quota = Math.max(1000, Math.round(cpus * 100_000));
            lines.add(v2 ? "echo '" + quota + " 100000' > " + cgroups.v2() + "/$CG/cpu.max"
                    : "echo " + quota + " > " + v1.get("cpu") + "/$CG/cpu.cfs_quota_us");
        });
        spec.limits().pids().ifPresent(pids -> lines.add("echo " + pids + " > "
                + (v2 ? cgroups.v2() : v1.get("pids")) + "/$CG/pids.max"));
    }

    /** nsenter into the namespaces joined from a running container, or into the prepared net namespace. */
    private static String enter(ValidatedSpec spec, boolean veth) {
        StringBuilder cmd = new StringBuilder();
        spec.join().ifPresent(join -> {
            cmd.append("nsenter");
            join.namespaces().stream().map(Namespace::procName).sorted().forEach(ns -> cmd.append(" --").append(ns)
                    .append("=/proc/").append(join.pid()).append("/ns/").append(ns));
            cmd.append(" -- ");
        });
        if (veth) {
            cmd.append("nsenter --net=").append(NetworkCommands.NETNS_PATH).append(" -- ");
        }
        return cmd.toString();
    }

    /**
     * The outer unshare. Without a user namespace it makes every namespace; with one, only the
     * mount, PID and time namespaces: the rest come with the user namespace, last (see inside).
     */
    private static String unshare(ValidatedSpec spec, boolean netPrepared) {
        boolean userLast = spec.userMapping().isPresent();
        StringBuilder cmd = new StringBuilder("unshare");
        if (spec.has(Namespace.MNT)) {
            cmd.append(" --mount");
        }
        if (!userLast) {
            cmd.append(ownedNamespaces(spec, netPrepared));
        }
        if (spec.has(Namespace.PID)) {
            cmd.append(" --pid");
        }
        if (spec.has(Namespace.TIME)) {
            cmd.append(" --time --boottime ").append(spec.boottimeOffset()).append(" --monotonic ")
                    .append(spec.monotonicOffset());
        }
        return cmd.append(" --fork").toString();
    }

    /** The UTS, IPC, net and cgroup namespaces as unshare options. */
    private static String ownedNamespaces(ValidatedSpec spec, boolean netPrepared) {
        StringBuilder cmd = new StringBuilder();
        if (spec.has(Namespace.UTS)) {
            cmd.append(" --uts");
        }
        if (spec.has(Namespace.IPC)) {
            cmd.append(" --ipc");
        }
        if (spec.has(Namespace.NET) && !netPrepared) {
            cmd.append(" --net");
        }
        if (spec.has(Namespace.CGROUP)) {
            cmd.append(" --cgroup");
        }
        return cmd.toString();
    }

    /**
     * The user namespace, made once the mounts are in place (so they are locked in it), with the
     * container's own mount, UTS, IPC, net and cgroup namespaces inside it.
     */
    private static String userNamespaceLast(ValidatedSpec spec, ValidatedSpec.UserMapping m) {
        StringBuilder cmd = new StringBuilder("unshare --user");
        // unshare maps other ids only through newuidmap (Debian package uidmap).
        if (mappersMap(m)) {
            cmd.append(" --map-users=").append(Integer.toUnsignedString(m.hostUid())).append(",0,1 --map-groups=")
                    .append(Integer.toUnsignedString(m.hostGid())).append(",0,1 --setuid 0 --setgid 0");
        } else {
            cmd.append(" --map-root-user");
        }
        if (spec.has(Namespace.MNT)) {
            cmd.append(" --mount");
        }
        return cmd.append(ownedNamespaces(spec, spec.network().hasVeth())).toString();
    }

    /** What runs inside the new namespaces: $0 is the rootfs, "$@" the command. */
    private static String inside(ValidatedSpec spec) {
        List<String> steps = new ArrayList<>();
        steps.add("set -e"); // a failed step stops here, before pivot_root
        if (spec.has(Namespace.MNT)) {
            steps.add("mount --make-rprivate /");
            spec.overlay().ifPresent(o -> steps.add("mount -t overlay overlay -o " + overlayOptions(spec)
                    + " \"$0\""));
            steps.add("mount --bind \"$0\" \"$0\"");
        }
        steps.add("cd \"$0\"");
        if (spec.mounts().contains(MountKind.PROC)) {
            steps.add("mount -t proc proc proc");
        }
        if (spec.mounts().contains(MountKind.SYS)) {
            steps.add("mount -t sysfs -o ro sysfs sys");
        }
        if (spec.mounts().contains(MountKind.TMP)) {
            steps.add("mount -t tmpfs -o mode=1777,size=" + spec.limits().tmpBytes() / 1024 + "k tmpfs tmp");
        }
        if (spec.mounts().contains(MountKind.DEV)) {
            steps.add("mount -t tmpfs -o mode=755 tmpfs dev");
            steps.add("for d in null zero full random urandom tty; do touch dev/$d; mount --bind /dev/$d dev/$d; done");
        }
        if (spec.rootSwitch() == RootSwitch.PIVOT) {
            steps.add("pivot_root . .");
            steps.add("umount -l .");
        }
        String chroot = spec.rootSwitch() == RootSwitch.CHROOT ? "chroot . " : "";
        if (spec.userMapping().isPresent()) {
            String hostname = spec.hostname().map(h -> "sh -c 'hostname " + h + " && exec \"$@\"' sh ").orElse("");
            steps.add("exec " + userNamespaceLast(spec, spec.userMapping().get()) + " " + hostname + chroot + "\"$@\"");
            return lines(steps);
        }
        spec.hostname().ifPresent(h -> steps.add("hostname " + h));
        steps.add("exec " + chroot + "\"$@\"");
        return lines(steps);
    }

    /** lowerdir (top first, the rootfs last), upper and work beside merged ($0); , : and \\ escaped as overlayfs reads them. */
    private static String overlayOptions(ValidatedSpec spec) {
        List<String> lowers = new ArrayList<>();
        spec.overlay().orElseThrow().layers().forEach(l -> lowers.add(escapeLayer(l.toString())));
        lowers.add(escapeLayer(spec.rootfs().toString()));
        // Quoted for the inner sh too: a layer's path may hold spaces or quotes.
        return word("lowerdir=" + String.join(":", lowers) + ",upperdir=") + "\"$0/../upper\"" + word(",workdir=")
                + "\"$0/../work\"";
    }

    private static String escapeLayer(String path) {
        return path.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:");
    }

    /** One step a line, indented, inside the quoted script: readable on a slide, pastes as it is. */
    private static String lines(List<String> steps) {
        return "\n  " + String.join("\n  ", steps);
    }

    private static String command(ValidatedSpec spec) {
        StringBuilder out = new StringBuilder(quote(spec.executable()));
        for (String arg : spec.argv().subList(1, spec.argv().size())) {
            out.append(' ').append(quote(arg));
        }
        return out.toString();
    }

    /**
     * Whether root's unshare can map M's host ids to 0 through newuidmap and newgidmap: they are
     * installed and /etc/subuid and /etc/subgid give root those ids. Root's own id needs neither
     * (--map-root-user), and newgidmap would deny the setgroups that --setgid makes.
     */
    private static boolean mappersMap(ValidatedSpec.UserMapping m) {
        return m.hostUid() != 0 && onPath("newuidmap") && onPath("newgidmap")
                && SubordinateIds.grants(Path.of("/etc/subuid"), "root", 0, m.hostUid())
                && SubordinateIds.grants(Path.of("/etc/subgid"), "root", 0, m.hostGid());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** TEXT as it is when the shell would keep it so (easier to read on a slide), else quoted. */
    static String word(String text) {
        return text.matches("[A-Za-z0-9/._=+@%,:-]+") ? text : quote(text);
    }

    /** One shell word: 'it'\''s' style quoting. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
