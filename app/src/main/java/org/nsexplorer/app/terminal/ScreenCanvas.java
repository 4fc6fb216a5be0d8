package org.nsexplorer.app.terminal;

import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * Draws a {@link TerminalScreen} cell by cell: colours, bold, underline, inverse, and the
 * cursor as a block visible from the back of the room. Its accessible text is the text it
 * shows, for screen readers and tests.
 */
final class ScreenCanvas extends Canvas {
    static final Color BACKGROUND = Color.web("#0d1117");
    private static final Color FOREGROUND = Color.web("#e6edf3");
    /** The cursor is its cell drawn with inverse toggled: a block visible from the back of the room. */
    private static final int INVERSE_BIT = 1 << 20;
    private Font regular = Font.font("DejaVu Sans Mono", 18);
    private Font bold = regular;
    private double charWidth = 11;
    private double lineHeight = 21;

    ScreenCanvas() {
        setAccessibleRole(AccessibleRole.TEXT);
    }

    /** The terminal's font (from the stylesheet, so zoom applies) and the cell it makes. */
    void setFont(Font font, double cellWidth, double cellHeight) {
        regular = font;
        bold = Font.font(font.getFamily(), FontWeight.BOLD, font.getSize());
        charWidth = cellWidth;
        lineHeight = cellHeight;
    }

    /** Draws S with the view BACK lines up into its history (0: the live screen, with the cursor). */
    void draw(TerminalScreen s, int back) {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setTextBaseline(VPos.TOP);
        int history = s.historySize();
        StringBuilder visible = new StringBuilder();
        for (int r = 0; r < s.rows(); r++) {
            int line = history - back + r; // below history: the screen's rows
            if (line < 0) {
                continue;
            }
            boolean old = line < history;
            String text = old ? s.historyLine(line) : s.line(line - history);
            visible.append(text.stripTrailing()).append('\n');
            int c = 0;
            while (c < text.length()) {
                int style = old ? s.historyStyle(line, c) : s.style(line - history, c);
                int end = c + 1;
                while (end < text.length() && (old ? s.historyStyle(line, end) : s.style(line - history, end)) == style) {
                    end++;
                }
                drawRun(g, text.substring(c, end), style, c, r);
                c = end;
            }
        }
        if (back == 0 && s.cursorVisible() && s.cursorRow() < s.rows() && s.cursorCol() < s.cols()) {
            int style = s.style(s.cursorRow(), s.cursorCol());
            drawRun(g, s.line(s.cursorRow()).substring(s.cursorCol(), s.cursorCol() + 1), style ^ INVERSE_BIT,
                    s.cursorCol(), s.cursorRow());
        }
        setAccessibleText(visible.toString());
    }

    private void drawRun(GraphicsContext g, String text, int style, int col, int row) {
        Color fg = colour(CellStyle.foreground(style), FOREGROUND);
        Color bg = colour(CellStyle.background(style), BACKGROUND);
        if (CellStyle.inverse(style)) {
            Color swap = fg;
            fg = bg;
            bg = swap;
        }
        double x = col * charWidth;
        double y = row * lineHeight;
        if (!bg.equals(BACKGROUND)) {
            g.setFill(bg);
            g.fillRect(x, y, text.length() * charWidth, lineHeight);
        }
        if (text.isBlank()) {
            return;
        }
        g.setFill(fg);
        g.setFont(CellStyle.bold(style) ? bold : regular);
        if (text.chars().allMatch(ch -> ch >= 32 && ch < 127)) {
            g.fillText(text, x, y); // ASCII in a monospace font: the run keeps the grid
        } else {
            // Cell by cell: a glyph from a fallback font must not push the next column off the grid.
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch != ' ') {
                    g.fillText(String.valueOf(ch), x + i * charWidth, y);
                }
            }
        }
        if (CellStyle.underline(style)) {
            g.setStroke(fg);
            g.strokeLine(x, y + lineHeight - 2, x + text.length() * charWidth, y + lineHeight - 2);
        }
    }

    private static Color colour(int index, Color fallback) {
        if (index < 0) {
            return fallback;
        }
        int rgb = CellStyle.rgb(index);
        return Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
    }
}
