package org.nsexplorer.helper.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /proc/PID/stat as the kernel writes it, for a process whose name is made to mislead. */
class ProcStatTest {
    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields(@TempDir Path dir) throws Exception {
        // The kernel keeps 15 bytes of the program's name: ") 9 (x) 1 2" would read as fields if split naively.
        Path sleep = dir.resolve(") 9 (x) 1 2");
        Files.copy(Path.of("/bin/sleep"), sleep, StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(sleep.toString(), "30").start();
        try {
            ProcStat stat = ProcStat.read(p.pid());
            assertEquals(") 9 (x) 1 2", stat.name());
            assertEquals(ProcessHandle.current().pid(), stat.parent());
            long mine = ProcStat.read(ProcessHandle.current().pid()).startTicks();
            assertTrue(stat.startTicks() >= mine, "started after this JVM: " + stat.startTicks() + " < " + mine);
            assertEquals(stat.startTicks(), ProcStat.startTicks(p.pid()).orElseThrow());
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertTrue(ProcStat.startTicks(p.pid()).isEmpty(), "a reaped process has no start time");
        assertThrows(IOException.class, () -> ProcStat.read(p.pid()));
    }
}
