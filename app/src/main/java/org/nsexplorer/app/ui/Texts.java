package org.nsexplorer.app.ui;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** User-visible text, from the resource bundle; kernel words stay in the code untranslated. */
public final class Texts {
    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("org.nsexplorer.app.messages");

    private Texts() {
    }

    public static String get(String key, Object... args) {
        // Always through MessageFormat, so a quote is written '' in every message alike.
        return MessageFormat.format(BUNDLE.getString(key), args);
    }
}
