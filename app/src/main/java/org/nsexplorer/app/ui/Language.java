package org.nsexplorer.app.ui;

import java.util.Locale;

/** The languages the app speaks, each named in itself (a class finds its own, no flags). */
public enum Language {
    ENGLISH(Locale.ENGLISH, "English"),
    SPANISH(Locale.forLanguageTag("es"), "Español"),
    BRAZILIAN_PORTUGUESE(Locale.forLanguageTag("pt-BR"), "Português (Brasil)");

    private final Locale locale;
    private final String nativeName;

    Language(Locale locale, String nativeName) {
        this.locale = locale;
        this.nativeName = nativeName;
    }

    public Locale locale() {
        return locale;
    }

    public String nativeName() {
        return nativeName;
    }

    /** "en", "es", "pt-BR": the settings' word and the lesson files' suffix. */
    public String tag() {
        return locale.toLanguageTag();
    }

    /** The language for LOCALE: Spanish for any es_*, Brazilian Portuguese for any pt_*, else English. */
    public static Language of(Locale locale) {
        return switch (locale.getLanguage()) {
            case "es" -> SPANISH;
            case "pt" -> BRAZILIAN_PORTUGUESE;
            default -> ENGLISH;
        };
    }

    /** The language whose tag() is TAG, or null. */
    public static Language ofTag(String tag) {
        for (Language l : values()) {
            if (l.tag().equals(tag)) {
                return l;
            }
        }
        return null;
    }
}
