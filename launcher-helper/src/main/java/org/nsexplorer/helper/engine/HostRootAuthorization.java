package org.nsexplorer.helper.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

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
            throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_CALLER_UNREADABLE, e.getMessage());
        }
        if (caller.uid() != uid) {
            throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_CALLER_OTHER_UID, caller.pid(),
                    caller.name(), caller.uid(), uid);
        }
        if (!Files.isExecutable(pkcheck)) {
            throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_NO_PKCHECK, uid, pkcheck);
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
        ProcessBuilder builder = new ProcessBuilder(pkcheckArgv(pkcheck, caller)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Nothing of the helper's environment reaches pkcheck: polkit is the system bus's, not a variable's.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LC_ALL", "C");
        Process pkcheckProcess;
        try {
            pkcheckProcess = builder.start();
        } catch (IOException e) {
            throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_PKCHECK_FAILED, uid, caller.pid(),
                    caller.name(), e.getMessage());
        }
        CompletableFuture<String> said = new CompletableFuture<>();
        Thread reader = new Thread(() -> said.complete(firstLines(pkcheckProcess.getInputStream())), "nsx-pkcheck-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!pkcheckProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pkcheckProcess.destroyForcibly();
                throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_TIMEOUT, timeout.toSeconds(), uid,
                        caller.pid(), caller.name());
            }
        } catch (InterruptedException e) {
            pkcheckProcess.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_INTERRUPTED);
        }
        String words = said.completeOnTimeout("", 1, TimeUnit.SECONDS).join();
        switch (pkcheckProcess.exitValue()) {
            case 0 -> {
                return;
            }
            case 1 -> throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_NO, uid, caller.pid(),
                    caller.name(), ACTION, pkcheckSaid(words));
            case 2 -> throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_NO_AGENT, uid, caller.pid(),
                    caller.name(), pkcheckSaid(words));
            case 3 -> throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_DISMISSED,
                    pkcheckSaid(words));
            default -> throw new InvalidRequestException(FIELD, Word.RECIPE_HOST_ROOT_POLKIT_UNANSWERED, uid,
                    caller.pid(), caller.name(), pkcheckSaid(words));
        }
    }

    /** What pkcheck said, as " (pkcheck: ...)" after the sentence: its own words (it runs with LC_ALL=C). */
    private static String pkcheckSaid(String words) {
        return words.isBlank() ? "" : " (pkcheck: " + words + ")";
    }

    /** pkcheck's output as one line, bounded: it is quoted in a one-line error. */
    private static String firstLines(InputStream in) {
        try (in) {
            String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            in.transferTo(OutputStream.nullOutputStream());
            return String.join("; ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
            return "";
        }
    }

}
