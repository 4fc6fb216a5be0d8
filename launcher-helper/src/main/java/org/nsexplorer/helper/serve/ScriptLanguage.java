package org.nsexplorer.helper.serve;

import java.util.Locale;
import java.util.Map;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/**
 * The language a "commands" request asks its script in, as the app names its languages
 * (BCP 47 tags): the helper's words bundle has each of them.
 */
final class ScriptLanguage {
    private static final Map<String, Locale> LANGUAGES = Map.of(
            "en", Locale.ROOT, "es", new Locale("es"), "pt-BR", new Locale("pt", "BR"));

    private ScriptLanguage() {
    }

    /** English when TAG is absent; a tag the helper does not speak is refused. */
    static Locale of(String tag) throws InvalidRequestException {
        if (tag == null) {
            return Locale.ROOT;
        }
        Locale locale = LANGUAGES.get(tag);
        if (locale == null) {
            throw new InvalidRequestException("language", Word.REQUEST_LANGUAGE_UNKNOWN, tag);
        }
        return locale;
    }
}
