package org.nsexplorer.helper.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A JSON array being built; its items are what a {@link JsonObject}'s values may be. */
public final class JsonArray {
    private final List<Object> items = new ArrayList<>();

    public JsonArray add(Object value) {
        items.add(value);
        return this;
    }

    public JsonArray addNull() {
        return add(null);
    }

    public JsonObject addObject() {
        JsonObject object = new JsonObject();
        items.add(object);
        return object;
    }

    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return JsonOutput.text(this);
    }
}
