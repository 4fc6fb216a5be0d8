package org.nsexplorer.helper.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.cgroup.OwnerTag;

/**
 * The reservation file every helper shares, in a temporary directory: each edit under the
 * lock, no file once empty, dead helpers' lines dropped. Threads of one JVM contend for the
 * flock as helpers do (each edit opens the file anew).
 */
class SubnetReservationsTest {

    /** The first 10.0.N.0/24 nobody holds. */
    private static Optional<Ipv4Subnet> firstFree(List<Ipv4Subnet> reserved) {
        for (int n = 0; n < 256; n++) {
            Ipv4Subnet candidate = new Ipv4Subnet(10 << 24 | n << 8, 24);
            if (!reserved.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    void reservationsAreDistinctAndTheFileGoesWithTheLast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("subnets");
        SubnetReservations one = new SubnetReservations(file);
        SubnetReservations other = new SubnetReservations(file);
        Ipv4Subnet a = one.reserve(7, SubnetReservationsTest::firstFree).orElseThrow();
        Ipv4Subnet b = other.reserve(8, SubnetReservationsTest::firstFree).orElseThrow();
        assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24"), List.of(a.toString(), b.toString()));
        OwnerTag self = OwnerTag.current();
        assertEquals(List.of("10.0.0.0/24 " + self.pid() + " " + self.startTicks() + " 7",
                "10.0.1.0/24 " + self.pid() + " " + self.startTicks() + " 8"), Files.readAllLines(file));
        assertEquals(Optional.empty(), one.reserve(7, reserved -> Optional.empty()), "none found, none reserved");
        one.release(a);
        assertEquals(1, Files.readAllLines(file).size());
        other.release(b);
        assertFalse(Files.exists(file), "an empty reservation file stays on disk");
    }

    @Test
    void reservationsOfHelpersThatNoLongerRunAreDropped(@TempDir Path dir) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        OwnerTag self = OwnerTag.current();
        Path file = dir.resolve("subnets");
        Files.write(file, List.of(
                "10.0.0.0/24 " + ended.pid() + " 1 1", // a helper that ended (killed, say)
                "10.0.1.0/24 " + self.pid() + " " + (self.startTicks() + 1) + " 1", // its PID reused meanwhile
                "garbage",
                "10.0.2.0/24 " + self.pid() + " " + self.startTicks() + " 1"));
        SubnetReservations reservations = new SubnetReservations(file);
        assertEquals("10.0.0.0/24", reservations.reserve(1, SubnetReservationsTest::firstFree).orElseThrow()
                .toString());
        assertEquals("10.0.1.0/24", reservations.reserve(1, SubnetReservationsTest::firstFree).orElseThrow()
                .toString());
        assertEquals(3, Files.readAllLines(file).size(), Files.readAllLines(file).toString());
    }

    /**
     * The last holder removes the file under the lock while others wait for that lock on the
     * same inode: each must then open the new file, or two would hold one subnet.
     */
    @Test
    void threadsReservingAndReleasingAtOnceNeverHoldTheSameSubnet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("subnets");
        Set<Ipv4Subnet> held = ConcurrentHashMap.newKeySet();
        List<String> collisions = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            done.add(pool.submit(() -> {
                SubnetReservations reservations = new SubnetReservations(file);
                for (int i = 0; i < 200; i++) {
                    Ipv4Subnet s = reservations.reserve(1, SubnetReservationsTest::firstFree).orElseThrow();
                    if (!held.add(s)) {
                        collisions.add(s.toString());
                    }
                    Thread.sleep(1); // held a while, as a container holds it
                    held.remove(s);
                    reservations.release(s);
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), collisions, "subnets held twice at once");
        assertFalse(Files.exists(file), "an empty reservation file stays on disk");
    }
}
