package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.ValidatedSpec;

/** The answers every request handler gives: ok, errors by kind, and the container a request names. */
final class Replies {
    private final Outbox outbox;
    private final Engine engine;

    Replies(Outbox outbox, Engine engine) {
        this.outbox = outbox;
        this.engine = engine;
    }

    ObjectNode message(String type, String requestId) {
        return outbox.message(type).put("id", requestId);
    }

    void send(ObjectNode message) {
        outbox.send(message);
    }

    void ok(String requestId) {
        outbox.send(message("ok", requestId));
    }

    ObjectNode error(String requestId, String kind) {
        return message("error", requestId).put("kind", kind);
    }

    void invalid(String requestId, InvalidRequestException e) {
        outbox.send(error(requestId, "invalid-request").put("field", e.field()).put("message", e.getMessage()));
    }

    void failed(String requestId, String kind, Throwable e) {
        outbox.send(error(requestId, kind).put("message", String.valueOf(e.getMessage())));
    }

    /**
     * What root in SPEC's container can do to the host: "confinement": {"level": contained,
     * caller or host-root, "reasons": [...], "hostUid": root inside as seen outside}.
     */
    static void putConfinement(ObjectNode node, ValidatedSpec spec) {
        ObjectNode c = node.putObject("confinement").put("level", spec.confinement().level().wireName());
        ArrayNode reasons = c.putArray("reasons");
        spec.confinement().reasons().forEach(r -> reasons.add(r.wireName()));
        spec.userMapping().ifPresent(m -> c.put("hostUid", Integer.toUnsignedLong(m.hostUid())));
    }

    /** Too much at once: the request was not started and may be sent again. */
    void busy(String requestId, String message) {
        outbox.send(error(requestId, "busy").put("message", message));
    }

    /** A refusal that the parser made before any handler saw the request. */
    void refused(RequestParser.Refused r) {
        outbox.send(error(r.id(), r.kind()).put("field", r.field()).put("message", r.message()));
    }

    Optional<Container> container(String requestId, String id) {
        Optional<Container> found = id == null ? Optional.empty() : engine.find(id);
        if (found.isEmpty()) {
            outbox.send(error(requestId, "invalid-request").put("field", "container")
                    .put("message", "no running container '" + id + "': ask for the list of containers"));
        }
        return found;
    }
}
