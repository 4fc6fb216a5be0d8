package org.nsexplorer.app.compare;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The container's cgroup against its limits: live gauges with the limit as the full bar
 * (and in words), and an event list (OOM kills, the pids limit reached).
 */
public final class LimitsView extends VBox {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final ProgressBar memoryBar = bar();
    private final ProgressBar cpuBar = bar();
    private final ProgressBar pidsBar = bar();
    private final Label memoryText = new Label();
    private final Label cpuText = new Label();
    private final Label pidsText = new Label();
    private final ListView<String> events = new ListView<>();
    private long lastCpuNanos = -1;
    private long lastSampleNanos;
    private boolean pidsFull;

    public LimitsView(CompareModel model) {
        setSpacing(8);
        GridPane gauges = new GridPane();
        gauges.setHgap(12);
        gauges.setVgap(6);
        row(gauges, 0, Texts.get("limits.memory"), memoryBar, memoryText);
        row(gauges, 1, Texts.get("limits.cpu"), cpuBar, cpuText);
        row(gauges, 2, Texts.get("limits.pids"), pidsBar, pidsText);
        Label caption = new Label(Texts.get("limits.events"));
        caption.getStyleClass().add("card-label");
        events.setId(Ids.EVENTS);
        events.setCellFactory(list -> new WrappingCell());
        VBox.setVgrow(events, Priority.ALWAYS);
        getChildren().addAll(gauges, caption, events);
        model.latestProperty().addListener((o, was, now) -> show(now));
        show(null);
    }

    /** Something the class should notice, time-stamped, newest on top. */
    public void addEvent(String text) {
        events.getItems().add(0, LocalTime.now().format(CLOCK) + "  " + text);
    }

    private void show(CompareSnapshot s) {
        CompareSnapshot.Usage u = s == null ? null : s.usage();
        if (u == null) {
            lastCpuNanos = -1;
            set(memoryBar, memoryText, 0, "—");
            set(cpuBar, cpuText, 0, "—");
            set(pidsBar, pidsText, 0, "—");
            return;
        }
        if (u.memoryBytes() != null) {
            set(memoryBar, memoryText, u.memoryLimit() == null ? 0 : (double) u.memoryBytes() / u.memoryLimit(),
                    mib(u.memoryBytes()) + (u.memoryLimit() == null ? " (" + Texts.get("limits.unlimited") + ")"
                            : " / " + mib(u.memoryLimit())));
        }
        long now = System.nanoTime();
        if (u.cpuNanos() != null) {
            if (lastCpuNanos >= 0 && now > lastSampleNanos) {
                double share = (double) (u.cpuNanos() - lastCpuNanos) / (now - lastSampleNanos);
                Double limit = u.cpuQuotaMicros() == null || u.cpuPeriodMicros() == null ? null
                        : (double) u.cpuQuotaMicros() / u.cpuPeriodMicros();
                set(cpuBar, cpuText, limit == null ? 0 : share / limit, String.format("%.0f%% %s", share * 100,
                        limit == null ? "(" + Texts.get("limits.unlimited") + ")" : "/ " + Math.round(limit * 100) + "%"));
            }
            lastCpuNanos = u.cpuNanos();
            lastSampleNanos = now;
        }
        if (u.pids() != null) {
            set(pidsBar, pidsText, u.pidsLimit() == null ? 0 : (double) u.pids() / u.pidsLimit(),
                    u.pids() + (u.pidsLimit() == null ? " (" + Texts.get("limits.unlimited") + ")" : " / " + u.pidsLimit()));
            boolean full = u.pidsLimit() != null && u.pids() >= u.pidsLimit();
            if (full && !pidsFull) {
                addEvent(Texts.get("limits.pidsReached", u.pidsLimit()));
            }
            pidsFull = full;
        }
    }

    private static void set(ProgressBar bar, Label text, double fraction, String words) {
        bar.setProgress(Math.max(0, Math.min(1, fraction)));
        text.setText(words);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static ProgressBar bar() {
        ProgressBar bar = new ProgressBar(0);
        bar.setPrefWidth(320);
        bar.setMinWidth(60); // the bar gives way, the words never do
        bar.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.GridPane.setHgrow(bar, Priority.ALWAYS);
        bar.getStyleClass().add("gauge");
        return bar;
    }

    /** An event reads whole, over as many lines as it needs, at any zoom. */
    private static final class WrappingCell extends javafx.scene.control.ListCell<String> {
        WrappingCell() {
            setWrapText(true);
            prefWidthProperty().bind(listViewProperty().flatMap(ListView::widthProperty).map(w -> w.doubleValue() - 24));
            setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
        }
    }

    private static void row(GridPane grid, int row, String name, ProgressBar bar, Label text) {
        Label label = new Label(name);
        label.getStyleClass().add("ns-type");
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.addRow(row, label, bar, text);
    }
}
