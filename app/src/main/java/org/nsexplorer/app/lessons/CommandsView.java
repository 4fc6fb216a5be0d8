package org.nsexplorer.app.lessons;

import java.util.MissingResourceException;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The shell commands that build the selected container by hand, with a button to copy them;
 * below, in a box of its own, the same recipe as one systemd-nspawn line (walkthrough 004's
 * tool) with its own Copy button, and what that line cannot give.
 */
public final class CommandsView extends VBox {
    private final TextArea script = new TextArea();
    private final TextArea nspawnLine = new TextArea();
    private final VBox missing = new VBox(4);

    public CommandsView() {
        setSpacing(6);
        Label caption = new Label(Texts.get("commands.caption"));
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE); // a short pane wraps the caption rather than cut it
        HBox.setHgrow(caption, Priority.ALWAYS);
        Button copy = copyButton(Texts.get("commands.copy"), script);
        copy.setId(Ids.COPY_COMMANDS);
        script.setId(Ids.COMMANDS);
        script.setEditable(false);
        script.setWrapText(false);
        script.getStyleClass().add("script");
        VBox.setVgrow(script, Priority.ALWAYS);
        HBox top = new HBox(12, copy, caption);
        VBox shell = new VBox(6, top, script);

        // The teacher drags the divider: the script's end or the whole nspawn box, as the lesson needs.
        SplitPane split = new SplitPane(shell, nspawnBox());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().add(split);
    }

    private ScrollPane nspawnBox() {
        Label title = new Label(Texts.get("commands.nspawn.title"));
        title.getStyleClass().add("section");
        title.setWrapText(true);
        Label caption = new Label(Texts.get("commands.nspawn.caption"));
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        Button copy = copyButton(Texts.get("commands.nspawn.copy"), nspawnLine);
        copy.setId(Ids.COPY_NSPAWN);
        VBox words = new VBox(title, caption);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox top = new HBox(12, copy, words);
        nspawnLine.setId(Ids.NSPAWN_LINE);
        nspawnLine.setEditable(false);
        nspawnLine.setWrapText(true); // one long line: wrapped, it stays whole on a projector
        nspawnLine.setPrefRowCount(2);
        nspawnLine.getStyleClass().add("script");
        Label missingTitle = new Label(Texts.get("commands.nspawn.missingTitle"));
        missingTitle.getStyleClass().add("nspawn-missing-title");
        missingTitle.setWrapText(true);
        missing.setId(Ids.NSPAWN_MISSING);
        VBox box = new VBox(6, top, nspawnLine, missingTitle, missing);
        box.getStyleClass().addAll("card", "nspawn-box");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static Button copyButton(String text, TextArea source) {
        Button copy = new Button(text);
        copy.setMinWidth(Button.USE_PREF_SIZE); // never "Co..." when the caption beside it is long
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(source.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        return copy;
    }

    /** Call on the FX thread. */
    public void show(String text, NspawnLine nspawn) {
        script.setText(text);
        nspawnLine.setText(nspawn.line());
        missing.getChildren().clear();
        if (nspawn.line().isEmpty()) {
            return;
        }
        if (nspawn.missing().isEmpty()) {
            missing.getChildren().add(item(Texts.get("commands.nspawn.missingNone")));
        }
        for (String name : nspawn.missing()) {
            missing.getChildren().add(item("• " + words(name)));
        }
    }

    private static Label item(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add("nspawn-missing");
        return label;
    }

    /** The words of a wire name; a name this app does not know yet (a newer helper) is shown as it is. */
    private static String words(String name) {
        try {
            return Texts.get("commands.nspawn.missing." + name);
        } catch (MissingResourceException e) {
            return name;
        }
    }
}
