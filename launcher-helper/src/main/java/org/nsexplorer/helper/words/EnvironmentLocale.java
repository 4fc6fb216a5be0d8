package org.nsexplorer.helper.words;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language of ./nsx-helper on the command line, as POSIX programs choose their messages'
 * language: LC_ALL, else LC_MESSAGES, else LANG, the first one set and not empty. A value
 * is language[_TERRITORY][.codeset][@modifier] (es_ES.UTF-8, pt_BR.UTF-8); C and POSIX, and
 * anything else that names no language, mean English.
 */
public final class EnvironmentLocale {
    /** NSX_MESSAGES first: ./nsx-helper keeps there the language asked for before it sets LC_ALL=C.UTF-8. */
    private static final List<String> VARIABLES = List.of("NSX_MESSAGES", "LC_ALL", "LC_MESSAGES", "LANG");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z]{2,3})(?:_([A-Za-z]{2}|[0-9]{3}))?(?:\\.[^@]*)?(?:@.*)?");

    private EnvironmentLocale() {
    }

    /** For this process. */
    public static Locale current() {
        return of(System.getenv());
    }

    /** Locale.ROOT (the English words) when no variable names a language. */
    public static Locale of(Map<String, String> environment) {
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                return parse(value);
            }
        }
        return Locale.ROOT;
    }

    /** es_ES.UTF-8 → es_ES; C, C.UTF-8, POSIX or a malformed value → Locale.ROOT. */
    static Locale parse(String value) {
        Matcher m = VALUE.matcher(value);
        if (!m.matches() || value.equals("C") || value.startsWith("C.") || value.equals("POSIX")) {
            return Locale.ROOT;
        }
        String language = m.group(1).toLowerCase(Locale.ROOT);
        String territory = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        return new Locale(language, territory);
    }
}
