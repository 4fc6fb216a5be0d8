package org.nsexplorer.helper.serve;

import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import org.nsexplorer.helper.engine.ExitStatus;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.network.PingResult;
import org.nsexplorer.helper.overlay.LayerChange;
import org.nsexplorer.helper.overlay.LayerChanges;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * The messages that follow one container through its life, and the answers about it (a
 * ping, an overlay's changes), as the app reads them: the one place they are written.
 */
// Public: the app's contract test (MessageContractTest) reads what these write.
public final class ContainerMessages {
    private final Outbox outbox;

    public ContainerMessages(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The launch request's answer: the container's id and how far root in it is confined. */
    public JsonObject launched(String requestId, String container, ValidatedSpec spec) {
        JsonObject m = outbox.message("launched").put("id", requestId).put("container", container);
        Replies.putConfinement(m, spec);
        return m;
    }

    public JsonObject started(String container, OptionalLong hostPid, OptionalLong containerPid) {
        JsonObject m = outbox.message("started").put("container", container);
        hostPid.ifPresent(p -> m.put("hostPid", p));
        containerPid.ifPresent(p -> m.put("containerPid", p));
        return m;
    }

    /** What the container's terminal wrote, base64. */
    public JsonObject output(String container, byte[] data) {
        return outbox.message("output").put("container", container)
                .put("data", Base64.getEncoder().encodeToString(data));
    }

    /** Said before "exited" when the kernel's OOM killer ended processes of the container. */
    public Optional<JsonObject> oom(String container, ExitStatus status, OptionalLong memoryLimit) {
        if (!status.oomKilled()) {
            return Optional.empty();
        }
        JsonObject m = outbox.message("oom").put("container", container).put("kills", status.oomKills());
        memoryLimit.ifPresent(limit -> m.put("memoryLimit", limit));
        return Optional.of(m);
    }

    /** @param keptAs the layer its changes became */
    public JsonObject exited(String container, ExitStatus status, Optional<String> keptAs) {
        JsonObject m = outbox.message("exited").put("container", container).put("status", status.shellStatus());
        if (status.signaled()) {
            m.put("signal", status.code());
        } else {
            m.put("code", status.code());
        }
        keptAs.ifPresent(layer -> m.put("keptAs", layer));
        return m.put("oomKills", status.oomKills());
    }

    /** An event of the container, not a request's answer: set-up failed at a step of the stage. */
    public JsonObject launchFailed(String container, LaunchException e) {
        return Replies.say(outbox.message("error").put("kind", "launch-failed").put("container", container)
                .put("step", e.step()).put("errno", e.errno()), e);
    }

    /** A ping's answer: FROM and TO as the request named them ("host" for the host), the kernel's replies. */
    public JsonObject ping(String requestId, String from, String to, PingResult result) {
        JsonObject m = outbox.message("ping").put("id", requestId).put("from", from).put("to", to)
                .put("address", result.address()).put("sent", result.rttMillis().size())
                .put("received", result.received());
        JsonArray rtts = m.putArray("rttMillis");
        result.rttMillis().forEach(r -> {
            if (r == null) {
                rtts.addNull(); // no reply to this echo
            } else {
                rtts.add(r);
            }
        });
        return m;
    }

    /** What an overlay container changed so far; KEEPAS: the layer it becomes at its end. */
    public JsonObject changes(String requestId, String container, LayerChanges.Listing listing,
            Optional<String> keepAs) {
        JsonObject m = outbox.message("changes").put("id", requestId).put("container", container)
                .put("truncated", listing.truncated());
        keepAs.ifPresent(name -> m.put("keepAs", name));
        JsonArray list = m.putArray("changes");
        for (LayerChange change : listing.changes()) {
            list.addObject().put("path", change.path()).put("kind", change.kind().wireName());
        }
        return m;
    }
}
