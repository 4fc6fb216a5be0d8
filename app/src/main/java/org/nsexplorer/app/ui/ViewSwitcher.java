package org.nsexplorer.app.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.controlsfx.control.SegmentedButton;

/**
 * The views, grouped: one button per group in a row that wraps rather than scroll, so no
 * view ever hides behind an overflow arrow or loses the start of its name on a projector;
 * a group of several views chooses among them with a segmented button ("Mounts | Layers").
 * Views keep their own keys ("mounts", "netmap"...), which lessons and tests name.
 */
public final class ViewSwitcher extends VBox {
    private final FlowPane bar = new FlowPane();
    private final ToggleGroup barGroup = new ToggleGroup();
    private final StackPane page = new StackPane();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Group> groupOfView = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper(this, "shown", "");
    private Group current;

    public ViewSwitcher() {
        bar.getStyleClass().add("view-bar");
        page.getStyleClass().add("view-page");
        setVgrow(page, Priority.ALWAYS);
        // A short window shrinks the page, never pushes what is below it off screen; what does not fit is clipped.
        page.setMinHeight(0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(page.widthProperty());
        clip.heightProperty().bind(page.heightProperty());
        page.setClip(clip);
        getChildren().addAll(bar, page);
        // A group's button pressed again stays pressed: one view always shows.
        barGroup.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null && was != null) {
                barGroup.selectToggle(was);
            }
        });
    }

    /** A group of one view: its button shows KEY's text. */
    public void add(String key, Node content) {
        addGroup(key, false, new View(key, content));
    }

    /** A group whose VIEWS are chosen with a segmented button (STACKED false) or shown one above the other. */
    public void addGroup(String key, boolean stacked, View... views) {
        insertGroup(groups.size(), key, stacked, views);
    }

    /** As addGroup, at position INDEX of the row (the namespace map comes first when it moves in). */
    public void insertGroup(int index, String key, boolean stacked, View... views) {
        Group group = new Group(key, stacked, List.of(views));
        Map<String, Group> reordered = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            if (i++ == index) {
                reordered.put(key, group);
            }
            reordered.put(e.getKey(), e.getValue());
        }
        reordered.putIfAbsent(key, group);
        groups.clear();
        groups.putAll(reordered);
        for (View v : views) {
            groupOfView.put(v.key(), group);
        }
        bar.getChildren().add(Math.min(index, bar.getChildren().size()), group.button);
        // A view joins the scene when first shown, or after the window's first frame (attachAllSoon):
        // that frame styles, skins and lays out only the one on screen, and is ready sooner. Then it
        // stays, hidden when not shown (as a TabPane keeps its tabs'): lists keep their rows between
        // visits, and a test or lesson finds any view by id.
        group.content.setVisible(false);
        group.content.managedProperty().bind(group.content.visibleProperty()); // a hidden view sizes nothing
        if (current == null) {
            show(views[0].key());
        }
    }

    private void attach(Group group) {
        if (!group.attached) {
            group.attached = true;
            page.getChildren().add(group.content); // styled, skinned and laid out from now on
        }
    }

    /** Brings every view not yet shown into the scene, one a frame, so that no single frame styles them all. */
    public void attachAllSoon() {
        groups.values().stream().filter(g -> !g.attached).findFirst().ifPresent(g -> {
            attach(g);
            if (getScene() != null) {
                NextPulse.after(getScene(), this::attachAllSoon);
            } else {
                Platform.runLater(this::attachAllSoon);
            }
        });
    }

    /** Takes group KEY out of the row; if it showed, the first group shows. */
    public void removeGroup(String key) {
        Group group = groups.remove(key);
        if (group == null) {
            return;
        }
        group.views.forEach(v -> groupOfView.remove(v.key()));
        bar.getChildren().remove(group.button);
        page.getChildren().remove(group.content);
        group.content.managedProperty().unbind();
        group.content.setManaged(true);
        group.content.setVisible(true);
        group.button.setToggleGroup(null);
        if (current == group) {
            current = null;
            groups.values().stream().findFirst().ifPresent(g -> show(g.shownView));
        }
    }

    public boolean hasGroup(String key) {
        return groups.containsKey(key);
    }

    /** Shows view KEY ("mounts"), or group KEY ("files") with the view it showed last; unknown keys do nothing. */
    public void show(String key) {
        Group group = groupOfView.get(key);
        String view = key;
        if (group == null) {
            group = groups.get(key);
            if (group == null) {
                return;
            }
            view = group.shownView;
        }
        group.choose(view);
        if (current != group) {
            if (current != null) {
                current.content.setVisible(false);
            }
            current = group;
            attach(group);
            group.content.setVisible(true);
        }
        group.button.setSelected(true);
        shown.set(view);
    }

    /** The view on screen ("processes", "netmap"); in a stacked group the one asked for last. */
    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Whether view KEY is on screen (in a stacked group, every view of the group is). */
    public boolean showing(String key) {
        Group group = groupOfView.get(key);
        return group != null && group == current && (group.stacked || group.shownView.equals(key));
    }

    /** The keys of every view, group by group, as the row shows them. */
    public List<String> viewKeys() {
        List<String> keys = new ArrayList<>();
        groups.values().forEach(g -> g.views.forEach(v -> keys.add(v.key())));
        return keys;
    }

    /** One view: its key names its text ("tab.KEY") and its id ("tab-KEY" on its button or segment). */
    public record View(String key, Node content) {
    }

    private final class Group {
        final String key;
        final boolean stacked;
        final List<View> views;
        final ToggleButton button;
        final Node content;
        final Map<String, ToggleButton> segments = new LinkedHashMap<>();
        final StackPane chosen = new StackPane();
        String shownView;
        /** In the scene: since it was first shown. */
        boolean attached;

        Group(String key, boolean stacked, List<View> views) {
            this.key = key;
            this.stacked = stacked;
            this.views = views;
            this.shownView = views.get(0).key();
            button = new ToggleButton(Texts.get("tab." + key));
            button.setId("tab-" + key);
            button.getStyleClass().add("view-tab");
            button.setToggleGroup(barGroup);
            button.setOnAction(e -> show(key));
            button.setMinWidth(Region.USE_PREF_SIZE);
            if (views.size() == 1) {
                content = views.get(0).content();
            } else if (stacked) {
                VBox box = new VBox();
                box.getStyleClass().add("view-stack");
                views.forEach(v -> {
                    VBox.setVgrow(v.content(), Priority.ALWAYS);
                    box.getChildren().add(v.content());
                });
                content = box;
            } else {
                SegmentedButton choice = new SegmentedButton();
                choice.getStyleClass().add("view-segments");
                for (View v : views) {
                    ToggleButton segment = new ToggleButton(Texts.get("tab." + v.key()));
                    segment.setId("view-" + v.key());
                    segment.setMinWidth(Region.USE_PREF_SIZE);
                    segment.setOnAction(e -> show(v.key()));
                    segments.put(v.key(), segment);
                    choice.getButtons().add(segment);
                }
                views.forEach(v -> {
                    v.content().setVisible(false);
                    v.content().managedProperty().bind(v.content().visibleProperty());
                    chosen.getChildren().add(v.content());
                });
                VBox box = new VBox(choice, chosen);
                box.getStyleClass().add("view-group");
                VBox.setVgrow(chosen, Priority.ALWAYS);
                content = box;
            }
        }

        void choose(String view) {
            shownView = view;
            if (segments.isEmpty()) {
                return;
            }
            segments.forEach((k, segment) -> segment.setSelected(k.equals(view)));
            views.forEach(v -> v.content().setVisible(v.key().equals(view)));
        }
    }
}
