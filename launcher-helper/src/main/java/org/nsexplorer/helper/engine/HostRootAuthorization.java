package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.spec.InvalidRequestException;

/**
 * Who may have --host-root (serve: "hostRoot": true), which gives root in a container the host
 * root's capabilities, as `sudo unshare` does: root, and a caller whom polkit authorizes for
 * {@value #ACTION} (auth_admin: an administrator's password, in the caller's desktop session).
 * The answer is asked of polkit with pkcheck about the calling process (see
 * {@link CallingProcess}), as udisks asks about its callers. Everything else refuses: a "no",
 * a dismissed dialog, no agent, and also polkit that cannot be asked (no pkcheck, no polkitd,
 * no answer in time).
 */
public final class HostRootAuthorization {
    public static final String ACTION = "org.nsexplorer.helper.host-root";
    static final String FIELD = "hostRoot";
    /** pkcheck by absolute path: the helper's PATH is whatever sudo or pkexec left. */
    private static final List<Path> PKCHECK = List.of(Path.of("/usr/bin/pkcheck"), Path.of("/bin/pkcheck"));
    /** A person may be typing a password meanwhile. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String WHAT_TO_DO = "launch without hostRoot (with a user namespace, root inside is you"
            + " on the host), or start the helper as root";

    private final Path pkcheck;
    private final long helperPid;
    private final Duration timeout;

    /** For this helper process, with the system's pkcheck. */
    public HostRootAuthorization() {
        this(PKCHECK.stream().filter(Files::isExecutable).findFirst().orElse(PKCHECK.get(0)),
                ProcessHandle.current().pid(), TIMEOUT);
    }

    HostRootAuthorization(Path pkcheck, long helperPid, Duration timeout) {
        this.pkcheck = pkcheck;
        this.helperPid = helperPid;
        this.timeout = timeout;
    }

    /**
     * Returns when the caller may have hostRoot; else refuses with what polkit said.
     *
     * @param invokingUid the caller (HostFacts.invokingUid): empty when root ran the helper itself
     */
    public void require(OptionalInt invokingUid) throws InvalidRequestException {
        if (invokingUid.isEmpty() || invokingUid.getAsInt() == 0) {
            return; // root asks no one
        }
        int uid = invokingUid.getAsInt();
        CallingProcess caller;
        try {
            caller = CallingProcess.of(helperPid);
        } catch (IOException e) {
            throw refused("the process that started the helper cannot be read (" + e.getMessage() + ")");
        }
        if (caller.uid() != uid) {
            throw refused("the process that started the helper (" + caller.pid() + ", " + caller.name() + ") runs as uid "
                    + caller.uid() + ", not as uid " + uid + " who asked for it");
        }
        if (!Files.isExecutable(pkcheck)) {
            throw refused("polkit cannot be asked whether uid " + uid + " may have it: " + pkcheck
                    + " is not there (sudo apt-get install polkitd)");
        }
        ask(caller, uid);
    }

    /** pkcheck's argv: the action, and the caller as pid, start time and uid (a pid alone could be reused). */
    static List<String> pkcheckArgv(Path pkcheck, CallingProcess caller) {
        return List.of(pkcheck.toString(), "--action-id", ACTION,
                "--process", caller.pid() + "," + caller.startTicks() + "," + caller.uid(),
                "--allow-user-interaction");
    }

    private void ask(CallingProcess caller, int uid) throws InvalidRequestException {
        String who = "uid " + uid + " (process " + caller.pid() + ", " + caller.name() + ")";
        ProcessBuilder builder = new ProcessBuilder(pkcheckArgv(pkcheck, caller)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Nothing of the helper's environment reaches pkcheck: polkit is the system bus's, not a variable's.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LC_ALL", "C");
        Process pkcheckProcess;
        try {
            pkcheckProcess = builder.start();
        } catch (IOException e) {
            throw refused("polkit cannot be asked whether " + who + " may have it: " + e.getMessage());
        }
        CompletableFuture<String> said = new CompletableFuture<>();
        Thread reader = new Thread(() -> said.complete(firstLines(pkcheckProcess.getInputStream())), "nsx-pkcheck-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!pkcheckProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pkcheckProcess.destroyForcibly();
                throw refused("polkit did not answer within " + timeout.toSeconds() + " s whether " + who + " may have it");
            }
        } catch (InterruptedException e) {
            pkcheckProcess.destroyForcibly();
            Thread.currentThread().interrupt();
            throw refused("the question to polkit was interrupted");
        }
        String words = said.completeOnTimeout("", 1, TimeUnit.SECONDS).join();
        switch (pkcheckProcess.exitValue()) {
            case 0 -> {
                return;
            }
            case 1 -> throw refused("polkit does not authorize " + who + " for " + ACTION + pkcheckSaid(words));
            case 2 -> throw refused("polkit needs an administrator's password for " + who
                    + ", and no authentication agent of that session answered" + pkcheckSaid(words));
            case 3 -> throw refused("the administrator's password dialog was dismissed" + pkcheckSaid(words));
            default -> throw refused("polkit cannot be asked whether " + who + " may have it" + pkcheckSaid(words));
        }
    }

    private static String pkcheckSaid(String words) {
        return words.isBlank() ? "" : " (pkcheck: " + words + ")";
    }

    /** pkcheck's output as one line, bounded: it is quoted in a one-line error. */
    private static String firstLines(InputStream in) {
        try (in) {
            String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return String.join("; ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
            return "";
        }
    }

    private static InvalidRequestException refused(String why) {
        return new InvalidRequestException(FIELD, "hostRoot (root in the container with the host root's capabilities)"
                + " refused: " + why + "; " + WHAT_TO_DO);
    }
}
