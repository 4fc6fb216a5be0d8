package org.nsexplorer.helper.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.nsexplorer.helper.json.JsonInput;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * Turns one request line into a {@link Request}, or into a refusal that names the field at
 * fault. Strict on purpose: UTF-8 only, one JSON object per line, no key twice, no unknown
 * type or field, no text where a number belongs (nor the other way round), no fraction for
 * a whole number, numbers of at most 40 digits, nesting at most 16 deep; then every text and
 * list within {@link RequestLimits}.
 */
// Public with its parse results: the app's contract test (RequestContractTest) feeds it the app's requests.
public final class RequestParser {
    static final int MAX_DEPTH = 16;
    private static final int MAX_MESSAGE = 300;
    private static final int MAX_FIELD = 200;

    /** What became of a line. */
    public sealed interface Parsed {
    }

    public record Accepted(Request request) implements Parsed {
    }

    /**
     * ID is the request's own id when it can be echoed, else null. SENTENCE says what was
     * wrong, unless MESSAGE is the JSON parser's own (English) words.
     */
    record Refused(String id, String kind, String field, String message, Optional<Sentence> sentence)
            implements Parsed {
        Refused(String id, String kind, String field, Sentence sentence) {
            this(id, kind, field, sentence.english(), Optional.of(sentence));
        }

        Refused(String id, String kind, String field, String message) {
            this(id, kind, field, message, Optional.empty());
        }
    }

    private final JsonFactory factory;

    public RequestParser() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(RequestLines.MAX_LINE_BYTES)
                        .maxStringLength(RequestLines.MAX_LINE_BYTES)
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(40)
                        .maxNameLength(64)
                        .maxTokenCount(100_000)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public Parsed parse(byte[] line) {
        String text;
        try {
            text = utf8(line);
        } catch (NotUtf8 e) {
            return new Refused(null, "protocol", "line", Sentence.of(Word.REQUEST_NOT_UTF8, e.offset));
        }
        Object read;
        try (JsonParser p = factory.createParser(text)) {
            try {
                // maps and lists first (RequestBinder then fills the records, strictly)
                read = p.nextToken() == null ? null : JsonInput.read(p);
                if (p.nextToken() != null) {
                    return new Refused(null, "protocol", "line", Sentence.of(Word.REQUEST_MORE_AFTER_END));
                }
            } catch (JsonEOFException e) {
                return new Refused(null, "protocol", "line", Sentence.of(Word.REQUEST_ENDS_EARLY));
            } catch (JacksonException e) {
                return refused(null, e, fieldAt(p.getParsingContext()));
            }
        } catch (IOException e) {
            return new Refused(null, "protocol", "line", clip(e.getMessage()));
        }
        if (!(read instanceof Map<?, ?> fields)) {
            return new Refused(null, "protocol", "line", Sentence.of(Word.REQUEST_NOT_AN_OBJECT));
        }
        String id = fields.get("id") instanceof String given && RequestLimits.echoable(given) ? given : null;
        Request request;
        try {
            request = RequestBinder.bind(fields);
        } catch (RequestBinder.Mismatch e) {
            return new Refused(id, "protocol", e.field, e.sentence);
        }
        try {
            RequestLimits.check(request);
        } catch (InvalidRequestException e) {
            return new Refused(id, "invalid-request", e.field(), e.sentence());
        }
        return new Accepted(request);
    }

    /** For the warm-up, which parses a request of its own. */
    Request parseKnown(String line) throws IOException {
        if (parse(line.getBytes(StandardCharsets.UTF_8)) instanceof Accepted accepted) {
            return accepted.request();
        }
        throw new IOException("refused: " + line);
    }

    /** Decodes strictly: an overlong form, a surrogate or a stray byte is refused, not replaced. */
    private static String utf8(byte[] line) throws NotUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(line);
        CharBuffer out = CharBuffer.allocate(line.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8(in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static final class NotUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        NotUtf8(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }

    /** "spec.command[2]" for where a parser stood when it failed; "line" at the top. */
    private static String fieldAt(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String field = String.join("", parts);
        field = field.startsWith(".") ? field.substring(1) : field;
        return field.isEmpty() ? "line" : clipField(field);
    }

    /** A protocol refusal of the line with ID at FIELD. */
    private static Refused refused(String id, JacksonException e, String field) {
        Sentence said = describe(e, field);
        return said != null ? new Refused(id, "protocol", field, said)
                : new Refused(id, "protocol", field, clip(String.valueOf(e.getOriginalMessage())));
    }

    /**
     * What was wrong with the JSON itself, in words, without the request's own long values;
     * null when only Jackson's own words say it.
     */
    private static Sentence describe(JacksonException e, String field) {
        String what = field.equals("line") ? "the line" : field;
        if (e instanceof StreamConstraintsException) {
            return Sentence.of(Word.REQUEST_TOO_BIG, clip(e.getOriginalMessage().replaceAll(",? from `[^`]*`", "")));
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return Sentence.of(Word.REQUEST_GIVEN_TWICE, what);
        }
        if (e instanceof JsonParseException p && p.getLocation() != null) {
            return Sentence.of(Word.REQUEST_NOT_JSON, p.getLocation().getColumnNr(), clip(p.getOriginalMessage()));
        }
        return null;
    }

    private static String clip(String text) {
        return clip(text, MAX_MESSAGE);
    }

    static String clip(String text, int most) {
        String plain = String.valueOf(text).replaceAll("`?org\\.nsexplorer\\.[\\w.$]+`?", "the request")
                .replaceAll("\\p{Cntrl}", "?");
        return plain.length() > most ? plain.substring(0, most) + "..." : plain;
    }

    static String clipField(String field) {
        String plain = field.replaceAll("\\p{Cntrl}", "?");
        return plain.length() > MAX_FIELD ? plain.substring(0, MAX_FIELD) + "..." : plain;
    }
}
