package org.nsexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.recipe.CommandLine;

class CommandLineTest {
    @Test
    void splitsLikeAShell() {
        assertEquals(List.of("/bin/sh", "-c", "echo $$; sleep 1"), CommandLine.split("/bin/sh -c 'echo $$; sleep 1'"));
        assertEquals(List.of("a", "b c", ""), CommandLine.split("  a \"b c\" ''"));
        assertEquals(List.of(), CommandLine.split("   "));
    }
}
