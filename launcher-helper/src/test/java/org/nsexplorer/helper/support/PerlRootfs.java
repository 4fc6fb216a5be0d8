package org.nsexplorer.helper.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsexplorer.helper.HelperPaths;

/**
 * A stored rootfs of the host's perl and a few tools (`nsx-helper rootfs build`), for tests
 * that issue raw system calls inside a container with perl's syscall(). Closing removes it.
 */
public final class PerlRootfs implements AutoCloseable {
    private final Path dir;

    private PerlRootfs(Path dir) {
        this.dir = dir;
    }

    /** Builds the rootfs NAME (removed first if a crashed run left it). */
    public static PerlRootfs build(String name) throws IOException, InterruptedException {
        Path dir = HelperPaths.stateDir().resolve("rootfs").resolve(name);
        TreeRemoval.remove(dir);
        HelperCli.Result made = HelperCli.run("rootfs", "build", name, "perl", "sh", "cat", "grep", "sleep");
        assertEquals(0, made.exit(), made.stderr());
        return new PerlRootfs(Path.of(made.lines().get(0)));
    }

    public Path dir() {
        return dir;
    }

    /** `nsx-helper run --rootfs DIR RUN_OPTIONS -- /usr/bin/perl -e SCRIPT`. */
    public HelperCli.Result runPerl(List<String> runOptions, String script) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--rootfs", dir.toString()));
        args.addAll(runOptions);
        args.addAll(List.of("--", "/usr/bin/perl", "-e", script));
        return HelperCli.run(args);
    }

    @Override
    public void close() throws IOException {
        TreeRemoval.remove(dir);
    }
}
