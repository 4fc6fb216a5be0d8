package org.nsexplorer.app.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
