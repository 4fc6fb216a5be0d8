package org.nsexplorer.helper.serve;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * Fills a {@link Request} record from a parsed line (maps, lists, texts, whole numbers as
 * Integer, Long or BigInteger, fractions as Double, booleans), field by field in the line's
 * order, with no coercion: the first field that does not fit is the one refused, as
 * databind refused it (its path as "spec.command[2]").
 */
final class RequestBinder {
    private static final List<String> TYPE_NAMES = Request.TYPES.keySet().stream().sorted().toList();
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** FIELD does not fit, as SENTENCE says. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;
        final transient Sentence sentence;

        Mismatch(String field, Sentence sentence) {
            super(null, null, false, false);
            this.field = field;
            this.sentence = sentence;
        }
    }

    private RequestBinder() {
    }

    static Request bind(Map<?, ?> line) throws Mismatch {
        Object type = line.get("type");
        // A scalar names the type in its text (5 is "5"); null, a list or an object names none.
        String typeId = type instanceof String || type instanceof Number || type instanceof Boolean
                ? String.valueOf(type) : null;
        if (typeId == null) {
            throw new Mismatch("type", Sentence.of(Word.REQUEST_TYPE_MISSING, String.join(", ", TYPE_NAMES)));
        }
        Class<? extends Request> chosen = Request.TYPES.get(typeId);
        if (chosen == null) {
            throw new Mismatch("type", Sentence.of(Word.REQUEST_UNKNOWN_TYPE, RequestParser.clip(typeId, 40),
                    String.join(", ", TYPE_NAMES)));
        }
        return chosen.cast(record(chosen, line, "", "type"));
    }

    /**
     * TYPE from FIELDS; PREFIX is the record's own path and a dot, SKIP a field already read.
     * As databind did: the known fields' values first, in the line's order, then a whole
     * number left out (null is not a number), then the first unknown field.
     */
    private static Object record(Class<?> type, Map<?, ?> fields, String prefix, String skip) throws Mismatch {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        boolean[] given = new boolean[components.length];
        String unknown = null;
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = String.valueOf(field.getKey());
            int at = indexOf(components, name);
            if (name.equals(skip)) {
                continue;
            } else if (at < 0) {
                unknown = unknown == null ? name : unknown;
            } else {
                values[at] = value(field.getValue(), components[at].getType(), prefix + name);
                given[at] = true;
            }
        }
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameters[i] = components[i].getType();
            if (!given[i] && parameters[i].isPrimitive()) {
                throw mustBe(prefix + components[i].getName(), parameters[i]);
            }
        }
        if (unknown != null) {
            throw new Mismatch(RequestParser.clipField(prefix + unknown),
                    Sentence.of(Word.REQUEST_UNKNOWN_FIELD, RequestParser.clip(unknown, 64)));
        }
        try {
            return type.getDeclaredConstructor(parameters).newInstance(values);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
            throw new IllegalStateException("cannot make " + type.getSimpleName(), cause);
        }
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * VALUE as a field of type RAW at PATH: text, whole number, boolean, record, or a list,
     * which in a request is always of texts (read so, not from generic signatures: cheaper).
     */
    private static Object value(Object value, Class<?> raw, String path) throws Mismatch {
        if (value == null) {
            if (raw.isPrimitive()) {
                throw mustBe(path, raw);
            }
            return null;
        }
        if (raw == String.class || raw == Boolean.class || raw == boolean.class) {
            if (!(raw == String.class ? value instanceof String : value instanceof Boolean)) {
                throw mustBe(path, raw);
            }
            return value;
        }
        if (raw == int.class || raw == Integer.class) {
            return whole(value, path, raw).intValue();
        }
        if (raw == long.class || raw == Long.class) {
            return whole(value, path, raw).longValue();
        }
        if (raw == List.class) {
            if (!(value instanceof List<?> items)) {
                throw mustBe(path, raw);
            }
            List<Object> list = new ArrayList<>(items.size()); // null items stay, as databind kept them
            for (int i = 0; i < items.size(); i++) {
                list.add(value(items.get(i), String.class, path + "[" + i + "]"));
            }
            return list;
        }
        if (raw.isRecord()) {
            if (!(value instanceof Map<?, ?> fields)) {
                throw mustBe(path, raw);
            }
            return record(raw, fields, path + ".", null);
        }
        throw new IllegalStateException("no binding for " + raw);
    }

    /** A whole number within TYPE's range (int or long); a fraction, text or boolean is not one. */
    private static BigInteger whole(Object value, String path, Class<?> type) throws Mismatch {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw mustBe(path, type);
        }
        BigInteger number = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
        boolean isInt = type == int.class || type == Integer.class;
        if (number.compareTo(isInt ? INT_MIN : LONG_MIN) < 0 || number.compareTo(isInt ? INT_MAX : LONG_MAX) > 0) {
            String field = RequestParser.clipField(path);
            throw new Mismatch(field, isInt
                    ? Sentence.of(Word.REQUEST_OUT_OF_RANGE_WHOLE, field, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    : Sentence.of(Word.REQUEST_OUT_OF_RANGE_WHOLE, field, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return number;
    }

    /** PATH is not of TYPE, the type its field has. */
    private static Mismatch mustBe(String path, Class<?> type) {
        String field = RequestParser.clipField(path);
        Sentence said;
        if (type == String.class) {
            said = Sentence.of(Word.REQUEST_MUST_BE_TEXT, field);
        } else if (type == int.class || type == Integer.class) {
            said = Sentence.of(Word.REQUEST_MUST_BE_WHOLE, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else if (type == long.class || type == Long.class) {
            said = Sentence.of(Word.REQUEST_MUST_BE_WHOLE, field, Long.MIN_VALUE, Long.MAX_VALUE);
        } else if (type == boolean.class || type == Boolean.class) {
            said = Sentence.of(Word.REQUEST_MUST_BE_BOOLEAN, field);
        } else if (type == List.class) {
            said = Sentence.of(Word.REQUEST_MUST_BE_LIST, field);
        } else {
            said = Sentence.of(Word.REQUEST_MUST_BE_OBJECT, field);
        }
        return new Mismatch(field, said);
    }
}
