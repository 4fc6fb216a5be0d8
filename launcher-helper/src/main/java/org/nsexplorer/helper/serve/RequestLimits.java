package org.nsexplorer.helper.serve;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/**
 * The size of every text and list a request may carry, checked on every request record
 * before any handler sees it. No text may hold a NUL character. A refusal names the field
 * (as the validator names it: "hostname", "command", "join") and never echoes the value,
 * which may be megabytes long.
 */
final class RequestLimits {
    /** Longer ids are not echoed: the answer to such a request carries no id. */
    static final int MAX_ID_CHARS = 128;
    private static final int DEFAULT_CHARS = 4096;
    private static final int DEFAULT_ITEMS = 64;
    /** Characters of a text field, or of each item of a list field. */
    private static final Map<String, Integer> MAX_CHARS = Map.ofEntries(
            Map.entry("id", MAX_ID_CHARS), Map.entry("job", MAX_ID_CHARS),
            Map.entry("container", 64), Map.entry("from", 64), Map.entry("to", 64),
            Map.entry("hostname", 255), Map.entry("memory", 32), Map.entry("cpus", 32),
            Map.entry("rootSwitch", 16), Map.entry("network", 16), Map.entry("kind", 16),
            Map.entry("namespaces", 16), Map.entry("mounts", 16),
            Map.entry("name", 255), Map.entry("keepAs", 255), Map.entry("layers", 255), Map.entry("programs", 255),
            Map.entry("suite", 64), Map.entry("mirror", 2048), Map.entry("language", 16),
            Map.entry("rootfs", 4096), Map.entry("file", 4096),
            Map.entry("command", 64 * 1024), Map.entry("data", RequestLines.MAX_LINE_BYTES));
    /** Items of a list field. */
    private static final Map<String, Integer> MAX_ITEMS = Map.of("command", 256, "namespaces", 16, "mounts", 16,
            "layers", 16, "programs", 256);
    /** Nested records whose every problem is reported under the field that holds them, as the validator does. */
    private static final Map<Class<?>, String> REPORTED_AS = Map.of(Request.Join.class, "join",
            Request.Overlay.class, "overlay");

    private RequestLimits() {
    }

    static void check(Request request) throws InvalidRequestException {
        checkRecord((Record) request, null); // every request type is a record
    }

    /** Whether ID can be echoed in an answer: short, and free of NUL. */
    static boolean echoable(String id) {
        return id != null && id.length() <= MAX_ID_CHARS && id.indexOf('\0') < 0;
    }

    private static void checkRecord(Record record, String reportedAs) throws InvalidRequestException {
        String nested = REPORTED_AS.get(record.getClass());
        String as = reportedAs != null ? reportedAs : nested;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            String name = component.getName();
            String field = as != null ? as : name;
            if (value instanceof String text) {
                checkText(field, name, false, text, MAX_CHARS.getOrDefault(name, DEFAULT_CHARS));
            } else if (value instanceof List<?> list) {
                int most = MAX_ITEMS.getOrDefault(name, DEFAULT_ITEMS);
                if (list.size() > most) {
                    throw new InvalidRequestException(field, Word.REQUEST_TOO_MANY_ITEMS, name, list.size(), most);
                }
                for (Object item : list) {
                    if (item == null) {
                        throw new InvalidRequestException(field, Word.REQUEST_NULL_ITEM, name);
                    }
                    if (item instanceof String text) {
                        checkText(field, name, true, text, MAX_CHARS.getOrDefault(name, DEFAULT_CHARS));
                    }
                }
            } else if (value instanceof Record inner) {
                checkRecord(inner, as);
            }
        }
    }

    /** NAME's text, or (ITEM) one item of the list NAME. */
    private static void checkText(String field, String name, boolean item, String text, int most)
            throws InvalidRequestException {
        if (text.length() > most) {
            throw new InvalidRequestException(field, item ? Word.REQUEST_ITEM_TOO_LONG : Word.REQUEST_TOO_LONG, name,
                    text.length(), most);
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidRequestException(field, item ? Word.REQUEST_ITEM_NUL : Word.REQUEST_NUL, name);
        }
    }
}
