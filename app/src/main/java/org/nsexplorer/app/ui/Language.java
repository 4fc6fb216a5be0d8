package org.nsexplorer.app.ui;

import java.util.Locale;
import java.util.Map;

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

    /**
     * The language ENV asks for, as a Linux program reads it: LC_ALL, then LC_MESSAGES, then
     * LANG ("es_ES.UTF-8", "pt_BR.UTF-8"; "C", "POSIX" or none: English). Read from the
     * environment rather than from Java's default locale, which is "C" when the asked locale
     * is not generated on the machine.
     */
    public static Language ofEnvironment(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                String language = value.split("[_.@]", 2)[0];
                return language.equals("C") || language.equals("POSIX") ? ENGLISH : of(new Locale(language));
            }
        }
        return ENGLISH;
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
