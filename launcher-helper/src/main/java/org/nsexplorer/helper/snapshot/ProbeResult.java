package org.nsexplorer.helper.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nsexplorer.helper.stage.StageEvent;

/**
 * What the stage's prober saw from inside a process's UTS, IPC and net namespaces,
 * assembled from its tagged lines. pidNamespaceProcesses: the processes its PID namespace
 * shows, as the kernel listed them; null when the prober did not list them (the host's own
 * PID namespace, or a kernel that cannot), which a scan of /proc then finds.
 */
public record ProbeResult(Map<String, Long> namespaces, String hostname, String domainname,
        List<NetInterface> interfaces, IpcObjects ipc, List<ProcEntry> pidNamespaceProcesses) {

    /** Collects probe lines until "end". Not thread-safe: one event thread feeds it. */
    public static final class Builder implements ProbeCollector<ProbeResult> {
        private final Map<String, Long> namespaces = new HashMap<>();
        private final Map<Integer, NetInterface.Builder> links = new LinkedHashMap<>();
        private final List<IpcObjects.Shm> shm = new ArrayList<>();
        private final List<IpcObjects.Sem> sem = new ArrayList<>();
        private final List<IpcObjects.Msg> msg = new ArrayList<>();
        private final ProcessScan pidNamespace = new ProcessScan();
        private boolean listed;
        private String hostname = "";
        private String domainname = "";

        @Override
        public void accept(StageEvent.ProbeLine line) {
            List<String> f = line.fields();
            switch (line.kind()) {
                case "ns" -> namespaces.put(f.get(0), Long.parseLong(f.get(1)));
                case "uts" -> {
                    hostname = decode(f.get(0));
                    domainname = decode(f.get(1));
                }
                case "link" -> links.put(Integer.parseInt(f.get(0)), new NetInterface.Builder(
                        Integer.parseInt(f.get(0)), decode(f.get(1)), Long.parseLong(f.get(2)),
                        Integer.parseInt(f.get(3)), f.get(4).equals("-") ? "" : f.get(4), Integer.parseInt(f.get(5))));
                case "addr" -> {
                    NetInterface.Builder link = links.get(Integer.parseInt(f.get(0)));
                    if (link != null) {
                        link.addresses.add(new NetInterface.Address(f.get(1).equals("4") ? "ipv4" : "ipv6", f.get(2),
                                Integer.parseInt(f.get(3))));
                    }
                }
                case "shm" -> shm.add(IpcObjects.Shm.of(f));
                case "sem" -> sem.add(IpcObjects.Sem.of(f));
                case "msg" -> msg.add(IpcObjects.Msg.of(f));
                case "proc" -> pidNamespace.accept(line);
                // "unlisted ERRNO" leaves it false: lines before it are an incomplete list
                case "listed" -> listed = true;
                default -> {
                    // a newer stage may report more; this broker ignores what it does not know
                }
            }
        }

        @Override
        public ProbeResult build() {
            return new ProbeResult(Map.copyOf(namespaces), hostname, domainname,
                    links.values().stream().map(NetInterface.Builder::build).toList(),
                    new IpcObjects(List.copyOf(shm), List.copyOf(sem), List.copyOf(msg)),
                    listed ? pidNamespace.build() : null);
        }

        private static String decode(String encoded) {
            return ProcessScan.decode(encoded);
        }
    }
}
