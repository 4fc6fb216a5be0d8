package org.nsexplorer.app.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real system user for one test (useradd --system, no home, nologin), removed by close().
 * Non-root callers are simulated with these, as pkexec or sudo would name them.
 */
public final class TestUser implements AutoCloseable {
    private final String name;
    private final int uid;
    private final int gid;

    private TestUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** Creates nsxt-PURPOSE-RANDOM. */
    public static TestUser create(String purpose) throws IOException, InterruptedException {
        String name = "nsxt-" + purpose + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name));
        return new TestUser(name, Integer.parseInt(run(List.of("id", "-u", name)).strip()),
                Integer.parseInt(run(List.of("id", "-g", name)).strip()));
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** ARGV run as this user (real and effective ids, no supplementary groups), through setpriv. */
    public ProcessBuilder as(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        command.addAll(argv);
        return new ProcessBuilder(command);
    }

    /** Removes the user; every process the test started as this user must be gone by then. */
    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("userdel", name));
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
        }
        return out;
    }
}
