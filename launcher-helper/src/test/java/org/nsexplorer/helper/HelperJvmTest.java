package org.nsexplorer.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The helper's JVM options are written once, in jvm.options: java reads the file as the
 * scripts hand it over (java @FILE), the bench and the tests as HelperJvm reads it, and the two
 * readings must be the same flags. No script that starts the helper keeps a list of its own.
 */
class HelperJvmTest {
    private static final Path OPTIONS = Path.of("src/main/resources/org/nsexplorer/helper/jvm.options");

    @Test
    void javaReadsTheFileAsHelperJvmDoes() throws Exception {
        List<String> fromFile = commandLineFlags(List.of("@" + OPTIONS.toAbsolutePath()));
        List<String> fromHelperJvm = commandLineFlags(HelperJvm.options());
        assertTrue(fromFile.stream().anyMatch(f -> f.startsWith("MaxHeapSize=")), "no heap size set: " + fromFile);
        assertEquals(fromFile, fromHelperJvm);
    }

    @Test
    void everyScriptThatStartsTheHelperHandsJavaTheFile() throws Exception {
        int starts = 0;
        for (String script : List.of("../nsx-helper", "../packaging/build-deb", "../packaging/install-helper")) {
            // A command, its continued lines joined; the helper's are the ones that run a jar.
            for (String command : Files.readString(Path.of(script)).split("(?<!\\\\)\n")) {
                if (!command.contains(" -jar ")) {
                    continue;
                }
                starts++;
                assertTrue(command.contains("helper/jvm.options\" ") || command.contains("nsx-helper.jvm-options"),
                        script + " starts the helper without jvm.options: " + command);
                for (String option : HelperJvm.options()) {
                    assertFalse(command.contains(option), script + " sets " + option + " itself (keep it in "
                            + OPTIONS + "): " + command);
                }
            }
        }
        assertEquals(5, starts, "the helper's starts in the three scripts");
    }

    /** The flags java says were set on its command line ("MaxHeapSize=67108864"), in its order. */
    private static List<String> commandLineFlags(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), said);
        return said.lines().filter(l -> l.contains("{command line}") && !l.contains("PrintFlagsFinal"))
                .map(l -> l.trim().split("\\s+")).map(w -> w[1] + "=" + w[3]).toList();
    }
}
