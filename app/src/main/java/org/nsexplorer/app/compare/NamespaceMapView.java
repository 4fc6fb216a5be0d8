package org.nsexplorer.app.compare;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** The 8 namespace types: host id, container id, and shared or private in colour and in words. */
public final class NamespaceMapView extends GridPane {
    private final Map<String, Label> hostIds = new HashMap<>();
    private final Map<String, Label> containerIds = new HashMap<>();
    private final Map<String, Label> badges = new HashMap<>();
    private Map<String, String> partners = Map.of();
    private CompareSnapshot last;

    public NamespaceMapView(CompareModel model) {
        setId(Ids.NS_MAP);
        getStyleClass().add("ns-map");
        String[] heads = {Texts.get("view.type"), Texts.get("view.hostId"), Texts.get("view.containerId"),
            Texts.get("view.relation")};
        for (int c = 0; c < heads.length; c++) {
            add(styled(new Label(heads[c]), "ns-head"), c, 0);
        }
        int row = 1;
        for (String type : CompareSnapshot.TYPES) {
            add(styled(new Label(type.toUpperCase(Locale.ROOT)), "ns-type"), 0, row);
            add(remember(hostIds, type, styled(new Label(), "ns-id")), 1, row);
            add(remember(containerIds, type, styled(new Label(), "ns-id")), 2, row);
            add(remember(badges, type, styled(new Label(), "badge")), 3, row);
            row++;
        }
        // Labels are made once and only their text and style change: a refresh creates no nodes.
        model.latestProperty().addListener((o, was, now) -> show(now));
        show(null);
    }

    /**
     * Other containers in the same namespace, by type ("net" to "alpha"), as their inodes
     * say: a pod's containers share net and ipc.
     */
    public void setPartners(Map<String, String> byType) {
        if (!byType.equals(partners)) {
            partners = Map.copyOf(byType);
            show(last);
        }
    }

    private void show(CompareSnapshot snapshot) {
        last = snapshot;
        for (String type : CompareSnapshot.TYPES) {
            CompareSnapshot.NamespaceRow ns = snapshot == null ? null : snapshot.namespaces().stream()
                    .filter(r -> r.type().equals(type)).findFirst().orElse(null);
            hostIds.get(type).setText(ns == null ? "" : Long.toString(ns.hostId()));
            containerIds.get(type).setText(ns == null ? "" : Long.toString(ns.containerId()));
            Label badge = badges.get(type);
            badge.setVisible(ns != null);
            if (ns != null) {
                String with = partners.get(type);
                badge.setText(Texts.get(ns.shared() ? "view.shared" : "view.private")
                        + (with == null ? "" : " · " + Texts.get("view.sharedWith", with)));
                badge.getStyleClass().removeAll("shared", "private");
                badge.getStyleClass().add(ns.shared() ? "shared" : "private");
            }
        }
    }

    private static Label remember(Map<String, Label> into, String type, Label label) {
        into.put(type, label);
        return label;
    }

    private static Label styled(Label label, String style) {
        label.getStyleClass().add(style);
        return label;
    }
}
