package org.nsexplorer.helper.snapshot;

import java.util.Map;

/**
 * A process as a snapshot shows it: its PID on the host and inside the snapshot's PID
 * namespace (nsPpid 0: its parent is outside), its uid inside and on the host.
 */
public record ProcessInfo(long hostPid, long hostPpid, long nsPid, long nsPpid, String comm, String cmdline,
        Long uid, long hostUid, String state, Map<String, Long> namespaces) {
}
