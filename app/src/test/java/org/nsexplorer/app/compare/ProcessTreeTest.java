package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    private static final List<CompareSnapshot.ProcessRow> ROWS = List.of(
            new CompareSnapshot.ProcessRow(1, 0, 0, "/sbin/init", false),
            new CompareSnapshot.ProcessRow(700, 1, 1, "/bin/sh", true),
            new CompareSnapshot.ProcessRow(90, 0, 1, "sshd", false),
            new CompareSnapshot.ProcessRow(701, 2, 700, "sleep 60", true));

    /** A host as the helper sees it: kthreadd's threads, a login, the helper's stage, and a container under it. */
    private static final List<CompareSnapshot.ProcessRow> HOST = List.of(
            new CompareSnapshot.ProcessRow(1, 0, 0, "/sbin/init splash", false, false),
            new CompareSnapshot.ProcessRow(2, 0, 0, "[kthreadd]", false, true),
            new CompareSnapshot.ProcessRow(3, 0, 2, "[rcu_gp]", false, true),
            new CompareSnapshot.ProcessRow(4, 0, 2, "[kworker/0:0H-events_highpri]", false, true),
            new CompareSnapshot.ProcessRow(90, 0, 1, "/usr/sbin/sshd -D", false, false),
            new CompareSnapshot.ProcessRow(91, 0, 1, "/usr/sbin/cron -f", false, false),
            new CompareSnapshot.ProcessRow(100, 0, 90, "-bash", false, false),
            new CompareSnapshot.ProcessRow(200, 0, 100,
                    "/usr/lib/jvm/java-17/bin/java -jar /opt/namespace-explorer/app.jar", false, false),
            new CompareSnapshot.ProcessRow(300, 0, 200, "/opt/nsx/nsx-stage --inherit-stdio 200", false, false),
            new CompareSnapshot.ProcessRow(301, 0, 300, "/opt/nsx/nsx-stage --inherit-stdio 200", false, false),
            new CompareSnapshot.ProcessRow(302, 0, 301, "/opt/nsx/nsx-stage --inherit-stdio 200", false, false),
            new CompareSnapshot.ProcessRow(700, 1, 302, "/bin/sh -c sleep 60 & wait", true, false),
            new CompareSnapshot.ProcessRow(701, 2, 700, "sleep 60", true, false));

    @Test
    void theHostSideIsDepthFirstIndentedAndMarksTheContainer() {
        List<String> lines = ProcessTree.of(ROWS, false).stream().map(ProcessTree.Line::text).toList();
        assertEquals(List.of(
                "1 init",
                " ► 700 sh  [PID 1 inside]",
                "  ► 701 sleep 60  [PID 2 inside]",
                " 90 sshd"), lines);
    }

    @Test
    void aRowShowsTheShortNameAndKeepsTheFullCommandLineAsItsDetail() {
        ProcessTree.Line java = ProcessTree.of(HOST, false).stream().filter(l -> l.hostPid() == 200).findFirst()
                .orElseThrow();
        assertTrue(java.text().endsWith("200 java -jar app.jar"), java.text());
        assertEquals("/usr/lib/jvm/java-17/bin/java -jar /opt/namespace-explorer/app.jar", java.detail());
    }

    @Test
    void theContainerSideShowsItsPidNextToTheHostsAndKeepsTheHostPidForSelection() {
        List<CompareSnapshot.ProcessRow> inside = ROWS.stream().filter(CompareSnapshot.ProcessRow::inContainer)
                .map(r -> new CompareSnapshot.ProcessRow(r.hostPid(), r.containerPid(), r.containerPid() == 1 ? 0 : 1,
                        r.command(), true)).toList();
        List<ProcessTree.Line> lines = ProcessTree.of(inside, true);
        assertEquals(List.of("1 ⇐ 700 sh", " 2 ⇐ 701 sleep 60"),
                lines.stream().map(ProcessTree.Line::text).toList());
        assertEquals(701, lines.get(1).hostPid());
    }

    /** Without a PID namespace the two numbers are one; a member the container's list missed has no inside PID. */
    @Test
    void aPidIsSaidOnceWhenBothSidesNumberItAlike() {
        List<CompareSnapshot.ProcessRow> shared = List.of(
                new CompareSnapshot.ProcessRow(700, 700, 1, "/bin/sh", true),
                new CompareSnapshot.ProcessRow(701, 701, 700, "sleep 60", true));
        assertEquals(List.of("700 sh", " 701 sleep 60"),
                ProcessTree.of(shared, true).stream().map(ProcessTree.Line::text).toList());
        List<CompareSnapshot.ProcessRow> missed = List.of(
                new CompareSnapshot.ProcessRow(1, 0, 0, "/sbin/init", false),
                new CompareSnapshot.ProcessRow(702, 0, 1, "sh", true));
        assertEquals(List.of("1 init", " ► 702 sh"),
                ProcessTree.of(missed, false).stream().map(ProcessTree.Line::text).toList());
    }

    @Test
    void aProcessWhoseParentIsUnseenIsARootAndALoopDoesNotHang() {
        List<CompareSnapshot.ProcessRow> rows = List.of(
                new CompareSnapshot.ProcessRow(5, 0, 4, "orphan", false),
                new CompareSnapshot.ProcessRow(6, 0, 6, "own parent", false));
        assertEquals(2, ProcessTree.of(rows, false).size());
        List<CompareSnapshot.ProcessRow> loop = List.of(
                new CompareSnapshot.ProcessRow(7, 1, 8, "a", true),
                new CompareSnapshot.ProcessRow(8, 0, 7, "b", false));
        assertEquals(0, ProcessTree.differences(loop, false, "process.othersUnseen").stream()
                .filter(l -> !l.isProcess()).count(), "a loop of parents has no root: nothing to fold either");
    }

    /**
     * Differences only: the container's processes come right after one line of the processes
     * above their parent (the first and the nearest two, all of them in the details), and
     * everything else is two counts, kernel threads apart.
     */
    @Test
    void differencesFoldTheHostButTheContainerAndWhatLeadsToIt() {
        List<ProcessTree.Line> lines = ProcessTree.differences(HOST, false, "process.othersUnseen");
        assertEquals(List.of(
                "⋮ init › … › nsx-stage › nsx-stage",
                " 302 nsx-stage --inherit-stdio 200",
                "  ► 700 sh -c sleep 60 & wait  [PID 1 inside]",
                "   ► 701 sleep 60  [PID 2 inside]",
                "⊞ 3 kernel threads",
                "⊞ 1 other host process: the container cannot see it"),
                lines.stream().map(ProcessTree.Line::text).toList());
        assertEquals(ProcessTree.Kind.ANCESTORS, lines.get(0).kind());
        assertTrue(lines.get(0).hostPid() < 0, "the ancestors' line is no process to signal");
        assertTrue(lines.get(0).detail().contains("1 init › 90 sshd › 100 -bash › 200 java › 300 nsx-stage › 301 nsx-stage"),
                lines.get(0).detail());
        assertEquals(List.of(302L, 700L, 701L, ProcessTree.KERNEL_THREADS, ProcessTree.OTHER_PROCESSES),
                lines.subList(1, lines.size()).stream().map(ProcessTree.Line::hostPid).toList());
    }

    @Test
    void aShortChainOfAncestorsStaysOneLineEach() {
        List<ProcessTree.Line> lines = ProcessTree.differences(ROWS, false, "process.othersUnseen");
        assertEquals(List.of("1 init", " ► 700 sh  [PID 1 inside]", "  ► 701 sleep 60  [PID 2 inside]",
                "⊞ 1 other host process: the container cannot see it"),
                lines.stream().map(ProcessTree.Line::text).toList());
    }

    /** Without a PID namespace the container's own processes keep their host PID inside: no [PID inside]. */
    @Test
    void withoutAPidNamespaceTheContainersSideFoldsTheHostsProcessesItSees() {
        List<CompareSnapshot.ProcessRow> seen = HOST.stream().map(r -> new CompareSnapshot.ProcessRow(r.hostPid(),
                r.hostPid(), r.parentPid(), r.command(), r.hostPid() >= 700, r.kernelThread())).toList();
        List<String> lines = ProcessTree.differences(seen, true, "process.hostSeen").stream()
                .map(ProcessTree.Line::text).toList();
        assertEquals("  700 sh -c sleep 60 & wait", lines.get(2));
        assertEquals("⊞ 1 host process: it sees it too, having no PID namespace", lines.get(lines.size() - 1));
    }
}
