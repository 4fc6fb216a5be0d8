package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RefreshPaceTest {
    /** The ticks at which the pace asks, over N one-second ticks, every answer unchanged. */
    private static String asks(RefreshPace pace, int ticks) {
        StringBuilder out = new StringBuilder();
        for (int t = 1; t <= ticks; t++) {
            if (pace.due()) {
                out.append(t).append(' ');
                pace.observed(false);
            }
        }
        return out.toString().trim();
    }

    @Test
    void slowsDownWhileNothingChangesAndNeverBelowOneInSlowest() {
        RefreshPace pace = new RefreshPace();
        assertEquals("1 3 7 11 15 19", asks(pace, 20), "then 2 s apart, then 4 s");
        assertEquals(RefreshPace.SLOWEST, pace.interval());
    }

    @Test
    void aChangeOrAnEventBringsBackEachSecond() {
        RefreshPace pace = new RefreshPace();
        asks(pace, 20);
        pace.wake();
        assertTrue(pace.due(), "the tick after an event asks");
        pace.observed(true);
        assertTrue(pace.due(), "and the next, while the answers change");
        pace.observed(false);
        assertFalse(pace.due(), "an unchanged answer: every other second");
        assertTrue(pace.due());
    }

    @Test
    void theContainersSideDecidesNotTheSampleTimeNorTheHostsOtherProcesses() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = "{\"host\":{\"hostname\":\"h\",\"namespaces\":{\"pid\":1},\"processes\":[{\"hostPid\":HOSTPID,"
                + "\"hostPpid\":2,\"comm\":\"kworker/0:1-events\"}]},\"container\":{\"hostname\":\"c\","
                + "\"namespaces\":{\"pid\":2},\"processes\":[{\"hostPid\":5,\"nsPid\":1,\"nsPpid\":0,\"comm\":\"sh\"}],"
                + "\"cgroup\":{\"cpu\":{\"usageNanos\":CPU}}},\"comparison\":{\"namespaces\":{\"pid\":\"private\"}}}";
        CompareSnapshot a = parse(mapper, json, "100", "40");
        Thread.sleep(1); // another sampledNanos
        assertTrue(a.sameContainerSideAs(parse(mapper, json, "100", "40")));
        assertTrue(a.sameContainerSideAs(parse(mapper, json, "100", "41")), "a host process came and went");
        assertFalse(a.sameContainerSideAs(parse(mapper, json, "900", "40")), "the Limits view's CPU gauge moves");
        assertFalse(a.sameContainerSideAs(parse(mapper, json.replace("\"c\"", "\"c2\""), "100", "40")));
        assertFalse(a.sameContainerSideAs(parse(mapper, json.replace("\"sh\"", "\"sleep\""), "100", "40")),
                "the container's processes");
        assertFalse(a.sameContainerSideAs(null), "the first of a container is a change");
    }

    private static CompareSnapshot parse(ObjectMapper mapper, String json, String cpu, String hostPid) throws Exception {
        return CompareSnapshot.parse(mapper.readTree(json.replace("CPU", cpu).replace("HOSTPID", hostPid)));
    }
}
