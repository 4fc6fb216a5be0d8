package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.BackgroundRun;
import org.nsexplorer.helper.support.Procs;

/**
 * The bridge's switch namespace goes with the stage, and the subnet reservation with it: after
 * a kill -9 of the helper, the stage cleans up and its anchor drops the reservation; after a
 * kill -9 of every process of the helper at once (broker, anchor, zygote, monitor) the kernel
 * still takes the switch and the uplink away, and the next edit of the reservations by any
 * helper drops the dead one's line.
 */
class SwitchNamespaceTest {

    @Test
    void killMinus9OfEveryHelperProcessAtOnceTakesTheSwitchAndItsUplinkAlong() throws Exception {
        try (BackgroundRun bridge = new BackgroundRun("--net", "bridge", "--", "/bin/sleep", "300")) {
            long containerPid = bridge.containerPid();
            ProcessHandle broker = bridge.helper().toHandle();
            List<ProcessHandle> stage = broker.descendants().filter(p -> p.pid() != containerPid
                    && p.info().command().map(c -> c.endsWith("nsx-stage")).orElse(false)).toList();
            ProcessHandle anchor = stage.stream().filter(p -> p.parent().map(broker::equals).orElse(false))
                    .findFirst().orElseThrow();
            String uplink = "nsxsw" + anchor.pid();
            assertTrue(Files.exists(Path.of("/sys/class/net", uplink)), uplink + " is not on the host");
            // The anchor lives in the switch; the rest of the stage stays in the host's namespace.
            String hostNet = Procs.nsLink(ProcessHandle.current().pid(), "net");
            assertNotEquals(hostNet, Procs.nsLink(anchor.pid(), "net"));
            for (ProcessHandle p : stage) {
                if (!p.equals(anchor) && p.parent().map(anchor::equals).orElse(false)) {
                    assertEquals(hostNet, Procs.nsLink(p.pid(), "net"), "the zygote is in the host's namespace");
                }
            }

            List<ProcessHandle> all = new ArrayList<>(stage);
            all.add(broker);
            all.forEach(ProcessHandle::destroyForcibly);
            assertTrue(Procs.awaitDeath(containerPid, Duration.ofSeconds(5)), "the container outlived its helper");
            for (int i = 0; i < 100 && Files.exists(Path.of("/sys/class/net", uplink)); i++) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(Path.of("/sys/class/net", uplink)), "the uplink outlived the stage");
            // Nobody could drop it: the next edit does.
            assertEquals(1, linesOf(broker.pid()).size(), "the killed helper's reservation");
            SubnetReservations reservations = SubnetReservations.forHost();
            Ipv4Subnet mine = reservations.reserve(ProcessHandle.current().pid(), taken -> Optional.of(
                    new Ipv4Subnet(10 << 24 | 255 << 16 | 255 << 8, 24))).orElseThrow();
            reservations.release(mine);
            assertEquals(List.of(), linesOf(broker.pid()), "a dead helper's reservation was kept");
        }
    }

    @Test
    void killMinus9OfTheHelperLeavesTheStageToDropItsReservation() throws Exception {
        try (BackgroundRun bridge = new BackgroundRun("--net", "bridge", "--", "/bin/sleep", "300")) {
            long containerPid = bridge.containerPid();
            long broker = bridge.helper().pid();
            assertEquals(1, linesOf(broker).size(), "no reservation for the running bridge");
            bridge.helper().destroyForcibly();
            assertTrue(Procs.awaitDeath(containerPid, Duration.ofSeconds(5)), "the container outlived its helper");
            for (int i = 0; i < 100 && !linesOf(broker).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), linesOf(broker), "the stage left its reservation behind");
        }
    }

    /** The lines of the host's reservation file that helper BROKER holds. */
    private static List<String> linesOf(long broker) throws IOException {
        Path file = SubnetReservations.HOST_FILE;
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> l.split(" ").length > 1
                && l.split(" ")[1].equals(Long.toString(broker))).toList();
    }
}
