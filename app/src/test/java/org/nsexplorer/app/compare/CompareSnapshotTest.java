package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.support.RealHelper;

/** The side-by-side model, parsed from a real comparison of a real container. */
class CompareSnapshotTest {

    @Test
    void aClassicContainerComparedWithTheHost() throws Exception {
        ContainerSession session = new ContainerSession(Runnable::run);
        try (HelperConnection helper = RealHelper.start(session)) {
            session.attach(helper);
            ContainerModel c = session.launch(Recipe.classic());
            for (int i = 0; i < 200 && c.state() != ContainerState.RUNNING; i++) {
                Thread.sleep(10);
            }
            JsonNode answer = new HelperClient(helper).comparison(c.helperIdProperty().get()).get(20, TimeUnit.SECONDS);
            CompareSnapshot s = CompareSnapshot.parse(answer.get("comparison"));
            assertEquals("container", s.containerHostname());
            assertEquals(8, s.namespaces().size());
            for (CompareSnapshot.NamespaceRow row : s.namespaces()) {
                boolean expectShared = !Namespace.CLASSIC.contains(row.type());
                assertEquals(expectShared, row.shared(), row.type().procName());
                assertEquals(expectShared, row.hostId() == row.containerId(), row.type().procName());
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
        assertEquals(List.of(new CompareSnapshot.NamespaceRow(Namespace.PID, 1, 2, false)), s.namespaces(),
                "only the types both sides have an inode for");
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

    /**
     * Differences only, on a real host: the container's processes come within the first rows of
     * the host's tree (a projector shows nine), under the stage that started them, and every
     * other host process is in one of the two counts.
     */
    @Test
    void differencesShowTheContainersProcessesAtTheTopOfTheHostsTree() throws Exception {
        try (LiveComparison live = LiveComparison.start()) {
            String id = live.launch(spec -> {
                spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net").add("pid");
                spec.putArray("command").add("/bin/sh").add("-c").add("sleep 301 & exec sleep 300");
            });
            CompareSnapshot s = null;
            for (int i = 0; i < 100 && (s == null || s.containerProcesses().size() < 2); i++) {
                Thread.sleep(50);
                s = live.compare(id);
            }
            List<ProcessTree.Line> lines = s.hostDifferences();
            Set<Long> container = new HashSet<>();
            s.containerProcesses().forEach(p -> container.add(p.hostPid()));
            assertEquals(2, container.size(), s.containerProcesses().toString());
            List<Long> marked = lines.stream().filter(ProcessTree.Line::inContainer)
                    .map(ProcessTree.Line::hostPid).toList();
            assertEquals(container, Set.copyOf(marked), lines.toString());
            int last = lines.indexOf(lines.stream().filter(ProcessTree.Line::inContainer).reduce((a, b) -> b)
                    .orElseThrow());
            assertTrue(last < 6, "the container's last process is on row " + last + ": " + lines);
            // The line above the container's first process is its parent, the helper's stage.
            ProcessTree.Line first = lines.stream().filter(ProcessTree.Line::inContainer).findFirst().orElseThrow();
            ProcessTree.Line parent = lines.get(lines.indexOf(first) - 1);
            long parentPid = ProcessHandle.of(first.hostPid()).orElseThrow().parent().orElseThrow().pid();
            assertEquals(parentPid, parent.hostPid(), lines.toString());
            assertTrue(parent.text().contains("nsx-stage"), parent.text());
            // Its row has the short name (before or after the shell's exec); the detail, the whole command line.
            assertTrue(first.detail().equals("sleep 300") && first.text().endsWith(" sleep 300  [PID 1 inside]")
                    || first.detail().equals("/bin/sh -c sleep 301 & exec sleep 300") && first.text().contains(
                            " sh -c sleep 301 & exec sleep 300"), first.toString());
            // Every host process is a line or in a count.
            long processLines = lines.stream().filter(ProcessTree.Line::isProcess).count();
            Pattern count = Pattern.compile("⊞ ([\\d,]+) .*");
            long folded = 0;
            long kernelThreads = 0;
            for (ProcessTree.Line l : lines) {
                Matcher m = count.matcher(l.text());
                if (l.kind() == ProcessTree.Kind.FOLDED && m.matches()) {
                    long n = Long.parseLong(m.group(1).replace(",", ""));
                    folded += n;
                    if (l.hostPid() == ProcessTree.KERNEL_THREADS) {
                        kernelThreads = n;
                    }
                }
            }
            // The ancestors' line names a few of them; its details, every one.
            long ancestors = lines.stream().filter(l -> l.kind() == ProcessTree.Kind.ANCESTORS)
                    .mapToLong(l -> l.detail().split(" › ").length).sum();
            assertEquals(s.hostProcesses().size(), processLines + ancestors + folded, lines.toString());
            // The kernel threads counted are kthreadd's children (and kthreadd): none has a command line.
            assertEquals(s.hostProcesses().stream().filter(CompareSnapshot.ProcessRow::kernelThread).count(),
                    kernelThreads);
            for (CompareSnapshot.ProcessRow p : s.hostProcesses()) {
                if (p.kernelThread()) {
                    assertTrue(p.command().startsWith("["), p.toString());
                }
            }
            // In its own PID namespace the container's tree is the same either way.
            assertEquals(s.containerTree(), s.containerDifferences());
        }
    }

    /**
     * Without a PID namespace the container sees every host process: only the ones it started
     * are marked, on both sides, and the rest of what it sees is folded too.
     */
    @Test
    void withoutAPidNamespaceOnlyItsOwnProcessesAreMarked() throws Exception {
        try (LiveComparison live = LiveComparison.start()) {
            String id = live.launch(spec -> {
                spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net");
                spec.putArray("command").add("/bin/sleep").add("300");
            });
            CompareSnapshot s = live.compare(id);
            long first = live.answer(id).get("comparison").get("container").get("pid").asLong();
            assertEquals(List.of(first), s.hostProcesses().stream()
                    .filter(CompareSnapshot.ProcessRow::inContainer).map(CompareSnapshot.ProcessRow::hostPid).toList());
            assertEquals(List.of(first), s.containerProcesses().stream()
                    .filter(CompareSnapshot.ProcessRow::inContainer).map(CompareSnapshot.ProcessRow::hostPid).toList());
            assertTrue(s.containerTree().size() > 10, "it sees the host's processes");
            assertTrue(s.containerDifferences().size() < 10, s.containerDifferences().toString());
            ProcessTree.Line others = s.containerDifferences().get(s.containerDifferences().size() - 1);
            assertTrue(others.text().contains("having no PID namespace"), others.text());
            assertTrue(s.hostDifferences().stream().anyMatch(l -> l.text().contains("the container sees them too")),
                    s.hostDifferences().toString());
            ProcessTree.Line own = s.hostDifferences().stream().filter(ProcessTree.Line::inContainer).findFirst()
                    .orElseThrow();
            assertEquals("► " + first + " sleep 300", own.text().strip(), "no [PID inside]: the same PID");
        }
    }
}
