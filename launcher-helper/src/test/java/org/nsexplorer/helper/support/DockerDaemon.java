package org.nsexplorer.helper.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real dockerd (Debian's docker.io) on this host, as on a teacher's laptop: it sets the
 * FORWARD policy to DROP and loads br_netfilter. Started on a socket, pid file and data root of
 * its own; closing it stops dockerd and puts back what it changed on the host as far as
 * iptables allows, then says what is left ({@link #leftOnHost()}).
 * <p>
 * When a dockerd runs already (a developer's laptop), that one is used and nothing is changed.
 */
public final class DockerDaemon implements AutoCloseable {
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    private static final Path SOCKET = Path.of("/run/nsx-test-docker.sock");
    private static final Path PID_FILE = Path.of("/run/nsx-test-docker.pid");
    private static final Path KEY = Path.of("/etc/docker/key.json");
    private static final Path RUN_DIR = Path.of("/run/docker");
    /** Where containerd's shims keep their sockets: made by a dockerd's first container. */
    private static final Path CONTAINERD_RUN_DIR = Path.of("/run/containerd");
    private static final List<String> SYSCTLS = List.of("/proc/sys/net/ipv4/ip_forward",
            "/proc/sys/net/bridge/bridge-nf-call-iptables", "/proc/sys/net/bridge/bridge-nf-call-ip6tables",
            "/proc/sys/net/bridge/bridge-nf-call-arptables");
    private static final List<String> TABLES = List.of("filter", "nat");

    private final Process dockerd;
    private final Path dataDir;
    private final Map<String, List<String>> rulesBefore = new LinkedHashMap<>();
    private final Map<String, String> sysctlsBefore = new LinkedHashMap<>();
    private final List<String> tablesBefore;
    private final boolean docker0Before;
    private final boolean keyBefore;
    private final boolean runDirBefore;
    private final boolean containerdRunDirBefore;
    private final List<String> left = new ArrayList<>();
    private double startSeconds;

    private DockerDaemon(Process dockerd, Path dataDir, Snapshot before) {
        this.dockerd = dockerd;
        this.dataDir = dataDir;
        this.rulesBefore.putAll(before.rules);
        this.sysctlsBefore.putAll(before.sysctls);
        this.tablesBefore = before.tables;
        this.docker0Before = before.docker0;
        this.keyBefore = before.key;
        this.runDirBefore = before.runDir;
        this.containerdRunDirBefore = before.containerdRunDir;
    }

    public static boolean installed() {
        return Files.isExecutable(DOCKERD) && Files.isExecutable(Path.of("/usr/sbin/iptables"));
    }

    /** Whether a dockerd runs on this host already. */
    public static boolean running() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    return Files.readString(p.resolve("comm")).trim().equals("dockerd");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private record Snapshot(Map<String, List<String>> rules, Map<String, String> sysctls, List<String> tables,
            boolean docker0, boolean key, boolean runDir, boolean containerdRunDir) {
    }

    private static Snapshot snapshot() throws IOException, InterruptedException {
        List<String> tables = tables();
        Map<String, List<String>> rules = new LinkedHashMap<>();
        for (String table : TABLES) {
            rules.put(table, tables.contains(table) ? rules(table) : List.of());
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String s : SYSCTLS) {
            Path p = Path.of(s);
            sysctls.put(s, Files.exists(p) ? Files.readString(p).trim() : null);
        }
        return new Snapshot(rules, sysctls, tables, Files.exists(Path.of("/sys/class/net/docker0")),
                Files.exists(KEY), Files.exists(RUN_DIR), Files.exists(CONTAINERD_RUN_DIR));
    }

    /** Starts dockerd (about a second) and waits until it has set up its network. */
    public static DockerDaemon start() throws IOException, InterruptedException {
        if (running()) {
            return new DockerDaemon(null, null, snapshot());
        }
        Snapshot before = snapshot();
        // dockerd sets the FORWARD policy to DROP when it has to turn forwarding on (a laptop's
        // usual start); with forwarding already on (left by another daemon) it leaves the policy.
        // Off first, then, for the same firewall every time; close() puts the value back.
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "0\n");
        Path data = Files.createTempDirectory("nsx-test-docker-");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(DOCKERD.toString(), "--host", "unix://" + SOCKET, "--pidfile",
                PID_FILE.toString(), "--data-root", data.resolve("data").toString(), "--exec-root",
                data.resolve("exec").toString()).redirectErrorStream(true).start();
        DockerDaemon docker = new DockerDaemon(p, data, before);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("API listen on")) { // logged once the daemon's set-up is done
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // dockerd ended
            }
            ready.complete(false);
        }, "dockerd-log");
        reader.setDaemon(true);
        reader.start();
        boolean up;
        try {
            up = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            up = false;
        }
        if (!up) {
            docker.close();
            synchronized (log) {
                throw new IOException("dockerd did not start: " + log);
            }
        }
        docker.startSeconds = (System.nanoTime() - t0) / 1e9;
        return docker;
    }

    public double startSeconds() {
        return startSeconds;
    }

    /** The daemon's socket: ours, or the default one of a dockerd found running. */
    public Path socket() {
        return dockerd != null ? SOCKET : Path.of("/run/docker.sock");
    }

    /** Runs the docker client against this daemon (the one found running: its default socket); its output. */
    public String client(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("docker"));
        if (dockerd != null) {
            argv.addAll(List.of("--host", "unix://" + SOCKET));
        }
        argv.addAll(List.of(args));
        return run(argv.toArray(String[]::new));
    }

    /** Makes image NAME of ROOTFS, as `tar -C ROOTFS -c . | docker import - NAME` (no registry needed). */
    public void importRootfs(Path rootfs, String name) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("docker"));
        if (dockerd != null) {
            argv.addAll(List.of("--host", "unix://" + SOCKET));
        }
        argv.addAll(List.of("import", "-", name));
        Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-c", ".").start();
        Process docker = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (var out = tar.getInputStream(); var in = docker.getOutputStream()) {
            out.transferTo(in);
        }
        String said = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0 || !docker.waitFor(60, TimeUnit.SECONDS)
                || docker.exitValue() != 0) {
            throw new IOException("docker import of " + rootfs + " failed: " + said);
        }
    }

    /** `-P FORWARD DROP` or `-P FORWARD ACCEPT`. */
    public static String forwardPolicy() throws IOException, InterruptedException {
        return run("iptables", "-S", "FORWARD").lines().findFirst().orElse("");
    }

    /** Packets the FORWARD chain's policy dropped so far. */
    public static long forwardPolicyDrops() throws IOException, InterruptedException {
        String head = run("iptables", "-L", "FORWARD", "-v", "-n", "-x").lines().findFirst().orElse("");
        Matcher m = Pattern.compile("policy \\w+ (\\d+) packets").matcher(head);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The host's IPv4 firewall rules, without counters. */
    public static String firewall() throws IOException, InterruptedException {
        return run("iptables-save").lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll(" \\[\\d+:\\d+\\]$", "")).reduce("", (a, b) -> a + b + "\n");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (dockerd == null) {
            return; // not ours
        }
        dockerd.destroy();
        if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
            dockerd.destroyForcibly();
            dockerd.waitFor();
        }
        restoreFirewall();
        for (Map.Entry<String, String> s : sysctlsBefore.entrySet()) {
            Path p = Path.of(s.getKey());
            if (s.getValue() == null) {
                if (Files.exists(p)) {
                    left.add("br_netfilter stays loaded (" + p.getFileName() + " = " + Files.readString(p).trim()
                            + ")");
                }
            } else if (!Files.readString(p).trim().equals(s.getValue())) {
                Files.writeString(p, s.getValue() + "\n");
            }
        }
        if (!docker0Before && Files.exists(Path.of("/sys/class/net/docker0"))) {
            run("ip", "link", "del", "docker0");
        }
        if (!keyBefore) {
            Files.deleteIfExists(KEY);
        }
        if (!runDirBefore && Files.exists(RUN_DIR)) {
            deleteTree(RUN_DIR);
        }
        if (!containerdRunDirBefore && Files.exists(CONTAINERD_RUN_DIR)) {
            deleteTree(CONTAINERD_RUN_DIR);
        }
        Files.deleteIfExists(SOCKET);
        Files.deleteIfExists(PID_FILE);
        deleteTree(dataDir);
    }

    /** What could not be put back, in words (empty when the host is as before). */
    public List<String> leftOnHost() {
        return List.copyOf(left);
    }

    /** Removes what dockerd added to each table (rules and chains mentioning docker) and puts the policies back. */
    private void restoreFirewall() throws IOException, InterruptedException {
        List<String> tablesNow = tables();
        for (String table : TABLES) {
            if (!tablesNow.contains(table)) {
                continue;
            }
            List<String> before = rulesBefore.get(table);
            List<String> now = rules(table);
            for (String rule : now) {
                if (rule.startsWith("-A ") && !before.contains(rule) && rule.toLowerCase().contains("docker")) {
                    List<String> argv = new ArrayList<>(List.of("iptables", "-t", table, "-D"));
                    argv.addAll(Arrays.asList(rule.substring(3).split(" ")));
                    run(argv.toArray(String[]::new));
                }
            }
            for (String rule : now) {
                if (rule.startsWith("-N DOCKER") && !before.contains(rule)) {
                    run("iptables", "-t", table, "-F", rule.substring(3));
                }
            }
            for (String rule : now) {
                if (rule.startsWith("-N DOCKER") && !before.contains(rule)) {
                    run("iptables", "-t", table, "-X", rule.substring(3));
                }
            }
            for (String policy : before) {
                if (policy.startsWith("-P ")) {
                    String[] f = policy.split(" ");
                    run("iptables", "-t", table, "-P", f[1], f[2]);
                }
            }
            if (!tablesBefore.contains(table)) {
                // A table made meanwhile: ACCEPT everywhere, as when it was missing.
                for (String policy : rules(table)) {
                    if (policy.startsWith("-P ")) {
                        run("iptables", "-t", table, "-P", policy.split(" ")[1], "ACCEPT");
                    }
                }
            }
            List<String> after = rules(table);
            if (!tablesBefore.contains(table)) {
                left.add("the empty iptables table " + table + " (all policies ACCEPT): iptables cannot delete a table");
            } else if (!after.equals(before)) {
                left.add("iptables table " + table + " differs: " + after);
            }
        }
    }

    private static List<String> tables() throws IOException, InterruptedException {
        return run("iptables-save").lines().filter(l -> l.startsWith("*")).map(l -> l.substring(1)).toList();
    }

    private static List<String> rules(String table) throws IOException, InterruptedException {
        return run("iptables", "-t", table, "-S").lines().toList();
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + ": " + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
