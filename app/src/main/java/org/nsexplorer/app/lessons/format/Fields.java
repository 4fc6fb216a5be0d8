package org.nsexplorer.app.lessons.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A mapping of a lesson file whose keys are checked: a misspelt key is an error on its
 * line, never silently ignored (a teacher's typo must not make a step do nothing).
 */
public final class Fields {
    private final YamlValue self;
    private final Map<String, YamlValue> values = new LinkedHashMap<>();
    private final Map<String, YamlValue> keyNodes = new LinkedHashMap<>();

    Fields(YamlValue self, MappingNode mapping) throws LessonFileException {
        this.self = self;
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlValue(tuple.getKeyNode(), self.name()).error("lesson.error.badKey");
            }
            YamlValue keyNode = new YamlValue(tuple.getKeyNode(), key.getValue());
            if (values.put(key.getValue(), new YamlValue(tuple.getValueNode(), key.getValue())) != null) {
                throw keyNode.error("lesson.error.twice", key.getValue());
            }
            keyNodes.put(key.getValue(), keyNode);
        }
    }

    public int line() {
        return self.line();
    }

    public YamlValue self() {
        return self;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Optional<YamlValue> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public YamlValue required(String key) throws LessonFileException {
        YamlValue value = values.get(key);
        if (value == null) {
            throw self.error("lesson.error.missing", self.name(), key);
        }
        return value;
    }

    public Optional<String> text(String key) throws LessonFileException {
        YamlValue value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(value.text());
    }

    /** Refuses any key not in ALLOWED, naming the allowed ones. */
    public void allowOnly(Set<String> allowed) throws LessonFileException {
        for (Map.Entry<String, YamlValue> e : keyNodes.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("lesson.error.unknownKey", e.getKey(), self.name(),
                        String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
