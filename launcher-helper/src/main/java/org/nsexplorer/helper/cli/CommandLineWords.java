package org.nsexplorer.helper.cli;

import java.util.Locale;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.words.EnvironmentLocale;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.Worded;

/**
 * What ./nsx-helper prints for a person, in the language that LC_ALL, LC_MESSAGES or LANG
 * names (English where the words bundle has no translation). `serve` says nothing here: the
 * app words its answers.
 */
public final class CommandLineWords {
    private static final Locale LOCALE = EnvironmentLocale.current();
    /** The words name the checkout's ./nsx-helper; the installed wrapper says it is nsx-helper. */
    private static final String PROGRAM = System.getProperty("nsx.program", "./nsx-helper");

    private CommandLineWords() {
    }

    public static Locale locale() {
        return LOCALE;
    }

    public static String of(Sentence sentence) {
        return named(sentence.in(LOCALE), PROGRAM);
    }

    /** TEXT with the helper's command as PROGRAM names it. */
    static String named(String text, String program) {
        return text.replace("./nsx-helper", program);
    }

    public static String of(Word word, Object... args) {
        return of(Sentence.of(word, args));
    }

    /** E's message: in words when it is one of the bundle's sentences, else as it came (a system error). */
    public static String of(Throwable e) {
        return e instanceof Worded worded ? of(worded.sentence()) : String.valueOf(e.getMessage());
    }

    /** A launch's failure: in words, or the kernel's words at a step of the stage. */
    public static String of(LaunchException e) {
        return e.sentence().map(CommandLineWords::of).orElse(e.getMessage());
    }
}
