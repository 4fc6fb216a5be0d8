package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperConnection;

/** The side-by-side model, parsed from a real comparison of a real container. */
class CompareSnapshotTest {

    @Test
    void aClassicContainerComparedWithTheHost() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        try (HelperConnection helper = HelperConnection.start(HelperCommand.choose(
                Path.of(System.getProperty("nsx.helper")), HelperCommand.runningAsRoot(), false).orElseThrow(), session)) {
            session.attach(helper);
            ContainerModel c = session.launch(Recipe.classic());
            for (int i = 0; i < 200 && c.state() != ContainerState.RUNNING; i++) {
                Thread.sleep(10);
            }
            JsonNode answer = helper.request(helper.newRequest("snapshot").put("container",
                    c.helperIdProperty().get()).put("compareHost", true)).get(20, TimeUnit.SECONDS);
            CompareSnapshot s = CompareSnapshot.parse(answer.get("comparison"));
            assertEquals("container", s.containerHostname());
            assertEquals(8, s.namespaces().size());
            for (CompareSnapshot.NamespaceRow row : s.namespaces()) {
                boolean expectShared = row.type().equals("user") || row.type().equals("cgroup")
                        || row.type().equals("time");
                assertEquals(expectShared, row.shared(), row.type());
                assertEquals(expectShared, row.hostId() == row.containerId(), row.type());
            }
            assertEquals(1, s.containerProcesses().size());
            assertEquals(1, s.containerProcesses().get(0).containerPid());
            long hostPid = c.hostPidProperty().get();
            CompareSnapshot.ProcessRow onHost = s.hostProcesses().stream().filter(p -> p.hostPid() == hostPid)
                    .findFirst().orElseThrow();
            assertTrue(onHost.inContainer());
            assertEquals(1, onHost.containerPid());
            assertFalse(s.hostProcesses().stream().filter(p -> p.hostPid() != hostPid).anyMatch(
                    CompareSnapshot.ProcessRow::inContainer));
        }
    }

    @Test
    void parsesWithoutAHelperToo() throws Exception {
        String json = "{\"host\":{\"hostname\":\"h\",\"namespaces\":{\"pid\":1},\"processes\":[{\"hostPid\":5,"
                + "\"hostPpid\":1,\"comm\":\"sleep\",\"cmdline\":\"\"}]},\"container\":{\"hostname\":\"c\","
                + "\"namespaces\":{\"pid\":2},\"processes\":[{\"hostPid\":5,\"nsPid\":1,\"nsPpid\":0,\"comm\":\"sleep\","
                + "\"cmdline\":\"sleep 9\"}]},\"comparison\":{\"namespaces\":{\"pid\":\"private\"}}}";
        CompareSnapshot s = CompareSnapshot.parse(new ObjectMapper().readTree(json));
        assertEquals("[sleep]", s.hostProcesses().get(0).command());
        assertEquals(1, s.hostProcesses().get(0).containerPid());
        assertFalse(s.namespaces().get(4).shared());
        assertTrue(s.isOwn(5), "without members from the helper, the container's tree counts as its own");
        assertFalse(s.isOwn(6));
    }

    /** Without a PID namespace the container's tree holds host processes: only its members may be signalled. */
    @Test
    void onlyTheMembersTheHelperListsAreTheContainersOwn() throws Exception {
        String json = "{\"host\":{\"hostname\":\"h\",\"namespaces\":{\"pid\":1},\"processes\":[]},\"container\":"
                + "{\"hostname\":\"c\",\"namespaces\":{\"pid\":1},\"processes\":[{\"hostPid\":1,\"nsPid\":1,\"nsPpid\":0,"
                + "\"comm\":\"init\"},{\"hostPid\":700,\"nsPid\":700,\"nsPpid\":1,\"comm\":\"sleep\"}]},"
                + "\"comparison\":{\"namespaces\":{\"pid\":\"shared\"}}}";
        ObjectMapper mapper = new ObjectMapper();
        CompareSnapshot s = CompareSnapshot.parse(mapper.readTree(json), mapper.readTree("[700]"));
        assertTrue(s.isOwn(700));
        assertFalse(s.isOwn(1), "the host's init is in the container's tree, not its own");
        assertEquals("[sleep]", s.containerProcess(700).orElseThrow().command());
    }
}
