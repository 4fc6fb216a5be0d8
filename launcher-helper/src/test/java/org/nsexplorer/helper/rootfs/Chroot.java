package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command inside a rootfs with the host's chroot(8): a real test of what the loader finds there. */
final class Chroot {

    record Result(int exitCode, String output) {}

    private Chroot() {}

    static Result run(Path root, String... argv) throws IOException, InterruptedException {
        return exec(List.of("chroot", root.toString()), argv);
    }

    /**
     * Like a container: in new PID and mount namespaces, with /proc mounted inside the rootfs;
     * the mount disappears with the namespace, so nothing is left mounted on the host.
     */
    static Result runWithProc(Path root, String... argv) throws IOException, InterruptedException {
        return exec(List.of("unshare", "--pid", "--fork", "--mount-proc=" + root.resolve("proc"),
                "chroot", root.toString()), argv);
    }

    private static Result exec(List<String> prefix, String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"); // host: finds chroot; inside: as root
        pb.environment().put("TERM", "dumb");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }
}
