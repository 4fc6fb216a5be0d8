package org.nsexplorer.helper.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the helper's JSON with jackson-core's generator: messages, and the snapshot records
 * as databind wrote them (components in their order, nulls written unless {@link WithoutNulls}).
 */
public final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();
    /**
     * Each record's components, looked up once per class. Method handles, not Method.invoke:
     * that generates a class for each accessor called often (about 0.2 MiB resident in serve).
     */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Component[] found = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible();
                try {
                    found[i] = new Component(components[i].getName(), MethodHandles.lookup().unreflect(accessor)
                            .asType(MethodType.methodType(Object.class, Record.class)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + accessor, e);
                }
            }
            return found;
        }
    };

    private record Component(String name, MethodHandle accessor) {
    }

    private JsonOutput() {
    }

    /** VALUE as one line of UTF-8. */
    public static byte[] bytes(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, true);
        }
        return out.toByteArray();
    }

    /** VALUE indented, for people. */
    public static String pretty(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            write(g, value, true);
        }
        return out.toString();
    }

    static String text(Object value) {
        try {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                write(g, value, true);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonGenerator g, Object value, boolean nulls) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Number n) {
            number(g, n);
        } else if (value instanceof JsonObject o) {
            fields(g, o.fields(), nulls);
        } else if (value instanceof JsonArray a) {
            items(g, a.items(), nulls);
        } else if (value instanceof WithoutNulls w) {
            write(g, w.value(), false);
        } else if (value instanceof Map<?, ?> m) {
            fields(g, m, nulls);
        } else if (value instanceof Collection<?> c) {
            items(g, c, nulls);
        } else if (value instanceof Record r) {
            record(g, r, nulls);
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.intValue());
        } else if (n instanceof Long l) {
            g.writeNumber(l);
        } else if (n instanceof Double d) {
            g.writeNumber(d);
        } else if (n instanceof Float f) {
            g.writeNumber(f);
        } else if (n instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (n instanceof BigDecimal b) {
            g.writeNumber(b);
        } else {
            g.writeNumber(n.toString());
        }
    }

    private static void fields(JsonGenerator g, Map<?, ?> fields, boolean nulls) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            if (nulls || f.getValue() != null) {
                g.writeFieldName(String.valueOf(f.getKey()));
                write(g, f.getValue(), nulls);
            }
        }
        g.writeEndObject();
    }

    private static void items(JsonGenerator g, Collection<?> items, boolean nulls) throws IOException {
        g.writeStartArray();
        for (Object item : items) {
            write(g, item, nulls);
        }
        g.writeEndArray();
    }

    private static void record(JsonGenerator g, Record r, boolean nulls) throws IOException {
        g.writeStartObject();
        for (Component c : COMPONENTS.get(r.getClass())) {
            Object value;
            try {
                value = (Object) c.accessor().invokeExact(r);
            } catch (Throwable e) { // an accessor is the record's own field: it throws nothing
                throw new IllegalStateException("reading " + c.name(), e);
            }
            if (nulls || value != null) {
                g.writeFieldName(c.name());
                write(g, value, nulls);
            }
        }
        g.writeEndObject();
    }
}
