package org.nsexplorer.helper.engine;

import java.io.IOException;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.Worded;

/** Refused because the helper already does as much of this at once as it allows: ask again soon. */
public final class BusyException extends IOException implements Worded {
    private static final long serialVersionUID = 1L;
    private final transient Sentence sentence;

    public BusyException(Word word, Object... args) {
        this(Sentence.of(word, args));
    }

    public BusyException(Sentence sentence) {
        super(sentence.english());
        this.sentence = sentence;
    }

    @Override
    public Sentence sentence() {
        return sentence;
    }
}
