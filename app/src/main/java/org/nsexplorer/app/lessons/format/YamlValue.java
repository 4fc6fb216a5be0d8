package org.nsexplorer.app.lessons.format;

import java.util.ArrayList;
import java.util.List;
import org.nsexplorer.app.ui.Texts;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** One value of a lesson file and the line it is on, so every error names its line. */
public final class YamlValue {
    private final Node node;
    private final String name;

    YamlValue(Node node, String name) {
        this.node = node;
        this.name = name;
    }

    /** 1-based line of this value in the file. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** The key this value is under ("namespaces"), for messages. */
    public String name() {
        return name;
    }

    public LessonFileException error(String key, Object... args) {
        return new LessonFileException(line(), Texts.get(key, args));
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public String text() throws LessonFileException {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error("lesson.error.notText", name);
    }

    public long number() throws LessonFileException {
        try {
            return Long.parseLong(text().trim());
        } catch (NumberFormatException e) {
            throw error("lesson.error.notNumber", name, text());
        }
    }

    public boolean yesNo() throws LessonFileException {
        return switch (text().trim()) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw error("lesson.error.notYesNo", name, text());
        };
    }

    /** A list; a single value counts as a list of one, which is how a teacher writes one command. */
    public List<YamlValue> list() throws LessonFileException {
        if (node instanceof SequenceNode sequence) {
            List<YamlValue> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(new YamlValue(item, name));
            }
            return items;
        }
        if (node instanceof ScalarNode) {
            return List.of(this);
        }
        throw error("lesson.error.notList", name);
    }

    public List<String> texts() throws LessonFileException {
        List<String> texts = new ArrayList<>();
        for (YamlValue item : list()) {
            texts.add(item.text());
        }
        return texts;
    }

    public Fields fields() throws LessonFileException {
        if (node instanceof MappingNode mapping) {
            return new Fields(this, mapping);
        }
        throw error("lesson.error.notFields", name);
    }
}
