package org.nsexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app takes exactly the arguments ./nsx passes; anything else is said, not ignored. */
class StartArgumentsTest {
    @Test
    void readsWhatNsxPasses() {
        assertEquals(new StartArguments(null, false, false, null, null), StartArguments.parse(List.of()));
        assertEquals(new StartArguments(Path.of("/tmp/shots"), false, false, null, null),
                StartArguments.parse(List.of("--screenshots=/tmp/shots")));
        assertTrue(StartArguments.parse(List.of("bench")).bench());
        assertTrue(StartArguments.parse(List.of("bench-window")).benchWindow());
        assertFalse(StartArguments.parse(List.of("bench-window")).bench(), "the window run is not the full bench");
        assertEquals(List.of(), StartArguments.parse(List.of("--rehearse=")).rehearse(), "none named: all");
        StartArguments rehearse = StartArguments.parse(List.of("--rehearse=run-child,/home/t/mine.yaml",
                "--report=/tmp/r.json"));
        assertEquals(List.of("run-child", "/home/t/mine.yaml"), rehearse.rehearse());
        assertEquals(Path.of("/tmp/r.json"), rehearse.report());
        assertNull(rehearse.screenshots());
    }

    @Test
    void refusesAnythingElseAndSaysWhat() {
        for (String wrong : List.of("--screenshots", "--screenshot=/tmp/x", "--bench", "bench-windows", "-h", "--rehearse", "DIR")) {
            var e = assertThrows(IllegalArgumentException.class, () -> StartArguments.parse(List.of("bench", wrong)));
            assertTrue(e.getMessage().contains("\"" + wrong + "\"") && e.getMessage().contains("--screenshots=DIR"),
                    e.getMessage());
        }
        var empty = assertThrows(IllegalArgumentException.class, () -> StartArguments.parse(List.of("--report=")));
        assertTrue(empty.getMessage().contains("--report="), empty.getMessage());
    }
}
