package org.nsexplorer.app.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * User-visible text, from the resource bundle of the language in use; kernel words stay in
 * the code untranslated. Read from any thread: the views' words are made off the FX thread.
 */
public final class Texts {
    private static final String BASE = "org.nsexplorer.app.messages";
    private static volatile Language language = Language.of(Locale.getDefault());
    private static volatile ResourceBundle bundle = load(language);

    private Texts() {
    }

    /** From now on the words of LANGUAGE (the window is rebuilt to show them). */
    public static void use(Language chosen) {
        bundle = load(chosen);
        language = chosen;
    }

    public static Language language() {
        return language;
    }

    public static String get(String key, Object... args) {
        // Always through MessageFormat, so a quote is written '' in every message alike.
        return new MessageFormat(bundle.getString(key), language.locale()).format(args);
    }

    /** The bundle of LANGUAGE alone: a key it lacks falls back to English, never to the system's language. */
    static ResourceBundle load(Language chosen) {
        return ResourceBundle.getBundle(BASE, chosen.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
