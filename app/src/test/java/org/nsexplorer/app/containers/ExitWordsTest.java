package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Exits and signals in words: what the Limits view, the chips' messages and the lessons' checks say. */
class ExitWordsTest {

    @Test
    void status137IsSigkillAs128Plus9WithItsUsualCauses() {
        assertEquals("exited with status 137 = 128 + 9, as a shell reports a command killed by SIGKILL (9):"
                + " a kill -9, Stop, or the kernel's OOM killer; no process can catch it", ExitWords.exitedWith(137));
        assertEquals("exited with status 143 = 128 + 15, as a shell reports a command killed by SIGTERM (15):"
                + " a request to end, which a process may catch: what kill and Stop send first",
                ExitWords.exitedWith(143));
    }

    @Test
    void aSignalIsNamedAndExplained() {
        assertEquals("killed by SIGKILL (9): a kill -9, Stop, or the kernel's OOM killer; no process can catch it",
                ExitWords.killedBy(9));
        assertEquals("killed by SIGINT (2): interrupt: Ctrl-C", ExitWords.killedBy(2));
        assertEquals("killed by SIGHUP (1): hang-up: its terminal went away", ExitWords.killedBy(1));
        assertEquals("killed by SIGSEGV (11): segmentation fault: it touched memory that is not its own",
                ExitWords.killedBy(11));
        assertEquals("killed by SIGQUIT (3): quit: Ctrl-\\, with a core dump", ExitWords.killedBy(3));
        assertEquals("killed by SIGSYS (31): a system call the seccomp filter forbids", ExitWords.killedBy(31));
        // A real-time signal has no name here: its number, and no made-up meaning.
        assertEquals("killed by signal 40", ExitWords.killedBy(40));
        assertEquals("SIGTERM", ExitWords.signalName(15));
        assertEquals("SIGTERM (15)", ExitWords.signal(15));
        assertEquals("SIGTERM", SignalledProcess.signalName(15), "the Processes view names signals alike");
    }

    @Test
    void theShellsOwnStatusesAndTheOrdinaryOnes() {
        assertEquals("ended normally (exit status 0: all went well)", ExitWords.exitedWith(0));
        assertEquals("exited with status 1: the program reports a failure (only 0 means success)",
                ExitWords.exitedWith(1));
        assertEquals("exited with status 127: command not found", ExitWords.exitedWith(127));
        assertTrue(ExitWords.exitedWith(126).startsWith("exited with status 126: the command was found but could not"
                + " be run"), ExitWords.exitedWith(126));
        assertTrue(ExitWords.exitedWith(125).contains("nsx-helper run"), ExitWords.exitedWith(125));
        // Past 128 + 64 no signal is meant: only the number.
        assertEquals("exited with status 200: the program reports a failure (only 0 means success)",
                ExitWords.exitedWith(200));
        assertEquals("exited with status 170 = 128 + 42, as a shell reports a command killed by signal 42",
                ExitWords.exitedWith(170));
    }

    @Test
    void theHelpersExitedEventIsWordedBySignalOrByCode() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(ExitWords.killedBy(9), ExitWords.of(json.readTree("{\"type\":\"exited\",\"status\":137,\"signal\":9}")));
        assertEquals(ExitWords.exitedWith(137), ExitWords.of(json.readTree("{\"type\":\"exited\",\"status\":137,\"code\":137}")));
        assertEquals(ExitWords.exitedWith(0), ExitWords.of(json.readTree("{\"type\":\"exited\",\"status\":0,\"code\":0}")));
    }

    @Test
    void everyStateHasWords() {
        for (ContainerState state : ContainerState.values()) {
            assertTrue(!state.label().isBlank() && !state.label().equals(state.name()), state.name());
        }
        assertEquals("running", ContainerState.RUNNING.label());
        assertEquals("ended", ContainerState.EXITED.label());
    }
}
