package org.nsexplorer.app.lessons;

import java.util.List;

/** A question the class votes on before the step runs; RIGHT (0-based) is revealed after. */
public record Prediction(String question, List<String> answers, int right) {
    public Prediction {
        answers = List.copyOf(answers);
    }
}
