package org.nsexplorer.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's class archive, as ./nsx-helper bench hands it to the serve it measures. */
class HelperPathsTest {

    @Test
    void theServeArchiveIsTheOneNamedWhenItCanBeRead(@TempDir Path dir) throws Exception {
        Path archive = Files.write(dir.resolve("nsx-helper.jsa"), new byte[] {1});
        String before = System.getProperty("nsx.serveArchive");
        try {
            System.clearProperty("nsx.serveArchive");
            assertTrue(HelperPaths.serveArchive().isEmpty(), "none named: none mapped");
            System.setProperty("nsx.serveArchive", dir.resolve("missing.jsa").toString());
            assertTrue(HelperPaths.serveArchive().isEmpty(), "a missing archive is not passed on");
            System.setProperty("nsx.serveArchive", archive.toString());
            assertEquals(Optional.of(archive), HelperPaths.serveArchive());
        } finally {
            if (before == null) {
                System.clearProperty("nsx.serveArchive");
            } else {
                System.setProperty("nsx.serveArchive", before);
            }
        }
    }
}
