package org.nsexplorer.app.terminal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small VT100/xterm screen: enough of the escape sequences for sh, ps, top, ip and
 * hostname to display properly. No JavaFX here: it is fed bytes and read as lines.
 */
public final class TerminalScreen {
    private enum Mode { TEXT, ESCAPE, CSI, OSC, CHARSET }

    private int rows;
    private int cols;
    private char[][] cells;
    /** Each cell's look, as {@link CellStyle} packs it; 0 is the default. */
    private int[][] styles;
    /** The style SGR (ESC [ ... m) set for what is written next. */
    private int pen;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8);
    private final StringBuilder params = new StringBuilder();
    private Mode mode = Mode.TEXT;
    private int row;
    private int col;
    private int savedRow;
    private int savedCol;
    private int top;
    private int bottom;
    private boolean wrapPending;
    private boolean cursorVisible = true;
    /** Lines scrolled off the top of the main screen, oldest first (a full-screen program's are not kept). */
    private final HistoryLine[] history = new HistoryLine[HISTORY_LINES];
    /** Where the oldest history line is in the ring, and how many there are. */
    private int historyStart;
    private int historyCount;
    private boolean alternateScreen;

    /** How many lines of history are kept: a long `ps aux` or `mount` fits many times over. */
    public static final int HISTORY_LINES = 2000;

    private record HistoryLine(char[] cells, int[] styles) {
    }

    public TerminalScreen(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.cells = new char[rows][cols];
        this.styles = new int[rows][cols];
        this.bottom = rows - 1;
        for (char[] line : cells) {
            Arrays.fill(line, ' ');
        }
    }

    /** A new size (the window changed): what fits is kept, from the top left. */
    public void resize(int newRows, int newCols) {
        char[][] next = new char[newRows][newCols];
        int[][] nextStyles = new int[newRows][newCols];
        for (int r = 0; r < newRows; r++) {
            Arrays.fill(next[r], ' ');
            if (r < rows) {
                System.arraycopy(cells[r], 0, next[r], 0, Math.min(cols, newCols));
                System.arraycopy(styles[r], 0, nextStyles[r], 0, Math.min(cols, newCols));
            }
        }
        cells = next;
        styles = nextStyles;
        rows = newRows;
        cols = newCols;
        top = 0;
        bottom = rows - 1;
        row = clamp(row, rows);
        col = clamp(col, cols);
        wrapPending = false;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int cursorRow() {
        return row;
    }

    public int cursorCol() {
        return col;
    }

    public boolean cursorVisible() {
        return cursorVisible;
    }

    /** Every line that ever scrolled off the top, kept or not: line numbers that stay put as the screen scrolls. */
    private long linesScrolledAway;

    /** The cursor's line as a number that does not change as output scrolls (for {@link #textSince}). */
    public long cursorLine() {
        return linesScrolledAway + cursorRow();
    }

    /** The text from line LINE (a {@link #cursorLine} taken earlier) to the end of the screen, what still is kept of it. */
    public String textSince(long line) {
        StringBuilder out = new StringBuilder();
        long firstKept = linesScrolledAway - historyCount;
        for (int i = (int) Math.max(0, line - firstKept); i < historyCount; i++) {
            out.append(historyLine(i).stripTrailing()).append('\n');
        }
        for (int r = (int) Math.max(0, line - linesScrolledAway); r < rows; r++) {
            out.append(line(r).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Lines kept above the screen (see {@link #historyLine}). */
    public int historySize() {
        return historyCount;
    }

    /** History line I (0 the oldest) as text, as wide as the screen was then. */
    public String historyLine(int i) {
        return new String(historyAt(i).cells());
    }

    /** The style of cell C of history line I; the default past its end. */
    public int historyStyle(int i, int c) {
        int[] line = historyAt(i).styles();
        return c < line.length ? line[c] : 0;
    }

    private HistoryLine historyAt(int i) {
        return history[(historyStart + i) % HISTORY_LINES];
    }

    /** The style of the cell at R, C (see {@link CellStyle}). */
    public int style(int r, int c) {
        return styles[r][c];
    }

    /** Row R as text, trailing spaces kept. */
    public String line(int r) {
        return new String(cells[r]);
    }

    /** The whole screen, lines trimmed on the right, one per row. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            out.append(line(r).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Feeds bytes the container wrote; UTF-8 split across calls is kept for the next one. */
    public void feed(byte[] data) {
        ByteBuffer in = ByteBuffer.allocate(pending.position() + data.length);
        pending.flip();
        in.put(pending).put(data).flip();
        pending.clear();
        CharBuffer chars = CharBuffer.allocate(data.length + 8);
        utf8.decode(in, chars, false);
        while (in.hasRemaining() && pending.hasRemaining()) {
            pending.put(in.get());
        }
        chars.flip();
        while (chars.hasRemaining()) {
            accept(chars.get());
        }
    }

    private void accept(char c) {
        switch (mode) {
            case TEXT -> text(c);
            case ESCAPE -> escape(c);
            case CSI -> csi(c);
            case OSC -> {
                if (c == 7 || c == '\\') {
                    mode = Mode.TEXT;
                }
            }
            case CHARSET -> mode = Mode.TEXT;
        }
    }

    private void text(char c) {
        switch (c) {
            case 27 -> mode = Mode.ESCAPE;
            case '\r' -> {
                col = 0;
                wrapPending = false;
            }
            case '\n', 11, 12 -> lineFeed();
            case '\b' -> {
                col = Math.max(0, col - 1);
                wrapPending = false;
            }
            case '\t' -> col = Math.min(cols - 1, (col / 8 + 1) * 8);
            case 7, 0, 14, 15 -> {
                // bell, padding and charset shifts: nothing to draw
            }
            default -> {
                if (c < 32) {
                    return;
                }
                if (wrapPending) {
                    col = 0;
                    lineFeed();
                }
                cells[row][col] = c;
                styles[row][col] = pen;
                if (col == cols - 1) {
                    wrapPending = true; // xterm wraps only when the next character comes
                } else {
                    col++;
                }
            }
        }
    }

    private void escape(char c) {
        mode = Mode.TEXT;
        switch (c) {
            case '[' -> {
                params.setLength(0);
                mode = Mode.CSI;
            }
            case ']' -> mode = Mode.OSC;
            case '(', ')', '*', '+' -> mode = Mode.CHARSET;
            case '7' -> save();
            case '8' -> restore();
            case 'M' -> reverseIndex();
            case 'D' -> lineFeed();
            case 'E' -> {
                col = 0;
                lineFeed();
            }
            case 'c' -> reset();
            default -> {
                // keypad modes and the like change nothing we draw
            }
        }
    }

    private void csi(char c) {
        if ((c >= '0' && c <= '9') || c == ';' || c == '?' || c == '>' || c == '=' || c == '!') {
            params.append(c);
            return;
        }
        mode = Mode.TEXT;
        boolean priv = params.length() > 0 && params.charAt(0) == '?';
        String[] p = (priv ? params.substring(1) : params.toString().replaceAll("^[>=!]", "")).split(";", -1);
        int n = number(p, 0, 1);
        wrapPending = false;
        switch (c) {
            case 'A' -> row = Math.max(top, row - n);
            case 'B' -> row = Math.min(bottom, row + n);
            case 'C' -> col = Math.min(cols - 1, col + n);
            case 'D' -> col = Math.max(0, col - n);
            case 'E' -> {
                row = Math.min(bottom, row + n);
                col = 0;
            }
            case 'F' -> {
                row = Math.max(top, row - n);
                col = 0;
            }
            case 'G', '`' -> col = clamp(n - 1, cols);
            case 'd' -> row = clamp(n - 1, rows);
            case 'H', 'f' -> {
                row = clamp(number(p, 0, 1) - 1, rows);
                col = clamp(number(p, 1, 1) - 1, cols);
            }
            case 'J' -> {
                if (number(p, 0, 0) == 3) {
                    historyCount = 0; // clear's "erase saved lines"
                } else {
                    eraseDisplay(number(p, 0, 0));
                }
            }
            case 'K' -> eraseLine(number(p, 0, 0));
            case 'X' -> blank(row, col, Math.min(cols, col + n));
            case 'm' -> pen = CellStyle.apply(pen, p);
            case 'P' -> deleteChars(n);
            case '@' -> insertChars(n);
            case 'L' -> insertLines(n);
            case 'M' -> deleteLines(n);
            case 'S' -> scrollUp(top, bottom, Math.min(n, bottom - top + 1));
            case 'T' -> scrollDown(top, bottom, Math.min(n, bottom - top + 1));
            case 'r' -> {
                top = clamp(number(p, 0, 1) - 1, rows);
                bottom = clamp(number(p, 1, rows) - 1, rows);
                if (bottom <= top) {
                    top = 0;
                    bottom = rows - 1;
                }
                row = top;
                col = 0;
            }
            case 's' -> save();
            case 'u' -> restore();
            case 'h', 'l' -> {
                if (priv) {
                    privateMode(p, c == 'h');
                }
            }
            default -> {
                // device reports (n, c) and the rest draw nothing
            }
        }
    }

    private void privateMode(String[] p, boolean on) {
        for (String mode : p) {
            switch (mode) {
                case "25" -> cursorVisible = on;
                case "1049", "1047", "47" -> {
                    // The alternate screen: a clean page on the way in and out is what a class sees.
                    alternateScreen = on;
                    eraseDisplay(2);
                    if (on) {
                        save();
                    } else {
                        restore();
                    }
                }
                default -> {
                }
            }
        }
    }

    private void lineFeed() {
        wrapPending = false;
        if (row == bottom) {
            scrollUp(top, bottom, 1);
        } else if (row < rows - 1) {
            row++;
        }
    }

    private void reverseIndex() {
        if (row == top) {
            scrollDown(top, bottom, 1);
        } else if (row > 0) {
            row--;
        }
    }

    private void scrollUp(int from, int to, int n) {
        for (int i = 0; i < n; i++) {
            char[] first = cells[from];
            int[] firstStyles = styles[from];
            if (from == 0 && !alternateScreen) {
                history[(historyStart + historyCount) % HISTORY_LINES] = new HistoryLine(first.clone(),
                        firstStyles.clone());
                linesScrolledAway++;
                if (historyCount < HISTORY_LINES) {
                    historyCount++;
                } else {
                    historyStart = (historyStart + 1) % HISTORY_LINES; // the oldest line was overwritten
                }
            }
            System.arraycopy(cells, from + 1, cells, from, to - from);
            System.arraycopy(styles, from + 1, styles, from, to - from);
            cells[to] = first;
            styles[to] = firstStyles;
            blank(to, 0, cols);
        }
    }

    private void scrollDown(int from, int to, int n) {
        for (int i = 0; i < n; i++) {
            char[] last = cells[to];
            int[] lastStyles = styles[to];
            System.arraycopy(cells, from, cells, from + 1, to - from);
            System.arraycopy(styles, from, styles, from + 1, to - from);
            cells[from] = last;
            styles[from] = lastStyles;
            blank(from, 0, cols);
        }
    }

    private void insertLines(int n) {
        if (row >= top && row <= bottom) {
            scrollDown(row, bottom, Math.min(n, bottom - row + 1));
        }
    }

    private void deleteLines(int n) {
        if (row >= top && row <= bottom) {
            scrollUp(row, bottom, Math.min(n, bottom - row + 1));
        }
    }

    private void deleteChars(int n) {
        int count = Math.min(n, cols - col);
        System.arraycopy(cells[row], col + count, cells[row], col, cols - col - count);
        System.arraycopy(styles[row], col + count, styles[row], col, cols - col - count);
        blank(row, cols - count, cols);
    }

    private void insertChars(int n) {
        int count = Math.min(n, cols - col);
        System.arraycopy(cells[row], col, cells[row], col + count, cols - col - count);
        System.arraycopy(styles[row], col, styles[row], col + count, cols - col - count);
        blank(row, col, col + count);
    }

    private void eraseDisplay(int how) {
        if (how == 0) {
            blank(row, col, cols);
            for (int r = row + 1; r < rows; r++) {
                blank(r, 0, cols);
            }
        } else if (how == 1) {
            blank(row, 0, Math.min(cols, col + 1));
            for (int r = 0; r < row; r++) {
                blank(r, 0, cols);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                blank(r, 0, cols);
            }
        }
    }

    private void eraseLine(int how) {
        switch (how) {
            case 0 -> blank(row, col, cols);
            case 1 -> blank(row, 0, Math.min(cols, col + 1));
            default -> blank(row, 0, cols);
        }
    }

    /** Erased cells take the pen's background, as xterm's do (top's header bar relies on it). */
    private void blank(int r, int from, int to) {
        Arrays.fill(cells[r], from, to, ' ');
        Arrays.fill(styles[r], from, to, CellStyle.erased(pen));
    }

    private void save() {
        savedRow = row;
        savedCol = col;
    }

    private void restore() {
        row = clamp(savedRow, rows);
        col = clamp(savedCol, cols);
        wrapPending = false;
    }

    private void reset() {
        pen = 0;
        alternateScreen = false;
        eraseDisplay(2);
        row = 0;
        col = 0;
        top = 0;
        bottom = rows - 1;
        cursorVisible = true;
    }

    private static final int MAX_PARAMETER = 9999;

    private static int number(String[] p, int index, int fallback) {
        if (index >= p.length || p[index].isEmpty()) {
            return fallback;
        }
        try {
            // Bounded: a program in the container must not make the window count to 2^31.
            int v = Math.min(MAX_PARAMETER, Integer.parseInt(p[index]));
            return v == 0 && fallback == 1 ? 1 : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
