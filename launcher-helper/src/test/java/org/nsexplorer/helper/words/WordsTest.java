package org.nsexplorer.helper.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The words bundle against the Word enum and the sources: no code without a sentence, no sentence unused. */
class WordsTest {
    private static final Pattern PLACE = Pattern.compile("\\{(\\d+)[,}]");

    /** words.properties itself, not a bundle chain (a test translation sits beside it). */
    private static Properties english() throws Exception {
        Properties p = new Properties();
        try (InputStream in = WordsTest.class.getResourceAsStream("/org/nsexplorer/helper/words.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyWordHasASentenceAndEverySentenceAWord() throws Exception {
        Set<String> codes = Arrays.stream(Word.values()).map(Word::code).collect(Collectors.toCollection(TreeSet::new));
        Set<String> keys = new TreeSet<>(english().stringPropertyNames());
        Set<String> withoutSentence = new TreeSet<>(codes);
        withoutSentence.removeAll(keys);
        Set<String> withoutWord = new TreeSet<>(keys);
        withoutWord.removeAll(codes);
        assertEquals(Set.of(), withoutSentence, "codes missing from words.properties");
        assertEquals(Set.of(), withoutWord, "sentences of words.properties that no Word names");
        assertEquals(Word.values().length, codes.size(), "two Words share a code");
    }

    @Test
    void everySentenceShowsExactlyTheValuesItsWordDeclares() throws Exception {
        Properties english = english();
        List<String> wrong = new ArrayList<>();
        for (Word w : Word.values()) {
            String pattern = english.getProperty(w.code());
            // Quoted text ('{' and '}', as MessageFormat quotes braces) holds no places.
            String unquoted = pattern.replace("''", "").replaceAll("'[^']*'", "");
            Set<Integer> places = new TreeSet<>();
            Matcher m = PLACE.matcher(unquoted);
            while (m.find()) {
                places.add(Integer.parseInt(m.group(1)));
            }
            Set<Integer> declared = IntStream.range(0, w.args()).boxed().collect(Collectors.toSet());
            if (!places.equals(declared)) {
                wrong.add(w + " declares " + w.args() + " values, its sentence shows " + places);
            }
            Object[] values = IntStream.range(0, w.args()).mapToObj(i -> "<" + i + ">").toArray();
            String said = new MessageFormat(pattern, Locale.ROOT).format(values);
            for (Object v : values) {
                if (!said.contains((String) v)) {
                    wrong.add(w + " does not show " + v + ": " + said);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** A lone quote starts quoted text in MessageFormat: the quote and the places after it would vanish. */
    @Test
    void everyQuoteIsDoubled() throws Exception {
        Properties english = english();
        List<String> lone = english.stringPropertyNames().stream().sorted()
                .filter(k -> english.getProperty(k).replace("''", "").replace("'{'", "").replace("'}'", "")
                        .contains("'"))
                .toList();
        assertEquals(List.of(), lone, "write a quote as ''");
    }

    @Test
    void everyWordIsUsedAndGivenTheValuesItDeclares() throws Exception {
        List<WordUses.Use> uses = WordUses.in(Path.of("src/main/java"));
        Set<String> used = uses.stream().map(WordUses.Use::word).collect(Collectors.toSet());
        List<String> unused = Arrays.stream(Word.values()).map(Word::name).filter(n -> !used.contains(n)).toList();
        assertEquals(List.of(), unused, "Words no source uses: remove them with their sentences");
        List<String> miscounted = new ArrayList<>();
        long counted = 0;
        for (WordUses.Use use : uses) {
            if (use.values() < 0) {
                continue; // a table or a parameter: Sentence checks the count when it is made
            }
            counted++;
            int declared = Word.valueOf(use.word()).args();
            if (use.values() != declared) {
                miscounted.add(use + " is given " + use.values() + " values; its sentence shows " + declared);
            }
        }
        assertEquals(List.of(), miscounted);
        assertTrue(counted > 200, "the source scan found only " + counted + " sentences made");
    }

    /** The scan itself: it must see a miscount, and not be fooled by comments, strings or nesting. */
    @Test
    void theSourceScanCountsValuesPerCall() {
        String src = """
                // Word.IN_A_COMMENT
                String s = "Word.IN_A_STRING";
                throw new InvalidRequestException("rootfs", Word.A, path, Sentence.of(Word.B, x, y), f(a, b));
                replies.invalid(id, "to", ok ? Word.C : Word.D, List.of(1, 2));
                Reason(Word.E, Word.F);
                """;
        List<WordUses.Use> uses = WordUses.of(Path.of("Example.java"), src);
        assertEquals(List.of("A", "B", "C", "D", "E", "F"), uses.stream().map(WordUses.Use::word).toList());
        assertEquals(List.of(3, 2, 1, 1, -1, -1), uses.stream().map(WordUses.Use::values).toList());
        assertEquals(3, uses.get(0).line());
    }

    @Test
    void englishIsTheSentenceTheHelperAlwaysSaid() {
        assertEquals("this helper runs 64 containers already, the most it runs at once; stop one before launching"
                + " another", Sentence.of(Word.LAUNCH_TOO_MANY, 64).english());
        assertEquals("hostname 'bad_name!' is not valid: use letters, digits and hyphens (RFC 1123), dot-separated,"
                + " no hyphen at either end of a part, such as box-1",
                Sentence.of(Word.RECIPE_HOSTNAME_INVALID, "bad_name!").english());
        assertEquals("a request is one JSON object, such as {\"type\":\"list\",\"id\":\"1\"}",
                Sentence.of(Word.REQUEST_NOT_AN_OBJECT).english());
        assertEquals("cpus 1.5 is more than this host's 1 CPUs; choose at most 1",
                Sentence.of(Word.RECIPE_CPUS_MORE_THAN_HOST, 1.5, 1).english());
    }

    /**
     * A translation (here a test one, words_eo) is used for its language only, and falls back to
     * English for a sentence it lacks; English stays English whatever the JVM's own locale.
     */
    @Test
    void aTranslationSaysWhatItHasAndEnglishTheRest() {
        Locale esperanto = Locale.forLanguageTag("eo");
        assertEquals("tiu helpanto jam rulas 64 ujojn", Sentence.of(Word.LAUNCH_TOO_MANY, 64).in(esperanto));
        assertEquals(Sentence.of(Word.LAUNCH_STAGE_ENDED).english(), Sentence.of(Word.LAUNCH_STAGE_ENDED).in(esperanto));
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(esperanto);
            assertTrue(Sentence.of(Word.LAUNCH_TOO_MANY, 64).english().startsWith("this helper runs 64"));
            assertTrue(Sentence.of(Word.LAUNCH_TOO_MANY, 64).in(Locale.FRENCH).startsWith("this helper runs 64"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theHelpKeepsItsColumns() {
        String help = Sentence.of(Word.CLI_HELP).english();
        assertTrue(help.startsWith("usage: ./nsx-helper COMMAND [ARGS]\n  run [options] -- CMD [ARG...]   run CMD"),
                help);
        assertTrue(help.contains("\n    --hostname NAME       the container's hostname (needs uts)\n"), help);
        assertTrue(help.endsWith("2 for a refused request, 125 when the set-up failed."), help);
        assertFalse(help.contains("\\"), help);
    }
}
