package org.nsexplorer.helper.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.rootfs.ProgramLibraries;
import org.nsexplorer.helper.snapshot.HostComparison;
import org.nsexplorer.helper.snapshot.Snapshot;
import org.nsexplorer.helper.snapshot.Snapshotter;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.SpecParsers;
import org.nsexplorer.helper.store.ProgramRecords;

/**
 * The helper writes without databind what databind wrote before: live snapshots of the host
 * and of a real container, whole and compact (nulls left out), and the programs' records.
 */
class JsonOutputTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();
    /** As RequestHandler's compact snapshots were written. */
    private static final ObjectMapper DATABIND_COMPACT = new ObjectMapper().setDefaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    private static Engine engine;
    private static Snapshotter snapshotter;
    private static long pid;

    @BeforeAll
    static void launch() throws Exception {
        engine = Helper.openEngine(false);
        snapshotter = new Snapshotter(engine);
        Container container = engine.launch(ContainerSpec.of(List.of("/bin/sh", "-c",
                "sleep 300 & ipcmk -M 4096; wait")).withHostname("json-box")
                .withNamespaces(SpecParsers.parseNamespaces("mnt,uts,ipc,net,pid,user")).withMapRoot(2000)
                .withLimits(new Limits(OptionalLong.of(64L << 20), OptionalDouble.empty(), OptionalLong.of(50))),
                new ContainerListener() {
                });
        pid = container.started().get(20, TimeUnit.SECONDS);
        for (int i = 0; i < 200 && snapshotter.of(pid).ipc().sharedMemory().isEmpty(); i++) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The same text as databind wrote, byte for byte, whole and compact. */
    private static void sameAsDatabind(Object value, Object compact) throws Exception {
        assertEquals(DATABIND.writeValueAsString(value), new String(JsonOutput.bytes(value), StandardCharsets.UTF_8));
        assertEquals(DATABIND.readTree(DATABIND.writeValueAsBytes(value)), DATABIND.readTree(JsonOutput.bytes(value)));
        byte[] compactBytes = JsonOutput.bytes(new WithoutNulls(compact));
        assertEquals(DATABIND_COMPACT.writeValueAsString(compact), new String(compactBytes, StandardCharsets.UTF_8));
        assertEquals(DATABIND.readTree(DATABIND_COMPACT.writeValueAsBytes(compact)), DATABIND.readTree(compactBytes));
    }

    @Test
    void theHostsSnapshotIsWrittenAsDatabindWroteIt() throws Exception {
        Snapshot host = snapshotter.host();
        assertNotNull(host.system(), "the host's snapshot carries its system summary");
        sameAsDatabind(host, host.compact());
    }

    @Test
    void aContainersSnapshotIsWrittenAsDatabindWroteIt() throws Exception {
        Snapshot container = snapshotter.of(pid);
        assertFalse(container.ipc().sharedMemory().isEmpty(), "its ipcmk segment is there");
        assertTrue(container.processes().stream().anyMatch(p -> p.uid() != null), container.processes().toString());
        sameAsDatabind(container, container.compact());
    }

    @Test
    void aComparisonIsWrittenAsDatabindWroteIt() throws Exception {
        HostComparison comparison = snapshotter.compareWithHost(pid);
        // compact leaves out the mounts seen on one side only: nulls that the compact writing drops
        assertEquals(null, comparison.compact().comparison().mountsOnlyInContainer());
        sameAsDatabind(comparison, comparison.compact());
    }

    /** Nulls in maps and lists, as the snapshots may hold them. */
    @Test
    void nullsInMapsAndListsAreWrittenAsDatabindWroteThem() throws Exception {
        Map<String, Long> namespaces = new LinkedHashMap<>();
        namespaces.put("mnt", 4026531841L);
        namespaces.put("time", null);
        List<String> items = new ArrayList<>(Arrays.asList("a", null, "b"));
        record Shown(Map<String, Long> namespaces, List<String> items, Long missing, boolean up, double share) {
        }
        Shown shown = new Shown(namespaces, items, null, true, 0.25);
        sameAsDatabind(shown, shown);
    }

    /** The pretty form `nsx-helper snapshot` prints. */
    @Test
    void thePrettyFormIsDatabindsIndentedOne() throws Exception {
        Snapshot container = snapshotter.of(pid);
        assertEquals(DATABIND.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(container),
                JsonOutput.pretty(container));
    }

    /** A record written by the databind version of ProgramRecords is read back, and written the same. */
    @Test
    void programRecordsWrittenBeforeAreRead(@TempDir Path state) throws Exception {
        List<ProgramLibraries> programs = List.of(
                new ProgramLibraries("sh", "/usr/bin/sh", "/usr/bin/dash", Optional.of("/lib64/ld-linux-x86-64.so.2"),
                        List.of(new ProgramLibraries.Library("libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6",
                                "/lib/x86_64-linux-gnu/libc.so.6"))),
                new ProgramLibraries("busybox", "/usr/bin/busybox", "/bin/busybox", Optional.empty(), List.of()));
        // as the old code built it
        ObjectNode file = DATABIND.createObjectNode().put("format", 1);
        ArrayNode array = file.putArray("programs");
        for (ProgramLibraries p : programs) {
            ObjectNode o = array.addObject().put("name", p.name()).put("path", p.path())
                    .put("hostPath", p.hostPath()).put("static", p.isStatic());
            p.loader().ifPresent(l -> o.put("loader", l));
            ArrayNode libraries = o.putArray("libraries");
            for (ProgramLibraries.Library l : p.libraries()) {
                libraries.addObject().put("soname", l.soname()).put("path", l.path()).put("rootfsPath", l.rootfsPath());
            }
        }
        Path dir = Files.createDirectories(state.resolve("rootfs-programs"));
        Files.write(dir.resolve("old.json"), DATABIND.writeValueAsBytes(file));
        ProgramRecords records = new ProgramRecords(state);
        assertEquals(Optional.of(programs), records.read("old"));

        records.write("new", programs);
        assertEquals(DATABIND.writeValueAsString(file), Files.readString(dir.resolve("new.json")));
    }
}
