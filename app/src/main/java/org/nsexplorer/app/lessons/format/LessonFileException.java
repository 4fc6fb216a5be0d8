package org.nsexplorer.app.lessons.format;

/** A lesson file that cannot be used: the line at fault (1-based) and what is wrong there. */
public final class LessonFileException extends Exception {
    private final int line;

    public LessonFileException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** 1-based; 0 when the whole file is at fault. */
    public int line() {
        return line;
    }
}
