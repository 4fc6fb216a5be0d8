package org.nsexplorer.app.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.nsexplorer.app.ui.Language;
import org.nsexplorer.app.ui.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The helper's answers in the app's words: from the helper's own bundle (copied by the build)
 * when the answer has a code it knows, else the helper's message, else a sentence that says
 * the helper gave none.
 */
class HelperWordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Language before;

    @BeforeEach
    void english() {
        before = Texts.language();
        Texts.use(Language.ENGLISH);
    }

    @AfterEach
    void restore() {
        Texts.use(before);
    }

    private static JsonNode answer(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aKnownCodeIsWordedFromTheBundleWithItsArgs() throws Exception {
        // The message differs on purpose: the words come from the code, not from the message.
        JsonNode refused = answer("{\"type\":\"error\",\"kind\":\"too-many-containers\",\"code\":\"launch.tooMany\","
                + "\"args\":[\"64\"],\"message\":\"(the helper's English)\"}");
        assertEquals("this helper runs 64 containers already, the most it runs at once; stop one before launching"
                + " another", HelperWords.of(refused));
        JsonNode quoted = answer("{\"type\":\"error\",\"code\":\"recipe.hostname.tooLong\",\"args\":[\"box\"]}");
        assertEquals("hostname 'box' is longer than 64 bytes, the kernel's limit; choose a shorter name",
                HelperWords.of(quoted));
    }

    @Test
    void anUnknownCodeIsSaidWithTheHelpersMessage() throws Exception {
        JsonNode newer = answer("{\"type\":\"error\",\"code\":\"launch.somethingNew\",\"args\":[\"1\"],"
                + "\"message\":\"a newer helper's sentence\"}");
        assertEquals("a newer helper's sentence", HelperWords.of(newer));
        JsonNode older = answer("{\"type\":\"error\",\"kind\":\"launch-failed\",\"message\":\"mount: sys: Operation"
                + " not permitted\"}");
        assertEquals("mount: sys: Operation not permitted", HelperWords.of(older));
    }

    @Test
    void noCodeAndNoMessageIsSaidPlainly() throws Exception {
        assertEquals("the helper did not say why", HelperWords.of(answer("{\"type\":\"error\",\"kind\":\"helper\"}")));
        assertEquals("the helper did not say why", HelperWords.of(answer("{\"type\":\"error\",\"code\":\"no.such\","
                + "\"message\":\"  \"}")));
        assertEquals("the helper did not say why", HelperWords.of(answer("{\"type\":\"exited\",\"code\":3}")));
    }

    @Test
    void theAppsLanguageChoosesTheTranslation() throws Exception {
        JsonNode refused = answer("{\"type\":\"error\",\"code\":\"launch.tooMany\",\"args\":[\"64\"],"
                + "\"message\":\"(English)\"}");
        JsonNode stageEnded = answer("{\"type\":\"error\",\"code\":\"launch.stageEnded\",\"args\":[],"
                + "\"message\":\"(English)\"}");
        Locale esperanto = Locale.forLanguageTag("eo"); // a test translation with one sentence
        assertEquals("tiu helpanto jam rulas 64 ujojn", HelperWords.of(refused, esperanto));
        assertEquals("the helper's stage ended unexpectedly", HelperWords.of(stageEnded, esperanto));
        // The window's language is the helper's words' language.
        String english = HelperWords.of(refused);
        Texts.use(Language.SPANISH);
        String spanish = HelperWords.of(refused);
        assertTrue(spanish.contains("64") && !spanish.equals(english), spanish);
    }

    @Test
    void aChecksProblemsAreWordedOneByOne() throws Exception {
        JsonNode check = answer("{\"type\":\"rootfsCheck\",\"problems\":[\"(English 1)\",\"(English 2)\"],"
                + "\"problemWords\":[{\"code\":\"recipe.rootfs.missing\",\"args\":[\"/srv/x\"],\"message\":\"(1)\"},"
                + "{\"code\":\"launch.somethingNew\",\"message\":\"(English 2)\"}]}");
        assertEquals(List.of("rootfs /srv/x does not exist: give a directory that holds a root filesystem, or leave"
                + " it out for the built-in one", "(English 2)"), HelperWords.problems(check));
        JsonNode older = answer("{\"type\":\"rootfsCheck\",\"problems\":[\"(English)\"]}");
        assertEquals(List.of("(English)"), HelperWords.problems(older));
    }
}
