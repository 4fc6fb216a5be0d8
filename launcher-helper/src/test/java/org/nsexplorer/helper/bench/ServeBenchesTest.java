package org.nsexplorer.helper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fuzz and soak benches, cut down so that CI runs them on every build: no crash, every
 * request answered, no launch failing, and the host left as it was. (Their figures, speed
 * and memory, are measured by the full benches, not asserted here.)
 */
class ServeBenchesTest {

    @Test
    void fiveHundredFuzzedRequestsCrashNothingAndLeaveTheHostAsItWas() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FuzzBench.Report r = FuzzBench.run(500, 1, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, r.crashes(), output);
        assertTrue(r.fingerprintUnchanged(), output);
        assertTrue(r.launchWorksAfter(), output);
        assertEquals(500, r.errors() + r.otherAnswers() + r.silent(), output);
        assertTrue(r.errors() > 250, "most mutations must be refused: " + output);
    }

    @Test
    void aHundredLaunchesThenTwentyAtOnceAllSucceed() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakBench.Report r = SoakBench.run(10, 100, 20, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, r.failures(), printed.toString(StandardCharsets.UTF_8));
    }
}
