package org.nsexplorer.helper.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object being built: fields in the order first put, a field put again keeps its place.
 * Values: null, text, numbers, booleans, JsonObject, JsonArray, records, lists and maps
 * (see {@link JsonOutput}).
 */
public final class JsonObject {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonObject put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public JsonArray putArray(String name) {
        JsonArray array = new JsonArray();
        fields.put(name, array);
        return array;
    }

    public JsonObject putObject(String name) {
        JsonObject object = new JsonObject();
        fields.put(name, object);
        return object;
    }

    public Object get(String name) {
        return fields.get(name);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public Object remove(String name) {
        return fields.remove(name);
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public String toString() {
        return JsonOutput.text(this);
    }
}
