package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.engine.BusyException;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.network.NetworkAttachment;
import org.nsexplorer.helper.snapshot.ProcEntry;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.words.Word;

/** Requests about a running container's network and layers: ping, loopback, changes, keepLayer. */
final class ContainerActions {
    static final int MAX_CHANGES = 2000;
    private final Engine engine;
    private final Replies replies;
    private final ContainerMessages messages;

    ContainerActions(Engine engine, Replies replies, ContainerMessages messages) {
        this.engine = engine;
        this.replies = replies;
        this.messages = messages;
    }

    /** Pings only addresses of our own containers' veth pairs: a ping goes nowhere else. */
    void ping(Request.Ping request) {
        int count = request.count() == null ? 3 : request.count();
        if (count < 1 || count > 10) {
            replies.invalid(request.id(), "count", Word.NETWORK_PING_COUNT);
            return;
        }
        Optional<Container> from = Optional.empty();
        if (request.from() != null && !request.from().equals("host")) {
            from = replies.container(request.id(), request.from());
            if (from.isEmpty()) {
                return;
            }
        }
        String address;
        try {
            address = target(request, from);
        } catch (InvalidRequestException e) {
            replies.invalid(request.id(), e);
            return;
        }
        engine.ping(from, address, count).orTimeout(count + 5L, TimeUnit.SECONDS).whenComplete((result, error) -> {
            if (error != null) {
                failed(request.id(), "ping-failed", error);
                return;
            }
            replies.send(messages.ping(request.id(), request.from() == null ? "host" : request.from(),
                    request.to(), result));
        });
    }

    /** A probe that failed, or that was not started because the helper runs as many as it allows. */
    private void failed(String requestId, String kind, Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BusyException busy) {
            replies.busy(requestId, busy.sentence());
        } else if (error instanceof BusyException busy) {
            replies.busy(requestId, busy.sentence());
        } else {
            replies.failed(requestId, kind, cause);
        }
    }

    /** TO's address: a container's eth0, or "host": the host side of FROM's veth pair. */
    private String target(Request.Ping request, Optional<Container> from) throws InvalidRequestException {
        if ("host".equals(request.to())) {
            NetworkAttachment n = from.flatMap(Container::network).orElseThrow(() -> new InvalidRequestException(
                    "to", Word.NETWORK_PING_HOST_FROM_HOST));
            return n.gateway();
        }
        Container to = engine.find(request.to() == null ? "" : request.to()).orElseThrow(() ->
                new InvalidRequestException("to", Word.NETWORK_PING_NO_SUCH_CONTAINER, request.to()));
        return to.network().map(NetworkAttachment::containerIp).orElseThrow(() -> new InvalidRequestException("to",
                Word.NETWORK_PING_NO_ADDRESS, to.id()));
    }

    void loopback(Request.Loopback request) {
        replies.container(request.id(), request.container()).ifPresent(c -> engine.loopbackUp(c).whenComplete(
                (done, error) -> {
                    if (error != null) {
                        failed(request.id(), "loopback-failed", error);
                    } else {
                        replies.ok(request.id());
                    }
                }));
    }

    void changes(Request.Changes request) {
        replies.container(request.id(), request.container()).ifPresent(c -> {
            try {
                replies.send(messages.changes(request.id(), c.id(), engine.changes(c, MAX_CHANGES), c.keepAs()));
            } catch (InvalidRequestException e) {
                replies.invalid(request.id(), e);
            } catch (IOException | RuntimeException e) {
                replies.failed(request.id(), "changes-failed", e);
            }
        });
    }

    void keepLayer(Request.KeepLayer request) {
        replies.container(request.id(), request.container()).ifPresent(c -> {
            try {
                engine.keepLayer(c, request.name());
                replies.ok(request.id());
            } catch (InvalidRequestException e) {
                replies.invalid(request.id(), e);
            }
        });
    }

    /**
     * The network, join and overlay of a "containers" item (what the diagram draws), and the
     * inode of each namespace its first process is in, read now: which containers share one.
     */
    static void describe(Container c, JsonObject item) {
        c.hostPid().ifPresent(pid -> {
            JsonObject inodes = item.putObject("nsInodes");
            for (Namespace type : Namespace.values()) {
                try {
                    inodes.put(type.procName(), ProcEntry.namespaceInode(Path.of("/proc",
                            Long.toString(pid), "ns", type.procName())));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile: its "exited" follows
                }
            }
        });
        item.put("network", c.spec().network().cliName());
        Replies.putConfinement(item, c.spec());
        c.network().ifPresent(n -> {
            JsonObject v = item.putObject("veth").put("hostInterface", n.hostInterface())
                    .put("hostAddress", n.hostAddress()).put("containerInterface", n.containerInterface())
                    .put("containerAddress", n.containerAddress());
            n.bridge().ifPresent(b -> {
                v.put("bridge", b.name());
                JsonObject sw = v.putObject("switch").put("pid", b.switchPid()).put("uplink", b.uplink())
                        .put("uplinkPeer", b.uplinkPeer());
                try {
                    sw.put("netns", ProcEntry.namespaceInode(Path.of("/proc",
                            Long.toString(b.switchPid()), "ns", "net")));
                } catch (IOException | RuntimeException e) {
                    // the stage ended meanwhile: so did the container
                }
            });
        });
        c.spec().join().ifPresent(j -> {
            JsonObject join = item.putObject("join").put("pid", j.pid());
            JsonArray ns = join.putArray("namespaces");
            j.namespaces().stream().map(n -> n.procName()).sorted().forEach(ns::add);
        });
        c.spec().overlay().ifPresent(o -> {
            JsonObject overlay = item.putObject("overlay");
            JsonArray layers = overlay.putArray("layers");
            o.layers().forEach(l -> layers.add(l.getFileName().toString()));
            c.keepAs().ifPresent(k -> overlay.put("keepAs", k));
        });
    }
}
