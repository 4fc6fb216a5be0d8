package org.nsexplorer.app.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.support.RealHelper;

/** The rootfs manager's list, parsed from the helper's rootfsList answer: a fixed one, and a real one. */
class StoredTest {

    private static ProgramLibraries program(Stored stored, String name) {
        return stored.programs().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + stored));
    }

    @Test
    void programsWithTheirLibrariesAStaticOneAndTreesWithoutPrograms() throws Exception {
        JsonNode answer = new ObjectMapper().readTree("""
                {"type":"rootfsList","id":"a1","rootfs":[
                  {"name":"debian","path":"/var/lib/nsx-explorer/rootfs/debian"},
                  {"name":"tiny","path":"/var/lib/nsx-explorer/rootfs/tiny","programs":[
                    {"name":"bash","path":"/usr/bin/bash","hostPath":"/usr/bin/bash","static":false,
                     "loader":"/lib64/ld-linux-x86-64.so.2","libraries":[
                       {"soname":"libtinfo.so.6","path":"/lib/x86_64-linux-gnu/libtinfo.so.6",
                        "rootfsPath":"/lib/x86_64-linux-gnu/libtinfo.so.6"},
                       {"soname":"libfoo.so.1","path":"/opt/foo/lib/libfoo.so.1",
                        "rootfsPath":"/usr/local/lib/libfoo.so.1"},
                       {"soname":"libc.so.6","path":"/lib/x86_64-linux-gnu/libc.so.6",
                        "rootfsPath":"/lib/x86_64-linux-gnu/libc.so.6"}]},
                    {"name":"busybox","path":"/usr/bin/busybox","hostPath":"/bin/busybox","static":true,
                     "libraries":[]}]}],
                 "layers":[{"name":"app","path":"/var/lib/nsx-explorer/layers/app"}],
                 "busybox":true,"debootstrap":false}""");
        List<Stored> stored = Stored.listed(answer);

        assertEquals(List.of("rootfs debian", "rootfs tiny", "layer app"),
                stored.stream().map(s -> s.kind() + " " + s.name()).toList());
        assertEquals(List.of(), stored.get(0).programs(), "a rootfs not built from host programs");
        assertEquals(List.of(), stored.get(2).programs());
        ProgramLibraries bash = program(stored.get(1), "bash");
        assertEquals("/usr/bin/bash", bash.path());
        assertEquals("/lib64/ld-linux-x86-64.so.2", bash.loader());
        assertFalse(bash.isStatic());
        assertEquals(List.of("libtinfo.so.6", "libfoo.so.1", "libc.so.6"),
                bash.libraries().stream().map(ProgramLibraries.Library::soname).toList(), "in ldd's order");
        assertEquals(List.of(false, true, false),
                bash.libraries().stream().map(ProgramLibraries.Library::movedInRootfs).toList());
        ProgramLibraries busybox = program(stored.get(1), "busybox");
        assertTrue(busybox.isStatic());
        assertEquals("", busybox.loader());
        assertEquals(List.of(), busybox.libraries());
    }

    @Test
    void controlCharactersFromTheHelperAreShownAsQuestionMarks() throws Exception {
        JsonNode answer = new ObjectMapper().readTree("{\"rootfs\":[{\"name\":\"t\",\"path\":\"/t\",\"programs\":[{"
                + "\"name\":\"a\\u001b[2Jb\",\"path\":\"/usr/bin/a\",\"hostPath\":\"/x\",\"static\":true}]}]}");
        assertEquals("a?[2Jb", Stored.listed(answer).get(0).programs().get(0).name());
    }

    @Test
    void aRealHelpersAnswerForARootfsOfBash() throws Exception {
        String name = "app-libs-" + ProcessHandle.current().pid();
        ContainerSession session = new ContainerSession(Runnable::run);
        try (HelperConnection helper = RealHelper.start(session)) {
            HelperClient client = new HelperClient(helper);
            JsonNode made = client.rootfsMake(name, HelperClient.RootfsSource.programs(List.of("bash")), p -> { })
                    .answer().get(60, TimeUnit.SECONDS);
            assertEquals("rootfsMade", made.path("type").asText(), made.toString());
            try {
                JsonNode answer = client.rootfsList().get(20, TimeUnit.SECONDS);
                Stored tiny = Stored.listed(answer).stream().filter(s -> s.name().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " not listed: " + answer));
                assertEquals(List.of("bash"), tiny.programs().stream().map(ProgramLibraries::name).toList());
                ProgramLibraries bash = tiny.programs().get(0);
                assertFalse(bash.isStatic());
                assertTrue(bash.loader().startsWith("/") && bash.loader().contains("ld-"), bash.toString());
                assertTrue(bash.libraries().stream().anyMatch(l -> l.soname().equals("libc.so.6")
                        && l.path().endsWith("/libc.so.6")), bash.toString());
            } finally {
                client.rootfsRemove(name).get(20, TimeUnit.SECONDS);
            }
        }
    }
}
