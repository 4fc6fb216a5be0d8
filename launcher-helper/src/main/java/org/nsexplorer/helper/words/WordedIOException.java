package org.nsexplorer.helper.words;

import java.io.IOException;

/** An I/O failure a person can meet or cause (a refused archive, a full disk), said in words of the bundle. */
public class WordedIOException extends IOException implements Worded {
    private static final long serialVersionUID = 1L;
    private final transient Sentence sentence;

    public WordedIOException(Word word, Object... args) {
        this(Sentence.of(word, args), null);
    }

    public WordedIOException(Sentence sentence, Throwable cause) {
        super(sentence.english(), cause);
        this.sentence = sentence;
    }

    @Override
    public Sentence sentence() {
        return sentence;
    }
}
