package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.rootfs.RootfsView;
import org.nsexplorer.app.rootfs.Stored;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The network map, the pod, the layers and the rootfs manager, clicked as a teacher would,
 * with the real helper as root: every answer comes from the kernel.
 */
class NetworkLayersWindowTest extends AppWindowTest {
    /** The texts of all labelled nodes SELECTOR finds; call it in an await condition, on the FX thread. */
    private String texts(String selector) {
        return lookup(selector).queryAll().stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).reduce("", (a, b) -> a + "\n" + b);
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(25, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean)
                    .get(5, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            String shown = WaitForAsyncUtils.asyncFx(() -> texts(".netmap-result") + " | " + texts(".netmap-command"))
                    .get(5, TimeUnit.SECONDS);
            throw new AssertionError("not seen within 25 s: " + what + " (the map says: " + shown + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void choose(String comboId, Object value) {
        ComboBox<Object> combo = lookup("#" + comboId).queryAs(ComboBox.class);
        interact(() -> combo.setValue(value));
    }

    @Test
    void aVethContainerIsWiredOnTheMapAndAnswersAPingFromTheHost() throws Exception {
        choose(Ids.NETWORK_MODE, "veth");
        clickOn("#" + Ids.LAUNCH);
        showTab("netmap");
        await("a Ping from host button", () -> !lookup(".netmap-card .button").queryAll().isEmpty());
        await("eth0 with .2 in the card, the host end with .1 on the host",
                () -> texts(".netmap-address").matches("(?s).*eth0\\s+10\\.\\d+\\.\\d+\\.2/24.*")
                        && texts(".netmap-port").matches("(?s).*nsx\\d+-\\w+\\s+10\\.\\d+\\.\\d+\\.1/24.*"));
        // Fired, not clicked: on a short window the map scrolls and the button may be below the fold.
        interact(() -> lookup(".netmap-card .button").queryButton().fire());
        await("3 of 3 replies", () -> texts(".netmap-result").contains("3 of 3 replies"));
    }

    @Test
    void aSecondContainerJoinsTheFirstsNetAndIpcAndTheMapSaysSo() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        ComboBox<?> joinWith = lookup("#" + Ids.JOIN_WITH).queryAs(ComboBox.class);
        await("the first container to be offered", () -> joinWith.getItems().size() > 1
                && joinWith.getItems().get(1) != null
                && !((ContainerModel) joinWith.getItems().get(1)).helperIdProperty().get().isEmpty());
        interact(() -> joinWith.getSelectionModel().select(1));
        clickOn("#" + Ids.LAUNCH);
        await("NET and IPC shared with otter",
                () -> texts("#" + Ids.NS_MAP + " .badge").split("shared with otter", -1).length == 3);
    }

    @Test
    void theLayersTabListsWhatAnOverlayContainerChanged() throws Exception {
        interact(() -> lookup("#" + Ids.OVERLAY_TOGGLE).queryAs(CheckBox.class).setSelected(true));
        TextField command = lookup("#" + Ids.COMMAND_FIELD).queryAs(TextField.class);
        interact(() -> command.setText("/bin/sh -c 'echo hi > /hello.txt; rm /etc/hosts; sleep 600'"));
        clickOn("#" + Ids.LAUNCH);
        showTab("layers");
        ListView<?> changes = lookup("#" + Ids.CHANGES).queryListView();
        await("added /hello.txt and deleted /etc/hosts", () -> {
            List<String> rows = changes.getItems().stream().map(Object::toString).toList();
            return rows.stream().anyMatch(r -> r.startsWith("added") && r.endsWith("/hello.txt"))
                    && rows.stream().anyMatch(r -> r.startsWith("deleted") && r.endsWith("/etc/hosts"));
        });
    }

    @Test
    void theRootfsManagerMakesABusyboxRootfsListsItAndRemovesIt() throws Exception {
        showTab("rootfs");
        TextField name = lookup("#rootfs-name").queryAs(TextField.class);
        interact(() -> name.setText("ui-busybox"));
        await("busybox offered", () -> !lookup("#rootfs-busybox").queryButton().isDisabled());
        clickOn("#rootfs-busybox");
        ListView<?> list = lookup("#" + Ids.ROOTFS_LIST).queryListView();
        await("ui-busybox listed", () -> list.getItems().stream().anyMatch(i -> i.toString().contains("ui-busybox")));
        interact(() -> list.getItems().stream().filter(i -> i.toString().contains("ui-busybox")).findFirst()
                .ifPresent(i -> ((ListView<Object>) list).getSelectionModel().select(i)));
        clickOn("#rootfs-remove");
        await("ui-busybox gone", () -> list.getItems().stream().noneMatch(i -> i.toString().contains("ui-busybox")));
    }

    /**
     * The walkthrough's "copy bash and what ldd lists": a rootfs of bash alone shows bash with its
     * libraries and loader, and no ls; in projector mode on 1024x768 every line is whole (wrapped
     * inside the window, never an ellipsis) and at least 18 px.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRootfsOfBashShowsTheLibrariesLddListsWholeInProjectorMode() throws Exception {
        interact(() -> {
            Window window = lookup("#" + Ids.LAUNCH).query().getScene().getWindow();
            window.setWidth(1024);
            window.setHeight(768);
        });
        press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        showTab("rootfs");
        String rootfs = "ui-bash-" + ProcessHandle.current().pid();
        ListView<Object> list = (ListView<Object>) lookup("#" + Ids.ROOTFS_LIST).queryListView();
        Path[] made = {null};
        try {
            interact(() -> {
                lookup("#" + Ids.RECIPE_TOGGLE).queryAs(ToggleButton.class).fire();
                lookup("#rootfs-name").queryAs(TextField.class).setText(rootfs);
                lookup("#rootfs-programs").queryAs(TextField.class).setText("bash");
                lookup("#rootfs-build").queryButton().fire();
            });
            await("bash's libraries and loader shown", () -> texts("#rootfs-programs-view .label")
                    .matches("(?s).*\\nbash +/usr/bin/bash\\n.*\\nlibc\\.so\\.6 => /\\S+/libc\\.so\\.6\\n.*"
                            + "/ld-linux\\S*\\.so\\.\\d\\nthe dynamic loader.*"));
            made[0] = WaitForAsyncUtils.asyncFx(() -> Path.of(((Stored) list
                    .getSelectionModel().getSelectedItem()).path())).get(5, TimeUnit.SECONDS);
            assertEquals(rootfs, made[0].getFileName().toString(), "the rootfs just made is chosen");
            String shown = WaitForAsyncUtils.asyncFx(() -> texts("#rootfs-programs-view .label"))
                    .get(5, TimeUnit.SECONDS);
            assertFalse(shown.matches("(?s).*\\nls .*"), "ls is not in a rootfs of bash alone: " + shown);
            assertEquals(List.of(), WaitForAsyncUtils.asyncFx(this::cutOrSmallLines).get(5, TimeUnit.SECONDS));
            WaitForAsyncUtils.waitForFxEvents();
            double[] top = WaitForAsyncUtils.asyncFx(() -> new double[] {lookup("#rootfs-programs-view").query()
                    .localToScene(0, 0).getY(), lookup("#" + Ids.LAUNCH).query().getScene().getHeight()})
                    .get(5, TimeUnit.SECONDS);
            assertTrue(top[0] >= 0 && top[0] < top[1] - 100, "the tab scrolled to the programs just made: their"
                    + " top at " + top[0] + " of " + top[1]);
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.asyncFx(() -> {
                Screenshots.write(lookup("#" + Ids.LAUNCH).query().getScene(),
                        Path.of("target/screenshots/rootfs-programs-1024x768.png"));
                return null;
            }).get(10, TimeUnit.SECONDS);

            interact(() -> list.getItems().stream().filter(i -> i.toString().startsWith("rootfs default "))
                    .findFirst().ifPresent(i -> list.getSelectionModel().select(i)));
            assertFalse(lookup("#rootfs-programs-view").query().isVisible(), "the built-in rootfs records none");
        } finally {
            // Not through the helper: it refuses a removal while another helper on this host runs containers.
            if (made[0] != null) {
                removeTree(made[0]);
                Files.deleteIfExists(made[0].getParent().resolveSibling("rootfs-programs").resolve(rootfs + ".json"));
            }
        }
    }

    private static void removeTree(Path top) throws IOException {
        if (Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            try (var paths = Files.walk(top)) { // does not follow symlinks
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Lines of the programs view drawn other than whole (an ellipsis, past the window's edge) or under 18 px. */
    private List<String> cutOrSmallLines() {
        double windowRight = lookup("#" + Ids.LAUNCH).query().getScene().getWidth();
        List<String> found = new ArrayList<>();
        for (Label label : lookup("#rootfs-programs-view .label").queryAllAs(Label.class)) {
            Text drawn = (Text) label.lookup(".text");
            if (drawn == null || !drawn.getText().equals(label.getText())) {
                found.add("cut: " + label.getText() + " drawn as " + (drawn == null ? null : drawn.getText()));
            }
            if (label.localToScene(label.getLayoutBounds()).getMaxX() > windowRight + 0.5) {
                found.add("past the window's edge: " + label.getText());
            }
            if (label.getFont().getSize() < 17.95) {
                found.add(label.getFont().getSize() + " px: " + label.getText());
            }
        }
        return found;
    }

    @Test
    void anIsolatedContainersLoopbackComesUpWithItsSwitch() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        showTab("netmap");
        await("the lo switch", () -> !lookup(".netmap-card .button").queryAll().isEmpty());
        // The map scrolls: under the taller cards the switch may be below the fold, so it is fired, not clicked.
        Button lo = lookup(".netmap-card .button").queryButton();
        interact(lo::fire);
        await("lo is up", () -> texts(".netmap-result").contains("lo is up")
                && texts(".netmap-command").contains("ip link set lo up"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void changesKeptAsALayerAppearInTheRootfsManagerAfterTheContainerEnds() throws Exception {
        interact(() -> lookup("#" + Ids.OVERLAY_TOGGLE).queryAs(CheckBox.class).setSelected(true));
        TextField command = lookup("#" + Ids.COMMAND_FIELD).queryAs(TextField.class);
        interact(() -> command.setText("/bin/sh -c 'echo kept > /kept.txt; sleep 600'"));
        clickOn("#" + Ids.LAUNCH);
        showTab("layers");
        ListView<?> changes = lookup("#" + Ids.CHANGES).queryListView();
        await("the change listed", () -> changes.getItems().stream().anyMatch(r -> r.toString().endsWith("/kept.txt")));
        TextField name = lookup("#" + Ids.KEEP_LAYER_NAME).queryAs(TextField.class);
        interact(() -> name.setText("ui-kept"));
        clickOn("#" + Ids.KEEP_LAYER);
        await("the promise to keep it", () -> texts(".layers-view .label").contains("kept as the layer ui-kept"));
        clickOn("#" + Ids.STOP);
        await("the container's end", () -> lookup("#" + Ids.STOP).queryButton().isDisabled());
        showTab("rootfs");
        ListView<?> list = lookup("#" + Ids.ROOTFS_LIST).queryListView();
        var manager = (RootfsView) lookup(".rootfs-view").query();
        for (int i = 0; i < 20 && list.getItems().stream().noneMatch(x -> x.toString().contains("ui-kept")); i++) {
            interact(manager::refresh); // the helper keeps the layer as the container's end is cleaned up
            Thread.sleep(250);
        }
        await("layer ui-kept listed", () -> list.getItems().stream().anyMatch(i -> i.toString().contains("ui-kept")));
        interact(() -> list.getItems().stream().filter(i -> i.toString().contains("ui-kept")).findFirst()
                .ifPresent(i -> ((ListView<Object>) list).getSelectionModel().select(i)));
        clickOn("#rootfs-remove");
        await("ui-kept gone", () -> list.getItems().stream().noneMatch(i -> i.toString().contains("ui-kept")));
    }
}
