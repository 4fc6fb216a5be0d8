package org.nsexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.support.NsxCheckout.Result;
import org.nsexplorer.app.support.NsxCheckout;
import org.nsexplorer.app.ui.Settings;
import org.nsexplorer.app.ui.Texts;

/**
 * How ./nsx starts, run for real in a small checkout of its own (NsxCheckout): --help and a
 * wrong option answer at once without building, no display is said in one line, JavaFX
 * starts from the module path (no "Unsupported JavaFX configuration" warning), and the
 * screenshots need no X server.
 */
class NsxScriptTest {
    private static final String JAVAFX_WARNING = "Unsupported JavaFX configuration";

    @Test
    void helpListsTheOptionsWithoutBuildingOrOpeningAWindow(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir);
        for (String help : List.of("--help", "-h")) {
            Result result = nsx.run(withoutDisplay(), 30, help);
            assertEquals(0, result.exit(), result.err());
            for (String option : List.of("--screenshots DIR", "bench", "--rehearse [LESSON|FILE.yaml...]",
                    "--report FILE", "--help")) {
                assertTrue(result.out().contains(option), option + " is not in the help:\n" + result.out());
            }
            assertEquals("", result.err());
        }
        assertFalse(nsx.triedToBuild());
    }

    @Test
    void anUnknownOptionIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir);
        Map<List<String>, String> said = Map.of(
                List.of("--frobnicate"), "'--frobnicate'",
                List.of("--rehearse", "what-is-a-container", "--verbose"), "'--verbose'",
                List.of("bench", "now"), "'now'",
                List.of("--screenshots"), "needs a DIR");
        for (var wrong : said.entrySet()) {
            Result result = nsx.run(Map.of(), 30, wrong.getKey().toArray(String[]::new));
            assertEquals(2, result.exit(), wrong.getKey() + ": " + result.err());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().contains(wrong.getValue()) && result.err().contains("./nsx --help"), result.err());
            assertEquals("", result.out());
        }
        assertFalse(nsx.triedToBuild());
    }

    @Test
    void withoutADisplayItSaysWhatToDoInOneLine(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir);
        Result result = nsx.run(withoutDisplay(), 30);
        assertEquals(1, result.exit(), result.err());
        // The script's words are the app's (which says it when DISPLAY is set but cannot be opened).
        assertEquals(List.of(Texts.get("start.noDisplay", "./nsx")), result.errLines());
        assertTrue(result.err().contains("xvfb-run ./nsx") && result.err().contains("./nsx --screenshots DIR"),
                result.err());
        assertFalse(nsx.triedToBuild(), "said before building");
    }

    /**
     * JavaFX's own failure, said in one line; JavaFX printed its warning before it (from the
     * class path it did), and a first run after a build recorded an archive of its failure.
     */
    @Test
    void aDisplayThatCannotBeOpenedIsSaidInOneLine(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir).withApp();
        String display = ":" + noXServer();
        Map<String, String> env = withoutDisplay();
        env.put("DISPLAY", display);
        Result result = nsx.run(env, 60);
        assertEquals(1, result.exit(), result.err());
        assertEquals(List.of(Texts.get("start.displayUnreachable", display, "./nsx")), result.errLines());
        assertFalse(result.err().contains("Exception") || result.err().contains(JAVAFX_WARNING), result.err());
        assertFalse(Files.exists(nsx.sharedArchive()), "the classes of a failed start are no archive for the next");
        assertFalse(nsx.triedToBuild());
    }

    /** Someone may run the jar without ./nsx: it takes only the arguments ./nsx gives, and JavaFX as a module. */
    @Test
    void theJarRefusesAnUnknownArgumentAndJavaFxFromTheClassPath(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir).withApp();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result unknown = nsx.waitFor(nsx.start(List.of(java, "--module-path", NsxCheckout.REPO.resolve(
                "app/target/javafx").toString(), "--add-modules=javafx.controls", "-cp", nsx.jar().toString(),
                "org.nsexplorer.app.Launcher", "--screenshot=/tmp/x"), Map.of()), 60);
        assertEquals(2, unknown.exit(), unknown.err());
        assertEquals(1, unknown.errLines().size(), unknown.err());
        assertTrue(unknown.err().contains("\"--screenshot=/tmp/x\""), unknown.err());

        Result classPath = nsx.waitFor(nsx.start(List.of(java, "-jar", nsx.jar().toString()), Map.of()), 60);
        assertEquals(1, classPath.exit(), classPath.err());
        assertEquals(1, classPath.errLines().size(), classPath.err());
        assertTrue(classPath.err().contains("module path"), classPath.err());
    }

    /**
     * With no X server at all: JavaFX draws into Monocle's headless screen, as large as the
     * window. The first two pictures are enough (the whole tour takes minutes): then the app
     * is stopped, and its helper ends the containers as its input closes.
     */
    @Test
    void screenshotsNeedNoDisplayAndJavaFxStartsWithoutItsWarning(@TempDir Path dir) throws Exception {
        NsxCheckout nsx = NsxCheckout.scriptOnly(dir).withApp();
        Files.deleteIfExists(Settings.file()); // zoom 100 %
        Map<String, String> env = withoutDisplay();
        env.put("NSX_JAVA_OPTS", "-Dnsx.settings=" + System.getProperty("nsx.settings"));
        Path shots = dir.resolve("shots");
        Process app = nsx.start(env, "--screenshots", shots.toString());
        String err;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (pictures(shots).size() < 2 && app.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            err = Files.readString(nsx.err());
        } finally {
            stop(app);
        }
        List<Path> taken = pictures(shots);
        assertTrue(taken.size() >= 2, "pictures: " + taken + "\n" + err);
        assertFalse(err.contains(JAVAFX_WARNING) || err.contains("Exception"), err);
        BufferedImage first = ImageIO.read(taken.get(0).toFile()); // complete: the second was begun after it
        String size = first.getWidth() + "x" + first.getHeight();
        assertTrue(size.equals("1280x800") || size.equals("1024x768"), taken.get(0) + " is " + size);
        assertFalse(nsx.triedToBuild());
    }

    /** SIGTERM to the app; its helper, whose input then closes, ends its containers and exits. */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> all = app.descendants().toList();
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor();
        }
        for (ProcessHandle p : all) {
            p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
            p.destroyForcibly();
        }
    }

    /** The PNGs written so far, oldest first. */
    private static List<Path> pictures(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted((a, b) -> {
                try {
                    return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** A display number no X server listens on here. */
    private static int noXServer() {
        int n = 4711;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
            n++;
        }
        return n;
    }

    private static Map<String, String> withoutDisplay() {
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", null);
        env.put("WAYLAND_DISPLAY", null);
        return env;
    }
}
