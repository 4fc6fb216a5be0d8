package org.nsexplorer.helper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `nsx-helper run --pid-file F ARGS` in the background, for tests that look at a container
 * from outside while it runs. Closing it ends the helper (SIGTERM) and so the container.
 */
public final class BackgroundRun implements AutoCloseable {
    private final Process helper;
    private final Path pidFile;

    public BackgroundRun(String... runArgs) throws IOException {
        this(Map.of(), runArgs);
    }

    /** The same, with ENV added to the helper's environment (PKEXEC_UID=..., as pkexec sets it). */
    public BackgroundRun(Map<String, String> env, String... runArgs) throws IOException {
        pidFile = Files.createTempFile("nsx-test-", ".pid");
        Files.delete(pidFile); // the helper writes it once the container runs
        List<String> args = new ArrayList<>(List.of("run", "--pid-file", pidFile.toString()));
        args.addAll(List.of(runArgs));
        ProcessBuilder builder = HelperCli.builder(args);
        builder.environment().putAll(env);
        helper = builder.start();
    }

    /** The container's first process on the host, once it runs. */
    public long containerPid() throws IOException, InterruptedException {
        return Procs.awaitPidFile(pidFile, Duration.ofSeconds(20));
    }

    /** The helper process itself (the JVM of `nsx-helper run`). */
    public Process helper() {
        return helper;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        helper.destroy();
        helper.waitFor();
        Files.deleteIfExists(pidFile);
    }
}
