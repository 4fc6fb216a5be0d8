package org.nsexplorer.helper.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.nsexplorer.helper.cgroup.OwnerTag;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.snapshot.ProcEntry;
import org.nsexplorer.helper.snapshot.SeeingRule;

/**
 * `discover`: the containers on the host that this helper did not make, from one scan of
 * /proc by the stage. A caller other than root finds only those it may look at (SeeingRule).
 */
public final class Discoverer {
    private static final Path PROC = Path.of("/proc");
    private final Engine engine;
    private final SeeingRule seeing;
    private final EngineRecords records;
    private final String oursPrefix = OwnerTag.current().namePrefix();

    public Discoverer(Engine engine, SeeingRule seeing, EngineRecords records) {
        this.engine = engine;
        this.seeing = seeing;
        this.records = records;
    }

    /** What `discover` answers. */
    public record Found(List<FoundContainer> containers) {
    }

    public Found discover() throws IOException {
        List<ProcEntry> processes;
        try {
            processes = engine.stage().scanProcesses(false).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Map<String, Long> host = ProcEntry.read(PROC, ProcessHandle.current().pid()).orElseThrow().namespaces();
        List<FoundContainer> found = Discovery.find(processes, host, ProcessHandle.current().pid(),
                Discoverer::cgroupOf,
                name -> name.startsWith(oursPrefix), records);
        return new Found(found.stream().filter(c -> seeing.allows(c.hostPid()))
                .map(c -> seeing.mayReadRecordsOf(c.engine()) ? c : c.withoutRecords()).toList());
    }

    private static String cgroupOf(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("cgroup"));
        } catch (IOException | RuntimeException e) {
            return ""; // ended since the scan
        }
    }
}
