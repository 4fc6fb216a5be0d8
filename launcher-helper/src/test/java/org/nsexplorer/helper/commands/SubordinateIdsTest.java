package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubordinateIdsTest {
    /** A laptop's usual file: ranges for its users, none for root. */
    @Test
    void onlyALineOfRootsOwnGrantsRootAnId(@TempDir Path dir) throws Exception {
        Path subuid = Files.writeString(dir.resolve("subuid"), "teacher:100000:65536\n");
        assertFalse(SubordinateIds.grants(subuid, "root", 0, 1234));
        assertFalse(SubordinateIds.grants(subuid, "root", 0, 100000), "the teacher's range is not root's");
        Files.writeString(subuid, "teacher:100000:65536\nroot:1234:1\n0:5000:10\nroot:x:1\n");
        assertTrue(SubordinateIds.grants(subuid, "root", 0, 1234));
        assertFalse(SubordinateIds.grants(subuid, "root", 0, 1235), "past the end of its range");
        assertTrue(SubordinateIds.grants(subuid, "root", 0, 5009), "root by number");
        assertFalse(SubordinateIds.grants(dir.resolve("missing"), "root", 0, 1234));
    }
}
