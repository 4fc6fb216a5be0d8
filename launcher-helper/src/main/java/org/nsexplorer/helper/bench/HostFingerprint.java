package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nsexplorer.helper.cgroup.OwnerTag;

/**
 * What a session of the helper could leave on the host: the host's mounts, the nsx-* cgroups
 * in every hierarchy, the nsx* network links and the hostname. Other helpers may run at the
 * same time (other sessions, other tests): a cgroup or link whose owner still runs is theirs,
 * and is left out of the comparison.
 */
record HostFingerprint(String hostname, Set<String> mounts, Set<String> cgroups, Set<String> links) {
    private static final Pattern LINK_OWNER = Pattern.compile("nsx(?:br)?(\\d+)(?:-.*)?");

    static HostFingerprint capture() throws IOException {
        Set<String> mounts = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // mount point, type and source: not the ids, which a remount renumbers
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            String[] after = dash < 0 ? new String[0] : line.substring(dash + 3).split(" ");
            mounts.add(f[4] + " " + (after.length > 1 ? after[0] + " " + after[1] : ""));
        }
        return new HostFingerprint(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), mounts,
                nsxCgroups(), nsxLinks());
    }

    private static Set<String> nsxCgroups() throws IOException {
        Set<String> found = new TreeSet<>();
        List<Path> roots = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup")));
        try (Stream<Path> children = Files.list(Path.of("/sys/fs/cgroup"))) {
            children.filter(Files::isDirectory).forEach(roots::add);
        }
        for (Path root : roots) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "nsx-*")) {
                entries.forEach(p -> found.add(p.toString()));
            } catch (IOException e) {
                // not a hierarchy we can list
            }
        }
        return found;
    }

    private static Set<String> nsxLinks() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nsx"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** What differs from BEFORE, leaving out cgroups and links of other helpers (see compareOwned). */
    List<String> differencesFrom(HostFingerprint before) {
        List<String> changes = new ArrayList<>();
        if (!hostname.equals(before.hostname)) {
            changes.add("hostname " + before.hostname + " -> " + hostname);
        }
        for (String added : mounts) {
            if (!before.mounts.contains(added)) {
                changes.add("+mount " + added);
            }
        }
        for (String removed : before.mounts) {
            if (!mounts.contains(removed)) {
                changes.add("-mount " + removed);
            }
        }
        compareOwned("cgroup", before.cgroups, cgroups, changes, HostFingerprint::cgroupOwnerRuns);
        compareOwned("link", before.links, links, changes, HostFingerprint::linkOwnerRuns);
        return changes;
    }

    /**
     * An entry that appeared counts unless its owner still runs (another helper's); one that
     * went away counts only while its owner runs (a dead helper's leftovers are the janitor's
     * to remove, and it does).
     */
    private static void compareOwned(String what, Set<String> before, Set<String> after, List<String> changes,
            Predicate<String> ownerRuns) {
        for (String added : after) {
            if (!before.contains(added) && !ownerRuns.test(added)) {
                changes.add("+" + what + " " + added);
            }
        }
        for (String removed : before) {
            if (!after.contains(removed) && ownerRuns.test(removed)) {
                changes.add("-" + what + " " + removed);
            }
        }
    }

    private static boolean cgroupOwnerRuns(String path) {
        return OwnerTag.ofCgroupName(Path.of(path).getFileName().toString()).map(OwnerTag::isAlive).orElse(false);
    }

    /** nsx<stage pid>-<n> and nsxbr<anchor pid> belong to a stage; while it runs they are its own. */
    private static boolean linkOwnerRuns(String link) {
        Matcher m = LINK_OWNER.matcher(link);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive)
                .orElse(false);
    }
}
