package org.nsexplorer.helper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.snapshot.ProcEntry;

/**
 * The engines' records, in a directory laid out as a host's: a record is believed only when it
 * names the container's first process itself, and only a file of the engine's own is read.
 */
class EngineRecordsTest {
    private static final String ID = "4f1c0a5e9d2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";
    private static final String ROOTS = "0::/docker/" + ID;

    private static Path dockerRecord(Path root, long pid) throws Exception {
        Path dir = Files.createDirectories(root.resolve("var/lib/docker/containers").resolve(ID));
        return Files.writeString(dir.resolve("config.v2.json"), "{\"Name\":\"/web\",\"State\":{\"Pid\":" + pid
                + "},\"Config\":{\"Image\":\"classroom/busybox:1\"}}");
    }

    private static EngineRecords.Record dockerLookUp(Path root, String cgroup, long pid) {
        return new EngineRecords(root).lookUp(Clue.of(Maker.DOCKER, ID), cgroup, List.of(), pid);
    }

    @Test
    void dockersRecordNamesTheContainerWhoseFirstProcessItNames(@TempDir Path root) throws Exception {
        dockerRecord(root, 4242);
        assertEquals(new EngineRecords.Record(Optional.of("web"), Optional.of("classroom/busybox:1")),
                dockerLookUp(root, ROOTS, 4242));
        assertEquals(EngineRecords.Record.NONE, dockerLookUp(root, ROOTS, 999),
                "a process that only claims the id: nobody's name");
    }

    @Test
    void aUsersDelegatedCgroupOrAParentsWordReadsNoRootRecord(@TempDir Path root) throws Exception {
        dockerRecord(root, 4242);
        assertEquals(EngineRecords.Record.NONE, dockerLookUp(root,
                "0::/user.slice/user-1000.slice/user@1000.service/docker-" + ID + ".scope", 4242));
        assertEquals(EngineRecords.Record.NONE, dockerLookUp(root, "", 4242), "from a parent's command line");
    }

    @Test
    void aLinkedOrHugeRecordIsNoRecord(@TempDir Path root) throws Exception {
        Path real = dockerRecord(root, 4242);
        Path elsewhere = Files.move(real, root.resolve("elsewhere.json"));
        Files.createSymbolicLink(real, elsewhere);
        assertEquals(EngineRecords.Record.NONE, dockerLookUp(root, ROOTS, 4242));
        Files.delete(real);
        Files.write(real, new byte[(4 << 20) + 1]);
        assertEquals(EngineRecords.Record.NONE, dockerLookUp(root, ROOTS, 4242));
    }

    @Test
    void kubernetesUnderContainerdIsNamedFromItsBundleWhenItsInitPidMatches(@TempDir Path root) throws Exception {
        Path bundle = Files.createDirectories(root.resolve("run/containerd/io.containerd.runtime.v2.task/k8s.io")
                .resolve(ID));
        Files.writeString(bundle.resolve("config.json"), "{\"annotations\":{\"io.kubernetes.cri.container-name\":"
                + "\"nginx\",\"io.kubernetes.cri.sandbox-name\":\"web-7d4\",\"io.kubernetes.cri.image-name\":"
                + "\"nginx:1.25\"}}");
        Files.writeString(bundle.resolve("init.pid"), "5151");
        EngineRecords records = new EngineRecords(root);
        String cgroup = "0::/kubepods/besteffort/pod1/" + ID;
        assertEquals(new EngineRecords.Record(Optional.of("web-7d4/nginx"), Optional.of("nginx:1.25")),
                records.lookUp(Clue.of(Maker.KUBERNETES, ID), cgroup, List.of(), 5151));
        assertEquals(EngineRecords.Record.NONE, records.lookUp(Clue.of(Maker.KUBERNETES, ID), cgroup, List.of(), 5152));
    }

    @Test
    void podmansNameIsItsParentConmons(@TempDir Path root) {
        List<ProcEntry> table = List.of(
                new ProcEntry(300, 1, new long[] {300}, "conmon", "conmon -c " + ID + " -n web", 0, "S", Map.of()),
                new ProcEntry(301, 300, new long[] {301, 1}, "sh", "sh", 0, "S", Map.of()),
                new ProcEntry(400, 1, new long[] {400}, "sh", "sh", 1000, "S", Map.of()));
        EngineRecords records = new EngineRecords(root);
        assertEquals(Optional.of("web"), records.lookUp(Clue.of(Maker.PODMAN, ID), "", table, 301).name());
        assertEquals(Optional.empty(), records.lookUp(Clue.of(Maker.PODMAN, ID), "", table, 400).name(),
                "a conmon that is not its parent names nothing of it");
    }
}
