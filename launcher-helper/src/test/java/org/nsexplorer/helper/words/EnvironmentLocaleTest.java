package org.nsexplorer.helper.words;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's language from LC_ALL, LC_MESSAGES and LANG, as POSIX programs pick it. */
class EnvironmentLocaleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "es_ES.UTF-8, es_ES",
        "pt_BR.UTF-8, pt_BR",
        "pt_BR, pt_BR",
        "es, es",
        "de_DE@euro, de_DE",
        "sr_RS.UTF-8@latin, sr_RS",
        "en_US.utf8, en_US",
        "es_419.UTF-8, es_419",
        "C, ''",
        "C.UTF-8, ''",
        "POSIX, ''",
        "../../etc/passwd, ''",
        "e, ''",
        "es-ES, ''",
    })
    void aValueNamesALanguageOrEnglish(String value, String expected) {
        assertEquals(expected, EnvironmentLocale.parse(value).toString());
    }

    @Test
    void lcAllComesFirstThenLcMessagesThenLang() {
        Map<String, String> all = Map.of("LC_ALL", "es_ES.UTF-8", "LC_MESSAGES", "pt_BR.UTF-8", "LANG", "de_DE.UTF-8");
        assertEquals(new Locale("es", "ES"), EnvironmentLocale.of(all));
        assertEquals(new Locale("pt", "BR"), EnvironmentLocale.of(Map.of("LC_MESSAGES", "pt_BR.UTF-8",
                "LANG", "es_ES.UTF-8")));
        assertEquals(new Locale("es", "ES"), EnvironmentLocale.of(Map.of("LANG", "es_ES.UTF-8")));
    }

    /** As POSIX has it, a variable set to nothing counts as not set. */
    /** ./nsx-helper sets LC_ALL=C.UTF-8 for file names, after keeping the person's language in NSX_MESSAGES. */
    @Test
    void theScriptsKeptLanguageComesFirst() {
        assertEquals(Locale.forLanguageTag("es-ES"), EnvironmentLocale.of(Map.of("NSX_MESSAGES", "es_ES.UTF-8",
                "LC_ALL", "C.UTF-8")));
        assertEquals(Locale.ROOT, EnvironmentLocale.of(Map.of("NSX_MESSAGES", "", "LC_ALL", "C.UTF-8")));
    }

    @Test
    void anEmptyVariableIsSkipped() {
        assertEquals(new Locale("pt", "BR"), EnvironmentLocale.of(Map.of("LC_ALL", "", "LANG", "pt_BR.UTF-8")));
    }

    @Test
    void nothingSetOrCMeansEnglish() {
        assertEquals(Locale.ROOT, EnvironmentLocale.of(Map.of()));
        assertEquals(Locale.ROOT, EnvironmentLocale.of(Map.of("LC_ALL", "C", "LANG", "es_ES.UTF-8")));
        assertEquals(Locale.ROOT, EnvironmentLocale.of(Map.of("LC_MESSAGES", "POSIX", "LANG", "es_ES.UTF-8")));
    }
}
