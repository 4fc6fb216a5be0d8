package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.lessons.support.Snippets.action;
import static org.nsexplorer.app.lessons.support.Snippets.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nsexplorer.app.lessons.support.HelperLessonContext;
import org.nsexplorer.app.lessons.support.Snippets;

/**
 * kill: from the host, a signal to one process of a container, found by its command (the
 * helper's signal with a pid): that process ends, the container's shell does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillActionTest {
    private HelperLessonContext context;

    @BeforeAll
    void launch() throws Exception {
        context = HelperLessonContext.start(true);
        assertEquals("", run("launch: {as: box, namespaces: [mnt, pid, uts], mounts: [proc]}"));
    }

    @AfterAll
    void end() {
        if (context != null) {
            context.close();
        }
    }

    private String run(String actionLine, String... names) throws Exception {
        return Snippets.run(action(actionLine, names), context);
    }

    private CheckResult result(String checkLine, String... names) throws Exception {
        return Snippets.run(check(checkLine, names), context);
    }

    @Test
    void killEndsThatProcessAndNotTheContainer() throws Exception {
        assertEquals("", run("type: {into: box, text: \"sleep 300 & echo bg-$((1+1))\", until: bg-2}", "box"));
        CheckResult before = result("processes: {in: box, sees: sleep}", "box");
        assertTrue(before.passed(), before.why());

        String note = run("kill: {in: box, process: sleep, signal: KILL}", "box");
        Matcher said = Pattern.compile("SIGKILL \\(9\\) sent to sleep: PID (\\d+) inside, (\\d+) on the host\\.").matcher(note);
        assertTrue(said.matches(), note);
        assertTrue(Long.parseLong(said.group(1)) > 1, "not the container's first process: " + note);
        assertTrue(context.shown().contains("box processes"), context.shown().toString());
        // The shell reaps its job at the next command; then sleep is gone and the shell is still PID 1.
        assertEquals("", run("type: {into: box, text: \"echo reaped-$((1+2))\", until: reaped-3}", "box"));
        CheckResult after = result("processes: {in: box, hidden: sleep}", "box");
        assertTrue(after.passed(), after.why());
        CheckResult shell = result("pid-one: {in: box, command: sh}", "box");
        assertTrue(shell.passed(), shell.why());
        assertFalse(result("exited: box", "box").passed());
    }

    @Test
    void killOfAProcessThatIsNotThereSaysSo() throws Exception {
        assertEquals("FAILED: No process nothing-such runs in box.",
                run("kill: {in: box, process: nothing-such}", "box"));
        CheckResult shell = result("pid-one: {in: box, command: sh}", "box");
        assertTrue(shell.passed(), shell.why());
    }
}
