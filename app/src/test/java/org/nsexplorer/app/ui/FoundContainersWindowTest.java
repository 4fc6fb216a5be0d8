package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.Namespace;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A process tree with namespaces of its own that another tool made (here `unshare`, as a class
 * types it in a terminal) comes into the selector as made by others; shown, the views read it
 * from the kernel (its own hostname) and nothing offers to stop it; when it ends, it says so.
 * (Docker's containers are found the same way: the helper's DiscoverTest runs a real dockerd.)
 */
class FoundContainersWindowTest extends AppWindowTest {
    @Test
    void anUnshareIsShownReadOnlyBesideTheHost() throws Exception {
        Process unshare = new ProcessBuilder("unshare", "--uts", "--", "sh", "-c",
                "hostname other-box && exec tail -f /dev/null").start();
        try {
            ComboBox<ContainerModel> selector = lookup("#" + Ids.SELECTOR).queryComboBox();
            // Found again every 5 s: once sh has exec'd tail, the entry is named after tail.
            ContainerModel found = await(selector, c -> !c.isOurs() && c.hostPidProperty().get() == unshare.pid()
                    && c.name().equals("tail"), "the unshare, as tail, in the selector");
            assertEquals("tail · an unknown engine, made by others · running", StatusBar.selectorText(found));
            // In the open list, their group's heading stands above the first of them.
            interact(selector::show);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(List.of("Made by others"), WaitForAsyncUtils.asyncFx(() -> lookup(".selector-group")
                    .queryAllAs(Label.class).stream().filter(Label::isVisible).filter(l -> l.getParent() != null)
                    .map(Label::getText).distinct().toList()).get(5, TimeUnit.SECONDS));
            interact(selector::hide);
            interact(() -> selector.setValue(found));
            Label hostname = lookup("#" + Ids.CONTAINER_HOSTNAME).queryAs(Label.class);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "other-box".equals(hostname.getText()));
            Button stop = lookup("#" + Ids.STOP).queryButton();
            Button rename = lookup("#" + Ids.RENAME).queryButton();
            assertTrue(stop.isDisabled() && rename.isDisabled(), "Stop and Rename are for this app's containers");
            String settings = lookup("#" + Ids.CONTAINER_SETTINGS).queryAs(Label.class).getText();
            assertTrue(settings.startsWith("tail, made by an unknown engine: first process host PID " + unshare.pid()
                    + ", 1 process; own namespaces: UTS."), settings);
            unshare.destroyForcibly().waitFor();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !found.state().isLive());
            assertEquals("tail · an unknown engine, made by others · ended", StatusBar.selectorText(found));
        } finally {
            unshare.destroyForcibly().waitFor();
        }
    }

    /**
     * "Open a shell in it": a shell of ours in their namespaces, selected with its terminal,
     * where hostname answers with theirs; it is ours, so it can be stopped.
     */
    @Test
    void aShellOpenedInTheirContainerAnswersFromInsideIt() throws Exception {
        Process unshare = new ProcessBuilder("unshare", "--uts", "--mount", "--", "sh", "-c",
                "hostname their-box && exec tail -f /dev/null").start();
        try {
            ComboBox<ContainerModel> selector = lookup("#" + Ids.SELECTOR).queryComboBox();
            ContainerModel theirs = await(selector, c -> !c.isOurs() && c.hostPidProperty().get() == unshare.pid()
                    && c.name().equals("tail"), "the unshare, as tail, in the selector");
            interact(() -> selector.setValue(theirs));
            clickOn("#tab-terminal");
            Button enter = lookup("#" + Ids.TERMINAL_ENTER).queryButton();
            assertEquals("Open a shell in tail", enter.getText());
            clickOn(enter);
            ContainerModel shell = await(selector, c -> c.isOurs() && c.name().equals("tail-shell")
                    && c.hostPidProperty().get() > 0, "tail-shell, ours, running");
            assertEquals(shell, selector.getValue(), "the shell is shown");
            Supplier<String> screen = typeAtPrompt("hostname");
            try {
                WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> screen.get().contains("\ntheir-box\n"));
            } catch (TimeoutException e) {
                throw new AssertionError("the shell's screen: " + screen.get(), e);
            }
            String settings = lookup("#" + Ids.CONTAINER_SETTINGS).queryAs(Label.class).getText();
            assertTrue(settings.startsWith("tail-shell is a shell in the namespaces of process " + unshare.pid()),
                    settings);
            clickOn("#" + Ids.STOP);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !shell.state().isLive());
            assertTrue(theirs.state().isLive() && unshare.isAlive(), "theirs runs on");
        } finally {
            unshare.destroyForcibly().waitFor();
        }
    }

    /** A process a class puts into our container's network with nsenter, in a UTS namespace of its own. */
    @Test
    void aNamespaceSharedBetweenOneOfOursAndOneOfTheirsIsNamedOnBothSides() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        ComboBox<ContainerModel> selector = lookup("#" + Ids.SELECTOR).queryComboBox();
        ContainerModel ours = await(selector, c -> c.isOurs() && c.hostPidProperty().get() > 0, "our container");
        Process nsenter = new ProcessBuilder("nsenter", "-t", Long.toString(ours.hostPidProperty().get()), "-n",
                "unshare", "--uts", "tail", "-f", "/dev/null").start();
        try {
            ContainerModel theirs = await(selector, c -> !c.isOurs() && c.name().equals("tail"),
                    "the nsenter'd tail in the selector");
            String partner = "shared with tail (an unknown engine)";
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.NS_MAP).contains(partner));
            // Theirs next to ours: the same network namespace, a UTS namespace of its own, the host's mounts.
            ComboBox<String> nextTo = lookup("#" + Ids.NS_MAP_NEXT_TO).queryComboBox();
            interact(() -> nextTo.setValue("tail (an unknown engine)"));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> labelsIn("#" + Ids.NS_MAP).contains("the same as " + ours.name() + "\n"));
            assertEquals(List.of("same as the host", "its own", "same as the host", "the same as " + ours.name()),
                    nextBadges(Namespace.MNT, Namespace.UTS, Namespace.USER, Namespace.NET));
            interact(() -> selector.setValue(theirs));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> labelsIn("#" + Ids.NS_MAP).contains("shared with " + ours.name()));
        } finally {
            nsenter.destroyForcibly().waitFor();
        }
    }

    /** The texts of the "next to" column's badges of TYPES, in that order, as drawn. */
    private List<String> nextBadges(Namespace... types) throws Exception {
        GridPane map = lookup("#" + Ids.NS_MAP).queryAs(GridPane.class);
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> texts = new ArrayList<>();
            for (Namespace type : types) {
                int row = List.of(Namespace.values()).indexOf(type) + 1;
                map.getChildren().stream().filter(n -> n instanceof Label && GridPane.getRowIndex(n) != null
                        && GridPane.getRowIndex(n) == row && GridPane.getColumnIndex(n) == 2 && n.isVisible())
                        .forEach(n -> texts.add(((Label) n).getText()));
            }
            return texts;
        }).get(5, TimeUnit.SECONDS);
    }

    private static ContainerModel await(ComboBox<ContainerModel> selector,
            java.util.function.Predicate<ContainerModel> wanted, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                    () -> selector.getItems().stream().anyMatch(wanted)).get());
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " among " + WaitForAsyncUtils.asyncFx(() -> selector.getItems()
                    .stream().map(StatusBar::selectorText).toList()).get(), e);
        }
        List<ContainerModel> items = WaitForAsyncUtils.asyncFx(() -> List.copyOf(selector.getItems())).get();
        return items.stream().filter(wanted).findFirst().orElseThrow();
    }
}
