package org.nsexplorer.helper.words;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The helper's sentences, from the bundle org/nsexplorer/helper/words*.properties
 * (MessageFormat patterns: a quote is written ''). The English one is the base: a
 * translation that lacks a sentence falls back to it, never to the JVM's own locale.
 */
public final class Words {
    public static final String BUNDLE = "org.nsexplorer.helper.words";
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Words() {
    }

    public static String english(String code, Object... args) {
        return in(Locale.ROOT, code, args);
    }

    /** CODE in LOCALE's words (English where there are none), with ARGS in its places. */
    public static String in(Locale locale, String code, Object... args) {
        return new MessageFormat(bundle(locale).getString(code), locale).format(args);
    }

    /** The bundle for LOCALE: es_ES looks in words_es_ES, words_es, then words. */
    public static ResourceBundle bundle(Locale locale) {
        try {
            return ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("the helper's words (" + BUNDLE + ") are missing from its jar", e);
        }
    }
}
