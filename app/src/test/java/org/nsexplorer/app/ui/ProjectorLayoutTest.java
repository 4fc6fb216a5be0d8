package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.helper.HelperCommand;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every view, as a class sees it: at 1024x768 with the projector zoom (125 %) and at
 * 1280x800, in both themes, with five running containers (one of them in a pod, two that
 * have pinged each other on a bridge, one on a veth pair of its own) and a busy host (a thousand extra processes). Nothing may be cut with "…", run past the window, need sideways scrolling,
 * or (at the projector size) be drawn under 18 px; nor in Spanish and Portuguese, nor (in
 * Spanish) with a lesson's panel and check lines beside a chrooted container. The failure lists every offender.
 */
class ProjectorLayoutTest extends AppWindowTest {
    private Process crowd;

    @AfterEach
    void endTheCrowd() {
        if (crowd != null) {
            crowd.descendants().forEach(ProcessHandle::destroyForcibly);
            crowd.destroyForcibly();
        }
    }

    @Test
    void everyViewIsReadableAtProjectorAndLaptopSizesInBothThemes() throws Exception {
        // A realistic host: a thousand more processes in the host's tree.
        crowd = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 1000 ]; do sleep 600 & i=$((i+1)); done; wait")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> crowd.descendants().count() >= 1000);
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#" + Ids.CONTAINER_PROCESSES).queryListView()
                .getItems().stream().anyMatch(line -> String.valueOf(line).contains("⇐")));
        launchAPodThatHasPinged();

        List<String> findings = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (boolean projector : new boolean[] {true, false}) {
            size(projector ? 1024 : 1280, projector ? 768 : 800);
            if (projector) {
                press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL); // 125 %
            } else {
                press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
            }
            for (boolean dark : new boolean[] {false, true}) {
                String where = (projector ? "1024x768 125%" : "1280x800") + (dark ? " dark" : " light");
                setDark(dark);
                boolean first = true;
                for (String key : WaitForAsyncUtils.asyncFx(() -> mainView().viewKeys()).get(5, TimeUnit.SECONDS)) {
                    showTab(key);
                    keys.add(key);
                    // After a resize, one refresh of the views (each second) so that the lists hold the live rows.
                    Thread.sleep(first ? 1200 : 300);
                    first = false;
                    WaitForAsyncUtils.waitForFxEvents();
                    LayoutAudit audit = new LayoutAudit(projector ? 18 : 0);
                    findings.addAll(WaitForAsyncUtils.asyncFx(() -> audit.check(mainView(), where + " " + key))
                            .get(5, TimeUnit.SECONDS));
                }
            }
        }
        // Spanish and Portuguese run longer than English: every view again, at the projector's size.
        size(1024, 768);
        projectorZoom();
        setDark(false);
        for (Language language : List.of(Language.BRAZILIAN_PORTUGUESE, Language.SPANISH)) {
            showTab("processes");
            clickOn("#" + Ids.LANGUAGE);
            clickOn("#" + Ids.language(language));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Texts.language() == language);
            for (String key : WaitForAsyncUtils.asyncFx(() -> mainView().viewKeys()).get(5, TimeUnit.SECONDS)) {
                showTab(key);
                Thread.sleep(key.equals("terminal") ? 1200 : 400); // the new views fill at the next refresh
                WaitForAsyncUtils.waitForFxEvents();
                LayoutAudit audit = new LayoutAudit(18);
                findings.addAll(WaitForAsyncUtils.asyncFx(() -> audit.check(mainView(), language.tag() + " 1024x768 125% "
                        + key)).get(5, TimeUnit.SECONDS));
            }
        }

        // In Spanish, a lesson's panel in the recipe's place, its check lines above the views, and a
        // chrooted container (the longest confinement words) on screen: the projector at its narrowest.
        showTab("processes"); // the last view audited was the Root filesystems manager, in the cards' place
        ContainerModel jail = WaitForAsyncUtils.asyncFx(() -> mainView().launch(Recipe.builder()
                .namespaces(EnumSet.of(Namespace.UTS, Namespace.IPC, Namespace.NET, Namespace.PID)).hostname("jail")
                .command(List.of("/bin/sleep", "infinity")).build())).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> jail.state() == ContainerState.RUNNING
                && WaitForAsyncUtils.asyncFx(() -> ((Labeled) mainView().lookup("#"
                        + Ids.CONFINEMENT)).getText()).get(5, TimeUnit.SECONDS).equals(Texts.get("confinement.short.caller.root")));
        openLesson("chroot-is-not-enough");
        clickOn("#" + Ids.LESSON_CHECK);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_RESULTS).tryQuery()
                .map(results -> !results.lookupAll(".label").isEmpty()).orElse(false));
        for (String key : WaitForAsyncUtils.asyncFx(() -> mainView().viewKeys()).get(5, TimeUnit.SECONDS)) {
            showTab(key);
            Thread.sleep(300);
            WaitForAsyncUtils.waitForFxEvents();
            LayoutAudit audit = new LayoutAudit(18);
            findings.addAll(WaitForAsyncUtils.asyncFx(() -> audit.check(mainView(), "lesson " + key))
                    .get(5, TimeUnit.SECONDS));
        }
        clickOn("#" + Ids.LESSON_END);
        clickOn("#" + Ids.LANGUAGE);
        clickOn("#" + Ids.language(Language.ENGLISH));

        // The longest message the app gives (no pkexec nor sudo) wraps: the window stays 1024 wide.
        size(1024, 768);
        projectorZoom();
        String longest = HelperCommand.unavailableMessage() + " "
                + HelperCommand.unavailableMessage();
        interact(() -> mainView().setStatus(longest, true));
        WaitForAsyncUtils.waitForFxEvents();
        LayoutAudit statusAudit = new LayoutAudit(18);
        findings.addAll(WaitForAsyncUtils.asyncFx(() -> statusAudit.check(mainView(), "long status"))
                .get(5, TimeUnit.SECONDS));
        Label status = lookup("#" + Ids.STATUS).queryAs(Label.class);
        assertTrue(status.getHeight() > status.getFont().getSize() * 2, "the long status wraps onto more lines");
        assertTrue(mainView().getScene().getWindow().getWidth() <= 1024.5, "the window stayed 1024 px wide");
        assertTrue(keys.containsAll(List.of("processes", "mounts", "network", "users", "ipc", "limits", "terminal",
                "commands", "rootfs")), "views audited: " + keys);
        assertEquals("", String.join("\n", findings.stream().distinct().toList()),
                "what the back row cannot read");
    }

    /**
     * The longest words the map and the badges say: two bridge containers, one pinging the other,
     * and a third sharing the first's NET and IPC (a pod), the one shown.
     */
    private void launchAPodThatHasPinged() throws Exception {
        List<String> sleep = List.of("/bin/sleep", "infinity");
        Recipe.Network bridge = Recipe.Network.DEFAULT.withMode("bridge");
        ContainerModel web = WaitForAsyncUtils.asyncFx(() -> mainView().launch(
                Recipe.builder().hostname("web").command(sleep).network(bridge).build())).get(5, TimeUnit.SECONDS);
        ContainerModel db = WaitForAsyncUtils.asyncFx(() -> mainView().launch(
                Recipe.builder().hostname("db").command(sleep).network(bridge).build())).get(5, TimeUnit.SECONDS);
        showTab("netmap");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> db.helperIdProperty().get() != null
                && lookup("#ping-from-" + db.helperIdProperty().get()).tryQuery().isPresent());
        interact(() -> lookup("#ping-from-" + db.helperIdProperty().get()).queryAs(MenuButton.class).getItems()
                .stream().filter(item -> item.getText().equals(web.name())).findFirst().orElseThrow().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup(".netmap-result").queryLabeled().getText()
                .contains(" of 3 "));
        // A veth pair of its own beside the bridge: a second port on the host's side of the map.
        WaitForAsyncUtils.asyncFx(() -> mainView().launch(Recipe.builder().hostname("solo").command(sleep)
                .network(Recipe.Network.DEFAULT.withMode("veth")).build())).get(5, TimeUnit.SECONDS);
        ContainerModel sidecar = WaitForAsyncUtils.asyncFx(() -> mainView().launch(Recipe.builder()
                .hostname("sidecar").command(sleep).network(Recipe.Network.DEFAULT.joining(web.helperIdProperty().get(),
                        EnumSet.of(Namespace.NET, Namespace.IPC))).build())).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> sidecar.state() == ContainerState.RUNNING);
    }


    /** 125 %, whatever the zoom was: Ctrl+0, then Ctrl+= once. */
    private void projectorZoom() {
        press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
    }

    private void size(double width, double height) {
        interact(() -> {
            Window window = mainView().getScene().getWindow();
            window.setWidth(width);
            window.setHeight(height);
        });
    }

    private void setDark(boolean dark) {
        if (mainView().getStyleClass().contains("dark") != dark) {
            clickOn("#" + Ids.THEME);
        }
    }
}
