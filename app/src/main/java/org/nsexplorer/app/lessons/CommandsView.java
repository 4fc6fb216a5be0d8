package org.nsexplorer.app.lessons;

import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The shell commands that build the selected container by hand, with a button to copy them;
 * below, each in a box of its own, the same recipe as one systemd-nspawn line (walkthrough
 * 004's tool) and as `docker import` and `docker run` lines, each with its own Copy button and
 * what it cannot give.
 */
public final class CommandsView extends VBox {
    private final TextArea script = new TextArea();
    private final Label caption = new Label(Texts.get("commands.caption"));
    private final SplitPane split = new SplitPane();
    private final OtherToolCard nspawn = new OtherToolCard("nspawn", Ids.NSPAWN_LINE, Ids.COPY_NSPAWN,
            Ids.NSPAWN_MISSING, 2);
    private final OtherToolCard docker = new OtherToolCard("docker", Ids.DOCKER_LINES, Ids.COPY_DOCKER,
            Ids.DOCKER_MISSING, 4);
    private final ScrollPane otherTools;

    public CommandsView() {
        setSpacing(6);
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE); // a short pane wraps the caption rather than cut it
        HBox.setHgrow(caption, Priority.ALWAYS);
        Button copy = OtherToolCard.copyButton(Texts.get("commands.copy"), script);
        copy.setId(Ids.COPY_COMMANDS);
        script.setId(Ids.COMMANDS);
        script.setEditable(false);
        script.setWrapText(false);
        script.getStyleClass().add("script");
        VBox.setVgrow(script, Priority.ALWAYS);
        HBox top = new HBox(12, copy, caption);
        VBox shell = new VBox(6, top, script);

        otherTools = new ScrollPane(new VBox(10, nspawn, docker));
        otherTools.setFitToWidth(true);
        // The teacher drags the divider: the script's end or the other tools' boxes, as the lesson needs.
        split.getItems().setAll(shell, otherTools);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().add(split);
    }

    /**
     * Call on the FX thread: for a container others made, the commands that look into it; no
     * recipe of this app built it, so there is no way to build it by hand and no other tool's line.
     */
    public void showFound(String text) {
        caption.setText(Texts.get("commands.found.caption"));
        split.getItems().remove(otherTools);
        script.setText(text);
    }

    /** Call on the FX thread. */
    public void show(String text, NspawnLine nspawnLine, DockerLines dockerLines) {
        if (nspawnLine.line().isEmpty() && dockerLines.text().isEmpty()) { // a shell in another's container
            caption.setText(Texts.get("commands.enter.caption"));
            split.getItems().remove(otherTools);
            script.setText(text);
            return;
        }
        caption.setText(Texts.get("commands.caption"));
        if (!split.getItems().contains(otherTools)) {
            split.getItems().add(otherTools);
            split.setDividerPositions(0.45);
        }
        script.setText(text);
        nspawn.show(nspawnLine.line(), nspawnLine.missing());
        docker.show(dockerLines.text(), dockerLines.missing());
    }
}
