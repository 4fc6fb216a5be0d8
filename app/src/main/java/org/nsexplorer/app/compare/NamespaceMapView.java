package org.nsexplorer.app.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.HPos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.NamespacePair;
import org.nsexplorer.app.ui.FitToValue;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/**
 * The 8 namespace types, each in words: the container's is the same as the host's (host
 * blue), its own (container orange) or its own but shared with another container (a pod:
 * orange outline), with one line on what that means. The inode numbers stay out of the way:
 * in each row's tooltip, and in two columns the "ids" toggle shows. Another running container,
 * ours or another engine's, can be put next to it: a column of its badges, "the same as" where
 * the two share a namespace.
 */
public final class NamespaceMapView extends GridPane {
    private static final int TYPE = 0;
    private static final int RELATION = 1;
    private static final int NEXT_TO = 2;
    private static final int MEANING = 3;
    private static final int HOST_ID = 4;
    private static final int CONTAINER_ID = 5;
    private final Map<Namespace, Label> badges = new EnumMap<>(Namespace.class);
    /** The badges of the container put next to the selected one (hidden while none is). */
    private final Map<Namespace, Label> nextBadges = new EnumMap<>(Namespace.class);
    /** Its column's heading: the choice of the other container, its first item "next to…" for none. */
    private final ComboBox<String> nextTo = new ComboBox<>();
    private final String nobody = Texts.get("nsmap.nextTo");
    /** "What it means": with another container next to it, the meanings give way to its badges. */
    private final Label meaningHeading = styled(new Label(Texts.get("nsmap.head.meaning")), "ns-head");
    /** "In the container"; with another next to it, the selected container's name, over its column. */
    private final Label relationHead = new Label(Texts.get("nsmap.head.relation"));
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
    /** Whether the picker may show while nothing is next to the selected container (not in a projector's narrow layout). */
    private boolean offerNextTo = true;

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
        getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(), new ColumnConstraints(),
                meaning);
        nextTo.setId(Ids.NS_MAP_NEXT_TO);
        nextTo.getStyleClass().add("next-to");
        nextTo.setTooltip(new Tooltip(Texts.get("nsmap.nextTo.tip")));
        nextTo.getItems().setAll(nobody);
        nextTo.setValue(nobody);
        // A choice, not a heading the class must read whole: at a projector's width it gives way.
        FitToValue.fit(nextTo, null, name -> name, nobody, false);
        showsNextTo(nextTo, false);
        showIds.setId(Ids.NS_MAP_IDS);
        showIds.getStyleClass().add("ids-toggle");
        showIds.setTooltip(new Tooltip(Texts.get("nsmap.showIds.tip")));
        showIds.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox meaningHead = new HBox(8, meaningHeading, gap, showIds);
        Label typeHead = styled(new Label(Texts.get("nsmap.head.type")), "ns-head");
        relationHead.getStyleClass().add("ns-head");
        for (Region head : List.of(typeHead, relationHead, meaningHead)) {
            head.setMinWidth(Region.USE_PREF_SIZE); // headings are never cut to "Typ…"
        }
        add(typeHead, TYPE, 0);
        add(relationHead, RELATION, 0);
        add(nextTo, NEXT_TO, 0);
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
            Label next = remember(nextBadges, type, styled(new Label(), "badge"));
            next.setWrapText(true);
            next.setMinHeight(Region.USE_PREF_SIZE);
            GridPane.setHalignment(next, HPos.LEFT);
            GridPane.setFillWidth(next, false);
            showsNextTo(next, false);
            add(next, NEXT_TO, row);
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
        for (Label b : allBadges()) {
            // ...and none narrower than its one line, up to that: where room is short, the meanings wrap.
            b.setMaxWidth(width);
            b.setMinWidth(Math.min(width, Math.ceil(b.prefWidth(-1))));
        }
        super.layoutChildren();
    }

    private List<Label> allBadges() {
        List<Label> all = new ArrayList<>(badges.values());
        all.addAll(nextBadges.values());
        return all;
    }

    /**
     * The containers that can be put next to the selected one, by the names the class knows
     * ("beta", "web (docker)"). The choice stays while its container does; the picker shows
     * only when there is one to choose.
     */
    public void setNextToChoices(List<String> names) {
        List<String> items = new ArrayList<>();
        items.add(nobody);
        items.addAll(names);
        if (!items.equals(nextTo.getItems())) {
            String was = nextTo.getValue();
            nextTo.getItems().setAll(items);
            nextTo.setValue(items.contains(was) ? was : nobody);
        }
        showsNextTo(nextTo, !names.isEmpty() && (offerNextTo || nextTo().isPresent()));
    }

    /**
     * ON: offer "next to…" even while nothing is next to the selected container. Off in a
     * projector's narrow layout, where its width would come out of the recipe's column; a lesson
     * still puts a container next to it there (then the meanings give way).
     */
    public void setOfferNextTo(boolean on) {
        offerNextTo = on;
        showsNextTo(nextTo, nextTo.getItems().size() > 1 && (offerNextTo || nextTo().isPresent()));
    }

    /** The container put next to the selected one, by the name setNextToChoices gave it. */
    public Optional<String> nextTo() {
        String chosen = nextTo.getValue();
        return chosen == null || chosen.equals(nobody) ? Optional.empty() : Optional.of(chosen);
    }

    /** Puts NAME (one of the choices) next to the selected container; false when it is none of them. */
    public boolean chooseNextTo(String name) {
        if (!nextTo.getItems().contains(name)) {
            return false;
        }
        nextTo.setValue(name);
        return true;
    }

    /** Calls ACTION when the teacher (or a lesson) chooses another container to put next to it. */
    public void setOnNextTo(Runnable action) {
        nextTo.valueProperty().addListener((o, was, now) -> action.run());
    }

    /**
     * The other container's badges: RELATIONS by type (empty: none chosen, or not read yet);
     * CHOSEN, the selected container's name, for "the same as beta".
     */
    public void showNextTo(Map<Namespace, NamespacePair.Relation> relations, String chosen) {
        // Two columns of badges and the meanings do not fit a projector's width: the badges stay,
        // and the meanings (of the selected container alone) come back once "next to…" is put back.
        boolean paired = !relations.isEmpty();
        relationHead.setText(paired ? chosen : Texts.get("nsmap.head.relation"));
        showsNextTo(meaningHeading, !paired);
        meanings.values().forEach(l -> showsNextTo(l, !paired));
        for (Namespace type : Namespace.values()) {
            Label badge = nextBadges.get(type);
            NamespacePair.Relation relation = relations.get(type);
            showsNextTo(badge, relation != null);
            if (relation == null) {
                badge.setText("");
                continue;
            }
            badge.setText(switch (relation) {
                case HOST -> Texts.get("nsmap.sameAsHost");
                case SAME -> Texts.get("nsmap.sameAs", chosen);
                case OWN -> Texts.get("nsmap.own");
            });
            markOnly(badge, List.of("shared", "private", "pod"), switch (relation) {
                case HOST -> NamespaceWords.Relation.SAME_AS_HOST.style();
                case SAME -> NamespaceWords.Relation.SHARED_WITH_CONTAINER.style();
                case OWN -> NamespaceWords.Relation.OWN.style();
            });
        }
    }

    private static void showsNextTo(Region node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
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
