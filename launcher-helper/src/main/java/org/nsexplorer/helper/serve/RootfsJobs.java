package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.spec.SpecParsers;
import org.nsexplorer.helper.rootfs.BusyboxRootfs;
import org.nsexplorer.helper.rootfs.Debootstrap;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.RootfsCheck;
import org.nsexplorer.helper.store.ProgramRecords;
import org.nsexplorer.helper.store.Progress;
import org.nsexplorer.helper.store.ProgressStep;
import org.nsexplorer.helper.store.RootfsManager;
import org.nsexplorer.helper.store.StoreNames;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * The rootfs manager's requests. Making and exporting run as jobs on a worker, reporting
 * "progress" (at most every 100 ms, and every change of step) until they end, and stop when
 * a "cancel" names them.
 */
final class RootfsJobs {
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    private final RootfsManager manager;
    private final Replies replies;
    private final Workers workers;
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    RootfsJobs(RootfsManager manager, Replies replies, Workers workers) {
        this.manager = manager;
        this.replies = replies;
        this.workers = workers;
    }

    void list(Request.RootfsList request) {
        JsonObject m = replies.message("rootfsList", request.id());
        try {
            JsonArray rootfs = m.putArray("rootfs");
            for (String name : manager.rootfs().names()) {
                JsonObject r = rootfs.addObject().put("name", name)
                        .put("path", manager.rootfs().dir().resolve(name).toString());
                // A rootfs built from host programs: what `ldd` listed for each, recorded when it was built.
                manager.programRecords().read(name).ifPresent(p -> ProgramRecords.put(r.putArray("programs"), p));
            }
            JsonArray layers = m.putArray("layers");
            for (String name : manager.layers().names()) {
                layers.addObject().put("name", name).put("path", manager.layers().dir().resolve(name).toString());
            }
            m.put("busybox", BusyboxRootfs.findStatic().isPresent()).put("debootstrap", Debootstrap.installed())
                    .put("defaultSuite", Debootstrap.defaultSuite()).put("defaultMirror", Debootstrap.defaultMirror());
            replies.send(m);
        } catch (IOException e) {
            replies.failed(request.id(), "rootfs-failed", e);
        }
    }

    void make(Request.RootfsMake request) {
        String kind = String.valueOf(request.kind());
        if (!List.of("import", "programs", "busybox", "debootstrap").contains(kind)) {
            replies.invalid(request.id(), "kind", Word.ROOTFS_MAKE_KIND);
            return;
        }
        start(request.id(), job -> {
            RootfsManager.Made made = switch (kind) {
                case "import" -> manager.importArchive(SpecParsers.parsePath("file", String.valueOf(request.file())),
                        request.name(), job);
                case "programs" -> manager.fromHostPrograms(request.name(),
                        request.programs() == null ? List.of() : request.programs());
                case "busybox" -> manager.busybox(request.name());
                default -> manager.debootstrap(request.name(),
                        request.suite() == null ? Debootstrap.defaultSuite() : request.suite(),
                        request.mirror() == null ? Debootstrap.defaultMirror() : request.mirror(), job);
            };
            return replies.message("rootfsMade", request.id()).put("name", made.name())
                    .put("path", made.path().toString()).put("summary", made.summary());
        });
    }

    void export(Request.RootfsExport request) {
        start(request.id(), job -> {
            Path file = SpecParsers.parsePath("file", String.valueOf(request.file()));
            long entries = manager.export(request.name(), file, job);
            return replies.message("exported", request.id()).put("name", request.name())
                    .put("file", file.toAbsolutePath().toString()).put("entries", entries);
        });
    }

    void check(Request.RootfsCheck request) {
        String given = String.valueOf(request.rootfs());
        Path dir;
        try {
            dir = given.contains("/") ? SpecParsers.parsePath("rootfs", given)
                    : manager.rootfs().find(StoreNames.check("rootfs", given)).orElseThrow(() ->
                            new InvalidRequestException("rootfs", Word.ROOTFS_NO_SUCH_ROOTFS, given));
        } catch (InvalidRequestException e) {
            replies.invalid(request.id(), e);
            return;
        }
        JsonObject m = replies.message("rootfsCheck", request.id()).put("rootfs", dir.toString());
        List<Sentence> found = RootfsCheck.problems(dir, request.command() == null ? "/bin/sh" : request.command());
        // Each in English, as ever, and in "problemWords" with its code and args for the app to word.
        JsonArray problems = m.putArray("problems");
        JsonArray worded = m.putArray("problemWords");
        found.forEach(p -> {
            problems.add(p.english());
            Replies.say(worded.addObject(), p);
        });
        replies.send(m);
    }

    void remove(Request.RootfsRemove request) {
        try {
            manager.remove(request.name());
            replies.ok(request.id());
        } catch (InvalidRequestException e) {
            replies.invalid(request.id(), e);
        } catch (IOException e) {
            replies.failed(request.id(), "rootfs-failed", e);
        }
    }

    void cancel(Request.Cancel request) {
        Job job = request.job() == null ? null : running.get(request.job());
        if (job == null) {
            replies.invalid(request.id(), "job", Word.ROOTFS_NO_SUCH_JOB, request.job());
            return;
        }
        job.cancelled = true;
        replies.ok(request.id());
    }

    /** One job's work: returns the message that ends it. */
    private interface Work {
        JsonObject run(Job job) throws IOException, InvalidRequestException;
    }

    private void start(String id, Work work) {
        if (id == null || running.containsKey(id)) {
            replies.invalid(id, "id", Word.ROOTFS_JOB_NEEDS_ID);
            return;
        }
        Job job = new Job(id);
        running.put(id, job);
        boolean started = workers.run(id, () -> {
            try {
                replies.send(work.run(job));
            } catch (InvalidRequestException e) {
                replies.invalid(id, e);
            } catch (CancellationException e) {
                replies.send(Replies.say(replies.error(id, "cancelled"), Sentence.of(Word.ROOTFS_CANCELLED)));
            } catch (IOException | RuntimeException e) {
                replies.failed(id, "rootfs-failed", e);
            } finally {
                running.remove(id);
            }
        });
        if (!started) {
            running.remove(id);
        }
    }

    /** A running job: sends its progress, and knows whether it was cancelled. */
    private final class Job implements Progress {
        private final String id;
        private volatile boolean cancelled;
        private long lastSent;
        private String lastStep = "";

        Job(String id) {
            this.id = id;
        }

        @Override
        public void report(double fraction, String step) {
            send(fraction, step, step.split(" ", 2)[0], null);
        }

        /** With its phase, item and counts, so that the app can word the step for a class. */
        @Override
        public void report(double fraction, ProgressStep step) {
            send(fraction, step.text(), step.phase(), step);
        }

        private synchronized void send(double fraction, String text, String kind, ProgressStep parts) {
            long now = System.nanoTime();
            if (now - lastSent < PROGRESS_EVERY_NANOS && kind.equals(lastStep)) {
                return;
            }
            lastSent = now;
            lastStep = kind;
            JsonObject m = replies.message("progress", id).put("fraction", fraction).put("step", text);
            if (parts != null) {
                m.put("phase", parts.phase()).put("item", parts.item()).put("number", parts.number());
                if (parts.total() > 0) {
                    m.put("total", parts.total());
                }
            }
            replies.send(m);
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
