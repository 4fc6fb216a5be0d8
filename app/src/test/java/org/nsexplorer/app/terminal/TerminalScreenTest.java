package org.nsexplorer.app.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.ui.ThemeColoursTest;

class TerminalScreenTest {
    private static TerminalScreen feed(int rows, int cols, String text) {
        TerminalScreen s = new TerminalScreen(rows, cols);
        s.feed(text.getBytes(StandardCharsets.UTF_8));
        return s;
    }

    @Test
    void textNewlinesAndCarriageReturns() {
        TerminalScreen s = feed(3, 10, "# hostname\r\nbox\r\n# ");
        assertEquals("# hostname\nbox\n#\n", s.text());
        assertEquals(2, s.cursorRow());
        assertEquals(2, s.cursorCol());
    }

    @Test
    void scrollsAtTheBottomAndWrapsLongLines() {
        TerminalScreen s = feed(2, 4, "abcdef\r\nxy");
        assertEquals("ef\nxy\n", s.text());
    }

    @Test
    void cursorMovesAndErasesAsTopDoes() {
        TerminalScreen s = feed(3, 12, "\u001b[2J\u001b[1;1Htop - 10:00\u001b[3;1HPID\u001b[1;5H\u001b[K");
        assertEquals("top\n\nPID\n", s.text());
        s.feed("\u001b[?25l\u001b[2;3Hx\u001b[31;1m!\u001b[0m".getBytes());
        assertEquals("top\n  x!\nPID\n", s.text());
        assertFalse(s.cursorVisible());
    }

    @Test
    void utf8SplitAcrossChunksAndTitleSequencesAreHandled() {
        TerminalScreen s = new TerminalScreen(1, 10);
        byte[] bytes = "\u001b]0;title\u0007é⇐".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            s.feed(new byte[] {b});
        }
        assertEquals("é⇐\n", s.text());
    }

    @Test
    void scrollRegionsInsertAndDeleteLines() {
        TerminalScreen s = feed(4, 3, "a\r\nb\r\nc\r\nd\u001b[2;3r\u001b[2;1H\u001b[M");
        assertEquals("a\nc\n\nd\n", s.text());
        s.feed("\u001b[2;1H\u001b[L".getBytes());
        assertEquals("a\n\nc\nd\n", s.text());
    }

    @Test
    void resizingKeepsWhatFitsAndClampsTheCursor() {
        TerminalScreen s = feed(3, 6, "abcdef\r\nxyz");
        s.resize(2, 3);
        assertEquals("abc\nxyz\n", s.text());
        assertEquals(1, s.cursorRow());
        assertEquals(2, s.cursorCol());
    }

    @Test
    void colourAndBoldStayWithTheCharactersWritten() {
        TerminalScreen s = feed(2, 20, "\u001b[1;31mred\u001b[0m plain \u001b[38;5;208mo\u001b[38;2;255;0;0mr");
        assertEquals(1, CellStyle.foreground(s.style(0, 0)));
        assertTrue(CellStyle.bold(s.style(0, 2)));
        assertEquals(0, s.style(0, 4), "reset by ESC [ 0 m");
        assertEquals(208, CellStyle.foreground(s.style(0, 10)));
        assertEquals(196, CellStyle.foreground(s.style(0, 11)), "24-bit red maps to the cube's red");
        assertEquals(-1, CellStyle.background(s.style(0, 0)));
    }

    @Test
    void anErasedLineTakesThePensBackgroundAndInverseIsKept() {
        // top's header: inverse text, and a line cleared under a coloured background.
        TerminalScreen s = feed(3, 10, "\u001b[7mPID\u001b[27m\r\n\u001b[44m\u001b[2K\u001b[0m");
        assertTrue(CellStyle.inverse(s.style(0, 0)));
        assertFalse(CellStyle.inverse(s.style(0, 3)));
        for (int c = 0; c < 10; c++) {
            assertEquals(4, CellStyle.background(s.style(1, c)));
        }
    }

    @Test
    void stylesScrollWithTheirLines() {
        TerminalScreen s = feed(2, 5, "\u001b[32mok\u001b[0m\r\nx\r\ny");
        assertEquals("x\ny\n", s.text());
        assertEquals(0, s.style(0, 0), "the green line scrolled away, its style with it");
        assertEquals(0, s.style(1, 0));
        TerminalScreen t = feed(2, 5, "a\r\n\u001b[32mok\u001b[0m\r\nz");
        assertEquals("ok\nz\n", t.text());
        assertEquals(2, CellStyle.foreground(t.style(0, 0)));
    }

    @Test
    void everyBasicColourIsReadableOnTheTerminalBackground() {
        for (int i = 1; i < 16; i++) {
            double ratio = ThemeColoursTest.contrast(String.format("#%06x", CellStyle.rgb(i)), "#0d1117");
            assertTrue(ratio >= 4.5 || i == 8, "colour " + i + ": " + ratio);
        }
    }

    @Test
    void linesScrolledOffTheTopAreKeptWithTheirStylesUpToTheLimit() {
        StringBuilder out = new StringBuilder("\u001b[31mfirst\u001b[0m\r\n");
        for (int i = 1; i <= TerminalScreen.HISTORY_LINES + 10; i++) {
            out.append("line ").append(i).append("\r\n");
        }
        TerminalScreen s = feed(3, 12, out.toString());
        assertEquals(TerminalScreen.HISTORY_LINES, s.historySize());
        // The oldest kept is the one that came HISTORY_LINES lines before the screen's first.
        assertEquals("line " + (TerminalScreen.HISTORY_LINES + 10 - 1 - TerminalScreen.HISTORY_LINES),
                s.historyLine(0).strip());
        assertEquals("line " + (TerminalScreen.HISTORY_LINES + 8), s.historyLine(s.historySize() - 1).strip());

        TerminalScreen few = feed(2, 8, "\u001b[31mred\u001b[0m\r\nb\r\nc");
        assertEquals(1, few.historySize());
        assertEquals("red", few.historyLine(0).strip());
        assertEquals(1, CellStyle.foreground(few.historyStyle(0, 0)));
    }

    @Test
    void aFullScreenProgramLeavesNoHistory() {
        TerminalScreen s = feed(2, 8, "\u001b[?1049h1\r\n2\r\n3\r\n4\u001b[?1049l");
        assertEquals(0, s.historySize());
    }

    @Test
    void hugeOrHostileParametersAreBoundedAndNeverBreakTheScreen() {
        TerminalScreen s = feed(3, 10, "ab\u001b[2147483647C\u001b[2147483647Bx\u001b[999999999S\u001b[99999X"
                + "\u001b[38;2;31mz\u001b[2147483647;2147483647Hq");
        assertEquals(9, s.cursorCol());
        assertEquals(2, s.cursorRow());
        assertTrue(s.historySize() <= 3, "a scroll counts at most the region's lines");
        TerminalScreen incomplete = feed(1, 5, "\u001b[38;2;31mz");
        assertEquals(-1, CellStyle.foreground(incomplete.style(0, 0)), "31 of an incomplete colour is not red");
    }

    @Test
    void eraseSavedLinesClearsTheHistoryOnly() {
        TerminalScreen s = feed(2, 5, "a\r\nb\r\nc\u001b[3J");
        assertEquals(0, s.historySize());
        assertEquals("b\nc\n", s.text());
    }
}
