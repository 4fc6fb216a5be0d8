package org.nsexplorer.app.terminal;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** A shell inside the selected container: its screen drawn in monospace, the keyboard sent to it. */
public final class TerminalView extends StackPane {
    /** Shows the "no terminal" hint, and carries the stylesheet's terminal font (zoom included). */
    private final Label screenText = new Label();
    private final ScreenCanvas canvas = new ScreenCanvas();
    private final Consumer<byte[]> keys;
    private final BiConsumer<Integer, Integer> sizes;
    private boolean drawPending;
    /** How many lines up into the history the view is scrolled (0: the live screen). */
    private int back;
    /** Output comes in many small pieces: one drawing per turn of the FX thread is enough. */
    private final ChangeListener<Number> redraw = (o, was, now) -> {
        if (!drawPending) {
            drawPending = true;
            Platform.runLater(() -> {
                drawPending = false;
                draw();
            });
        }
    };

    private ContainerModel shown;
    /** Under the hint for a container others made: a shell in it, opened on request only. */
    private final Button enter = new Button();
    private final VBox hint = new VBox(16, screenText, enter);
    private Consumer<ContainerModel> onEnter = m -> { };

    /**
     * @param keys  sends bytes to the shown container's terminal
     * @param sizes tells the shown container's terminal its new rows and columns
     */
    public TerminalView(Consumer<byte[]> keys, BiConsumer<Integer, Integer> sizes) {
        this.keys = keys;
        this.sizes = sizes;
        widthProperty().addListener((o, was, now) -> fit());
        heightProperty().addListener((o, was, now) -> fit());
        setId(Ids.TERMINAL);
        getStyleClass().add("terminal");
        screenText.getStyleClass().add("terminal-text");
        screenText.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        screenText.setAlignment(Pos.TOP_LEFT);
        canvas.setId(Ids.TERMINAL_SCREEN);
        // Sized and placed by fit(): a managed canvas would feed its size back into the layout.
        canvas.setManaged(false);
        enter.setId(Ids.TERMINAL_ENTER);
        enter.setOnAction(e -> {
            if (shown != null && !shown.isOurs() && shown.state().isLive()) {
                onEnter.accept(shown);
            }
        });
        getChildren().addAll(hint, canvas);
        screenText.fontProperty().addListener((o, was, now) -> fit());
        setFocusTraversable(true);
        setOnMouseClicked(e -> requestFocus());
        addEventHandler(KeyEvent.KEY_PRESSED, this::pressed);
        // The wheel scrolls through what went off the top; typing brings the live screen back.
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (shown != null && shown.screen().isPresent()) {
                scrollLines((int) Math.signum(e.getDeltaY()) * 3);
                e.consume();
            }
        });
        addEventHandler(KeyEvent.KEY_TYPED, this::typed);
        show(null);
    }

    /** What "Open a shell in it" does for a container others made (shown here). */
    public void setOnEnter(Consumer<ContainerModel> action) {
        onEnter = action;
    }

    /** Call on the FX thread. */
    public void show(ContainerModel model) {
        if (shown != null) {
            shown.screenVersionProperty().removeListener(redraw);
        }
        shown = model;
        back = 0;
        if (model != null) {
            model.screenVersionProperty().addListener(redraw);
        }
        fit();
        draw();
    }

    /** As many rows and columns as the view holds in the current font (zoom included). */
    private void fit() {
        if (shown == null || shown.screen().isEmpty() || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        Text probe = new Text("M");
        probe.setFont(screenText.getFont());
        double charWidth = probe.getLayoutBounds().getWidth();
        double lineHeight = probe.getLayoutBounds().getHeight();
        if (charWidth <= 0 || lineHeight <= 0) {
            return;
        }
        Insets pad = getInsets();
        canvas.setFont(screenText.getFont(), charWidth, lineHeight);
        canvas.relocate(pad.getLeft(), pad.getTop());
        canvas.setWidth(Math.max(0, getWidth() - pad.getLeft() - pad.getRight()));
        canvas.setHeight(Math.max(0, getHeight() - pad.getTop() - pad.getBottom()));
        int cols = Math.max(20, Math.min(300, (int) ((getWidth() - pad.getLeft() - pad.getRight()) / charWidth)));
        int rows = Math.max(5, Math.min(200, (int) ((getHeight() - pad.getTop() - pad.getBottom()) / lineHeight)));
        TerminalScreen screen = shown.screen().get();
        if (rows != screen.rows() || cols != screen.cols()) {
            screen.resize(rows, cols);
            sizes.accept(rows, cols);
        }
        draw();
    }

    private void draw() {
        boolean none = shown == null || shown.screen().isEmpty();
        hint.setVisible(none);
        canvas.setVisible(!none);
        if (none) {
            boolean theirs = shown != null && !shown.isOurs(); // nothing of this app's is attached to it
            screenText.setWrapText(true);
            screenText.setText(theirs ? Texts.get("terminal.found", shown.found().orElseThrow().engineWords(),
                            Long.toString(shown.hostPidProperty().get()))
                    : Texts.get("terminal.none"));
            enter.setText(theirs ? Texts.get("terminal.enter", shown.name()) : "");
            enter.setVisible(theirs && shown.state().isLive());
            enter.setManaged(enter.isVisible());
        } else {
            back = Math.min(back, shown.screen().get().historySize());
            canvas.draw(shown.screen().get(), back);
        }
    }

    /** A page (Shift+PageUp, Shift+PageDown) up (1) or down (-1) through the history. */
    private void scrollBack(int pages) {
        if (shown != null && shown.screen().isPresent()) {
            scrollLines(pages * Math.max(1, shown.screen().get().rows() - 1));
        }
    }

    private void scrollLines(int lines) {
        back = Math.max(0, Math.min(shown.screen().get().historySize(), back + lines));
        draw();
    }

    /** Keys go to the live screen, which comes back into view. */
    private void send(byte[] bytes) {
        if (back != 0) {
            back = 0;
            draw();
        }
        keys.accept(bytes);
    }

    private void pressed(KeyEvent e) {
        if (e.isShiftDown() && (e.getCode() == KeyCode.PAGE_UP
                || e.getCode() == KeyCode.PAGE_DOWN)) {
            scrollBack(e.getCode() == KeyCode.PAGE_UP ? 1 : -1);
            e.consume();
            return;
        }
        String seq = switch (e.getCode()) {
            case ENTER -> "\r";
            case BACK_SPACE -> "\u007f";
            case TAB -> "\t";
            case ESCAPE -> "\u001b";
            case UP -> "\u001b[A";
            case DOWN -> "\u001b[B";
            case RIGHT -> "\u001b[C";
            case LEFT -> "\u001b[D";
            case HOME -> "\u001b[H";
            case END -> "\u001b[F";
            case DELETE -> "\u001b[3~";
            case PAGE_UP -> "\u001b[5~";
            case PAGE_DOWN -> "\u001b[6~";
            default -> null;
        };
        if (seq == null && e.isControlDown() && e.getCode().isLetterKey()) {
            seq = String.valueOf((char) (e.getCode().getName().charAt(0) - 'A' + 1)); // Ctrl-C is 3
        }
        if (seq != null) {
            send(seq.getBytes(StandardCharsets.UTF_8));
            e.consume();
        }
    }

    private void typed(KeyEvent e) {
        String c = e.getCharacter();
        if (c.isEmpty() || e.isControlDown() || c.charAt(0) < 32 || c.charAt(0) == 127) {
            return; // sent by pressed() already
        }
        send(c.getBytes(StandardCharsets.UTF_8));
        e.consume();
    }

    /** For the screenshot tour and tests: types TEXT as if on the keyboard. */
    public void type(String text) {
        keys.accept(text.getBytes(StandardCharsets.UTF_8));
    }

}
