package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.support.AppClasspath;
import org.nsexplorer.app.support.ProcessOutput;
import org.nsexplorer.app.support.TestUser;

/**
 * The app as a door to the root helper: its pipe to the helper's stdin must not be reachable
 * by another process of the same user through /proc/APP/fd/N (issue 9). A real user runs a
 * JVM that connects as the app does; a second process of that user tries to write into the
 * pipe and must be refused with EACCES.
 */
class AppDoorTest {

    @Test
    void anotherProcessOfTheSameUserCannotWriteIntoTheHelpersPipe(@TempDir Path dir) throws Exception {
        try (TestUser user = TestUser.create("door")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            String classpath = AppClasspath.readableCopy(dir.resolve("cp"));
            Process probe = user.as(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-XX:+UseSerialGC", "-XX:-UsePerfData", AppClasspath.nativeOption(dir.resolve("cp")), "-cp",
                    classpath, DoorProbe.class.getName()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                assertEquals("connected", firstLine(probe), "the probe did not connect");
                ProcessHandle helper = ProcessHandle.of(probe.pid()).orElseThrow().children().findFirst()
                        .orElseThrow(() -> new AssertionError("the probe has no helper child"));
                int fd = writeEndOfStdinOf(helper.pid(), probe.pid());

                Process inject = user.as(List.of("/bin/sh", "-c",
                        "printf '{\"type\":\"list\"}\\n' > /proc/" + probe.pid() + "/fd/" + fd))
                        .redirectErrorStream(true).start();
                String said = ProcessOutput.of(inject, 60);
                assertNotEquals(0, inject.exitValue(),
                        "another process of " + user.name() + " wrote a request into the helper's pipe");
                assertTrue(said.contains("Permission denied"), "refused, but not with EACCES: " + said);
            } finally {
                probe.getOutputStream().close(); // the probe closes its connection and exits
                if (!probe.waitFor(20, TimeUnit.SECONDS)) {
                    probe.descendants().forEach(ProcessHandle::destroyForcibly);
                    probe.destroyForcibly();
                    probe.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The probe's fd (as root sees its table) that is the write end of HELPER's stdin pipe. */
    private static int writeEndOfStdinOf(long helper, long probe) throws IOException {
        Path stdin = Files.readSymbolicLink(Path.of("/proc/" + helper + "/fd/0"));
        assertTrue(stdin.toString().startsWith("pipe:"), "the helper's stdin is not a pipe: " + stdin);
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + probe + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(stdin)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        throw new AssertionError("the probe holds no end of " + stdin);
    }

    private static String firstLine(Process probe) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
        return line.get(60, TimeUnit.SECONDS);
    }
}
