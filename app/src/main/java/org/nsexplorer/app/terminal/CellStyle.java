package org.nsexplorer.app.terminal;

/**
 * A terminal cell's look packed in an int, and what SGR (ESC [ ... m) does to it.
 * Bits 0-8: foreground (0 the default, 1-256 colour index + 1); bits 9-17: background,
 * the same way; then bold, underline and inverse. 0 is the default look.
 */
public final class CellStyle {
    private static final int COLOUR_BITS = 9;
    private static final int COLOUR_MASK = (1 << COLOUR_BITS) - 1;
    private static final int BG_SHIFT = COLOUR_BITS;
    private static final int BOLD = 1 << 18;
    private static final int UNDERLINE = 1 << 19;
    private static final int INVERSE = 1 << 20;

    private CellStyle() {
    }

    /** The foreground's xterm colour index (0-255), or -1 for the default. */
    public static int foreground(int style) {
        return (style & COLOUR_MASK) - 1;
    }

    /** The background's xterm colour index (0-255), or -1 for the default. */
    public static int background(int style) {
        return (style >> BG_SHIFT & COLOUR_MASK) - 1;
    }

    public static boolean bold(int style) {
        return (style & BOLD) != 0;
    }

    public static boolean underline(int style) {
        return (style & UNDERLINE) != 0;
    }

    public static boolean inverse(int style) {
        return (style & INVERSE) != 0;
    }

    /** What an erased cell looks like under PEN: blank, with the pen's background only. */
    static int erased(int pen) {
        return pen & (COLOUR_MASK << BG_SHIFT);
    }

    /** PEN after an SGR sequence with parameters P (an empty one resets). */
    static int apply(int pen, String[] p) {
        for (int i = 0; i < p.length; i++) {
            int code = p[i].isEmpty() ? 0 : parse(p[i]);
            if (code == 0) {
                pen = 0;
            } else if (code == 1) {
                pen |= BOLD;
            } else if (code == 4) {
                pen |= UNDERLINE;
            } else if (code == 7) {
                pen |= INVERSE;
            } else if (code == 22) {
                pen &= ~BOLD;
            } else if (code == 24) {
                pen &= ~UNDERLINE;
            } else if (code == 27) {
                pen &= ~INVERSE;
            } else if (code >= 30 && code <= 37) {
                pen = foreground(pen, code - 30);
            } else if (code == 39) {
                pen &= ~COLOUR_MASK;
            } else if (code >= 40 && code <= 47) {
                pen = background(pen, code - 40);
            } else if (code == 49) {
                pen &= ~(COLOUR_MASK << BG_SHIFT);
            } else if (code >= 90 && code <= 97) {
                pen = foreground(pen, code - 90 + 8);
            } else if (code >= 100 && code <= 107) {
                pen = background(pen, code - 100 + 8);
            } else if ((code == 38 || code == 48) && i + 2 < p.length && p[i + 1].equals("5")) {
                int index = Math.max(0, Math.min(255, parse(p[i + 2])));
                pen = code == 38 ? foreground(pen, index) : background(pen, index);
                i += 2;
            } else if ((code == 38 || code == 48) && i + 4 < p.length && p[i + 1].equals("2")) {
                int index = nearest(parse(p[i + 2]), parse(p[i + 3]), parse(p[i + 4]));
                pen = code == 38 ? foreground(pen, index) : background(pen, index);
                i += 4;
            } else if (code == 38 || code == 48) {
                break; // an incomplete colour: its numbers are not codes of their own
            }
        }
        return pen;
    }

    /** The RGB of xterm colour INDEX (0-15 tuned for a dark background, then the 6x6x6 cube and greys). */
    public static int rgb(int index) {
        if (index < 16) {
            return BASIC[index];
        }
        if (index < 232) {
            int i = index - 16;
            return level(i / 36) << 16 | level(i / 6 % 6) << 8 | level(i % 6);
        }
        int grey = 8 + (index - 232) * 10;
        return grey << 16 | grey << 8 | grey;
    }

    /** Readable on #0d1117 (every one at least 4.5:1 but black, which is for backgrounds). */
    private static final int[] BASIC = {
        0x484f58, 0xff7b72, 0x3fb950, 0xd29922, 0x58a6ff, 0xbc8cff, 0x39c5cf, 0xb1bac4,
        0x6e7681, 0xffa198, 0x56d364, 0xe3b341, 0x79c0ff, 0xd2a8ff, 0x56d4dd, 0xffffff};

    private static int level(int step) {
        return step == 0 ? 0 : 55 + step * 40;
    }

    private static int nearest(int r, int g, int b) {
        return 16 + 36 * toCube(r) + 6 * toCube(g) + toCube(b);
    }

    /** The cube's nearest level (0, 95, 135, 175, 215, 255) for a channel value. */
    private static int toCube(int v) {
        int c = Math.max(0, Math.min(255, v));
        return c < 48 ? 0 : c < 115 ? 1 : Math.min(5, (c - 35) / 40);
    }

    private static int foreground(int pen, int index) {
        return pen & ~COLOUR_MASK | (index + 1);
    }

    private static int background(int pen, int index) {
        return pen & ~(COLOUR_MASK << BG_SHIFT) | (index + 1) << BG_SHIFT;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
