package org.nsexplorer.app.lessons.checks;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * start-time: the container started (launch request to its first process running, as the
 * app measured it) within UNDER_MS, next to the median time this app takes to start a plain /bin/true.
 */
public record StartTimeCheck(String in, long underMs) implements LessonCheck {
    public static StartTimeCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "underMs"));
        long under = f.required("underMs").number();
        if (under < 1 || under > 10_000) {
            throw f.required("underMs").error("lesson.error.range", "underMs", 1, 10_000);
        }
        return new StartTimeCheck(scope.container(f.required("in")), under);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.startTime", in, underMs);
    }

    @Override
    public String view() {
        return "processes";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return CompletableFuture.supplyAsync(() -> {
            double container = context.container(in).map(c -> c.startMillis()).orElse(-1.0);
            double plain = plainProcessMillis();
            String why = Texts.get("lesson.check.startTime.why", in, String.format("%.1f", container),
                    String.format("%.1f", plain));
            return CheckResult.of(container >= 0 && container <= underMs, why);
        });
    }

    /** The median of five starts of /bin/true from this JVM, to its exit. */
    private static double plainProcessMillis() {
        double[] runs = new double[5];
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            try {
                new ProcessBuilder("/bin/true").start().waitFor();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            runs[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }
}
