package org.nsexplorer.helper.words;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One sentence the helper says to a person: its code in the words bundle and the values it
 * shows, as text already written the way the English sentence writes them. The app words
 * it in its own language from these; logs and older apps read the English.
 */
public record Sentence(Word word, List<String> args) {

    public Sentence {
        args = List.copyOf(args);
        assert args.size() == word.args() : word + " takes " + word.args() + " values, given " + args;
    }

    /** ARGS as the English sentence shows them: String.valueOf, as string concatenation does. */
    public static Sentence of(Word word, Object... args) {
        return new Sentence(word, Arrays.stream(args).map(String::valueOf).toList());
    }

    public String code() {
        return word.code();
    }

    public String english() {
        return Words.english(word.code(), args.toArray());
    }

    public String in(Locale locale) {
        return Words.in(locale, word.code(), args.toArray());
    }
}
