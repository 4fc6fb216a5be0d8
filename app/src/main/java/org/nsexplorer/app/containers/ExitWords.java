package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.nsexplorer.app.ui.Texts;

/**
 * How a process ended, in words a class understands: "killed by SIGKILL (9): …" rather than
 * "signal 9", "exited with status 137 = 128 + 9: …" rather than "137". Signal names are the
 * kernel's (Linux numbering on x86 and Arm) and stay untranslated; their meanings come from
 * the messages.
 */
public final class ExitWords {
    /** A shell reports a command killed by signal N as status 128 + N. */
    private static final int SIGNAL_BASE = 128;
    private static final int LAST_SIGNAL = 64;
    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"),
            Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"), Map.entry(17, "SIGCHLD"), Map.entry(18, "SIGCONT"), Map.entry(19, "SIGSTOP"),
            Map.entry(20, "SIGTSTP"), Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"), Map.entry(31, "SIGSYS"));

    private ExitWords() {
    }

    /** "SIGKILL" for 9; "signal 40" for a number without a name here. */
    public static String signalName(int signal) {
        String name = NAMES.get(signal);
        return name != null ? name : Texts.get("process.signalNumber", signal);
    }

    /** "SIGKILL (9)": the name the tools use and the number the kernel reports. */
    public static String signal(int signal) {
        return NAMES.containsKey(signal) ? Texts.get("exit.signalAndNumber", NAMES.get(signal), signal)
                : signalName(signal);
    }

    /** What SIGNAL usually means, or who sends it ("Ctrl-C" for SIGINT); "" when there is nothing to say. */
    public static String meaning(int signal) {
        return NAMES.containsKey(signal) ? Texts.get("signal.meaning." + NAMES.get(signal)) : "";
    }

    /** A process ended by SIGNAL: "killed by SIGKILL (9): a kill -9 or …". */
    public static String killedBy(int signal) {
        String meaning = meaning(signal);
        return meaning.isEmpty() ? Texts.get("exit.killed", signal(signal))
                : Texts.get("exit.killedMeaning", signal(signal), meaning);
    }

    /**
     * A process that exited with STATUS: 0 is "ended normally"; 126 and 127 are the shell's
     * "cannot run" and "command not found"; 125 the set-up failure of nsx-helper run (and
     * docker run); above 128 a shell saying that its command was killed by signal STATUS - 128.
     */
    public static String exitedWith(int status) {
        if (status == 0) {
            return Texts.get("exit.normal");
        }
        if (status == 125 || status == 126 || status == 127) {
            return Texts.get("exit.status." + status);
        }
        int signal = status - SIGNAL_BASE;
        if (signal > 0 && signal <= LAST_SIGNAL) {
            String meaning = meaning(signal);
            return meaning.isEmpty() ? Texts.get("exit.statusOfSignal", status, signal, signal(signal))
                    : Texts.get("exit.statusOfSignalMeaning", status, signal, signal(signal), meaning);
        }
        return Texts.get("exit.status", status);
    }

    /** The helper's "exited" event: by its "signal" when a signal ended it, else by its "code". */
    public static String of(JsonNode exited) {
        return exited.has("signal") ? killedBy(exited.get("signal").asInt()) : exitedWith(exited.path("code").asInt());
    }
}
