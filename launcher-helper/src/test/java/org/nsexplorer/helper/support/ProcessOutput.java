package org.nsexplorer.helper.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A process's whole output, waited for at most a bound: a stuck process fails the test instead of hanging it. */
public final class ProcessOutput {
    private ProcessOutput() {
    }

    /**
     * Everything P writes to its stdout until it exits, within SECONDS; else P and what it
     * started are killed and the test fails with what it had said.
     */
    public static String of(Process p, long seconds) throws InterruptedException {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join());
            throw new AssertionError(p.info().command().orElse("a process") + " did not finish in " + seconds + " s:\n"
                    + out.completeOnTimeout("", 1, TimeUnit.SECONDS).join());
        }
        return out.completeOnTimeout("", 10, TimeUnit.SECONDS).join();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
