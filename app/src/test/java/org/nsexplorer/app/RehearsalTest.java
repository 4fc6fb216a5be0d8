package org.nsexplorer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsexplorer.app.lessons.DockerRunner;
import org.nsexplorer.app.lessons.LessonLibrary;
import org.nsexplorer.app.lessons.Rehearsal;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Settings;
import org.nsexplorer.helper.support.DockerDaemon;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every built-in lesson, end to end, as `./nsx --rehearse` plays it: the real window
 * (headless), the real helper, every step done and every check run against the kernel.
 */
class RehearsalTest extends FxRobot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private NamespaceExplorerApp app;

    @BeforeEach
    void startApp() throws Exception {
        Files.deleteIfExists(Settings.file());
        FxToolkit.registerPrimaryStage();
        app = (NamespaceExplorerApp) FxToolkit.setupApplication(NamespaceExplorerApp.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !lookup("#" + Ids.LAUNCH).queryButton().isDisabled());
    }

    @AfterEach
    void stopApp() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.cleanupApplication(app);
    }

    /**
     * With Docker's daemon running (started here on a socket of its own, as on a teacher's
     * laptop), the Docker lesson too; where Docker is not installed the test says so and
     * rehearses the others.
     */
    @Test
    void everyLessonPassesEveryCheckAndLeavesNothingStored(@TempDir Path dir) throws Exception {
        List<String> storedBefore = stored();
        Path report = dir.resolve("report.json");
        List<String> ids = new ArrayList<>(LessonLibrary.builtInIds());
        int code;
        if (DockerDaemon.installed() || "true".equals(System.getenv("CI"))) { // CI installs docker.io: it must run
            try (DockerDaemon docker = DockerDaemon.start()) {
                System.setProperty(DockerRunner.HOST_PROPERTY, "unix://" + docker.socket());
                try {
                    code = rehearse(ids, report);
                    // The lesson's end removed its container and image: the daemon holds nothing of it.
                    Callable<String> left = () -> docker.client("ps", "--all", "--quiet", "--filter",
                            "label=" + DockerRunner.LABEL) + docker.client("images", "--quiet",
                            DockerRunner.repositoryOf("web"));
                    try {
                        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> left.call().isBlank());
                    } catch (TimeoutException e) {
                        // said by the assertion
                    }
                    assertEquals("", left.call().strip(), "the Docker lesson's containers and image, left");
                } finally {
                    System.clearProperty(DockerRunner.HOST_PROPERTY);
                }
            }
        } else {
            System.out.println("docker is not installed here: the lesson what-docker-did is not rehearsed");
            ids.remove("what-docker-did");
            code = rehearse(ids, report);
        }
        JsonNode entries = JSON.readTree(report.toFile());
        List<String> failed = new ArrayList<>();
        Set<String> lessons = new HashSet<>();
        for (JsonNode e : entries) {
            lessons.add(e.path("lesson").asText());
            assertTrue(e.has("step") && e.has("check") && e.has("detail") && e.has("time"), e.toString());
            if (!e.path("passed").asBoolean()) {
                failed.add(e.toString());
            }
        }
        assertEquals(List.of(), failed);
        assertEquals(0, code);
        assertEquals(new HashSet<>(ids), lessons, "every lesson was played");
        assertTrue(entries.size() >= 40, "every step's checks are in the report: " + entries.size());
        // What the lessons stored is gone again; what was there before (a Debian made earlier) stays.
        List<String> after = stored();
        assertEquals(storedBefore.stream().sorted().toList(), after.stream().sorted().toList());
    }

    @Test
    void aLessonFileWithAFailingCheckFailsTheRehearsal(@TempDir Path dir) throws Exception {
        Path lesson = dir.resolve("wrong.yaml");
        Files.writeString(lesson, """
                lesson: A wrong prediction
                departs: none
                steps:
                  - say: This container has its own PID namespace; the check claims it shares the host's.
                    do:
                      - launch: {as: box}
                    check:
                      - namespace: {in: box, type: pid, private: no}
                      - pid-one: {in: box, command: sh}
                """);
        Path report = dir.resolve("report.json");
        assertEquals(1, rehearse(List.of(lesson.toString()), report));
        JsonNode entries = JSON.readTree(report.toFile());
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(!entries.get(0).path("passed").asBoolean(), entries.toString());
        assertTrue(entries.get(0).path("detail").asText().contains("its own"), entries.toString());
        assertTrue(entries.get(1).path("passed").asBoolean(), entries.toString());
    }

    @Test
    void aBrokenLessonFileIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Path lesson = dir.resolve("broken.yaml");
        Files.writeString(lesson, "lesson: x\nsteps:\n  - say: y\n    check:\n      - pid-two: {in: box}\n");
        Path report = dir.resolve("report.json");
        assertEquals(1, rehearse(List.of(lesson.toString()), report));
        String detail = JSON.readTree(report.toFile()).get(0).path("detail").asText();
        assertTrue(detail.contains("line 5") && detail.contains("pid-two"), detail);
    }

    private int rehearse(List<String> ids, Path report) throws Exception {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Platform.runLater(() -> new Rehearsal(app.lessons(), app.client(), ids, report, exit::complete).start());
        return exit.get(15, TimeUnit.MINUTES);
    }

    private List<String> stored() throws Exception {
        JsonNode list = app.client().rootfsList().get(30, TimeUnit.SECONDS);
        List<String> names = new ArrayList<>();
        list.path("rootfs").forEach(r -> names.add("rootfs " + r.path("name").asText()));
        list.path("layers").forEach(r -> names.add("layer " + r.path("name").asText()));
        return names;
    }
}
