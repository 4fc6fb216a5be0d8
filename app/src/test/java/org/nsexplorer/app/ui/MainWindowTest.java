package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.compare.ProcessTree;
import org.nsexplorer.app.containers.Namespace;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window, headless (Monocle), driving the real helper as root: what a teacher clicks
 * and what the class then sees.
 */
class MainWindowTest extends AppWindowTest {
    @Test
    void theDefaultLaunchShowsPid1InTheContainerTree() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.matches(".*text=\\s*1 ⇐ .*"));
        awaitLine(Ids.HOST_PROCESSES, line -> line.contains("► ") && line.contains("[PID 1 inside]"));
    }

    /** The window carries the icon rendered from icons/nsx-explorer.svg, at every size from 16 to 256. */
    @Test
    void theWindowCarriesTheIconRenderedFromTheSvgAtEachSize() throws Exception {
        Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
        List<Image> icons = ((Stage) window).getIcons();
        assertEquals(List.of(16.0, 24.0, 32.0, 48.0, 64.0, 128.0, 256.0),
                icons.stream().map(Image::getWidth).toList());
        Image small = icons.get(0);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> small.getProgress() == 1.0);
        assertTrue(!small.isError(), String.valueOf(small.getException()));
        // At 16 px the SVG's 64-unit grid puts the host's blue edge at x 0-1, white at 2,
        // the container's orange at 3-4 and the process's white dot in the middle.
        PixelReader pixels = small.getPixelReader();
        assertEquals(Color.web("#1557b0"), pixels.getColor(0, 8), "host blue");
        assertEquals(Color.WHITE, pixels.getColor(2, 8), "the gap");
        assertEquals(Color.web("#b04c00"), pixels.getColor(3, 8), "container orange");
        assertEquals(Color.WHITE, pixels.getColor(8, 8), "the process");
    }

    /** The name typed in the recipe names the container; the selector shows it whole, with its state in words. */
    @Test
    void theRecipesNameNamesTheContainerAndTheSelectorShowsItWhole() throws Exception {
        TextField name = lookup("#" + Ids.NAME_FIELD).queryAs(TextField.class);
        assertEquals("otter", name.getPromptText(), "the next default name is proposed");
        interact(() -> name.setText("rm -rf"));
        clickOn("#" + Ids.LAUNCH);
        assertTrue(labelTexts().stream().anyMatch(t -> t.contains("cannot name a container")), "a bad name is said");
        interact(() -> name.setText("web-server"));
        clickOn("#" + Ids.LAUNCH);
        ComboBox<?> selector = lookup("#" + Ids.SELECTOR).queryComboBox();
        awaitSelector(selector, "web-server · running");
        assertEquals("web-server · running", drawnSelectorText(selector), "drawn whole, not cut");
        assertEquals("", name.getText(), "the field empties for the next one");
        assertTrue(labelTexts().stream().anyMatch(t -> t.startsWith("web-server was launched with own MNT UTS IPC NET PID")),
                "its own settings under its card");
        clickOn("#" + Ids.STOP);
        awaitSelector(selector, "web-server · ended");
    }

    private void awaitSelector(ComboBox<?> selector, String wanted) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> selectorText(selector).equals(wanted));
        } catch (TimeoutException e) {
            throw new AssertionError("the selector shows \"" + selectorText(selector) + "\", not \"" + wanted
                    + "\"; labels: " + labelTexts(), e);
        }
    }

    /** The text the selector's skin drew: it follows the cell's text at the next layout pass, cut with "…" if too narrow. */
    private static String drawnSelectorText(ComboBox<?> selector) throws Exception {
        String wanted = selectorText(selector);
        Callable<String> drawn = () -> ((Text) selector.getButtonCell().lookup(".text")).getText();
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(drawn).get().equals(wanted));
        } catch (TimeoutException e) {
            // Said by the caller's assertion, with what was drawn.
        }
        return WaitForAsyncUtils.asyncFx(drawn).get(5, TimeUnit.SECONDS);
    }

    private static String selectorText(ComboBox<?> selector) {
        ListCell<?> cell = selector.getButtonCell();
        return cell == null || cell.getText() == null ? "" : cell.getText();
    }

    @Test
    void withPidOffContainerPidsEqualHostPids() throws Exception {
        switchOff(Namespace.PID);
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        // The container's own process, numbered alike on both sides: one PID, the host's.
        ProcessTree.Line own = containerRow(
                ProcessTree.Line::inContainer);
        assertTrue(own.text().strip().startsWith(own.hostPid() + " "), own.text());
        assertTrue(!own.text().contains("⇐"), own.text());
    }

    /**
     * The process row of the container's tree whose command is WANTED, once the tree shows it. Its text must end
     * with it: the shell that starts it (and its child, until that child execs) shows WANTED within its own
     * command line for a moment, and is not the process the test means.
     */
    private ProcessTree.Line containerRow(String wanted) throws Exception {
        return containerRow(l -> l.text().strip().endsWith(wanted));
    }

    /** The first process row of the container's tree that WANTED accepts, once the tree shows one. */
    private ProcessTree.Line containerRow(
            Predicate<ProcessTree.Line> wanted) throws Exception {
        ListView<ProcessTree.Line> list = lookup("#" + Ids.CONTAINER_PROCESSES).queryListView();
        Callable<Optional<ProcessTree.Line>> find = () ->
                WaitForAsyncUtils.asyncFx(() -> list.getItems().stream().filter(l -> l.isProcess() && wanted.test(l))
                        .findFirst()).get(5, TimeUnit.SECONDS);
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> find.call().isPresent());
        } catch (TimeoutException e) {
            throw new AssertionError("no such row in " + lines(Ids.CONTAINER_PROCESSES), e);
        }
        return find.call().orElseThrow();
    }

    private void choose(String listId, ProcessTree.Line line) {
        ListView<ProcessTree.Line> list = lookup("#" + listId).queryListView();
        interact(() -> list.getSelectionModel().select(line));
    }

    private void awaitLabel(String id, Predicate<String> wanted) throws Exception {
        Label label = lookup("#" + id).queryAs(Label.class);
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> wanted.test(label.getText()));
        } catch (TimeoutException e) {
            throw new AssertionError("#" + id + " says: " + label.getText(), e);
        }
    }

    /** The teacher kills one process from the Processes tab: it dies, and the event says what it was. */
    @Test
    void killingAProcessFromTheProcessesTabEndsItAndListsTheEvent() throws Exception {
        TextField command = lookup("#" + Ids.COMMAND_FIELD).queryAs(TextField.class);
        interact(() -> command.setText("/bin/sh -c 'tail -f /dev/null & exec sleep 300'"));
        clickOn("#" + Ids.LAUNCH);
        clickOn("#tab-processes");
        ProcessTree.Line tail = containerRow("tail -f /dev/null");
        Button kill = lookup("#" + Ids.PROCESS_KILL).queryButton();
        assertTrue(kill.isDisabled(), "Kill with nothing chosen");

        // A host process, chosen in the host's tree, is not the container's: nothing to stop it with. With
        // Differences only, the host processes on a line of their own are the ones above the container's.
        ListView<ProcessTree.Line> hostList = lookup("#" + Ids.HOST_PROCESSES).queryListView();
        awaitLine(Ids.HOST_PROCESSES, line -> line.contains("inContainer=false, kind=PROCESS"));
        ProcessTree.Line host = WaitForAsyncUtils.asyncFx(() -> hostList.getItems()
                .stream().filter(l -> l.isProcess() && !l.inContainer()).findFirst().orElseThrow())
                .get(5, TimeUnit.SECONDS);
        choose(Ids.HOST_PROCESSES, host);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(kill.isDisabled() && lookup("#" + Ids.PROCESS_STOP).queryButton().isDisabled(),
                "Stop or Kill for a host process");

        choose(Ids.CONTAINER_PROCESSES, tail);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !kill.isDisabled());
        awaitLabel(Ids.PROCESS_CHOSEN, text -> text.contains(tail.hostPid() + " on the host"));
        clickOn("#" + Ids.PROCESS_KILL);
        awaitLabel(Ids.PROCESS_CHOSEN, text -> text.matches("otter: the host sent SIGKILL to tail \\(PID \\d+ inside, "
                + tail.hostPid() + " on the host\\)"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !isAlive(tail.hostPid()));
        showTab("limits");
        awaitLine(Ids.EVENTS, line -> line.contains("the host sent SIGKILL to tail (PID ")
                && line.contains(", " + tail.hostPid() + " on the host)"));
    }

    /** Without a PID namespace the container's tree holds the host's processes too: only its own can be stopped. */
    @Test
    void withoutAPidNamespaceOnlyTheContainersOwnProcessesCanBeStopped() throws Exception {
        switchOff(Namespace.PID);
        TextField command = lookup("#" + Ids.COMMAND_FIELD).queryAs(TextField.class);
        interact(() -> command.setText("/bin/sh -c 'tail -f /dev/null & exec sleep 300'"));
        clickOn("#" + Ids.LAUNCH);
        clickOn("#tab-processes");
        ProcessTree.Line tail = containerRow("tail -f /dev/null");
        // A host process it sees: the helper's stage above its own (Differences only folds the rest).
        ProcessTree.Line test = containerRow(l -> l.text().contains("nsx-stage"));
        Button stop = lookup("#" + Ids.PROCESS_STOP).queryButton();

        choose(Ids.CONTAINER_PROCESSES, test);
        awaitLabel(Ids.PROCESS_CHOSEN, text -> text.contains("not one of this container's own processes"));
        assertTrue(stop.isDisabled(), "Stop for a host process in a container without a PID namespace");

        choose(Ids.CONTAINER_PROCESSES, tail);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stop.isDisabled());
        clickOn("#" + Ids.PROCESS_STOP);
        awaitLabel(Ids.PROCESS_CHOSEN, text -> text.equals("otter: the host sent SIGTERM to tail (PID " + tail.hostPid()
                + " inside, " + tail.hostPid() + " on the host)"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !isAlive(tail.hostPid()));
    }

    /** Alive and not a zombie. */
    private static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aHostnameAppearsInBothHostnamePanes() throws Exception {
        TextField hostname = lookup("#" + Ids.HOSTNAME_FIELD).queryAs(TextField.class);
        interact(() -> hostname.setText("classroom-42"));
        clickOn("#" + Ids.LAUNCH);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "classroom-42".equals(
                lookup("#" + Ids.CONTAINER_HOSTNAME).queryAs(Label.class).getText()));
        String host = lookup("#" + Ids.HOST_HOSTNAME).queryAs(Label.class).getText();
        assertEquals(InetAddress.getLocalHost().getHostName(), host);
        Button stop = lookup("#" + Ids.STOP).queryButton();
        assertTrue(!stop.isDisabled());
    }

    /** Before any container, the host's card and the map already show the host: the app reads its own. */
    @Test
    void theHostSideShowsBeforeAnyContainerIsLaunched() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        awaitLabel(Ids.HOST_HOSTNAME, hostname::equals);
        clickOn("#" + Ids.NS_MAP_IDS);
        String initNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        List<String> ids = WaitForAsyncUtils.asyncFx(() -> lookup("#" + Ids.NS_MAP + " .ns-id")
                .queryAllAs(Label.class).stream().map(Label::getText).toList()).get(5, TimeUnit.SECONDS);
        assertTrue(ids.contains(initNet.replaceAll("\\D", "")), initNet + " not among " + ids);
        assertEquals(0, lookup("#" + Ids.NS_MAP + " .badge").queryAllAs(Label.class).stream()
                .filter(Node::isVisible).count(), "no container, no relation");
    }

    @Test
    void aMemoryHogUnder32MShowsTheOomEvent() throws Exception {
        launchMemoryHogAndShowLimits();
        awaitLine(Ids.EVENTS, line -> line.contains("OOM killer: the memory limit of 32 MiB was reached"));
    }

    /** A recipe without limits: the limits view shows the helper's defaults, read back from the container's cgroup. */
    @Test
    void withoutLimitsInTheRecipeTheLimitsViewShowsTheDefaultsApplied() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        showTab("limits");
        long quarterMib = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                quarterMib = Long.parseLong(line.replaceAll("\\D+", "")) / 4 / 1024;
            }
        }
        String memory = " MiB of its " + quarterMib + " MiB limit";
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> labelTexts().stream().anyMatch(t -> t.endsWith(
                    " of 1024 processes and threads")) && labelTexts().stream().anyMatch(t -> t.endsWith(memory))
                    && labelTexts().stream().anyMatch(t -> t.startsWith("The default limit: a quarter of the host's")));
        } catch (TimeoutException e) {
            throw new AssertionError("no \"of 1024 processes and threads\" and \"" + memory + "\" among " + labelTexts(), e);
        }
    }

    private List<String> labelTexts() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(".label").queryAllAs(Label.class).stream().map(Label::getText)
                .filter(Objects::nonNull).toList()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void inProjectorModeNoTextIsSmallerThan18PxAt1024x768() throws Exception {
        interact(() -> {
            Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
            window.setWidth(1024);
            window.setHeight(768);
        });
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.contains(" ⇐ "));
        List<String> small = WaitForAsyncUtils.asyncFx(() -> {
            List<String> found = new ArrayList<>();
            collectSmallText(lookup("#" + Ids.LAUNCH).query().getScene().getRoot(), found);
            return found;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), small, "text under 18 px in projector mode");
    }

    @Test
    void onAShortProjectorScreenTheNamespaceMapBecomesATabAndTheProcessListsKeepTheirRoom() throws Exception {
        setWindowSize(1024, 768);
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.contains(" ⇐ "));
        assertEquals("namespaces", mainView().viewKeys().get(0));
        assertTrue(lookup("#tab-namespaces").tryQuery().isPresent(), "the map's own button");
        clickOn("#tab-namespaces");
        assertTrue(lookup("#" + Ids.NS_MAP).query().isVisible() && mainView().showing("namespaces"));
        clickOn("#tab-processes");
        double rows = lookup("#" + Ids.HOST_PROCESSES).queryListView().getHeight()
                / lookup("#" + Ids.LAUNCH).queryButton().getFont().getSize();
        assertTrue(rows > 12, "host process list only " + rows + " lines of type high");

        setWindowSize(1280, 800);
        press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!mainView().viewKeys().contains("namespaces"));
        assertTrue(lookup("#" + Ids.NS_MAP).query().getParent() != null && lookup("#" + Ids.NS_MAP).query().isVisible());
    }

    private void setWindowSize(double width, double height) {
        interact(() -> {
            Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
            window.setWidth(width);
            window.setHeight(height);
        });
    }

    /** Every visible piece of text (labels, cells, fields) whose font is under 18 px. */
    private static void collectSmallText(Node node, List<String> found) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Text text && !text.getText().isBlank()
                && text.getFont().getSize() < 17.95) {
            found.add(String.format("%.1f px: %s", text.getFont().getSize(), text.getText().strip()));
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collectSmallText(child, found));
        }
    }

    @Test
    void aCrashedHelperIsShownAndStartedAgain() throws Exception {
        // The helper is the JVM running `nsx-helper ... serve`, a child of this test's JVM.
        ProcessHandle helper = ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("serve")).filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .orElseThrow();
        helper.destroyForcibly();
        Label status = lookup("#" + Ids.STATUS).queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("again"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Helper ready")
                && !lookup("#" + Ids.LAUNCH).queryButton().isDisabled());
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.matches(".*text=\\s*1 ⇐ .*"));
    }

    @Test
    void theTerminalRunsHostnameAndShowsItsOutput() throws Exception {
        TextField hostname = lookup("#" + Ids.HOSTNAME_FIELD).queryAs(TextField.class);
        interact(() -> hostname.setText("term-box"));
        clickOn("#" + Ids.LAUNCH);
        Supplier<String> screen = typeAtPrompt("hostname");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().contains("\nterm-box\n"));
        // The shell inside knows the size the window gives it.
        write("stty size");
        type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().matches("(?s).*\\n\\d+ \\d+\\n.*"));
        String size = screen.get().replaceAll("(?s).*\\n(\\d+ \\d+)\\n.*", "$1");
        assertTrue(!size.equals("24 80"), "the terminal was not fitted to the view: " + size);

        // What scrolled off the top comes back with Shift+PageUp, and typing returns to the prompt.
        write("i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo $i; done");
        type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().contains("\n300\n"));
        press(KeyCode.SHIFT, KeyCode.PAGE_UP).release(KeyCode.PAGE_UP, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!screen.get().contains("\n300\n") && screen.get().matches("(?s).*\\n2\\d\\d\\n.*"),
                "not scrolled back: " + screen.get());
        write("x");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().contains("\n300\n"));
    }
}
