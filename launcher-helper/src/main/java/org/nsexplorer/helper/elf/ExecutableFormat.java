package org.nsexplorer.helper.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What kind of program a file is, read from its first bytes: an ELF binary for some CPU, or
 * a script naming its interpreter. A rootfs built for another CPU fails at execve with a
 * bare "Exec format error"; checking first lets us say why.
 */
public record ExecutableFormat(Optional<Integer> elfMachine, Optional<String> interpreter) {
    public static ExecutableFormat read(Path file) throws IOException {
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
}
