package org.nsexplorer.helper.engine;

import java.util.Optional;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Worded;

/**
 * A launch that failed while setting up, at a named step, with the errno the kernel gave.
 * Its message is a sentence of the words bundle, or (a step of the stage that failed) the
 * kernel's own words: "mount: sys: Operation not permitted".
 */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String step;
    private final int errno;
    private final transient Sentence sentence;

    public LaunchException(String step, int errno, String message) {
        super(message);
        this.step = step;
        this.errno = errno;
        this.sentence = null;
    }

    public LaunchException(String step, int errno, Sentence sentence) {
        super(sentence.english());
        this.step = step;
        this.errno = errno;
        this.sentence = sentence;
    }

    /** At STEP, for the reason CAUSE gives: in its words when it has some. */
    static LaunchException because(String step, Throwable cause) {
        return cause instanceof Worded w ? new LaunchException(step, 0, w.sentence())
                : new LaunchException(step, 0, cause.getMessage());
    }

    public String step() {
        return step;
    }

    public int errno() {
        return errno;
    }

    public Optional<Sentence> sentence() {
        return Optional.ofNullable(sentence);
    }
}
