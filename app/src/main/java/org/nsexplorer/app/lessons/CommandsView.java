package org.nsexplorer.app.lessons;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** The shell commands that build the selected container by hand, with a button to copy them. */
public final class CommandsView extends VBox {
    private final TextArea script = new TextArea();

    public CommandsView() {
        setSpacing(6);
        Label caption = new Label(Texts.get("commands.caption"));
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        Button copy = new Button(Texts.get("commands.copy"));
        copy.setId(Ids.COPY_COMMANDS);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(script.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        script.setId(Ids.COMMANDS);
        script.setEditable(false);
        script.setWrapText(false);
        script.getStyleClass().add("script");
        VBox.setVgrow(script, Priority.ALWAYS);
        HBox top = new HBox(12, copy, caption);
        getChildren().addAll(top, script);
    }

    /** Call on the FX thread. */
    public void show(String text) {
        script.setText(text);
    }
}
