package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    private static final List<CompareSnapshot.ProcessRow> ROWS = List.of(
            new CompareSnapshot.ProcessRow(1, 0, 0, "/sbin/init", false),
            new CompareSnapshot.ProcessRow(700, 1, 1, "/bin/sh", true),
            new CompareSnapshot.ProcessRow(90, 0, 1, "sshd", false),
            new CompareSnapshot.ProcessRow(701, 2, 700, "sleep 60", true));

    @Test
    void theHostSideIsDepthFirstIndentedAndMarksTheContainer() {
        List<String> lines = ProcessTree.of(ROWS, false).stream().map(ProcessTree.Line::text).toList();
        assertEquals(List.of(
                "1       /sbin/init",
                " ► 700     /bin/sh   [PID 1 inside]",
                "  ► 701     sleep 60   [PID 2 inside]",
                " 90      sshd"), lines);
    }

    @Test
    void theContainerSideShowsItsPidNextToTheHostsAndKeepsTheHostPidForSelection() {
        List<CompareSnapshot.ProcessRow> inside = ROWS.stream().filter(CompareSnapshot.ProcessRow::inContainer)
                .map(r -> new CompareSnapshot.ProcessRow(r.hostPid(), r.containerPid(), r.containerPid() == 1 ? 0 : 1,
                        r.command(), true)).toList();
        List<ProcessTree.Line> lines = ProcessTree.of(inside, true);
        assertEquals(List.of("    1 ⇐ 700     /bin/sh", "     2 ⇐ 701     sleep 60"),
                lines.stream().map(ProcessTree.Line::text).toList());
        assertEquals(701, lines.get(1).hostPid());
    }

    @Test
    void aProcessWhoseParentIsUnseenIsARootAndALoopDoesNotHang() {
        List<CompareSnapshot.ProcessRow> rows = List.of(
                new CompareSnapshot.ProcessRow(5, 0, 4, "orphan", false),
                new CompareSnapshot.ProcessRow(6, 0, 6, "own parent", false));
        assertEquals(2, ProcessTree.of(rows, false).size());
    }
}
