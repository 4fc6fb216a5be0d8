package org.nsexplorer.app.lessons.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nsexplorer.app.lessons.Lesson;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.Prediction;
import org.nsexplorer.app.lessons.Step;
import org.nsexplorer.app.ui.Texts;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a lesson file (YAML, docs/lessons.md) into a Lesson, or refuses it with the line at
 * fault: an unknown action, check or key, a container no earlier step launched, a bad value.
 */
public final class LessonFormat {
    /** Views a step may bring up: the window's tab keys. */
    public static final Set<String> VIEWS = Set.of("terminal", "processes", "mounts", "network", "netmap", "layers",
            "users", "ipc", "limits", "commands", "rootfs", "namespaces");
    private static final int MAX_CHARS = 256 * 1024;

    private LessonFormat() {
    }

    public static Lesson read(String id, String text, boolean trusted) throws LessonFileException {
        if (text.length() > MAX_CHARS) {
            throw new LessonFileException(0, Texts.get("lesson.error.tooLong", MAX_CHARS / 1024));
        }
        Node root;
        try {
            // No aliases: a file of a few lines must not expand into millions of nodes.
            LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(true).setMaxAliasesForCollections(0)
                    .setCodePointLimit(MAX_CHARS).build();
            root = new Compose(settings).composeString(text).orElseThrow(() ->
                    new LessonFileException(0, Texts.get("lesson.error.empty")));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new LessonFileException(line, Texts.get("lesson.error.yaml", e.getProblem()));
        } catch (YamlEngineException e) {
            throw new LessonFileException(0, Texts.get("lesson.error.yaml", e.getMessage()));
        }
        Fields lesson = new YamlValue(root, "lesson").fields();
        lesson.allowOnly(Set.of("lesson", "walkthrough", "departs", "steps"));
        Scope scope = new Scope();
        List<Step> steps = new ArrayList<>();
        for (YamlValue step : lesson.required("steps").list()) {
            steps.add(step(step, scope));
        }
        if (steps.isEmpty()) {
            throw lesson.required("steps").error("lesson.error.noSteps");
        }
        return new Lesson(id, lesson.required("lesson").text().trim(), lesson.text("walkthrough").orElse(""),
                lesson.text("departs").map(String::trim).orElse(""), steps, trusted);
    }

    private static Step step(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("say", "show", "predict", "do", "check"));
        String show = f.text("show").map(String::trim).orElse(null);
        if (show != null && !VIEWS.contains(show)) {
            throw f.required("show").error("lesson.error.notOneOf", "show", show, String.join(", ",
                    new TreeSet<>(VIEWS)));
        }
        Prediction prediction = f.optional("predict").isPresent() ? prediction(f.required("predict")) : null;
        List<LessonAction> actions = new ArrayList<>();
        if (f.optional("do").isPresent()) {
            for (YamlValue item : f.required("do").list()) {
                actions.add(Vocabulary.item(item, Vocabulary.ACTIONS, "action", scope));
            }
        }
        List<LessonCheck> checks = new ArrayList<>();
        if (f.optional("check").isPresent()) {
            for (YamlValue item : f.required("check").list()) {
                checks.add(Vocabulary.item(item, Vocabulary.CHECKS, "check", scope));
            }
        }
        return new Step(f.required("say").text().trim(), show, prediction, actions, checks, value.line());
    }

    private static Prediction prediction(YamlValue value) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("ask", "answers", "right"));
        List<String> answers = f.required("answers").texts();
        if (answers.size() < 2 || answers.size() > 4) {
            throw f.required("answers").error("lesson.error.answers", answers.size());
        }
        long right = f.required("right").number();
        if (right < 1 || right > answers.size()) {
            throw f.required("right").error("lesson.error.range", "right", 1, answers.size());
        }
        return new Prediction(f.required("ask").text().trim(), answers, (int) right - 1);
    }
}
