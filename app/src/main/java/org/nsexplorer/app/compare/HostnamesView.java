package org.nsexplorer.app.compare;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.containers.Confinement;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;

/** Both hostnames, in large type: the UTS lesson at a glance. */
public final class HostnamesView extends HBox {
    private final Label host = big(Ids.HOST_HOSTNAME);
    private final Label container = big(Ids.CONTAINER_HOSTNAME);
    private final Label containerCaption = new Label();
    private final Label confinement = new Label();
    private final StringProperty containerName = new SimpleStringProperty(this, "containerName");
    private final ObjectProperty<Confinement> containerConfinement = new SimpleObjectProperty<>(this,
            "containerConfinement");

    public HostnamesView(CompareModel model) {
        setSpacing(12);
        VBox containerCard = card("container", containerCaption, container);
        confinement.setId(Ids.CONFINEMENT);
        // The hostnames size the cards: a long line here must not squeeze the host's card; it wraps.
        confinement.setMinWidth(0);
        confinement.setWrapText(true);
        confinement.setMinHeight(Region.USE_PREF_SIZE);
        containerCard.getChildren().add(confinement);
        getChildren().addAll(card("host", new Label(Texts.get("view.host")), host), containerCard);
        // The host's name from the start (the app reads its own until the helper answers); the container's once compared.
        model.hostProperty().addListener((o, was, now) -> host.setText(now == null ? "" : now.hostname()));
        host.setText(model.hostProperty().get() == null ? "" : model.hostProperty().get().hostname());
        model.latestProperty().addListener((o, was, now) -> container.setText(now == null ? "—"
                : now.containerHostname()));
        container.setText("—");
        containerName.addListener((o, was, now) -> containerCaption.setText(Texts.get("view.container",
                now == null ? "" : now)));
        containerConfinement.addListener((o, was, now) -> showConfinement(now));
    }

    /** The selected container's name, in the caption. */
    public StringProperty containerNameProperty() {
        return containerName;
    }

    /** What root in the selected container can do to the host (null: not known yet). */
    public ObjectProperty<Confinement> confinementProperty() {
        return containerConfinement;
    }

    private void showConfinement(Confinement how) {
        confinement.getStyleClass().removeAll("confinement", "in-card", "contained", "caller", "host-root");
        if (how == null) {
            confinement.setText("");
            return;
        }
        confinement.setText(how.shortHeadline());
        confinement.setTooltip(new Tooltip(how.headline() + "\n" + how.because()));
        confinement.getStyleClass().addAll("confinement", "in-card", how.level());
    }

    private static Label big(String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("hostname");
        return label;
    }

    private static VBox card(String side, Label caption, Label value) {
        caption.getStyleClass().add("card-label");
        // "HOST vm" on one line: the views below keep the room.
        // The names are the lesson: never cut to "..." (the confinement line below wraps instead).
        caption.setMinWidth(Region.USE_PREF_SIZE);
        value.setMinWidth(Region.USE_PREF_SIZE);
        HBox line = new HBox(10, caption, value);
        line.setAlignment(Pos.BASELINE_LEFT);
        VBox card = new VBox(line);
        card.getStyleClass().addAll("card", side);
        HBox.setHgrow(card, Priority.ALWAYS);
        card.setMaxWidth(Double.MAX_VALUE);
        return card;
    }
}
