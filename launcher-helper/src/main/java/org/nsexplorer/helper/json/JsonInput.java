package org.nsexplorer.helper.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value from jackson-core's parser into plain Java: objects as maps in their
 * order, arrays as lists, whole numbers as Integer, Long or BigInteger (as small as fits),
 * fractions as Double. The parser's own checks (duplicates, limits) apply as it reads.
 * (jackson-jr does the same, but its classes cost serve about 0.5 MiB resident.)
 */
public final class JsonInput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonInput() {
    }

    /** The first value in JSON (UTF-8), or null when it holds none. */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return p.nextToken() == null ? null : read(p);
        }
    }

    /** The value at P's current token, P left on its last token. */
    public static Object read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            throw new JsonParseException(p, "no value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, read(p));
                }
                return fields;
            }
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return items;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "unexpected " + token);
        }
    }
}
