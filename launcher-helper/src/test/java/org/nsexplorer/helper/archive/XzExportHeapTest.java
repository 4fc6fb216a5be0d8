package org.nsexplorer.helper.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperJvm;

/**
 * A .tar.xz export within the heap ./nsx-helper gives the helper (-Xmx64m, jvm.options): xz's default
 * preset -6 needs 94 MiB to compress, so the job died with an OutOfMemoryError and the app
 * (a lesson's pack step, the Pack button) waited for an answer that never came.
 */
class XzExportHeapTest {
    @Test
    void aTarXzIsPackedInTheHelpersHeap(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("hostname"), "packed\n");
        byte[] noise = new byte[1 << 20];
        new Random(3).nextBytes(noise);
        Files.write(dir.resolve("tree/noise.bin"), noise);
        Path archive = dir.resolve("tree.tar.xz");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(HelperJvm.options());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), XzExportProbe.class.getName(),
                dir.resolve("tree").toString(), archive.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), said);
        assertEquals("4", said.strip(), "entries: ., ./etc, ./etc/hostname, ./noise.bin");
        byte[] head = Arrays.copyOf(Files.readAllBytes(archive), 6);
        assertArrayEquals(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, head);
        // Our own reader, within the decoder's limit, gets the files back.
        try (var in = ArchiveFormat.open(Files.newInputStream(archive))) {
            List<String> names = new ArrayList<>();
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
            assertEquals(List.of("./", "./etc/", "./etc/hostname", "./noise.bin"), names);
        }
    }
}
