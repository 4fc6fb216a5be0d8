package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves paths the way the container will see them: symlinks inside a rootfs are
 * followed relative to the rootfs, never to the host's /.
 */
public final class RootfsPaths {
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /**
     * @param containerPath an absolute path as the container sees it ("/bin/sh")
     * @return the host path of the file it names inside rootfs, if it exists there
     */
    public static Optional<Path> resolve(Path rootfs, String containerPath) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        pushComponents(todo, containerPath);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = hostPath(rootfs, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                pushComponents(todo, target);
                continue;
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            done.addLast(part);
        }
        return Optional.of(hostPath(rootfs, done));
    }

    private static void pushComponents(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path hostPath(Path rootfs, Deque<String> parts) {
        Path p = rootfs;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
