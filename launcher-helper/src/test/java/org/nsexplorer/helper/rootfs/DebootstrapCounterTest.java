package org.nsexplorer.helper.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.store.ProgressStep;

/**
 * The steps and fractions of a real run's output: debootstrap --variant=minbase
 * --include=procps,iproute2 bookworm, as this host printed it (529 lines, 106 packages).
 */
class DebootstrapCounterTest {
    private record Seen(ProgressStep step, double fraction) {
    }

    private static List<Seen> replay() throws IOException {
        List<Seen> seen = new ArrayList<>();
        Debootstrap.Counter counter = new Debootstrap.Counter();
        try (InputStream in = DebootstrapCounterTest.class.getResourceAsStream("debootstrap-bookworm-minbase.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                counter.step(line).ifPresent(step -> seen.add(new Seen(step, counter.fraction())));
            }
        }
        return seen;
    }

    private static Seen first(List<Seen> seen, String phase, String item) {
        return seen.stream().filter(s -> s.step().phase().equals(phase) && s.step().item().equals(item)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " " + item));
    }

    @Test
    void everyLineBecomesAPhaseWithItsPackageAndItsPlace() throws IOException {
        List<Seen> seen = replay();
        assertEquals(List.of("release", "signature-check", "signature-valid", "index", "resolving", "lookup",
                "download", "other", "extract", "core", "unpack", "configure", "done"),
                seen.stream().map(s -> s.step().phase()).distinct().toList());
        assertEquals("4D64FEC119C2029067D6E791F8D2585B8783D481", first(seen, "signature-valid",
                "4D64FEC119C2029067D6E791F8D2585B8783D481").step().item());
        // Downloads are counted as they come: debootstrap prints no total before the last.
        ProgressStep adduser = first(seen, "download", "adduser").step();
        assertEquals(1, adduser.number());
        assertEquals(0, adduser.total());
        assertEquals(106, seen.stream().filter(s -> s.step().phase().equals("download"))
                .mapToInt(s -> s.step().number()).max().orElse(0));
        // Then the downloads are the total; the architecture suffix (:amd64) is no part of the name.
        ProgressStep libc = first(seen, "unpack", "libc6").step();
        assertEquals(106, libc.total());
        assertEquals("unpacking libc6", libc.text());
        ProgressStep lastUnpacked = seen.stream().map(Seen::step).filter(s -> s.phase().equals("unpack"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(106, lastUnpacked.number(), "every package downloaded is unpacked once");
        assertEquals("libdb5.3", first(seen, "configure", "libdb5.3").step().item());
        // Section headers ("Unpacking required packages...") are no package of that name.
        assertTrue(seen.stream().noneMatch(s -> s.step().item().equals("required") || s.step().item().equals("the")));
    }

    @Test
    void theFractionClimbsWithoutGoingBackAndEndsNearlyFull() throws IOException {
        List<Seen> seen = replay();
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).fraction() >= seen.get(i - 1).fraction(), "went back at " + seen.get(i));
        }
        assertTrue(first(seen, "download", "adduser").fraction() < 0.01);
        assertTrue(first(seen, "extract", "adduser").fraction() >= 0.40);
        assertTrue(first(seen, "unpack", "libc6").fraction() >= 0.50);
        // The second half moves all along: the base system's packages, after the essential ones, too.
        double baseStarts = first(seen, "unpack", "libbpf1").fraction();
        assertTrue(baseStarts > 0.85 && baseStarts < 0.97, "base unpacking starts at " + baseStarts);
        assertTrue(seen.get(seen.size() - 1).fraction() > 0.98);
    }

    @Test
    void aLineOfAnyLengthIsBoundedAndLosesItsControlCharacters() {
        Debootstrap.Counter counter = new Debootstrap.Counter();
        ProgressStep step = counter.step("I: Something new \u001b[31m" + "x".repeat(5000)).orElseThrow();
        assertEquals("other", step.phase());
        assertTrue(step.text().length() <= 200 && !step.text().contains("\u001b"), step.text());
        assertTrue(counter.step("W: not an I: line").isEmpty());
    }
}
