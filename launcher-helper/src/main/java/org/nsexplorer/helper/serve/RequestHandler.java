package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nsexplorer.helper.discover.Discoverer;
import org.nsexplorer.helper.discover.EngineRecords;
import org.nsexplorer.helper.engine.BusyException;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.engine.TooManyContainersException;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.commands.DockerRunLine;
import org.nsexplorer.helper.commands.EquivalentCommands;
import org.nsexplorer.helper.commands.NspawnCommandLine;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.json.JsonOutput;
import org.nsexplorer.helper.json.WithoutNulls;
import org.nsexplorer.helper.snapshot.HostComparison;
import org.nsexplorer.helper.snapshot.Snapshot;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.snapshot.Snapshotter;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.store.RootfsManager;
import org.nsexplorer.helper.store.UserFiles;
import org.nsexplorer.helper.store.TreeUsage;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/** Carries out one typed request and reports container events as messages. */
final class RequestHandler {
    private final Engine engine;
    private final Outbox outbox;
    private final ContainerMessages messages;
    /** Snapshots, stops, changes and the quick rootfs requests: a few threads, a bounded queue. */
    private final Workers slow;
    /** Rootfs jobs (import, build, debootstrap, export), which run for seconds or minutes. */
    private final Workers jobs;
    private final Snapshotter snapshotter;
    private final Discoverer discoverer;
    private final Replies replies;
    private final ContainerActions actions;
    private final RootfsJobs rootfsJobs;

    /** Threads for requests that take a while, and how many of those may wait for one. */
    static final int WORKERS = 4;
    static final int WAITING = 16;
    static final int JOBS = 2;

    RequestHandler(Engine engine, Outbox outbox) throws IOException {
        this.engine = engine;
        this.outbox = outbox;
        this.messages = new ContainerMessages(outbox);
        this.snapshotter = new Snapshotter(engine);
        this.discoverer = new Discoverer(engine, SeeingRule.forThisHelper(), new EngineRecords());
        this.replies = new Replies(outbox, engine);
        this.slow = new Workers("nsx-serve-worker", WORKERS, WAITING, replies,
                Sentence.of(Word.HELPER_BUSY_REQUESTS, WORKERS + WAITING));
        this.jobs = new Workers("nsx-rootfs-job", JOBS, 0, replies, Sentence.of(Word.HELPER_BUSY_JOBS, JOBS));
        this.actions = new ContainerActions(engine, replies, messages);
        HostFacts host = HostFacts.current();
        this.rootfsJobs = new RootfsJobs(new RootfsManager(HelperPaths.stateDir(),
                new UserFiles(host.invokingUid(), host.invokingGid()), new TreeUsage(engine::holdTree)), replies,
                jobs);
    }

    /** Ends the workers (the engine is closed by its owner). */
    void close() {
        slow.shutdownNow();
        jobs.shutdownNow();
    }

    /** The app's usual first request: the classic container with its shell on a terminal. */
    private static final String WARM_UP_LAUNCH = "{\"type\":\"launch\",\"id\":\"warm-up\",\"spec\":{\"namespaces\":"
            + "[\"mnt\",\"uts\",\"ipc\",\"net\",\"pid\"],\"hostname\":\"warm-up\",\"terminal\":true,"
            + "\"command\":[\"/bin/sh\"]}}";

    /**
     * Goes once through what the teacher's first Launch does (the request parsed, mapped and
     * validated, the built-in rootfs checked, a real container started, compared with the host
     * and written as JSON, then killed), so that the first Launch and views are as quick as the
     * next. Nothing of it is sent: the app has not been told hello yet.
     */
    void warmUp(RequestParser requests) {
        Container first = null;
        try {
            Request.Launch launch = (Request.Launch) requests.parseKnown(WARM_UP_LAUNCH);
            first = engine.launch(LaunchSpecMapper.toSpec(launch.spec()), new ContainerListener() {
            });
            long pid = first.started().get(5, TimeUnit.SECONDS);
            JsonOutput.bytes(new WithoutNulls(snapshotter.compareWithHost(pid).compact()));
        } catch (IOException | InvalidRequestException | LaunchException | RuntimeException
                | ExecutionException | TimeoutException e) {
            // the real request will report it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (first != null) {
                engine.signal(first, 9);
                try {
                    first.exited().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // the engine cleans up at the end whatever is left
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    void handle(Request request) {
        if (request instanceof Request.Launch launch) {
            if (launch.spec() != null && Boolean.TRUE.equals(launch.spec().hostRoot())) {
                slow.run(launch.id(), () -> launch(launch)); // polkit may ask for a password meanwhile: keep answering
            } else {
                launch(launch);
            }
        } else if (request instanceof Request.Signal signal) {
            replies.container(signal.id(), signal.container()).ifPresent(c -> {
                if (signal.signal() < 1 || signal.signal() > 64) {
                    replies.invalid(signal.id(), "signal", Word.CONTAINER_SIGNAL_NOT_A_SIGNAL, signal.signal());
                    return;
                }
                if (signal.pid() != null) {
                    signalProcess(signal, c);
                    return;
                }
                engine.signal(c, signal.signal());
                outbox.send(outbox.message("ok").put("id", signal.id()));
            });
        } else if (request instanceof Request.Stop stop) {
            replies.container(stop.id(), stop.container()).ifPresent(c -> slow.run(stop.id(), () -> {
                outbox.send(outbox.message("ok").put("id", stop.id()));
                engine.stop(c);
            }));
        } else if (request instanceof Request.Input input) {
            withTerminal(input.id(), input.container()).ifPresent(c -> {
                try {
                    engine.input(c, Base64.getDecoder().decode(input.data() == null ? "" : input.data()));
                } catch (IllegalArgumentException e) {
                    replies.invalid(input.id(), "data", Word.CONTAINER_INPUT_NOT_BASE64);
                } catch (IOException e) {
                    replies.failed(input.id(), "helper", e);
                }
            });
        } else if (request instanceof Request.Resize resize) {
            withTerminal(resize.id(), resize.container()).ifPresent(c -> {
                if (resize.rows() < 1 || resize.rows() > 1000 || resize.cols() < 1 || resize.cols() > 1000) {
                    replies.invalid(resize.id(), resize.rows() < 1 || resize.rows() > 1000 ? "rows" : "cols",
                            Word.CONTAINER_RESIZE_OUT_OF_RANGE);
                    return;
                }
                try {
                    engine.resize(c, resize.rows(), resize.cols());
                } catch (IOException e) {
                    replies.failed(resize.id(), "helper", e);
                }
            });
        } else if (request instanceof Request.Commands commands) {
            try {
                Locale language = ScriptLanguage.of(commands.language());
                ValidatedSpec spec = engine.validate(toSpec(commands.spec()));
                JsonObject answer = outbox.message("commands").put("id", commands.id())
                        .put("script", EquivalentCommands.script(spec, CgroupLayout.mounts(), language));
                var missing = answer.putArray("nspawnMissing");
                var dockerMissing = answer.putArray("dockerMissing");
                if (spec.enter().isEmpty()) { // a shell in another's container is nsenter's alone
                    NspawnCommandLine nspawn = NspawnCommandLine.of(spec);
                    answer.put("nspawn", nspawn.line());
                    nspawn.missing().forEach(d -> missing.add(d.wireName()));
                    DockerRunLine docker = DockerRunLine.of(spec);
                    answer.put("dockerImport", docker.importLine()).put("dockerRun", docker.runLine());
                    docker.missing().forEach(d -> dockerMissing.add(d.wireName()));
                }
                Replies.putConfinement(answer, spec); // the recipe says it before Launch
                outbox.send(answer);
            } catch (InvalidRequestException e) {
                replies.invalid(commands.id(), e);
            } catch (IOException e) {
                replies.failed(commands.id(), "helper", e);
            }
        } else if (request instanceof Request.TakeSnapshot snap) {
            snapshot(snap);
        } else if (request instanceof Request.Discover discover) {
            slow.run(discover.id(), () -> {
                try {
                    outbox.send(outbox.message("discovered").put("id", discover.id())
                            .put("containers", discoverer.discover().containers()));
                } catch (IOException | RuntimeException e) {
                    replies.failed(discover.id(), "discover-failed", e);
                }
            });
        } else if (request instanceof Request.Ping ping) {
            actions.ping(ping);
        } else if (request instanceof Request.Loopback loopback) {
            actions.loopback(loopback);
        } else if (request instanceof Request.Changes changes) {
            slow.run(changes.id(), () -> actions.changes(changes));
        } else if (request instanceof Request.KeepLayer keep) {
            actions.keepLayer(keep);
        } else if (request instanceof Request.RootfsList list) {
            slow.run(list.id(), () -> rootfsJobs.list(list));
        } else if (request instanceof Request.RootfsMake make) {
            rootfsJobs.make(make);
        } else if (request instanceof Request.RootfsExport export) {
            rootfsJobs.export(export);
        } else if (request instanceof Request.RootfsCheck check) {
            slow.run(check.id(), () -> rootfsJobs.check(check));
        } else if (request instanceof Request.RootfsRemove remove) {
            slow.run(remove.id(), () -> rootfsJobs.remove(remove));
        } else if (request instanceof Request.Cancel cancel) {
            rootfsJobs.cancel(cancel);
        } else if (request instanceof Request.ListContainers list) {
            JsonObject answer = outbox.message("containers").put("id", list.id());
            JsonArray items = answer.putArray("containers");
            for (Container c : engine.list()) {
                JsonObject item = items.addObject().put("container", c.id()).put("state", c.state().name());
                c.hostPid().ifPresent(p -> item.put("hostPid", p));
                c.containerPid().ifPresent(p -> item.put("containerPid", p));
                JsonArray ns = item.putArray("namespaces");
                c.spec().namespaces().stream().map(Namespace::procName).sorted().forEach(ns::add);
                ContainerActions.describe(c, item);
            }
            outbox.send(answer);
        }
    }

    private void launch(Request.Launch request) {
        try {
            engine.launch(toSpec(request.spec()), new Reporter(request.id()));
        } catch (TooManyContainersException e) {
            outbox.send(Replies.say(replies.error(request.id(), "too-many-containers").put("field", e.field())
                    .put("limit", e.limit()), e.sentence()));
        } catch (InvalidRequestException e) {
            replies.invalid(request.id(), e);
        } catch (LaunchException e) {
            outbox.send(Replies.say(replies.error(request.id(), "launch-failed").put("step", e.step())
                    .put("errno", e.errno()), e));
        }
    }

    /** A launch spec, with a joined container named by its id found among ours. */
    private ContainerSpec toSpec(Request.LaunchSpec spec) throws InvalidRequestException {
        // The app may join only the containers it launched itself, never another helper's.
        if (spec != null && spec.join() != null && spec.join().pid() != null && engine.list().stream()
                .noneMatch(c -> c.hostPid().isPresent() && c.hostPid().getAsLong() == spec.join().pid())) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_NOT_OURS, spec.join().pid());
        }
        return LaunchSpecMapper.toSpec(spec, id -> engine.find(id).flatMap(c -> {
            OptionalLong pid = c.hostPid();
            return pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty();
        }));
    }

    /**
     * One process of container C, named by its host PID: answered by "ok" with what was
     * signalled (its host and inside PIDs, its command), or an error naming the field at fault.
     */
    private void signalProcess(Request.Signal request, Container c) {
        long pid = request.pid();
        if (pid < 1 || pid > Limits.MAX_PIDS) {
            replies.invalid(request.id(), "pid", Word.CONTAINER_SIGNAL_BAD_PID, pid, Limits.MAX_PIDS, c.id());
            return;
        }
        engine.signalProcess(c, pid, request.signal()).whenComplete((done, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause == null) {
                outbox.send(outbox.message("ok").put("id", request.id()).put("container", c.id())
                        .put("pid", done.hostPid()).put("containerPid", done.containerPid())
                        .put("command", done.command()).put("signal", request.signal()));
            } else if (cause instanceof InvalidRequestException refused) {
                replies.invalid(request.id(), refused);
            } else if (cause instanceof BusyException busy) {
                replies.busy(request.id(), busy.sentence());
            } else {
                replies.failed(request.id(), "signal-failed", cause);
            }
        });
    }

    /** Read on a worker: a snapshot takes milliseconds, and the request loop must keep answering. */
    private void snapshot(Request.TakeSnapshot request) {
        long pid;
        if (request.container() != null) {
            Optional<Container> c = replies.container(request.id(), request.container());
            if (c.isEmpty()) {
                return;
            }
            if (c.get().hostPid().isEmpty()) {
                replies.invalid(request.id(), "container", Word.SNAPSHOT_NOT_STARTED_YET, request.container());
                return;
            }
            pid = c.get().hostPid().getAsLong();
        } else if (request.pid() == null) {
            pid = -1; // the host
        } else if (request.pid() < 1 || request.pid() > Limits.MAX_PIDS) {
            replies.invalid(request.id(), "pid", Word.SNAPSHOT_BAD_PID, request.pid(), Limits.MAX_PIDS);
            return;
        } else {
            pid = request.pid();
        }
        boolean compare = Boolean.TRUE.equals(request.compareHost());
        boolean compact = Boolean.TRUE.equals(request.compact());
        Optional<Container> named = request.container() == null ? Optional.empty() : engine.find(request.container());
        slow.run(request.id(), () -> {
            try {
                Object shown = compare ? snapshotter.compareWithHost(pid < 0 ? ProcessHandle.current().pid() : pid)
                        : pid < 0 ? snapshotter.host() : snapshotter.of(pid);
                if (compact) {
                    shown = compare ? ((HostComparison) shown).compact() : ((Snapshot) shown).compact();
                }
                JsonObject answer = outbox.message("snapshot").put("id", request.id());
                // compact leaves nulls out: the views' refresh each second is the biggest answer
                answer.put(compare ? "comparison" : "snapshot", compact ? new WithoutNulls(shown) : shown);
                // The processes the container itself started: the ones a signal with pid may name.
                if (named.isPresent()) {
                    JsonArray members = answer.putArray("members");
                    named.get().cgroup().members().forEach(members::add);
                }
                outbox.send(answer);
            } catch (Snapshotter.NoSuchProcessException | SeeingRule.NotYoursException e) {
                outbox.send(Replies.say(replies.error(request.id(), "invalid-request").put("field", "pid"), e));
            } catch (BusyException e) {
                replies.busy(request.id(), e.sentence());
            } catch (IOException | RuntimeException e) {
                replies.failed(request.id(), "snapshot-failed", e);
            }
        });
    }

    /** The container, if it runs on a terminal (input and resize mean nothing to the others). */
    private Optional<Container> withTerminal(String requestId, String id) {
        Optional<Container> found = replies.container(requestId, id);
        if (found.isPresent() && found.get().spec().stdio() != StdioMode.TERMINAL) {
            replies.invalid(requestId, "container", Word.CONTAINER_NO_TERMINAL, id);
            return Optional.empty();
        }
        return found;
    }

    /** Turns one container's events into messages. */
    private final class Reporter implements ContainerListener {
        private final String requestId;

        Reporter(String requestId) {
            this.requestId = requestId;
        }

        /** Sent before the stage has the request, so "launched" always comes before "started". */
        @Override
        public void accepted(Container c) {
            outbox.send(messages.launched(requestId, c.id(), c.spec()));
        }

        @Override
        public void started(Container c) {
            outbox.send(messages.started(c.id(), c.hostPid(), c.containerPid()));
        }

        @Override
        public void output(Container c, byte[] data) {
            outbox.send(messages.output(c.id(), data));
        }

        @Override
        public void exited(Container c, ExitStatus status) {
            messages.oom(c.id(), status, c.spec().limits().memoryBytes()).ifPresent(outbox::send);
            outbox.send(messages.exited(c.id(), status, c.keepAs()));
        }

        @Override
        public void failed(Container c, LaunchException e) {
            outbox.send(messages.launchFailed(c.id(), e));
        }
    }
}
