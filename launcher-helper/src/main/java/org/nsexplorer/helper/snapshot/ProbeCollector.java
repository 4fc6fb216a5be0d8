package org.nsexplorer.helper.snapshot;

import org.nsexplorer.helper.stage.StageEvent;

/** Gathers one probe's lines, on the stage's event thread, into a result once "end" arrives. */
public interface ProbeCollector<T> {
    void accept(StageEvent.ProbeLine line);

    T build();
}
