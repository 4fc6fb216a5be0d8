package org.nsexplorer.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WhenOnScreen;

/**
 * Two lists, host left and container right; what only one side has is marked ◆ and coloured.
 * Rows wrap, so that no line needs a horizontal scroll on a projector; the chosen row's
 * details show under both lists. The mounts and interfaces views have the Differences only
 * switch (CompareModel's): the host's list then keeps only what the container does not have.
 */
public final class SideBySideView extends StackPane {
    /** What a view lists, and the words and switch that go with it. */
    public enum Facet {
        MOUNTS("mounts", "Mounts", CompareSnapshot.Side::mounts, true),
        INTERFACES("network", "Network", CompareSnapshot.Side::interfaces, true),
        USERS("users", "Users", CompareSnapshot.Side::users, false),
        IPC("ipc", "Ipc", CompareSnapshot.Side::ipc, false);

        private final String id;
        /** The titles' keys: view.hostMounts, view.containerMounts, ... */
        private final String titles;
        private final Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick;
        private final boolean differences;

        Facet(String id, String titles, Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick,
                boolean differences) {
            this.id = id;
            this.titles = titles;
            this.pick = pick;
            this.differences = differences;
        }

        /** The facet whose list PICK returns (as `Side::mounts` does), or null for another choice. */
        static Facet of(Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick) {
            // Four distinct lists: which one comes back names the facet, whatever lambda PICK is.
            CompareSnapshot.Side probe = new CompareSnapshot.Side(new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
            List<CompareSnapshot.Item> picked = pick.apply(probe);
            for (Facet f : values()) {
                if (f.pick.apply(probe) == picked) {
                    return f;
                }
            }
            return null;
        }

        private String text(String what) {
            return Texts.get("view." + id + "." + what);
        }
    }

    private final CompareModel model;
    private final Facet facet;
    private final Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick;
    private final String hostTitle;
    private final ListView<CompareSnapshot.Item> host = list();
    private final ListView<CompareSnapshot.Item> container = list();
    private final Label hostCaption;
    private final Label hostEmpty = placeholder();
    private final Label containerEmpty = placeholder();
    private final Label details = new Label();

    public SideBySideView(CompareModel model, Facet facet) {
        this(model, Texts.get("view.host" + facet.titles), Texts.get("view.container" + facet.titles), facet,
                facet.pick);
    }

    /** As the main view makes them: PICK is `Side::mounts`, `Side::interfaces`, ... (see {@link Facet#of}). */
    public SideBySideView(CompareModel model, String hostTitle, String containerTitle,
            Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick) {
        this(model, hostTitle, containerTitle, Facet.of(pick), pick);
    }

    private SideBySideView(CompareModel model, String hostTitle, String containerTitle, Facet facet,
            Function<CompareSnapshot.Side, List<CompareSnapshot.Item>> pick) {
        this.model = model;
        this.facet = facet;
        this.pick = pick;
        this.hostTitle = hostTitle;
        getStyleClass().add("side-by-side");
        hostCaption = caption(hostTitle, "host");
        Region hostHead = facet != null && facet.differences
                ? new CaptionWithSwitch(hostCaption, differencesToggle(model, facet.id)) : hostCaption;
        host.setPlaceholder(hostEmpty);
        container.setPlaceholder(containerEmpty);
        keepPlaceholderWhole(host, hostEmpty);
        keepPlaceholderWhole(container, containerEmpty);
        details.getStyleClass().add("row-details");
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.setMaxWidth(Double.MAX_VALUE);
        getChildren().add(new TwoColumns(hostHead, caption(containerTitle, "container"), host, container, details));
        showDetails(null);
        linkDetails(host, container);
        linkDetails(container, host);
        WhenOnScreen refresh = new WhenOnScreen(this, this::show);
        model.latestProperty().addListener((o, was, now) -> refresh.request());
        model.differencesOnlyProperty().addListener((o, was, now) -> refresh.request());
        show();
    }

    /** The Differences only switch of VIEW, bound to the one in MODEL that the three views share. */
    static CheckBox differencesToggle(CompareModel model, String view) {
        CheckBox toggle = new CheckBox(Texts.get("view.differencesOnly"));
        toggle.setId(Ids.differencesToggle(view));
        toggle.getStyleClass().add("differences-toggle");
        toggle.setTooltip(new Tooltip(Texts.get("view.differencesOnly.tip")));
        toggle.setMinWidth(Region.USE_PREF_SIZE);
        toggle.selectedProperty().bindBidirectional(model.differencesOnlyProperty());
        return toggle;
    }

    private boolean differencesOnly() {
        return facet != null && facet.differences && model.differencesOnlyProperty().get();
    }

    private void show() {
        CompareSnapshot now = model.latestProperty().get();
        boolean differences = differencesOnly();
        List<CompareSnapshot.Item> hostItems = now == null ? List.of() : pick.apply(now.host());
        if (differences) {
            hostItems = hostItems.stream().filter(CompareSnapshot.Item::onlyHere).toList();
        }
        ProcessesView.replaceIfChanged(host.getItems(), hostItems);
        ProcessesView.replaceIfChanged(container.getItems(), now == null ? List.of() : pick.apply(now.container()));
        hostCaption.setText(differences ? facet.text("hostDifferences") : hostTitle);
        hostEmpty.setText(now == null ? Texts.get("view.none") : facet == null ? "" : facet.text(differences
                ? "noDifferences" : "empty"));
        containerEmpty.setText(now == null ? Texts.get("view.none") : facet == null ? "" : facet.text("empty"));
    }

    /** Choosing a row on one side shows its details and unchooses the other side's. */
    private void linkDetails(ListView<CompareSnapshot.Item> from, ListView<CompareSnapshot.Item> other) {
        from.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                other.getSelectionModel().clearSelection();
                showDetails(now);
            } else if (other.getSelectionModel().getSelectedItem() == null) {
                showDetails(null);
            }
        });
    }

    private void showDetails(CompareSnapshot.Item item) {
        details.setText(item == null ? "" : item.detail() == null ? item.text() : item.detail());
        details.setVisible(item != null);
        details.setManaged(item != null);
    }

    private static ListView<CompareSnapshot.Item> list() {
        ListView<CompareSnapshot.Item> view = new ListView<>();
        view.setMaxWidth(Double.MAX_VALUE);
        view.setMinWidth(0);
        view.setCellFactory(v -> new ListCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                // As wide as the list, never wider: a long line wraps instead of scrolling sideways.
                setPrefWidth(0);
                setWrapText(true);
                tip.setWrapText(true);
                tip.setMaxWidth(600);
            }

            @Override
            protected void updateItem(CompareSnapshot.Item item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("only-here");
                setText(empty || item == null ? null : (item.onlyHere() ? "◆ " : "  ") + item.text());
                if (!empty && item != null && item.onlyHere()) {
                    getStyleClass().add("only-here");
                }
                if (empty || item == null || item.detail() == null) {
                    setTooltip(null);
                } else {
                    tip.setText(item.detail());
                    setTooltip(tip);
                }
            }
        });
        return view;
    }

    /**
     * An empty LIST is at least as high as its PLACEHOLDER's wrapped words: on a short page
     * ("Users & IPC" beside a lesson) the page gives way below, never the sentence.
     */
    private static void keepPlaceholderWhole(ListView<?> list, Label placeholder) {
        InvalidationListener fit = o -> list.setMinHeight(list.getItems().isEmpty() && list.getWidth() > 0
                ? Math.ceil(placeholder.prefHeight(list.getWidth() - list.snappedLeftInset() - list.snappedRightInset())
                        + list.snappedTopInset() + list.snappedBottomInset())
                : Region.USE_COMPUTED_SIZE);
        list.widthProperty().addListener(fit);
        list.getItems().addListener(fit);
        placeholder.textProperty().addListener(fit);
        placeholder.fontProperty().addListener(fit);
    }

    private static Label placeholder() {
        Label none = new Label(Texts.get("view.none"));
        none.getStyleClass().add("placeholder");
        none.setWrapText(true);
        return none;
    }

    private static Label caption(String title, String side) {
        Label caption = new Label(title);
        caption.getStyleClass().addAll("card-label", side + "-caption");
        caption.setWrapText(true);
        caption.setMinWidth(0);
        caption.setMinHeight(Region.USE_PREF_SIZE); // a short view wraps its caption rather than end it in "…"
        caption.setMaxWidth(Double.MAX_VALUE);
        return caption;
    }
}
