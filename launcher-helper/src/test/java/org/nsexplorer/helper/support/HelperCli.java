package org.nsexplorer.helper.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.HelperJvm;

/**
 * Runs the real helper command line (`nsx-helper ARGS`) in its own JVM, as README's
 * ./nsx-helper does, with this build's classes, stage and a test state directory.
 */
public final class HelperCli {
    private HelperCli() {
    }

    public record Result(int exit, String stdout, String stderr) {
        public List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    public static ProcessBuilder builder(List<String> args) {
        return builder(Path.of(System.getProperty("nsx.stateDir")), args);
    }

    /** The helper with STATE_DIR as its state directory (its stores, overlays, built-in rootfs). */
    public static ProcessBuilder builder(Path stateDir, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(HelperJvm.options()); // the heap and compiler ./nsx-helper gives it
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dnsx.stage=" + System.getProperty("nsx.stage"),
                "-Dnsx.stateDir=" + stateDir,
                "org.nsexplorer.helper.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(args));
    }

    public static Result run(List<String> args) throws IOException, InterruptedException {
        return run(builder(args));
    }

    /** With ENV added to the helper's environment (PKEXEC_UID: a caller other than root). */
    public static Result run(Map<String, String> env, List<String> args) throws IOException,
            InterruptedException {
        ProcessBuilder b = builder(args);
        b.environment().putAll(env);
        return run(b);
    }

    /** Runs the helper BUILDER describes (see {@link #builder}), with stdin from /dev/null, within 60 s. */
    public static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        List<String> args = builder.command();
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var stdout = new CompletableFuture<String>();
        var stderr = new CompletableFuture<String>();
        startReader(() -> stdout.complete(readAll(out)));
        startReader(() -> stderr.complete(readAll(err)));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("nsx-helper " + args + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), stdout.join(), stderr.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void startReader(Runnable r) {
        Thread t = new Thread(r, "helper-cli-reader");
        t.setDaemon(true);
        t.start();
    }
}
