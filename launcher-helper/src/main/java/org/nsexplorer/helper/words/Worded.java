package org.nsexplorer.helper.words;

/** An error whose message is a sentence of the words bundle: code and args go on the wire with it. */
public interface Worded {
    Sentence sentence();
}
