package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every word in every language: each bundle has every key of the English one and no other,
 * and each pattern is a valid MessageFormat that takes the same arguments, of the same
 * kinds, as the English (a translation that drops a {1} would hide a value from the class).
 */
class BundlesTest {
    private static List<String> keys(ResourceBundle bundle) {
        List<String> keys = new ArrayList<>(bundle.keySet());
        Collections.sort(keys);
        return keys;
    }

    /** What each argument of PATTERN is formatted as: "number", "date", "choice" or "text". */
    private static List<String> argumentKinds(String key, Language language, String pattern) {
        MessageFormat format;
        try {
            format = new MessageFormat(pattern, language.locale());
        } catch (IllegalArgumentException e) {
            throw new AssertionError(language + " " + key + ": not a MessageFormat pattern: " + pattern, e);
        }
        List<String> kinds = new ArrayList<>();
        for (Format f : format.getFormatsByArgumentIndex()) {
            kinds.add(f == null ? "text" : f instanceof ChoiceFormat ? "choice"
                    : f instanceof NumberFormat ? "number" : f.getClass().getSimpleName());
        }
        return kinds;
    }

    @Test
    void everyLanguageHasEveryKeyWithTheSameArguments() {
        assertEquals("", String.join("\n", compare("org.nsexplorer.app.messages", "/org/nsexplorer/app/messages_")));
    }

    /** The helper's refusals too: its bundle, which the app's build copies beside the app's own. */
    @Test
    void everyLanguageHasEveryHelperSentenceWithTheSameArguments() {
        assertEquals("", String.join("\n", compare("org.nsexplorer.helper.words", "/org/nsexplorer/helper/words_")));
    }

    private static ResourceBundle load(String base, Language language) {
        return ResourceBundle.getBundle(base, language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** What differs between each language's bundle BASE (its files FILE_PREFIX + locale) and the English. */
    private static List<String> compare(String base, String filePrefix) {
        ResourceBundle english = load(base, Language.ENGLISH);
        List<String> problems = new ArrayList<>();
        for (Language language : Language.values()) {
            ResourceBundle bundle = load(base, language);
            if (language != Language.ENGLISH) {
                assertEquals(language.locale(), bundle.getLocale(), language + " has a bundle of its own");
                // Keys only in the English file: a translation that misses them shows English.
                Set<String> own = ownKeys(filePrefix, language);
                Set<String> missing = new TreeSet<>(english.keySet());
                missing.removeAll(own);
                missing.forEach(k -> problems.add(language + ": missing " + k));
                own.removeAll(english.keySet());
                own.forEach(k -> problems.add(language + ": not in English " + k));
            }
            for (String key : keys(english)) {
                List<String> expected = argumentKinds(key, Language.ENGLISH, english.getString(key));
                List<String> actual = argumentKinds(key, language, bundle.getString(key));
                if (!expected.equals(actual)) {
                    problems.add(language + " " + key + ": arguments " + actual + ", English " + expected);
                }
            }
        }
        return problems;
    }

    /** The keys LANGUAGE's own file defines (not those it would inherit from the English). */
    private static Set<String> ownKeys(String filePrefix, Language language) {
        String file = filePrefix + language.locale().toString() + ".properties";
        Properties own = new Properties();
        try (InputStream in = BundlesTest.class.getResourceAsStream(file)) {
            assertTrue(in != null, file + " exists");
            own.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(own.stringPropertyNames());
    }

    @Test
    void theWindowSpeaksTheChosenLanguageAndOnlyIt() {
        Language before = Texts.language();
        try {
            Texts.use(Language.SPANISH);
            String spanish = Texts.get("button.launch");
            Texts.use(Language.BRAZILIAN_PORTUGUESE);
            String portuguese = Texts.get("button.launch");
            Texts.use(Language.ENGLISH);
            String english = Texts.get("button.launch");
            assertEquals(3, new HashSet<>(List.of(spanish, portuguese, english)).size(),
                    "Launch in three words: " + List.of(english, spanish, portuguese));
        } finally {
            Texts.use(before);
        }
    }

    @Test
    void aSystemLanguageChoosesTheNearestOneTheAppSpeaks() {
        assertEquals(Language.SPANISH, Language.of(Locale.forLanguageTag("es-MX")));
        assertEquals(Language.BRAZILIAN_PORTUGUESE, Language.of(Locale.forLanguageTag("pt-PT")));
        assertEquals(Language.ENGLISH, Language.of(Locale.forLanguageTag("de-DE")));
        assertEquals(Language.ENGLISH, Language.of(Locale.ROOT));
        assertEquals(Language.SPANISH, Language.ofEnvironment(Map.of("LANG", "es_AR.UTF-8")));
        assertEquals(Language.BRAZILIAN_PORTUGUESE, Language.ofEnvironment(Map.of("LANG", "en_US.UTF-8",
                "LC_MESSAGES", "pt_BR.UTF-8")));
        assertEquals(Language.ENGLISH, Language.ofEnvironment(Map.of("LC_ALL", "C", "LANG", "es_ES.UTF-8")));
        assertEquals(Language.ENGLISH, Language.ofEnvironment(Map.of()));
        for (Language l : Language.values()) {
            assertEquals(l, Language.ofTag(l.tag()));
            assertTrue(!l.nativeName().isBlank());
        }
    }
}
