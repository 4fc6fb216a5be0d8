package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.json.JsonOutput;
import org.nsexplorer.helper.spec.Namespace;

/**
 * Request lines for the fuzz bench, from a seed: a request of every type, filled from small
 * dictionaries of plausible values, then mutated in its JSON (a field dropped, added or given a
 * value of another type, size or encoding) or in its bytes (cut, flipped, spliced, doubled,
 * made invalid UTF-8, nested deep, padded past 1 MiB). The same seed gives the same lines.
 *
 * What a valid request may do is kept harmless by the dictionaries: short commands only,
 * files and rootfs names only inside the bench's own scratch directory and state directory,
 * no debootstrap (it would download); the bench stops every container that gets launched.
 */
final class FuzzRequests {
    private static final String[] TYPES = {"launch", "commands", "signal", "stop", "list", "snapshot", "input",
        "resize", "ping", "loopback", "changes", "keepLayer", "rootfsList", "rootfsMake", "rootfsExport",
        "rootfsCheck", "rootfsRemove", "cancel"};
    private static final int[] WEIGHTS = {16, 6, 6, 4, 3, 5, 5, 5, 5, 4, 4, 4, 2, 3, 2, 4, 3, 3};
    private static final List<List<String>> COMMANDS = List.of(List.of("/bin/true"), List.of("/bin/echo", "hi"),
            List.of("/bin/sh", "-c", "exit 3"), List.of("/bin/sleep", "0.2"), List.of("/bin/sh"), List.of("true"),
            List.of("/bin/hostname"), List.of("/no/such/program"), List.of("/bin/cat", "/proc/self/status"));
    private static final String[] MOUNTS = {"proc", "dev", "tmp", "sys"};
    private static final String[] NETWORKS = {"host", "isolated", "veth", "bridge"};
    private static final String[] KINDS = {"import", "programs", "busybox", "make", ""};
    private static final String[] PROGRAMS = {"sh", "ls", "cat", "no-such-program", "../sh", "/bin/sh"};

    private final Random random;
    private final Path scratch;
    private int launched;

    FuzzRequests(long seed, Path scratch) {
        this.random = new Random(seed);
        this.scratch = scratch;
    }

    /** How many containers serve has launched so far: targets are picked among their ids. */
    void launchedSoFar(int count) {
        this.launched = count;
    }

    /** Line N (its id is "f" + N unless a mutation changed it). */
    byte[] line(int n) {
        JsonObject request = request(TYPES[weighted()], "f" + n, n);
        double roll = random.nextDouble();
        byte[] line;
        if (roll < 0.25) {
            line = bytes(request);
        } else if (roll < 0.75) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                mutateTree(request);
            }
            line = bytes(request);
        } else {
            line = mutateBytes(bytes(request));
        }
        return isBlank(line) ? "{}".getBytes(StandardCharsets.UTF_8) : line;
    }

    private int weighted() {
        int total = Arrays.stream(WEIGHTS).sum();
        int pick = random.nextInt(total);
        for (int i = 0; i < WEIGHTS.length; i++) {
            pick -= WEIGHTS[i];
            if (pick < 0) {
                return i;
            }
        }
        return 0;
    }

    private JsonObject request(String type, String id, int n) {
        JsonObject r = new JsonObject().put("type", type).put("id", id);
        switch (type) {
            case "launch", "commands" -> r.put("spec", spec(n));
            case "signal" -> {
                r.put("container", container()).put("signal", pick(15, 9, 1, 19, 18, 0, 64, 65));
                // Never a real host process but the bench's own: should the check fail, the bench dies of it.
                // Chosen by N, not drawn: the random sequence (and so each seed's requests) stays as it was.
                long[] pids = {0, -1, ProcessHandle.current().pid(), 4_194_305L, Long.MAX_VALUE};
                if (n % 2 == 0) {
                    r.put("pid", pids[(n / 2) % pids.length]);
                }
            }
            case "stop", "loopback", "changes" -> r.put("container", container());
            case "snapshot" -> {
                if (random.nextBoolean()) {
                    r.put("container", container());
                } else if (random.nextBoolean()) {
                    r.put("pid", pick(1L, 2L, ProcessHandle.current().pid(), 4_000_000L));
                }
                maybe(r, "compareHost", true);
                maybe(r, "compact", true);
            }
            case "input" -> r.put("container", container()).put("data", Base64.getEncoder().encodeToString(
                    pick("echo hi\n", "exit\n", "\u0003", "ls\n").getBytes(StandardCharsets.UTF_8)));
            case "resize" -> r.put("container", container()).put("rows", pick(24, 40, 1, 1000)).put("cols",
                    pick(80, 100, 1, 1000));
            case "ping" -> {
                if (random.nextBoolean()) {
                    r.put("from", container());
                }
                r.put("to", random.nextInt(4) == 0 ? "host" : container());
                maybe(r, "count", pick(1, 2, 10, 0, 11));
            }
            case "keepLayer" -> r.put("container", container()).put("name", "fz-layer-" + n);
            case "rootfsMake" -> {
                String kind = pick(KINDS);
                r.put("kind", kind).put("name", "fz-" + n);
                if (kind.equals("import")) {
                    r.put("file", scratch.resolve(pick("missing.tar", "out.tar.gz", "bad.cpio")).toString());
                } else if (kind.equals("programs")) {
                    JsonArray programs = r.putArray("programs");
                    for (int i = random.nextInt(3); i >= 0; i--) {
                        programs.add(pick(PROGRAMS));
                    }
                }
            }
            case "rootfsExport" -> r.put("name", pick("fz-" + random.nextInt(n + 1), "no-such", "fz-layer-"
                    + random.nextInt(n + 1))).put("file", scratch.resolve("out-" + n + pick(".tar", ".tar.gz",
                    ".cpio", ".zip")).toString());
            case "rootfsCheck" -> r.put("rootfs", pick("default", scratch.toString(), "no-such", "fz-"
                    + random.nextInt(n + 1))).put("command", pick("/bin/sh", "/bin/true", "nothing"));
            case "rootfsRemove" -> r.put("name", pick("fz-" + random.nextInt(n + 1), "fz-layer-"
                    + random.nextInt(n + 1), "no-such"));
            case "cancel" -> r.put("job", "f" + random.nextInt(n + 1));
            default -> {
                // list and rootfsList take no more
            }
        }
        return r;
    }

    private JsonObject spec(int n) {
        JsonObject spec = new JsonObject();
        JsonArray command = spec.putArray("command");
        pick(COMMANDS).forEach(command::add);
        if (random.nextInt(3) == 0) {
            JsonArray ns = spec.putArray("namespaces");
            for (String name : Namespace.PROC_NAMES) {
                if (random.nextInt(3) == 0) {
                    ns.add(name);
                }
            }
        }
        maybe(spec, "hostname", pick("fz", "box-1", "a.b"));
        maybe(spec, "memory", pick("64M", "32M", "1G", "0"));
        maybe(spec, "cpus", pick("0.5", "1", "0"));
        maybe(spec, "pids", pick(64L, 16L, 1L));
        if (random.nextInt(4) == 0) {
            JsonArray mounts = spec.putArray("mounts");
            for (String name : MOUNTS) {
                if (random.nextBoolean()) {
                    mounts.add(name);
                }
            }
        }
        maybe(spec, "rootSwitch", pick("pivot", "chroot"));
        maybe(spec, "mapRoot", pick(0L, 1000L, 65534L));
        maybe(spec, "boottime", pick(0L, 86400L, -3600L));
        maybe(spec, "monotonic", pick(0L, 3600L));
        maybe(spec, "terminal", true);
        maybe(spec, "network", pick(NETWORKS));
        if (random.nextInt(8) == 0) { // a shell in another's container: PIDs that are none, or the host's
            spec.put("enter", pick(1L, 0L, -5L, 4_000_000L, ProcessHandle.current().pid()));
        }
        if (random.nextInt(8) == 0) {
            JsonObject join = spec.putObject("join").put("container", container());
            join.putArray("namespaces").add(pick(List.copyOf(Namespace.joinable())).procName());
        }
        if (random.nextInt(8) == 0) {
            JsonObject overlay = spec.putObject("overlay");
            if (random.nextBoolean()) {
                overlay.putArray("layers").add("fz-layer-" + random.nextInt(n + 1));
            }
            if (random.nextBoolean()) {
                overlay.put("keepAs", "fz-layer-" + n);
            }
        }
        return spec;
    }

    /** A container id that may exist (one launched so far), or one that does not. */
    private String container() {
        return random.nextInt(6) == 0 ? pick("c0", "c999999", "", "host") : "c" + (1 + random.nextInt(launched + 2));
    }

    // ---------- mutations ----------

    /** Drops, adds or replaces one field somewhere in the request. */
    private void mutateTree(JsonObject request) {
        JsonObject target = request;
        if (request.get("spec") instanceof JsonObject spec && random.nextBoolean()) {
            target = spec;
        }
        List<String> names = new ArrayList<>();
        names.addAll(target.fields().keySet());
        int what = random.nextInt(10);
        if (what == 0 && !names.isEmpty()) {
            target.remove(pick(names));
        } else if (what == 1 || names.isEmpty()) {
            target.put(pick("colour", "Type", "ID", "spec2", "\u0000", "x".repeat(100), "type "), weird());
        } else if (what == 2 && target.get("command") instanceof JsonArray command) {
            command.add(weird());
        } else {
            target.put(pick(names), weird());
        }
    }

    /** A value of any type, size or encoding. */
    private Object weird() {
        return switch (random.nextInt(24)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 2147483648L, 4294967297L);
            case 3 -> pick(1.5, -0.0, 1e308, Double.MIN_VALUE);
            case 4 -> new BigInteger("9".repeat(1 + random.nextInt(60)));
            case 5 -> "";
            case 6 -> pick("launch", "list", "snapshot", "c1", "default", "host", "-1", "1e400");
            case 7 -> "a\u0000b";
            case 8 -> "\u0001\u001b[2J\r\t\u007f";
            case 9 -> "\ud800";
            case 10 -> "\u202e\u00e9\u4e2d\ud83d\ude00\ufeff\uffff";
            case 11 -> "x".repeat(pick(100, 5000, 70_000, 300_000));
            case 12 -> "../../../etc/passwd".substring(random.nextInt(10));
            case 13 -> "%s%n%x" + "\\".repeat(random.nextInt(5));
            case 14 -> {
                JsonArray array = new JsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(pick("mnt", "proc", "/bin/true", "", "c1"));
                }
                yield array;
            }
            case 15 -> {
                JsonArray array = new JsonArray();
                for (int i = pick(300, 5000, 90_000); i > 0; i--) {
                    array.add(random.nextBoolean() ? (Object) i : "a");
                }
                yield array;
            }
            case 16 -> {
                Object deep = "bottom";
                for (int i = pick(5, 17, 40, 900); i > 0; i--) { // Jackson writes at most 1000 deep
                    deep = random.nextBoolean() ? new JsonArray().add(deep) : new JsonObject().put("a", deep);
                }
                yield deep;
            }
            case 17 -> new JsonObject();
            case 18 -> new JsonObject().put("type", "list").put("id", "inner");
            case 19 -> new JsonArray();
            case 20 -> random.nextLong();
            case 21 -> -random.nextInt(100_000);
            default -> randomText(1 + random.nextInt(40));
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : 1 + random.nextInt(0x2ffff));
        }
        return text.toString().replace('\n', ' ');
    }

    /** Cuts, flips, splices or pads the bytes of a line (never adding a newline, which would make two lines). */
    private byte[] mutateBytes(byte[] line) {
        switch (random.nextInt(11)) {
            case 0:
                return Arrays.copyOf(line, random.nextInt(line.length + 1));
            case 1: {
                byte[] copy = line.clone();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    copy[random.nextInt(copy.length)] = randomByte();
                }
                return copy;
            }
            case 2: {
                int at = random.nextInt(line.length + 1);
                byte[] insert = new byte[1 + random.nextInt(8)];
                for (int i = 0; i < insert.length; i++) {
                    insert[i] = randomByte();
                }
                return splice(line, at, insert);
            }
            case 3:
                return splice(line, line.length, line); // two objects on one line
            case 4:
                return concat("[".getBytes(StandardCharsets.UTF_8), line, "]".getBytes(StandardCharsets.UTF_8));
            case 5:
                return concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, line, new byte[0]);
            case 6:
                return splice(line, random.nextInt(line.length + 1), new byte[] {(byte) (int) pick(0xff, 0xc0, 0xed, 0x80)});
            case 7: {
                // past the 1 MiB line limit (rarely: each costs a megabyte or more through the pipe)
                if (random.nextInt(8) != 0) {
                    return splice(line, line.length, " ".repeat(random.nextInt(64)).getBytes(StandardCharsets.UTF_8));
                }
                byte[] pad = new byte[(1 << 20) + random.nextInt(2 << 20)];
                Arrays.fill(pad, (byte) 'x');
                return concat(line, pad, new byte[0]);
            }
            case 8:
                return "[".repeat(pick(10, 100, 100_000)).getBytes(StandardCharsets.UTF_8);
            case 9:
                return pick("null", "42", "\"list\"", "true", "{", "}", "{\"type\":\"list\",\"id\":\"f\"",
                        "{\"type\":\"list\",\"id\":\"\\ud800\"}", "{\"type\":\"list\",\"id\":\"\\u0000\"}")
                        .getBytes(StandardCharsets.UTF_8);
            default: {
                int from = random.nextInt(line.length);
                int to = from + random.nextInt(line.length - from + 1);
                return splice(line, random.nextInt(line.length + 1), Arrays.copyOfRange(line, from, to));
            }
        }
    }

    private byte randomByte() {
        byte b;
        do {
            b = (byte) random.nextInt(256);
        } while (b == '\n');
        return b;
    }

    private static byte[] splice(byte[] line, int at, byte[] insert) {
        byte[] out = new byte[line.length + insert.length];
        System.arraycopy(line, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(line, at, out, at + insert.length, line.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(JsonObject request) {
        try {
            return JsonOutput.bytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void maybe(JsonObject node, String field, Object value) {
        if (random.nextInt(3) != 0) {
            return;
        }
        if (value instanceof Boolean b) {
            node.put(field, b);
        } else if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else {
            node.put(field, String.valueOf(value));
        }
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
