package org.nsexplorer.helper.discover;

/** A name read from another's file or command line, made fit to show: no control characters, 256 at most. */
final class Printable {
    static final int MAX = 256;

    private Printable() {
    }

    /** TEXT cleaned, or null when nothing printable is left (or it was null). */
    static String of(String text) {
        if (text == null) {
            return null;
        }
        // Control and format characters (bidi overrides among them) and line separators could
        // make a name read as another, or break the line it is shown in.
        String clean = text.codePoints().filter(c -> !Character.isISOControl(c) && !invisible(c))
                .limit(MAX).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        return clean.isEmpty() ? null : clean;
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
