package org.nsexplorer.app.lessons;

import java.util.List;
import java.util.MissingResourceException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Texts;

/**
 * The same recipe in another tool (systemd-nspawn, docker): its lines with a Copy button, and
 * what they cannot give, each difference in the words under commands.TOOL.missing.NAME.
 */
final class OtherToolCard extends VBox {
    private final String tool;
    private final TextArea lines = new TextArea();
    private final VBox missing = new VBox(4);

    /**
     * TOOL: the key under commands. ("nspawn", "docker"); the ids name its lines, copy button and
     * list; ROWS: the rows its lines need, wrapped, at a projector's width.
     */
    OtherToolCard(String tool, String lineId, String copyId, String missingId, int rows) {
        super(6);
        this.tool = tool;
        Label title = new Label(Texts.get("commands." + tool + ".title"));
        title.getStyleClass().add("section");
        title.setWrapText(true);
        Label caption = new Label(Texts.get("commands." + tool + ".caption"));
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        Button copy = copyButton(Texts.get("commands." + tool + ".copy"), lines);
        copy.setId(copyId);
        VBox words = new VBox(title, caption);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox top = new HBox(12, copy, words);
        lines.setId(lineId);
        lines.setEditable(false);
        lines.setWrapText(true); // long lines: wrapped, they stay whole on a projector
        lines.setPrefRowCount(rows);
        lines.getStyleClass().add("script");
        Label missingTitle = new Label(Texts.get("commands." + tool + ".missingTitle"));
        missingTitle.getStyleClass().add("nspawn-missing-title");
        missingTitle.setWrapText(true);
        missing.setId(missingId);
        getChildren().setAll(top, lines, missingTitle, missing);
        getStyleClass().addAll("card", "nspawn-box");
    }

    static Button copyButton(String text, TextArea source) {
        Button copy = new Button(text);
        copy.setMinWidth(Button.USE_PREF_SIZE); // never "Co..." when the caption beside it is long
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(source.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        return copy;
    }

    /** Call on the FX thread: TEXT (empty: the helper gave none) and the wire names of what it cannot give. */
    void show(String text, List<String> differences) {
        lines.setText(text);
        missing.getChildren().clear();
        if (text.isEmpty()) {
            return;
        }
        if (differences.isEmpty()) {
            missing.getChildren().add(item(Texts.get("commands." + tool + ".missingNone")));
        }
        for (String name : differences) {
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
    private String words(String name) {
        try {
            return Texts.get("commands." + tool + ".missing." + name);
        } catch (MissingResourceException e) {
            return name;
        }
    }
}
