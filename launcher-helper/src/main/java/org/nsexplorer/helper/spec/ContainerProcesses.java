package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a host process runs inside one of our containers: its cgroup is an nsx-* one. */
public final class ContainerProcesses {
    private ContainerProcesses() {
    }

    public static boolean isInContainer(long pid) {
        if (pid < 2) {
            return false;
        }
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .anyMatch(line -> line.contains("/nsx-"));
        } catch (IOException e) {
            return false;
        }
    }
}
