package org.nsexplorer.helper.support;

import java.io.IOException;
import java.lang.Thread;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a container may leave on the host: mounts, nsx-* cgroups, nsx interfaces, processes. */
public record HostState(String mountinfo, List<Path> nsxCgroups, List<String> nsxInterfaces) {

    public static HostState capture() throws IOException {
        return new HostState(Files.readString(Path.of("/proc/self/mountinfo")), listNsxCgroups(), listNsxInterfaces());
    }

    /** Every nsx-* directory in every cgroup hierarchy of this host. */
    public static List<Path> listNsxCgroups() throws IOException {
        List<Path> found = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        Path base = Path.of("/sys/fs/cgroup");
        roots.add(base);
        try (Stream<Path> children = Files.list(base)) {
            children.filter(Files::isDirectory).forEach(roots::add);
        }
        for (Path root : roots) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "nsx-*")) {
                entries.forEach(found::add);
            } catch (IOException e) {
                // not a directory we can list
            }
        }
        return found;
    }

    public static List<String> listNsxInterfaces() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nsx"))
                    .collect(Collectors.toList());
        }
    }

    /** Waits up to 5 s for the host to come back to BEFORE (cleanup is asynchronous after a kill). */
    public static HostState awaitEqual(HostState before) throws IOException, InterruptedException {
        HostState now = capture();
        for (int i = 0; i < 100 && !now.equals(before); i++) {
            Thread.sleep(50);
            now = capture();
        }
        return now;
    }
}
