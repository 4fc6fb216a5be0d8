package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.containers.Namespace;

/** The host's side before the helper answers: read by the app itself, then replaced by the helper's. */
class HostSideTest {

    /**
     * `readlink /proc/1/ns/TYPE...` run as a command: the namespaces of the host's init, by
     * type. Where even root may not read init's (a sandbox whose init is in a parent user
     * namespace), the command's own: /proc/self/ns as another process of the host sees it.
     */
    private static Map<Namespace, Long> initNamespaces() throws Exception {
        String pid = Files.isReadable(Path.of("/proc/1/ns")) && readlink("1").exitValue() == 0 ? "1"
                : "self";
        Process p = readlink(pid);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Map<Namespace, Long> byType = new EnumMap<>(Namespace.class);
        for (String line : out.strip().split("\n")) {
            byType.put(Namespace.fromProcName(line.substring(0, line.indexOf(':'))).orElseThrow(), Long.parseLong(line.replaceAll(".*\\[(\\d+)\\]", "$1")));
        }
        return byType;
    }

    private static Process readlink(String pid) throws Exception {
        List<String> argv = new ArrayList<>(List.of("readlink"));
        for (Namespace t : Namespace.values()) {
            argv.add("/proc/" + pid + "/ns/" + t.procName());
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.waitFor();
        return p;
    }

    @Test
    void theAppsOwnNamespacesAreTheHostsInitsAndSoIsItsHostname() throws Exception {
        HostSide own = HostSide.readOwn();
        Map<Namespace, Long> init = initNamespaces();
        assertEquals(8, init.size(), init.toString());
        assertEquals(init, own.namespaces());
        Process hostname = new ProcessBuilder("hostname").start();
        assertEquals(new String(hostname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                own.hostname());
    }

    @Test
    void aTypeTheKernelLacksIsLeftOutNotGuessed(@TempDir Path dir) throws IOException {
        Path ns = Files.createDirectory(dir.resolve("ns"));
        Files.createSymbolicLink(ns.resolve("pid"), Path.of("pid:[4026531836]"));
        Files.createSymbolicLink(ns.resolve("net"), Path.of("something else"));
        Path name = Files.writeString(dir.resolve("hostname"), "classroom\n");
        HostSide side = HostSide.read(name, ns);
        assertEquals("classroom", side.hostname());
        assertEquals(Map.of(Namespace.PID, 4026531836L), side.namespaces());
    }

    @Test
    void theHelpersAnswerReplacesTheAppsOwnReadingAndIsNeverReplacedByIt() throws Exception {
        CompareModel model = new CompareModel();
        assertNull(model.hostProperty().get());
        HostSide own = new HostSide("from-the-app", Map.of(Namespace.PID, 1L));
        model.showOwnHost(own);
        assertEquals(own, model.hostProperty().get());

        CompareSnapshot snapshot = CompareSnapshot.parse(new ObjectMapper().readTree("{\"host\":{\"hostname\":"
                + "\"from-the-helper\",\"namespaces\":{\"pid\":7},\"processes\":[]},\"container\":{\"hostname\":\"c\","
                + "\"namespaces\":{\"pid\":8},\"processes\":[]},\"comparison\":{\"namespaces\":{\"pid\":\"private\"}}}"));
        model.show(snapshot);
        assertEquals("from-the-helper", model.hostProperty().get().hostname());
        assertEquals(7L, model.hostProperty().get().namespaces().get(Namespace.PID));
        // No container compared any more: the host's side stays as the helper last said it.
        model.show(null);
        assertEquals("from-the-helper", model.hostProperty().get().hostname());
        model.showOwnHost(own);
        assertEquals("from-the-helper", model.hostProperty().get().hostname(), "a late reading of the app's own");
        assertFalse(model.hostProperty().get().namespaces().isEmpty());
        assertTrue(model.latestProperty().get() == null);
    }
}
