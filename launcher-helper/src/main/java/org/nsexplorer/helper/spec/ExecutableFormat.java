package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What kind of program a file is, read from its first bytes: an ELF binary for some CPU, or
 * a script naming its interpreter. A rootfs built for another CPU fails at execve with a
 * bare "Exec format error"; checking first lets us say why.
 */
record ExecutableFormat(Optional<Integer> elfMachine, Optional<String> interpreter) {
    private static final Map<Integer, String> MACHINES = Map.of(3, "i386", 8, "mips", 20, "ppc", 21, "ppc64",
            22, "s390x", 40, "arm", 62, "x86-64", 183, "aarch64", 243, "riscv64");

    static ExecutableFormat read(Path file) throws IOException {
        byte[] head = new byte[128];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            boolean little = head[5] == 1;
            int machine = little ? (head[18] & 0xff) | (head[19] & 0xff) << 8 : (head[18] & 0xff) << 8 | (head[19] & 0xff);
            return new ExecutableFormat(Optional.of(machine), Optional.empty());
        }
        if (n >= 3 && head[0] == '#' && head[1] == '!') {
            String line = new String(head, 2, n - 2, StandardCharsets.UTF_8).split("\n", 2)[0].trim();
            String interpreter = line.split("\\s+", 2)[0];
            return new ExecutableFormat(Optional.empty(), interpreter.isEmpty() ? Optional.empty()
                    : Optional.of(interpreter));
        }
        return new ExecutableFormat(Optional.empty(), Optional.empty());
    }

    /** The e_machine of programs this JVM's host runs. */
    static Optional<Integer> hostMachine() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of(62);
            case "aarch64", "arm64" -> Optional.of(183);
            case "riscv64" -> Optional.of(243);
            case "s390x" -> Optional.of(22);
            case "ppc64le" -> Optional.of(21);
            default -> Optional.empty();
        };
    }

    static String machineName(int machine) {
        return MACHINES.getOrDefault(machine, "ELF machine " + machine);
    }
}
