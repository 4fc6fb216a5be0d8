package org.nsexplorer.helper.stage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.SpawnFileAction;

/**
 * The resident C stage: spawned once, with its request pipe as fd 3 and its event pipe
 * as fd 4 (posix_spawn, since ProcessBuilder can pass no fd beyond 0-2). Closing the
 * request pipe, or this JVM dying, makes the stage kill every container and clean up.
 */
public final class StageProcess implements AutoCloseable {
    private static final int MAX_LINE = 8192;
    private final POSIX posix;
    private final long pid;
    private final int requestFd;
    private final int eventFd;
    private final Thread reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closed;

    private StageProcess(POSIX posix, long pid, int requestFd, int eventFd, Consumer<StageEvent> listener) {
        this.posix = posix;
        this.pid = pid;
        this.requestFd = requestFd;
        this.eventFd = eventFd;
        this.reader = new Thread(() -> readEvents(listener), "nsx-stage-events");
        this.reader.setDaemon(true);
    }

    /**
     * @param inheritStdio whether containers may use this JVM's stdin/stdout/stderr (the
     *                     command line); otherwise the stage's 0 and 1 are /dev/null
     */
    public static StageProcess start(Path binary, boolean inheritStdio, Consumer<StageEvent> listener)
            throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException("the stage program " + binary + " is missing: build it with `mvn package`"
                    + " (./nsx-helper does this on first use)");
        }
        POSIX posix = POSIXFactory.getNativePOSIX();
        int[] request = pipe(posix);
        int[] events = pipe(posix);
        List<SpawnFileAction> actions = new ArrayList<>();
        if (!inheritStdio) {
            actions.add(SpawnFileAction.open("/dev/null", 0, OpenFlags.O_RDONLY.intValue(), 0));
            actions.add(SpawnFileAction.open("/dev/null", 1, OpenFlags.O_WRONLY.intValue(), 0));
        }
        actions.add(SpawnFileAction.dup(request[0], 3));
        actions.add(SpawnFileAction.dup(events[1], 4));
        long pid = posix.posix_spawnp(binary.toString(), actions, List.of(binary.toString()),
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        posix.close(request[0]);
        posix.close(events[1]);
        if (pid <= 0) {
            posix.close(request[1]);
            posix.close(events[0]);
            throw new IOException("cannot start the stage " + binary + ": errno " + posix.errno());
        }
        StageProcess stage = new StageProcess(posix, pid, request[1], events[0], listener);
        stage.reader.start();
        return stage;
    }

    /** A pipe whose ends are above 4, so the dup2 to fds 3 and 4 cannot clobber them. */
    private static int[] pipe(POSIX posix) throws IOException {
        int[] fds = new int[2];
        if (posix.pipe(fds) < 0) {
            throw new IOException("pipe: errno " + posix.errno());
        }
        for (int i = 0; i < 2; i++) {
            List<Integer> low = new ArrayList<>();
            while (fds[i] <= 4) {
                low.add(fds[i]);
                fds[i] = posix.dup(fds[i]);
            }
            low.forEach(posix::close);
        }
        return fds;
    }

    public long pid() {
        return pid;
    }

    public synchronized void send(StageRequest request) throws IOException {
        if (closed) {
            throw new IOException("the stage is closed");
        }
        byte[] bytes = request.encode();
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = off == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, off, bytes.length);
            int n = posix.write(requestFd, rest, rest.length);
            if (n <= 0) {
                throw new IOException("the stage stopped taking requests (errno " + posix.errno() + ")");
            }
            off += n;
        }
    }

    private void readEvents(Consumer<StageEvent> listener) {
        byte[] buf = new byte[4096];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int n = posix.read(eventFd, buf, buf.length);
                if (n <= 0) {
                    break; // every writer (stage and monitors) is gone
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        if (line.size() < MAX_LINE) {
                            line.write(buf[i]);
                        }
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    try {
                        listener.accept(StageEvent.parse(text));
                    } catch (RuntimeException e) {
                        System.err.println("nsx-helper: " + e.getMessage());
                    }
                }
            }
        } finally {
            posix.close(eventFd);
            posix.waitpid(pid, new int[1], 0);
            ended.countDown();
        }
    }

    /** Whether the stage and all its monitors are gone (its event pipe reached EOF). */
    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /**
     * Closes the request pipe: the stage exits, its monitors kill their containers and
     * remove their cgroups. Waits for that, at most TIMEOUT.
     */
    public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (this) {
            if (!closed) {
                closed = true;
                posix.close(requestFd);
            }
        }
        return ended.await(timeout, unit);
    }

    @Override
    public void close() {
        try {
            close(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
