package org.nsexplorer.app.compare;

/**
 * What a process row shows of a command: the program's base name and, where they are short,
 * its arguments (`sh`, `sleep 100`), so that a row never needs the width of a long path. The
 * full command line goes in the tooltip and the details line.
 */
public final class CommandName {
    /** Arguments longer than this are shortened: a row must fit half of a projector's width. */
    static final int MAX_ARGUMENTS = 24;
    /** A command line in the details or a tooltip: about four lines of a narrow column. */
    static final int MAX_DETAIL = 200;

    private CommandName() {
    }

    /** The full command: the command line, or [COMM] for a process without one (a kernel thread, a zombie). */
    public static String full(String cmdline, String comm) {
        return cmdline == null || cmdline.isBlank() ? "[" + comm + "]" : cmdline;
    }

    /** The short form of FULL (as {@link #full} gives it). */
    public static String shorten(String full) {
        if (full.startsWith("[") || full.isBlank()) {
            return full;
        }
        String trimmed = full.strip();
        int space = trimmed.indexOf(' ');
        String program = baseName(space < 0 ? trimmed : trimmed.substring(0, space));
        if (space < 0) {
            return program;
        }
        String arguments = trimmed.substring(space + 1).strip();
        if (arguments.length() > MAX_ARGUMENTS) {
            // Paths as base names first (`bash /usr/bin/xvfb-run` → `bash xvfb-run`), then whole words that fit.
            StringBuilder shorter = new StringBuilder();
            for (String word : arguments.split(" +")) {
                shorter.append(shorter.length() == 0 ? "" : " ").append(word.startsWith("/") ? baseName(word) : word);
            }
            arguments = shorter.toString();
        }
        if (arguments.length() > MAX_ARGUMENTS) {
            StringBuilder fits = new StringBuilder();
            for (String word : arguments.split(" ")) {
                if (fits.length() + word.length() + 1 > MAX_ARGUMENTS) {
                    break;
                }
                fits.append(fits.length() == 0 ? "" : " ").append(word);
            }
            arguments = fits.length() == 0 ? "…" : fits + " …";
        }
        return arguments.isEmpty() ? program : program + " " + arguments;
    }

    /** Text longer than a few lines of a details line or tooltip (a JVM's class path), cut with "…". */
    public static String clip(String text) {
        return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    /** `/usr/bin/sleep` → `sleep`; a name ending in / keeps its last part. */
    static String baseName(String path) {
        String name = path;
        while (name.length() > 1 && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        int slash = name.lastIndexOf('/');
        return slash < 0 || slash == name.length() - 1 ? name : name.substring(slash + 1);
    }
}
