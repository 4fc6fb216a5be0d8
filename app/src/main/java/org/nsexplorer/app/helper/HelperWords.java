package org.nsexplorer.app.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.nsexplorer.app.ui.Texts;

/**
 * The helper's refusals and errors in the app's language. The helper sends each with a
 * "code" and its "args" (the values the sentence shows, as text) besides its English
 * "message"; the sentences are the helper's own bundle (org/nsexplorer/helper/words*.properties),
 * copied into the app by its build. A code this bundle lacks (a newer helper) is said with
 * the helper's message; an answer without either, with a sentence that says so.
 */
public final class HelperWords {
    static final String BUNDLE = "org.nsexplorer.helper.words";
    /** Said when an error comes without a code or a message. */
    static final String NO_REASON = "helper.noReason";
    /** Its own language's words, else English: never the words of the JVM's default locale by accident. */
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private HelperWords() {
    }

    /** The language the app speaks: the one place that decides it for the helper's words. */
    static Locale locale() {
        return Texts.language().locale();
    }

    /** ANSWER (an "error" message, or an item with code, args and message) in the app's language. */
    public static String of(JsonNode answer) {
        return of(answer, locale());
    }

    /**
     * The words name the checkout's ./nsx-helper; an installed app (started as nsx-explorer)
     * has the command nsx-helper on the PATH instead.
     */
    private static String installedNames(String text) {
        return "nsx-explorer".equals(System.getProperty("nsx.program")) ? text.replace("./nsx-helper", "nsx-helper")
                : text;
    }

    /** ANSWER in LOCALE's words (a code that language lacks, in English). */
    static String of(JsonNode answer, Locale locale) {
        ResourceBundle words = bundle(locale);
        JsonNode code = answer.path("code");
        if (words != null && code.isTextual() && words.containsKey(code.asText())) {
            return installedNames(new MessageFormat(words.getString(code.asText()), locale)
                    .format(args(answer).toArray()));
        }
        JsonNode message = answer.path("message");
        if (message.isTextual() && !message.asText().isBlank()) {
            return message.asText();
        }
        return words != null && words.containsKey(NO_REASON)
                ? new MessageFormat(words.getString(NO_REASON), locale).format(new Object[0]) : "";
    }

    /**
     * A rootfsCheck's problems in the app's language: its "problemWords" (code, args and
     * message each), or from an older helper its English "problems".
     */
    public static List<String> problems(JsonNode rootfsCheck) {
        List<String> said = new ArrayList<>();
        JsonNode worded = rootfsCheck.path("problemWords");
        if (worded.isArray() && worded.size() == rootfsCheck.path("problems").size()) {
            worded.forEach(p -> said.add(of(p)));
        } else {
            rootfsCheck.path("problems").forEach(p -> said.add(p.asText()));
        }
        return said;
    }

    /** The args, as the text the helper wrote them in. */
    private static List<String> args(JsonNode answer) {
        List<String> args = new ArrayList<>();
        answer.path("args").forEach(a -> args.add(a.isValueNode() ? a.asText() : a.toString()));
        return args;
    }

    private static ResourceBundle bundle(Locale locale) {
        try {
            return ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE);
        } catch (MissingResourceException e) {
            return null; // a build without the helper's words: the helper's English messages still say it
        }
    }
}
