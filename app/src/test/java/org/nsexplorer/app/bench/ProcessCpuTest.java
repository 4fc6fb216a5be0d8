package org.nsexplorer.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    /** A real line's shape, with a command that holds ") (" to fool a parser splitting at the first ')'. */
    private static String stat(long utime, long stime, long cutime, long cstime, long start) {
        return "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 500 0 0 0 " + utime + " " + stime + " " + cutime + " "
                + cstime + " 20 0 1 0 " + start + " 10000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0";
    }

    @Test
    void readsUserSystemAndReapedChildrenTicks() {
        ProcessCpu.Reading r = ProcessCpu.parse(stat(11, 22, 33, 44, 98765));
        assertEquals(110, r.cpuTicks());
        assertEquals(98765, r.startTicks());
    }

    @Test
    void countsTheDifferenceTheNewcomersAndNotTheGone() {
        var before = Map.of(1L, new ProcessCpu.Reading(10, 100), 2L, new ProcessCpu.Reading(10, 50),
                3L, new ProcessCpu.Reading(10, 70));
        var after = Map.of(1L, new ProcessCpu.Reading(10, 130), // +30
                2L, new ProcessCpu.Reading(99, 5),               // PID reused: all of its 5
                4L, new ProcessCpu.Reading(120, 8));             // new: all of its 8; 3 ended: 0
        assertEquals(43, ProcessCpu.spent(before, after));
    }

    @Test
    void busiestThreadsSumByNameAndLeaveOutTheIdle() {
        var before = Map.of("10 main", 5L, "11 worker", 1L, "12 worker", 1L, "13 idle", 9L);
        var after = Map.of("10 main", 8L, "11 worker", 4L, "12 worker", 2L, "13 idle", 9L, "14 new one", 2L);
        var busiest = ProcessCpu.busiest(before, after, 2);
        assertEquals(List.of(Map.entry("worker", 4L), Map.entry("main", 3L)), busiest);
        assertEquals(3, ProcessCpu.busiest(before, after, 10).size(), "the idle thread is not named");
        assertEquals("a) (b c", ProcessCpu.name(stat(0, 0, 0, 0, 1)));
    }

    @Test
    void readsThisProcessesThreads() {
        var threads = ProcessCpu.threads(ProcessHandle.current().pid());
        assertTrue(threads.keySet().stream().anyMatch(k -> k.matches("\\d+ .+")), threads.toString());
    }

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();
        var readings = ProcessCpu.read(List.of(self, Long.MAX_VALUE));
        assertTrue(readings.containsKey(self));
        assertEquals(1, readings.size(), "a process that is not there is left out");
    }
}
