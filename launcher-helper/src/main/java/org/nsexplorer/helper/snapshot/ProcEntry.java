package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nsexplorer.helper.spec.Namespace;

/**
 * One process as the host sees it, read from /proc/PID: its PIDs from the host's PID
 * namespace down to its own (NSpid), its parent, names, real uid, state and namespaces.
 */
public record ProcEntry(long hostPid, long hostPpid, long[] nsPids, String comm, String cmdline, long hostUid,
        String state, Map<String, Long> namespaces) {

    /** The depth of its PID namespace: 0 for the host's. */
    public int level() {
        return nsPids.length - 1;
    }

    /** Reads PID; empty when it vanished meanwhile (ENOENT, ESRCH): processes come and go. */
    public static Optional<ProcEntry> read(Path proc, long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            String status = new String(Files.readAllBytes(dir.resolve("status")), StandardCharsets.UTF_8);
            String comm = "";
            String state = "";
            long ppid = 0;
            long uid = -1;
            long[] nsPids = {pid};
            for (String line : status.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String value = line.substring(colon + 1).trim();
                switch (line.substring(0, colon)) {
                    case "Name" -> comm = value;
                    case "State" -> state = value.isEmpty() ? "" : value.substring(0, 1);
                    case "PPid" -> ppid = Long.parseLong(value);
                    case "Uid" -> uid = Long.parseLong(value.split("\\s+")[0]);
                    case "NSpid" -> nsPids = Arrays.stream(value.split("\\s+")).mapToLong(Long::parseLong)
                            .toArray();
                    default -> {
                    }
                }
            }
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            Map<String, Long> ns = new LinkedHashMap<>();
            for (String type : Namespace.PROC_NAMES) {
                ns.put(type, namespaceInodeOrNull(dir.resolve("ns").resolve(type)));
            }
            return Optional.of(new ProcEntry(pid, ppid, nsPids, comm, cmdline, uid, state,
                    Collections.unmodifiableMap(ns)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Null when the link cannot be read: on some hosts even root may not read PID 1's
     * (it holds a capability root lacks); the process is still listed.
     */
    private static Long namespaceInodeOrNull(Path link) {
        try {
            return namespaceInode(link);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The namespace of TYPE, or -1 when unreadable. */
    public long namespace(String type) {
        Long inode = namespaces.get(type);
        return inode == null ? -1 : inode;
    }

    /** "mnt:[4026531841]" -> 4026531841 */
    public static long namespaceInode(Path link) throws IOException {
        String target = Files.readSymbolicLink(link).toString();
        return Long.parseLong(target.substring(target.indexOf('[') + 1, target.length() - 1));
    }
}
