package org.nsexplorer.helper.serve;

import java.util.Optional;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.LaunchException;
import org.nsexplorer.helper.json.JsonArray;
import org.nsexplorer.helper.json.JsonObject;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;
import org.nsexplorer.helper.words.Worded;

/**
 * The answers every request handler gives: ok, errors by kind, and the container a request
 * names. An error says its "message" in English, and, when it is a sentence of the words
 * bundle, its "code" and "args" too: the app says it in the teacher's language.
 */
// Public with its static builders: the app's contract test (MessageContractTest) words its messages with them.
public final class Replies {
    private final Outbox outbox;
    private final Engine engine;

    Replies(Outbox outbox, Engine engine) {
        this.outbox = outbox;
        this.engine = engine;
    }

    JsonObject message(String type, String requestId) {
        return outbox.message(type).put("id", requestId);
    }

    void send(JsonObject message) {
        outbox.send(message);
    }

    void ok(String requestId) {
        outbox.send(message("ok", requestId));
    }

    JsonObject error(String requestId, String kind) {
        return message("error", requestId).put("kind", kind);
    }

    /** "message" (English, for logs and older apps), "code" and "args" (for the app to word it). */
    public static JsonObject say(JsonObject message, Sentence sentence) {
        message.put("message", sentence.english()).put("code", sentence.code());
        JsonArray args = message.putArray("args");
        sentence.args().forEach(args::add);
        return message;
    }

    /** E's message, with its code and args when it has them (a system error has only its message). */
    static JsonObject say(JsonObject message, Throwable e) {
        if (e instanceof Worded worded) {
            return say(message, worded.sentence());
        }
        if (e.getMessage() == null) {
            return say(message, Sentence.of(Word.HELPER_NO_REASON));
        }
        return message.put("message", e.getMessage());
    }

    /** A launch's failure: a sentence, or the kernel's words at a step of the stage. */
    public static JsonObject say(JsonObject message, LaunchException e) {
        return e.sentence().map(s -> say(message, s)).orElseGet(() -> message.put("message", e.getMessage()));
    }

    void invalid(String requestId, InvalidRequestException e) {
        outbox.send(say(error(requestId, "invalid-request").put("field", e.field()), e.sentence()));
    }

    /** Refused: FIELD is at fault, as WORD says. */
    void invalid(String requestId, String field, Word word, Object... args) {
        invalid(requestId, new InvalidRequestException(field, word, args));
    }

    void failed(String requestId, String kind, Throwable e) {
        outbox.send(say(error(requestId, kind), e));
    }

    /**
     * What root in SPEC's container can do to the host: "confinement": {"level": contained,
     * caller or host-root, "reasons": [...], "hostUid": root inside as seen outside}.
     */
    public static void putConfinement(JsonObject node, ValidatedSpec spec) {
        JsonObject c = node.putObject("confinement").put("level", spec.confinement().level().wireName());
        JsonArray reasons = c.putArray("reasons");
        spec.confinement().reasons().forEach(r -> reasons.add(r.wireName()));
        spec.userMapping().ifPresent(m -> c.put("hostUid", Integer.toUnsignedLong(m.hostUid())));
    }

    /** Too much at once: the request was not started and may be sent again. */
    void busy(String requestId, Sentence why) {
        outbox.send(say(error(requestId, "busy"), why));
    }

    /** A refusal that the parser made before any handler saw the request. */
    void refused(RequestParser.Refused r) {
        JsonObject m = error(r.id(), r.kind()).put("field", r.field());
        outbox.send(r.sentence().map(s -> say(m, s)).orElseGet(() -> m.put("message", r.message())));
    }

    Optional<Container> container(String requestId, String id) {
        Optional<Container> found = id == null ? Optional.empty() : engine.find(id);
        if (found.isEmpty()) {
            invalid(requestId, "container", Word.CONTAINER_NOT_RUNNING_NAMED, id); // ids are at most 64 characters
        }
        return found;
    }
}
