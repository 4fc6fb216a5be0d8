package org.nsexplorer.app.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.containers.ContainerEvent;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WhenOnScreen;

/**
 * The container's cgroup against its limits: live gauges with the limit as the full bar,
 * each number in words with a line on what the limit does, and the events of the container
 * shown (OOM kills, how it ended, signals the teacher sent).
 */
public final class LimitsView extends VBox {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final double GAP = 12;
    private static final PseudoClass REACHED = PseudoClass.getPseudoClass("reached");
    private final ProgressBar memoryBar = bar();
    private final ProgressBar cpuBar = bar();
    private final ProgressBar pidsBar = bar();
    private final Label memoryText = new Label();
    private final Label cpuText = new Label();
    private final Label pidsText = new Label();
    private final Label memoryExplain = explanation();
    private final Label cpuExplain = explanation();
    private final Label pidsExplain = explanation();
    private final ListView<String> events = new ListView<>();
    private final ListChangeListener<ContainerEvent> follow = change -> relist();
    private ObservableList<ContainerEvent> shownEvents;
    private long lastCpuNanos = -1;
    private long lastSampleNanos;
    /** The last share of CPU time measured; negative until two samples came. */
    private double cpuShare = -1;
    /** Lines up the gauges (see align). */
    private final Runnable alignment;

    public LimitsView(CompareModel model) {
        setSpacing(8);
        VBox gauges = new VBox(2);
        List<Label> names = new ArrayList<>();
        gauges.getChildren().addAll(row(names, Texts.get("limits.memory"), memoryBar, memoryText), memoryExplain,
                row(names, Texts.get("limits.cpu"), cpuBar, cpuText), cpuExplain,
                row(names, Texts.get("limits.pids"), pidsBar, pidsText), pidsExplain);
        alignment = () -> align(names, List.of(memoryText, cpuText, pidsText),
                List.of(memoryExplain, cpuExplain, pidsExplain));
        // The events list gives way when room is short, never the gauges' words.
        gauges.setMinHeight(Region.USE_PREF_SIZE);
        Label caption = new Label(Texts.get("limits.events"));
        caption.getStyleClass().add("card-label");
        events.setId(Ids.EVENTS);
        events.setCellFactory(list -> new WrappingCell());
        VBox.setVgrow(events, Priority.ALWAYS);
        getChildren().addAll(gauges, caption, events);
        // The CPU share is measured at every sample, hidden or not; the gauges are drawn when they show.
        WhenOnScreen refresh = new WhenOnScreen(this, () -> show(model.latestProperty().get()));
        model.latestProperty().addListener((o, was, now) -> {
            sampleCpu(now);
            refresh.request();
        });
        show(null);
    }

    /**
     * Lists the events of the selected container only (its ContainerModel.timeline(), oldest
     * first), newest on top, and follows the list as it grows; null lists none. Call on the
     * FX thread each time the selection changes.
     */
    public void showEvents(ObservableList<ContainerEvent> ofSelected) {
        if (shownEvents != null) {
            shownEvents.removeListener(follow);
        }
        shownEvents = ofSelected;
        if (ofSelected != null) {
            ofSelected.addListener(follow);
        }
        relist();
    }

    private void relist() {
        List<String> lines = new ArrayList<>();
        if (shownEvents != null) {
            for (int i = shownEvents.size() - 1; i >= 0; i--) {
                lines.add(shownEvents.get(i).at().format(CLOCK) + "  " + shownEvents.get(i).text());
            }
        }
        events.getItems().setAll(lines);
    }

    private void show(CompareSnapshot s) {
        CompareSnapshot.Usage u = s == null ? null : s.usage();
        if (u == null) {
            set(memoryBar, memoryText, memoryExplain, 0, "—", "");
            set(cpuBar, cpuText, cpuExplain, 0, "—", "");
            set(pidsBar, pidsText, pidsExplain, 0, "—", "");
            return;
        }
        if (u.memoryBytes() != null) {
            showMemory(u.memoryBytes(), u.memoryLimit());
        } else {
            set(memoryBar, memoryText, memoryExplain, 0, "—", "");
        }
        if (u.cpuNanos() == null) {
            set(cpuBar, cpuText, cpuExplain, 0, "—", "");
        } else if (cpuShare >= 0) {
            showCpu(cpuShare, u.cpuQuotaMicros(), u.cpuPeriodMicros());
        }
        if (u.pids() != null) {
            showPids(u.pids(), u.pidsLimit());
        } else {
            set(pidsBar, pidsText, pidsExplain, 0, "—", "");
        }
    }

    /** The share of CPU time between S and the sample before it, each timed when its answer arrived. */
    private void sampleCpu(CompareSnapshot s) {
        CompareSnapshot.Usage u = s == null ? null : s.usage();
        if (u == null || u.cpuNanos() == null) {
            lastCpuNanos = -1;
            cpuShare = -1;
            return;
        }
        if (lastCpuNanos >= 0 && u.sampledNanos() > lastSampleNanos && u.cpuNanos() >= lastCpuNanos) {
            cpuShare = (double) (u.cpuNanos() - lastCpuNanos) / (u.sampledNanos() - lastSampleNanos);
        }
        lastCpuNanos = u.cpuNanos();
        lastSampleNanos = u.sampledNanos();
    }

    private void showMemory(long used, Long limit) {
        long hostBytes = HostMemory.totalBytes();
        if (limit == null || limit >= hostBytes && hostBytes > 0) {
            // No limit (cgroup v1 says "no limit" with a huge number): the host's RAM is all there is.
            set(memoryBar, memoryText, memoryExplain, hostBytes > 0 ? (double) used / hostBytes : 0,
                    Texts.get("limits.memory.noLimit", mib(used)), Texts.get("limits.memory.explainNone",
                            size(hostBytes)));
            return;
        }
        // The helper's default is a quarter of the RAM in whole MiB: say so, a class never chose it.
        boolean byDefault = hostBytes > 0 && limit == Math.max(MIB, hostBytes / 4 / MIB * MIB);
        set(memoryBar, memoryText, memoryExplain, (double) used / limit,
                Texts.get("limits.memory.of", mib(used), mib(limit)),
                byDefault ? Texts.get("limits.memory.explainDefault", size(hostBytes)) : Texts.get("limits.memory.explain"));
    }

    private void showCpu(double share, Long quotaMicros, Long periodMicros) {
        String percent = String.format(Locale.ROOT, "%.0f", share * 100);
        int cpus = Runtime.getRuntime().availableProcessors();
        if (quotaMicros == null || periodMicros == null || periodMicros <= 0) {
            set(cpuBar, cpuText, cpuExplain, share / cpus, Texts.get("limits.cpu.noLimit", percent),
                    Texts.get("limits.cpu.explainNone", cpus, cpus * 100));
            return;
        }
        double limit = (double) quotaMicros / periodMicros;
        set(cpuBar, cpuText, cpuExplain, share / limit, Texts.get("limits.cpu.of", percent, Math.round(limit * 100)),
                Texts.get("limits.cpu.explain", quotaMicros / 1000.0, periodMicros / 1000.0));
    }

    private void showPids(long pids, Long limit) {
        if (limit == null) {
            set(pidsBar, pidsText, pidsExplain, 0, Texts.get("limits.pids.noLimit", pids), Texts.get("limits.pids.explainNone"));
            return;
        }
        boolean full = pids >= limit;
        set(pidsBar, pidsText, pidsExplain, (double) pids / limit, Texts.get("limits.pids.of", pids, limit),
                full ? Texts.get("limits.pidsReached", limit) : Texts.get("limits.pids.explain"));
        pidsExplain.pseudoClassStateChanged(REACHED, full);
    }

    private static void set(ProgressBar bar, Label text, Label explain, double fraction, String words, String meaning) {
        explain.pseudoClassStateChanged(REACHED, false); // said again by showPids while it holds
        bar.setProgress(Math.max(0, Math.min(1, fraction)));
        text.setText(words);
        explain.setText(meaning);
        explain.setVisible(!meaning.isEmpty());
        explain.setManaged(!meaning.isEmpty());
    }

    /** "20.6" for a size in MiB ("20,6" in Spanish), whole when it is whole ("32"). */
    private static String mib(long bytes) {
        return bytes % MIB == 0 ? Long.toString(bytes / MIB) : String.format(Texts.language().locale(), "%.1f", bytes / (double) MIB);
    }

    /** The host's RAM: "23.5 GiB" (or "512 MiB" on a small one). */
    private static String size(long bytes) {
        return bytes >= GIB ? Texts.get("limits.gib", String.format(Texts.language().locale(), "%.1f", bytes / (double) GIB))
                : Texts.get("limits.mib", mib(bytes));
    }

    private static ProgressBar bar() {
        ProgressBar bar = new ProgressBar(0);
        bar.setPrefWidth(320);
        bar.setMinWidth(60); // the bar gives way, the words never do
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.getStyleClass().add("gauge");
        return bar;
    }

    private static Label explanation() {
        Label label = new Label();
        label.getStyleClass().addAll("card-label", "limit-explain");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE); // wrapped whole, never cut to "…"
        return label;
    }

    /** An event reads whole, over as many lines as it needs, at any zoom. */
    private static final class WrappingCell extends ListCell<String> {
        WrappingCell() {
            setWrapText(true);
            prefWidthProperty().bind(listViewProperty().flatMap(ListView::widthProperty).map(w -> w.doubleValue() - 24));
            setMaxWidth(Region.USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
        }
    }

    /** A gauge: its name, the bar and the numbers in words (what the limit does goes on the line below). */
    private static HBox row(List<Label> names, String name, ProgressBar bar, Label text) {
        Label label = new Label(name);
        label.getStyleClass().add("ns-type");
        names.add(label);
        HBox line = new HBox(GAP, label, bar, text);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    @Override
    protected void layoutChildren() {
        // Measured as the view lays out, after the pulse's CSS: the fonts are then the zoom's, also
        // for numbers set the moment a hidden view came on screen.
        alignment.run();
        super.layoutChildren();
    }

    /**
     * The names as wide as the widest, and the numbers too, so that the bars line up; each line
     * on what a limit does starts under its bar. (Rows of a VBox rather than a GridPane: a VBox
     * gives a wrapping line the height it needs, a GridPane does not when it spans columns.)
     * Changes only what differs: a change asks for another layout.
     */
    private static void align(List<Label> names, List<Label> numbers, List<Label> explanations) {
        double widestName = widest(names);
        names.forEach(n -> setMinWidth(n, widestName));
        Insets underTheBar = new Insets(0, 0, 0, widestName + GAP);
        explanations.stream().filter(e -> !underTheBar.equals(VBox.getMargin(e)))
                .forEach(e -> VBox.setMargin(e, underTheBar));
        double widestNumber = widest(numbers);
        numbers.forEach(n -> setMinWidth(n, widestNumber));
    }

    private static void setMinWidth(Label label, double width) {
        if (label.getMinWidth() != width) {
            label.setMinWidth(width);
        }
    }

    /** The width the widest of LABELS needs for its text (a label's preferred width ignores its minimum). */
    private static double widest(List<Label> labels) {
        return labels.stream().mapToDouble(l -> l.prefWidth(-1)).max().orElse(0);
    }

    /** The host's RAM, from /proc/meminfo: read once (a tiny file), for "no limit" and the default limit. */
    private static final class HostMemory {
        private static final long TOTAL = read();

        static long totalBytes() {
            return TOTAL;
        }

        private static long read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // unknown: said as such
            }
            return 0;
        }
    }
}
