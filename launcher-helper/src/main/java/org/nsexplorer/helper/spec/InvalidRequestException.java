package org.nsexplorer.helper.spec;

import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.Worded;

/**
 * A request refused before anything changed on the host. field names the option at fault
 * (as the JSON protocol spells it), the sentence says what was wrong and what to do; the
 * message is its English.
 */
public class InvalidRequestException extends Exception implements Worded {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final transient Sentence sentence;

    /** @param args the values the sentence shows, written as the English sentence writes them */
    public InvalidRequestException(String field, Word word, Object... args) {
        this(field, Sentence.of(word, args));
    }

    public InvalidRequestException(String field, Sentence sentence) {
        super(sentence.english());
        this.field = field;
        this.sentence = sentence;
    }

    public String field() {
        return field;
    }

    @Override
    public Sentence sentence() {
        return sentence;
    }
}
