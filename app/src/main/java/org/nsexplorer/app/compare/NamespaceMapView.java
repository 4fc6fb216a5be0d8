package org.nsexplorer.app.compare;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The 8 namespace types, each in words: the container's is the same as the host's (host
 * blue), its own (container orange) or its own but shared with another container (a pod:
 * orange outline), with one line on what that means. The inode numbers stay out of the way:
 * in each row's tooltip, and in two columns the "ids" toggle shows.
 */
public final class NamespaceMapView extends GridPane {
    private static final int TYPE = 0;
    private static final int RELATION = 1;
    private static final int MEANING = 2;
    private static final int HOST_ID = 3;
    private static final int CONTAINER_ID = 4;
    private final Map<Namespace, Label> badges = new EnumMap<>(Namespace.class);
    private final Map<Namespace, Label> meanings = new EnumMap<>(Namespace.class);
    private final Map<Namespace, Label> hostIds = new EnumMap<>(Namespace.class);
    private final Map<Namespace, Label> containerIds = new EnumMap<>(Namespace.class);
    private final Map<Namespace, Tooltip> tips = new EnumMap<>(Namespace.class);
    private final List<Label> idHeads;
    private final ToggleButton showIds = new ToggleButton(Texts.get("nsmap.showIds"));
    private final CompareModel model;
    /**
     * Never shown: the width a badge may take, at the zoom of the moment: that of the widest
     * one-line badge ("same as the host") or of "shared with" (in Spanish "compartido con" is
     * the wider), so that a partner's name goes to a second line and no word is broken.
     */
    private final Label widest = styled(new Label(longer(Texts.get("nsmap.sameAsHost"),
            Texts.get("nsmap.sharedWith", "").strip())), "badge");
    private Map<Namespace, String> partners = Map.of();

    /** The longer of A and B in characters: near enough to widths in one font for a limit. */
    private static String longer(String a, String b) {
        return a.length() >= b.length() ? a : b;
    }

    public NamespaceMapView(CompareModel model) {
        this.model = model;
        setId(Ids.NS_MAP);
        getStyleClass().add("ns-map");
        ColumnConstraints meaning = new ColumnConstraints();
        meaning.setHgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(), meaning);
        showIds.setId(Ids.NS_MAP_IDS);
        showIds.getStyleClass().add("ids-toggle");
        showIds.setTooltip(new Tooltip(Texts.get("nsmap.showIds.tip")));
        showIds.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox meaningHead = new HBox(8, styled(new Label(Texts.get("nsmap.head.meaning")), "ns-head"), gap, showIds);
        Label typeHead = styled(new Label(Texts.get("nsmap.head.type")), "ns-head");
        Label relationHead = styled(new Label(Texts.get("nsmap.head.relation")), "ns-head");
        for (Region head : List.of(typeHead, relationHead, meaningHead)) {
            head.setMinWidth(Region.USE_PREF_SIZE); // headings are never cut to "Typ…"
        }
        add(typeHead, TYPE, 0);
        add(relationHead, RELATION, 0);
        add(meaningHead, MEANING, 0);
        idHeads = List.of(styled(new Label(Texts.get("view.hostId")), "ns-head"),
                styled(new Label(Texts.get("view.containerId")), "ns-head"));
        add(idHeads.get(0), HOST_ID, 0);
        add(idHeads.get(1), CONTAINER_ID, 0);
        int row = 1;
        for (Namespace type : Namespace.values()) {
            Tooltip tip = new Tooltip();
            tips.put(type, tip);
            Label name = styled(new Label(type.label()), "ns-type");
            Label badge = remember(badges, type, styled(new Label(), "badge"));
            Label says = remember(meanings, type, styled(new Label(), "ns-meaning"));
            says.setWrapText(true);
            // Type and badge stay whole; the meaning wraps onto a second line rather than push the map wider.
            name.setMinWidth(Region.USE_PREF_SIZE);
            // "shared with foxtrot-10" takes two lines rather than the meaning's room (see layoutChildren).
            badge.setWrapText(true);
            badge.setMinHeight(Region.USE_PREF_SIZE); // a short window shrinks rows: never to one cut line
            says.setMinWidth(120);
            says.setMinHeight(Region.USE_PREF_SIZE); // like the badge: two lines rather than a cut one
            List.of(name, badge, says).forEach(l -> l.setTooltip(tip));
            GridPane.setHalignment(badge, HPos.LEFT);
            GridPane.setFillWidth(badge, false);
            add(name, TYPE, row);
            add(badge, RELATION, row);
            add(says, MEANING, row);
            add(remember(hostIds, type, styled(new Label(), "ns-id")), HOST_ID, row);
            add(remember(containerIds, type, styled(new Label(), "ns-id")), CONTAINER_ID, row);
            row++;
        }
        widest.setManaged(false);
        widest.setVisible(false);
        getChildren().add(widest);
        showIds.selectedProperty().addListener((o, was, now) -> showIdColumns(now));
        showIdColumns(false);
        // Labels are made once and only their text and style change: a refresh creates no nodes.
        model.latestProperty().addListener((o, was, now) -> show(now));
        model.hostProperty().addListener((o, was, now) -> show(model.latestProperty().get()));
        show(null);
    }

    /**
     * Other containers in the same namespace, by type (NET to "alpha"), as their inodes
     * say: a pod's containers share net and ipc.
     */
    public void setPartners(Map<Namespace, String> byType) {
        if (!byType.equals(partners)) {
            partners = Map.copyOf(byType);
            show(model.latestProperty().get());
        }
    }

    @Override
    protected void layoutChildren() {
        // No badge wider than "same as the host": a longer one ("shared with foxtrot-10") wraps...
        double width = Math.ceil(widest.prefWidth(-1)) + 2; // a pixel or two more: at exactly its width a text may wrap
        for (Label b : badges.values()) {
            // ...and none narrower than its one line, up to that: where room is short, the meanings wrap.
            b.setMaxWidth(width);
            b.setMinWidth(Math.min(width, Math.ceil(b.prefWidth(-1))));
        }
        super.layoutChildren();
    }

    private void showIdColumns(boolean shown) {
        for (Label l : idHeads) {
            l.setVisible(shown);
            l.setManaged(shown);
        }
        for (Map<Namespace, Label> column : List.of(hostIds, containerIds)) {
            column.values().forEach(l -> {
                l.setVisible(shown);
                l.setManaged(shown);
            });
        }
    }

    private void show(CompareSnapshot snapshot) {
        HostSide host = model.hostProperty().get();
        for (Namespace type : Namespace.values()) {
            CompareSnapshot.NamespaceRow ns = snapshot == null ? null : snapshot.namespaces().stream()
                    .filter(r -> r.type().equals(type)).findFirst().orElse(null);
            Long hostId = ns != null ? Long.valueOf(ns.hostId()) : host == null ? null : host.namespaces().get(type);
            hostIds.get(type).setText(hostId == null ? "" : Long.toString(hostId));
            containerIds.get(type).setText(ns == null ? "" : Long.toString(ns.containerId()));
            Label badge = badges.get(type);
            Label says = meanings.get(type);
            if (ns == null) {
                // Before a container is compared (or a type this kernel lacks): what each namespace
                // separates, and the host's number. An empty badge leaves its column to the others.
                badge.setVisible(false);
                badge.setText("");
                says.setText(NamespaceWords.subject(type));
                markOnly(says, List.of("placeholder-line"), "placeholder-line");
                tips.get(type).setText(hostId == null ? NamespaceWords.subject(type)
                        : Texts.get("nsmap.hostIds", type.procName(), hostId));
                continue;
            }
            NamespaceWords words = NamespaceWords.of(ns, partners.get(type));
            badge.setVisible(true);
            badge.setText(words.badge());
            markOnly(badge, List.of("shared", "private", "pod"), words.relation().style());
            markOnly(says, List.of("placeholder-line"), null);
            says.setText(words.meaning());
            tips.get(type).setText(words.ids());
        }
    }

    /**
     * LABEL gets style WANTED (null: none) of the styles CHOICES, touching its classes only
     * when they change: a class removed and added again each second restyled the labels each
     * second (a CI run once found every badge in the toolkit's default 13 px font).
     */
    private static void markOnly(Label label, List<String> choices, String wanted) {
        for (String style : choices) {
            if (!style.equals(wanted)) {
                label.getStyleClass().remove(style);
            }
        }
        if (wanted != null && !label.getStyleClass().contains(wanted)) {
            label.getStyleClass().add(wanted);
        }
    }

    private static Label remember(Map<Namespace, Label> into, Namespace type, Label label) {
        into.put(type, label);
        return label;
    }

    private static Label styled(Label label, String style) {
        label.getStyleClass().add(style);
        return label;
    }
}
