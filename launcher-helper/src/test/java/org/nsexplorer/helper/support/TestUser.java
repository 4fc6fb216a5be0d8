package org.nsexplorer.helper.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real user of this host, made for one test and removed after it: a non-root caller, as
 * pkexec names it to the helper (PKEXEC_UID).
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

    /** A new system user named nsxt-PREFIX-xxxx, without home or shell. */
    public static TestUser create(String prefix) throws IOException, InterruptedException {
        String name = "nsxt-" + prefix + "-" + Long.toHexString(System.nanoTime() & 0xffffL);
        run(List.of("useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name));
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(name)) {
                return new TestUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            }
        }
        throw new IOException("useradd made no " + name);
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

    /** The environment pkexec gives the helper it starts for this user. */
    public Map<String, String> asCaller() {
        return Map.of("PKEXEC_UID", Integer.toString(uid));
    }

    /** A process of this user (runuser: no capability left at the execve). */
    public ProcessBuilder process(String... command) {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv);
    }

    /** ARGV run as this user (real and effective ids, no supplementary groups), through setpriv. */
    public ProcessBuilder as(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        command.addAll(argv);
        return new ProcessBuilder(command);
    }

    /** Gives DIR and everything below it to this user. */
    public void own(Path dir) throws IOException, InterruptedException {
        run(List.of("chown", "-R", "--no-dereference", uid + ":" + gid, dir.toString()));
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(argv + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // What it still runs would keep userdel from working (pkill says 1 when there was none).
        new ProcessBuilder("pkill", "-KILL", "-u", name).start().waitFor(10, TimeUnit.SECONDS);
        run(List.of("userdel", name));
    }
}
