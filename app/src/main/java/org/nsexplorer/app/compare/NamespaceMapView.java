package org.nsexplorer.app.compare;

import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** The 8 namespace types: host id, container id, and shared or private in colour and in words. */
public final class NamespaceMapView extends GridPane {

    public NamespaceMapView(CompareModel model) {
        setId(Ids.NS_MAP);
        getStyleClass().add("ns-map");
        model.latestProperty().addListener((o, was, now) -> show(now));
        show(null);
    }

    private void show(CompareSnapshot snapshot) {
        getChildren().clear();
        String[] heads = {Texts.get("view.type"), Texts.get("view.hostId"), Texts.get("view.containerId"),
            Texts.get("view.relation")};
        for (int c = 0; c < heads.length; c++) {
            add(styled(new Label(heads[c]), "ns-head"), c, 0);
        }
        int row = 1;
        for (String type : CompareSnapshot.TYPES) {
            CompareSnapshot.NamespaceRow ns = snapshot == null ? null : snapshot.namespaces().stream()
                    .filter(r -> r.type().equals(type)).findFirst().orElse(null);
            add(styled(new Label(type.toUpperCase(Locale.ROOT)), "ns-type"), 0, row);
            add(styled(new Label(ns == null ? "" : Long.toString(ns.hostId())), "ns-id"), 1, row);
            add(styled(new Label(ns == null ? "" : Long.toString(ns.containerId())), "ns-id"), 2, row);
            if (ns != null) {
                Label badge = new Label(Texts.get(ns.shared() ? "view.shared" : "view.private"));
                badge.getStyleClass().addAll("badge", ns.shared() ? "shared" : "private");
                add(badge, 3, row);
            }
            row++;
        }
    }

    private static Label styled(Label label, String style) {
        label.getStyleClass().add(style);
        return label;
    }
}
