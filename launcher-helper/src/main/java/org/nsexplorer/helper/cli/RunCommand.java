package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.spec.Caller;
import org.nsexplorer.helper.spec.Confinement;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SizeParser;
import org.nsexplorer.helper.store.UserFiles;
import org.nsexplorer.helper.words.Word;

/**
 * `./nsx-helper run`: one container in the foreground, on the caller's terminal. Exits
 * with the command's status (128+N for signal N), 2 for a refused request, 125 when the
 * set-up failed.
 */
public final class RunCommand {
    public static final int EXIT_INVALID = 2;
    public static final int EXIT_SETUP_FAILED = 125;

    private RunCommand() {
    }

    public static int run(List<String> args) {
        RunArguments parsed;
        try {
            parsed = RunArguments.parse(args);
        } catch (InvalidRequestException e) {
            return refuse(e);
        }
        Engine engine;
        try {
            engine = Helper.openEngine(true);
        } catch (IOException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return EXIT_SETUP_FAILED;
        }
        Optional<UserFiles.NewFile> pidFile;
        try {
            engine.validate(parsed.spec()); // a refused request makes no PID file either
            pidFile = createPidFile(parsed);
        } catch (InvalidRequestException e) {
            engine.close();
            return refuse(e);
        } catch (IOException e) {
            engine.close();
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_RUN_PID_FILE_FAILED,
                    CommandLineWords.of(e)));
            return EXIT_INVALID;
        }
        // Ctrl-C, SIGTERM or the caller's death: the container goes with us, and its PID file.
        CleanUp cleanUp = new CleanUp(engine, pidFile);
        Runtime.getRuntime().addShutdownHook(new Thread(cleanUp, "nsx-cleanup"));
        try {
            Container container = engine.launch(parsed.spec(), new ContainerListener() {
            });
            Confinement confined = container.spec().confinement();
            if (confined.level() == Confinement.Level.HOST_ROOT || confined.reasons().stream()
                    .anyMatch(r -> r != Confinement.Reason.USER_NAMESPACE_ASKED)) {
                // The rule added a user namespace, or root keeps the host's powers: say so.
                System.err.println("nsx-helper: " + confined.describe(Caller.of(
                        HostFacts.current()), container.spec().userMapping(),
                        CommandLineWords.locale()));
            }
            long hostPid = container.started().get();
            container.network().ifPresent(n -> System.err.println("nsx-helper: " + n.bridge().map(b ->
                    CommandLineWords.of(Word.CLI_RUN_BRIDGE, b.uplink(), n.hostAddress(), b.name(), n.hostInterface(),
                            n.containerInterface(), n.containerAddress())).orElseGet(() ->
                    CommandLineWords.of(Word.CLI_RUN_VETH, n.hostInterface(), n.hostAddress(), n.containerInterface(),
                            n.containerAddress()))));
            if (pidFile.isPresent()) {
                pidFile.get().write((hostPid + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            ExitStatus status = container.exited().get();
            if (status.oomKilled()) {
                boolean asked = parsed.spec().limits().memoryBytes().isPresent();
                System.err.println("nsx-helper: " + CommandLineWords.of(asked ? Word.CLI_RUN_OOM_ASKED
                        : Word.CLI_RUN_OOM_DEFAULT, SizeParser.format(container.spec().limits().memoryBytes().orElse(0))));
            }
            container.keepAs().ifPresent(name -> System.err.println("nsx-helper: " + CommandLineWords.of(
                    Word.CLI_RUN_KEPT_AS, name, engine.layers().dir().resolve(name))));
            return status.oomKilled() ? 137 : status.shellStatus();
        } catch (InvalidRequestException e) {
            return refuse(e);
        } catch (LaunchException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_RUN_LAUNCH_FAILED, CommandLineWords.of(e)));
            return EXIT_SETUP_FAILED;
        } catch (ExecutionException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_RUN_LAUNCH_FAILED,
                    e.getCause() instanceof LaunchException l ? CommandLineWords.of(l)
                            : CommandLineWords.of(e.getCause())));
            return EXIT_SETUP_FAILED;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return EXIT_SETUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_SETUP_FAILED;
        } finally {
            cleanUp.run();
        }
    }

    /**
     * --pid-file: a new file made as the caller (never through a symlink, never over an
     * existing file), before the launch so that a refusal comes before anything runs.
     */
    private static Optional<UserFiles.NewFile> createPidFile(RunArguments parsed)
            throws InvalidRequestException, IOException {
        if (parsed.pidFile().isEmpty()) {
            return Optional.empty();
        }
        HostFacts host = HostFacts.current();
        return Optional.of(new UserFiles(host.invokingUid(), host.invokingGid()).createEmpty("pidFile",
                parsed.pidFile().get()));
    }

    /**
     * Ends the container and removes its PID file (which names a running container only), once:
     * the main thread's end and the shutdown hook both call it, and the later waits for the first.
     */
    private static final class CleanUp implements Runnable {
        private final Engine engine;
        private final Optional<UserFiles.NewFile> pidFile;
        private boolean done;

        CleanUp(Engine engine, Optional<UserFiles.NewFile> pidFile) {
            this.engine = engine;
            this.pidFile = pidFile;
        }

        @Override
        public synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            engine.close();
            if (pidFile.isPresent()) {
                try {
                    pidFile.get().remove();
                } catch (IOException e) {
                    System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_RUN_PID_FILE_NOT_REMOVED,
                            pidFile.get().path(), CommandLineWords.of(e)));
                }
            }
        }
    }

    private static int refuse(InvalidRequestException e) {
        System.err.println("nsx-helper: " + CommandLineWords.of(e));
        return EXIT_INVALID;
    }
}
