package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SizeParser;

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
            System.err.println("nsx-helper: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        }
        // Ctrl-C, SIGTERM or the caller's death: the container goes with us.
        Thread cleanup = new Thread(engine::close, "nsx-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Container container = engine.launch(parsed.spec(), new ContainerListener() {
            });
            org.nsexplorer.helper.spec.Confinement confined = container.spec().confinement();
            if (confined.level() == org.nsexplorer.helper.spec.Confinement.Level.HOST_ROOT || confined.reasons().stream()
                    .anyMatch(r -> r != org.nsexplorer.helper.spec.Confinement.Reason.USER_NAMESPACE_ASKED)) {
                // The rule added a user namespace, or root keeps the host's powers: say so.
                System.err.println("nsx-helper: " + confined.describe(org.nsexplorer.helper.spec.Caller.of(
                        org.nsexplorer.helper.spec.HostFacts.current()), container.spec().userMapping()));
            }
            long hostPid = container.started().get();
            container.network().ifPresent(n -> System.err.println("nsx-helper: " + n.bridge().map(b -> b.uplink()
                    + " " + n.hostAddress() + " on the host <-> bridge " + b.name() + " (port " + n.hostInterface()
                    + ", in the stage's switch namespace) <-> ").orElse(n.hostInterface() + " " + n.hostAddress()
                    + " on the host <-> ") + n.containerInterface() + " " + n.containerAddress() + " in the container"));
            if (parsed.pidFile().isPresent()) {
                Files.writeString(parsed.pidFile().get(), hostPid + "\n");
            }
            ExitStatus status = container.exited().get();
            if (status.oomKilled()) {
                boolean asked = parsed.spec().limits().memoryBytes().isPresent();
                System.err.println("nsx-helper: the OOM killer ended the container: it reached its memory limit of "
                        + SizeParser.format(container.spec().limits().memoryBytes().orElse(0))
                        + (asked ? " (--memory)" : " (the default, a quarter of this host's RAM; --memory sets another)"));
            }
            container.keepAs().ifPresent(name -> System.err.println("nsx-helper: the container's changes are kept as"
                    + " the layer " + name + " (" + engine.layers().dir().resolve(name) + ")"));
            return status.oomKilled() ? 137 : status.shellStatus();
        } catch (InvalidRequestException e) {
            return refuse(e);
        } catch (LaunchException e) {
            System.err.println("nsx-helper: launch failed: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        } catch (ExecutionException e) {
            System.err.println("nsx-helper: launch failed: " + e.getCause().getMessage());
            return EXIT_SETUP_FAILED;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_SETUP_FAILED;
        } finally {
            engine.close();
        }
    }

    private static int refuse(InvalidRequestException e) {
        System.err.println("nsx-helper: " + e.getMessage());
        return EXIT_INVALID;
    }
}
