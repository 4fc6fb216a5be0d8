package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.support.HelperCli;

/**
 * Root in a container without a user namespace is the host's root in its rootfs, and can
 * leave a setuid-root program there. The store is root-only, so no other user of the host
 * can run it; a user-namespace container still reaches its rootfs through it.
 */
class StorePermissionsTest {

    @Test
    void aSetuidProgramLeftInTheBuiltInRootfsCannotBeRunByAnotherUser() throws Exception {
        Path rootfs = Helper.defaultRootfs().ensureBuilt();
        Path planted = rootfs.resolve("planted-id");
        try {
            HelperCli.Result made = HelperCli.run("run", "--", "/bin/sh", "-c",
                    "cp /bin/id /planted-id && chmod 4755 /planted-id");
            assertEquals(0, made.exit(), made.stderr());
            assertEquals(04755, (Integer) Files.getAttribute(planted, "unix:mode") & 07777);

            // runuser: as a user's own shell would, with no capability left at the execve
            // (setpriv still holds root's capabilities when it calls execve).
            Process asNobody = new ProcessBuilder("runuser", "-u", "nobody", "--", planted.toString())
                    .redirectErrorStream(true).start();
            String out = new String(asNobody.getInputStream().readAllBytes());
            assertNotEquals(0, asNobody.waitFor(), "nobody ran the planted program: " + out);
            assertTrue(out.contains("Permission denied"), out);
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(rootfs.getParent())));

            HelperCli.Result userns = HelperCli.run("run", "--ns", "mnt,uts,ipc,net,pid,user", "--map-root", "1000",
                    "--", "/bin/sh", "-c", "id -u; ls /planted-id");
            assertEquals(0, userns.exit(), userns.stderr());
            assertEquals(List.of("0", "/planted-id"), userns.lines());
        } finally {
            Files.deleteIfExists(planted);
        }
    }
}
