package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a user may drive a running root dockerd: one of its unix sockets is theirs, or their
 * group's, to read and write (Debian's is root:docker 0660). Such a user can `docker inspect`
 * and `docker exec` into every Docker container, so seeing those containers here gives them
 * nothing new. The sockets are the ones dockerd listens on (-H/--host unix://PATH), or
 * /run/docker.sock when it names none; a user's groups are /etc/passwd's and /etc/group's.
 */
final class DockerSockets {
    private static final Path DEFAULT = Path.of("/run/docker.sock");

    private DockerSockets() {
    }

    static boolean usableBy(int uid) {
        Set<Integer> groups = groupsOf(uid);
        for (Path socket : sockets()) {
            try {
                PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> p = a.permissions();
                boolean owner = uid == ownerUid(socket) && p.contains(PosixFilePermission.OWNER_READ)
                        && p.contains(PosixFilePermission.OWNER_WRITE);
                boolean group = groups.contains(groupGid(socket)) && p.contains(PosixFilePermission.GROUP_READ)
                        && p.contains(PosixFilePermission.GROUP_WRITE);
                if (a.isOther() && (owner || group)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not a socket: not a way in
            }
        }
        return false;
    }

    /** The unix sockets of every dockerd that root runs. */
    private static List<Path> sockets() {
        List<Path> sockets = new ArrayList<>();
        Path hostMounts;
        try {
            hostMounts = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path dir : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    // Root's dockerd on the host, not one in a container: its socket path means a host path.
                    if (!Files.readString(dir.resolve("comm")).strip().equals("dockerd")
                            || (int) Files.getAttribute(dir, "unix:uid") != 0
                            || !Files.readSymbolicLink(dir.resolve("ns/mnt")).equals(hostMounts)) {
                        continue;
                    }
                    String[] args = Files.readString(dir.resolve("cmdline")).split("\0");
                    boolean named = false;
                    for (int i = 0; i < args.length; i++) {
                        String value = args[i].startsWith("--host=") ? args[i].substring(7)
                                : (args[i].equals("-H") || args[i].equals("--host")) && i + 1 < args.length
                                        ? args[i + 1] : null;
                        if (value != null && value.startsWith("unix://") && value.length() > 7) {
                            sockets.add(Path.of(value.substring(7)));
                            named = true;
                        } else if (value != null) {
                            named = true; // tcp or fd: no socket file to judge
                        }
                    }
                    if (!named) {
                        sockets.add(DEFAULT);
                    }
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return sockets;
    }

    private static int ownerUid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int groupGid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /** UID's primary group (/etc/passwd) and the groups that list its name (/etc/group). */
    static Set<Integer> groupsOf(int uid) {
        Set<Integer> groups = new HashSet<>();
        String name = null;
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[2].equals(Integer.toString(uid))) {
                    name = f[0];
                    groups.add(Integer.parseInt(f[3]));
                    break;
                }
            }
            if (name != null) {
                for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                    String[] f = line.split(":", -1);
                    if (f.length > 3 && List.of(f[3].split(",")).contains(name)) {
                        groups.add(Integer.parseInt(f[2]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: only what was found
        }
        return groups;
    }
}
