package org.nsexplorer.helper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.HelperPaths;

/**
 * Import and export on behalf of an unprivileged user (nobody, 65534): the helper reads and
 * writes only what that user could, checked by the kernel with the user's own ids.
 */
class UserFilesTest {
    private static final int NOBODY = 65534;
    private final UserFiles asNobody = new UserFiles(OptionalInt.of(NOBODY), OptionalInt.of(NOBODY));

    @Test
    void aFileTheUserCannotReadIsNotImported(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.tar"), "not for nobody");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = asNobody.open(secret)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());

        RootfsManager manager = new RootfsManager(HelperPaths.stateDir(), asNobody);
        assertThrows(IOException.class, () -> manager.importArchive(secret, "t-userfiles", Progress.NONE));
        assertFalse(Files.exists(manager.rootfs().dir().resolve("t-userfiles")));
    }

    @Test
    void anExportLandsOnlyWhereTheUserMayWriteAndBelongsToThem(@TempDir Path dir) throws Exception {
        Path rootOnly = Files.createDirectory(dir.resolve("root-only"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException refused = assertThrows(IOException.class, () -> {
            try (OutputStream out = asNobody.create("file", rootOnly.resolve("x.tar.gz"))) {
                out.write(1);
            }
        });
        assertTrue(refused.getMessage().contains("Permission denied"), refused.getMessage());
        assertFalse(Files.exists(rootOnly.resolve("x.tar.gz")));

        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", NOBODY);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (OutputStream out = asNobody.create("file", theirs.resolve("x.tar.gz"))) {
            out.write(new byte[] {1, 2, 3});
        }
        assertEquals(NOBODY, (Integer) Files.getAttribute(theirs.resolve("x.tar.gz"), "unix:uid"));
        assertEquals(3, Files.size(theirs.resolve("x.tar.gz")));
        // Never over an existing file, not even the user's own.
        assertThrows(Exception.class, () -> asNobody.create("file", theirs.resolve("x.tar.gz")).close());
    }
}
