package org.nsexplorer.helper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;

/** A tree being packed or removed and the containers on it exclude each other, both ways. */
class TreeHoldTest {

    @Test
    void noContainerStartsOnAHeldTreeAndNoTreeIsHeldUnderARunningContainer() throws Exception {
        Path rootfs = Helper.defaultRootfs().ensureBuilt().toRealPath();
        try (Engine engine = Helper.openEngine(false)) {
            ContainerSpec sleeper = ContainerSpec.of(List.of("/bin/sleep", "30")).withRootfs(rootfs);
            try (AutoCloseable held = engine.holdTree(rootfs)) {
                InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                        () -> engine.launch(sleeper, new ContainerListener() {
                        }));
                assertEquals("rootfs", refused.field());
                assertTrue(refused.getMessage().contains("being packed or removed"), refused.getMessage());
                // Inside the held tree counts too.
                InvalidRequestException inside = assertThrows(InvalidRequestException.class,
                        () -> engine.launch(sleeper.withRootfs(rootfs.resolve("usr")), new ContainerListener() {
                        }));
                assertTrue(inside.getMessage().contains("being packed or removed"), inside.getMessage());
            }
            Container c = engine.launch(sleeper, new ContainerListener() {
            });
            c.started().get(10, TimeUnit.SECONDS);
            InvalidRequestException busy = assertThrows(InvalidRequestException.class, () -> engine.holdTree(rootfs));
            assertTrue(busy.getMessage().contains("container " + c.id() + " uses it"), busy.getMessage());
            engine.stop(c);
            c.exited().get(10, TimeUnit.SECONDS);
            engine.holdTree(rootfs).close();
        }
    }
}
