package org.nsexplorer.helper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** What the broker holds, read from /proc/PID of the serve process: open fds, threads, resident memory. */
record BrokerFigures(long fds, long threads, long rssKiB) {

    static BrokerFigures of(long pid) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        long fds;
        try (Stream<Path> entries = Files.list(dir.resolve("fd"))) {
            fds = entries.count();
        }
        long threads = 0;
        long rss = 0;
        for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new BrokerFigures(fds, threads, rss);
    }

    /**
     * Whether no figure at the end grew by more than FRACTION of this one. Fewer at the end is
     * no leak: the JVM ends idle compiler threads, and a collection may return memory.
     */
    boolean flatTo(BrokerFigures end, double fraction) {
        return grewAtMost(fds, end.fds, fraction) && grewAtMost(threads, end.threads, fraction)
                && grewAtMost(rssKiB, end.rssKiB, fraction);
    }

    private static boolean grewAtMost(long start, long end, double fraction) {
        return end - start <= fraction * start;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d fds, %d threads, %.1f MiB RSS", fds, threads, rssKiB / 1024.0);
    }
}
