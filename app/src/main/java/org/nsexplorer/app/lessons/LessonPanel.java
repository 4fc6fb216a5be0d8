package org.nsexplorer.app.lessons;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The lesson's column, in place of the recipe: the step's words in large type, the
 * prediction, what "Do it for me" will do, the buttons, and the checks' ✓ and ✗ with why.
 * RESULTS is a copy of the check lines that stands above the views.
 */
public final class LessonPanel extends VBox {
    private final LessonPlayer player;
    private final Label title = new Label();
    private final Label counter = new Label();
    private final Label say = new Label();
    private final VBox prediction = new VBox(4);
    private final VBox plan = new VBox(4);
    private final Label note = new Label();
    private final VBox outcomes = new VBox(6);
    private final VBox results = new VBox(4);
    private final Button back = new Button(Texts.get("lesson.back"));
    private final Button next = new Button(Texts.get("lesson.next"));
    private final Button doIt = new Button(Texts.get("lesson.do"));
    private final Button check = new Button(Texts.get("lesson.check"));
    private final Button end = new Button(Texts.get("lesson.end"));
    private final VBox content;

    public LessonPanel(LessonPlayer player, Runnable onEnd) {
        this.player = player;
        setId(Ids.LESSON_PANEL);
        getStyleClass().add("lesson-panel");
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        counter.getStyleClass().add("card-label");
        say.setId(Ids.LESSON_STEP);
        say.getStyleClass().add("lesson-say");
        say.setWrapText(true);
        note.getStyleClass().add("lesson-note");
        note.setWrapText(true);
        back.setId(Ids.LESSON_BACK);
        next.setId(Ids.LESSON_NEXT);
        doIt.setId(Ids.LESSON_DO);
        doIt.getStyleClass().add("launch");
        check.setId(Ids.LESSON_CHECK);
        end.setId(Ids.LESSON_END);
        results.setId(Ids.LESSON_RESULTS);
        for (Button b : new Button[] {back, next, doIt, check, end}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        back.setOnAction(e -> player.back());
        next.setOnAction(e -> player.next());
        doIt.setOnAction(e -> player.doIt());
        check.setOnAction(e -> player.check());
        end.setOnAction(e -> onEnd.run());
        // Rows that wrap: in Spanish "Hazlo por mí" and "Comprobar" are wider than the column at 125 %.
        FlowPane top = new FlowPane(8, 6, counter, end);
        top.setAlignment(Pos.CENTER_LEFT);
        FlowPane moves = new FlowPane(8, 6, back, next);
        FlowPane runs = new FlowPane(8, 6, doIt, check);
        // The buttons stay in sight below the words, however long a step is.
        VBox buttons = new VBox(8, runs, moves);
        buttons.getStyleClass().add("lesson-buttons");
        VBox body = new VBox(12, title, say, prediction, plan, note, outcomes);
        body.getStyleClass().add("lesson-body");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        content = new VBox(10, top, scroll, buttons);
        VBox.setVgrow(content, Priority.ALWAYS);
        getChildren().add(content);

        player.indexProperty().addListener((o, was, now) -> showStep());
        player.recordProperty().addListener((o, was, now) -> showRecord());
        showStep();
    }

    /** The keyboard to the lesson, so the remote's arrows move it (a text field of the recipe had it). */
    public void takeFocus() {
        (next.isDisabled() ? end : next).requestFocus();
    }

    private String shownTab = "";

    /** The view that shows now: the strip above the views keeps to its checks. */
    public void setShownTab(String tab) {
        shownTab = tab == null ? "" : tab;
        showRecord();
    }

    /** The check lines, for the strip above the views. */
    public VBox results() {
        return results;
    }

    /** B on the presenter remote: the panel goes blank (the class looks at the views), and back. */
    public void toggleBlank() {
        content.setVisible(!content.isVisible());
    }

    private void showStep() {
        Lesson lesson = player.lesson();
        Step step = player.step();
        int at = player.indexProperty().get();
        title.setText(lesson.title());
        counter.setText(Texts.get("lesson.counter", at + 1, lesson.steps().size()));
        String departs = at == 0 && !lesson.departs().isEmpty() ? "\n\n" + Texts.get("lesson.departs",
                lesson.departs()) : "";
        say.setText(step.say() + departs);
        plan.getChildren().clear();
        if (!step.actions().isEmpty()) {
            Label caption = new Label(Texts.get("lesson.plan"));
            caption.getStyleClass().add("card-label");
            plan.getChildren().add(caption);
            step.actions().forEach(a -> plan.getChildren().add(wrapped("• " + a.describe(),
                    a.hostSide() && !lesson.trusted() ? "lesson-host-side" : "lesson-plan")));
        }
        back.setDisable(!player.hasBack());
        next.setDisable(!player.hasNext());
        doIt.setDisable(step.actions().isEmpty());
        check.setDisable(step.checks().isEmpty());
        showRecord();
    }

    private void showRecord() {
        LessonPlayer.StepRecord record = player.recordProperty().get();
        Step step = player.step();
        boolean running = record.phase() == LessonPlayer.Phase.RUNNING;
        doIt.setDisable(running || step.actions().isEmpty());
        check.setDisable(running || step.checks().isEmpty());
        back.setDisable(running || !player.hasBack());
        next.setDisable(running || !player.hasNext());
        note.setText(record.note());
        note.getStyleClass().remove("failed");
        if (record.phase() == LessonPlayer.Phase.FAILED) {
            note.getStyleClass().add("failed");
        }
        showPrediction(step.prediction(), record.phase() == LessonPlayer.Phase.DONE);
        outcomes.getChildren().clear();
        results.getChildren().clear();
        if (record.outcomes().isEmpty()) {
            step.checks().forEach(c -> outcomes.getChildren().add(wrapped("○ " + c.describe(), "lesson-check")));
        }
        // Above the views, the checks of the view that shows (all of them when none is about it).
        boolean anyHere = record.outcomes().stream().anyMatch(o -> o.check().view().equals(shownTab));
        for (LessonPlayer.Outcome o : record.outcomes()) {
            String mark = o.result() == null ? "…" : o.result().passed() ? "✓" : "✗";
            String why = o.result() == null ? o.check().describe() : o.result().why();
            String style = o.result() == null ? "lesson-check" : o.result().passed() ? "lesson-pass" : "lesson-fail";
            outcomes.getChildren().add(wrapped(mark + " " + why, style));
            if (!anyHere || o.check().view().equals(shownTab)) {
                results.getChildren().add(wrapped(mark + " " + Texts.get("tab." + o.check().view()) + ": " + why,
                        style));
            }
        }
    }

    private void showPrediction(Prediction p, boolean revealed) {
        prediction.getChildren().clear();
        if (p == null) {
            return;
        }
        Label question = wrapped(Texts.get("lesson.predict", p.question()), "lesson-question");
        prediction.getChildren().add(question);
        for (int i = 0; i < p.answers().size(); i++) {
            boolean right = revealed && i == p.right();
            Label answer = wrapped((right ? "✓ " : "") + (char) ('A' + i) + ")  " + p.answers().get(i),
                    right ? "lesson-answer-right" : "lesson-answer");
            prediction.getChildren().add(answer);
        }
    }

    private static Label wrapped(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setMinWidth(0);
        label.setMaxWidth(Double.MAX_VALUE); // as wide as the column, and wrapped there: never cut
        label.getStyleClass().add(style);
        return label;
    }
}
