package org.nsexplorer.helper.serve;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nsexplorer.helper.words.Sentence;

/**
 * A fixed number of threads and a bounded queue for requests that take a while. Work beyond
 * both is answered "busy" at once, never given a thread of its own: a flood of requests
 * costs the helper no more threads than a quiet session. Idle threads end after a while.
 */
final class Workers {
    private final ThreadPoolExecutor pool;
    private final Replies replies;
    private final Sentence busy;

    /**
     * @param queued how many may wait for a thread (0: none)
     * @param busy what a refused request is told
     */
    Workers(String name, int threads, int queued, Replies replies, Sentence busy) {
        BlockingQueue<Runnable> queue = queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
        this.pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.replies = replies;
        this.busy = busy;
    }

    /** Runs WORK on a worker; returns false after answering REQUEST_ID "busy" when none is free. */
    boolean run(String requestId, Runnable work) {
        try {
            pool.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            replies.busy(requestId, busy);
            return false;
        }
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
