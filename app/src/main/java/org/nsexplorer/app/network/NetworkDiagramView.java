package org.nsexplorer.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import org.nsexplorer.app.containers.ContainerInfo;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Texts;
import org.nsexplorer.app.ui.WhenOnScreen;
import org.nsexplorer.app.ui.WholeWords;

/**
 * The containers' wiring as the helper reports it, every second: the host with its veth
 * ends and bridge, one card per container with its eth0 address, and a wire for each veth
 * pair. Ping and "lo up" act on the real namespaces and show the kernel's answer.
 */
public final class NetworkDiagramView extends VBox {
    private final HelperClient helper;
    private final HBox hostPorts = new HBox();
    private final Pane wires = new Pane();
    private final FlowPane cards = new FlowPane();
    private final FlowPane unwired = new FlowPane();
    private final Label unwiredTitle = new Label(Texts.get("netmap.unwired"));
    private final Label result = new Label(Texts.get("netmap.hint"));
    private final Label command = new Label();
    private final Map<String, Node> portNodes = new LinkedHashMap<>();
    private final Map<String, Node> cardNodes = new LinkedHashMap<>();
    private final List<Wire> links = new ArrayList<>();
    private List<ContainerInfo> shown = List.of();
    private Function<String, String> names = id -> id;
    private final WhenOnScreen rebuildWhenShown = new WhenOnScreen(this, this::rebuild);

    public NetworkDiagramView(HelperClient helper) {
        this.helper = helper;
        setId(Ids.NETWORK_DIAGRAM);
        getStyleClass().add("netmap");
        Label hostTitle = new Label(Texts.get("netmap.host"));
        hostTitle.getStyleClass().add("host-caption");
        hostPorts.getStyleClass().add("netmap-ports");
        VBox host = new VBox(hostTitle, hostPorts);
        host.getStyleClass().addAll("card", "host", "netmap-host");
        wires.getStyleClass().add("netmap-wires");
        wires.setMinHeight(48);
        wires.setPrefHeight(48);
        cards.getStyleClass().add("netmap-cards");
        unwired.getStyleClass().add("netmap-cards");
        unwiredTitle.getStyleClass().add("netmap-unwired");
        result.getStyleClass().add("netmap-result");
        result.setWrapText(true);
        command.getStyleClass().add("netmap-command");
        command.setWrapText(true);
        // The answer first: it is what the class looks at after a click.
        getChildren().addAll(result, command, host, wires, cards, unwiredTitle, unwired);
    }

    /** The running containers; NAMES gives each its classroom name. Rebuilt only when something changed. */
    public void show(List<ContainerInfo> containers, Function<String, String> containerNames) {
        this.names = containerNames;
        List<ContainerInfo> now = containers.stream().map(c -> new ContainerInfo(c.helperId(), c.network(),
                c.veth(), c.joinedPid(), c.joinedNamespaces(), c.overlay(), c.layers(), c.keepAs(), Map.of(),
                c.hostPid())) // namespace inodes change nothing here
                .sorted(Comparator.comparingLong(c -> launchOrder(c.helperId()))).toList();
        if (now.equals(shown)) {
            return;
        }
        shown = now;
        rebuildWhenShown.request();
    }

    private void rebuild() {
        hostPorts.getChildren().clear();
        cards.getChildren().clear();
        unwired.getChildren().clear();
        wires.getChildren().clear();
        portNodes.clear();
        cardNodes.clear();
        links.clear();
        for (ContainerInfo c : shown) {
            Optional<ContainerInfo.Veth> veth = c.veth();
            if (veth.isPresent()) {
                String port = veth.get().bridge().orElse(veth.get().hostInterface());
                portNodes.computeIfAbsent(port, p -> addPort(p, veth.get().bridge().isPresent()
                        ? Texts.get("netmap.bridge", veth.get().uplink().orElse(p), veth.get().hostAddress(), p)
                        : p + "  " + veth.get().hostAddress()));
                links.add(new Wire(port, c.helperId(), veth.get().bridge().isPresent()
                        ? veth.get().hostInterface() : ""));
            }
            Node card = card(c);
            cardNodes.put(c.helperId(), card);
            (veth.isPresent() ? cards : unwired).getChildren().add(card);
        }
        unwiredTitle.setVisible(!unwired.getChildren().isEmpty());
        unwiredTitle.setManaged(unwiredTitle.isVisible());
        links.forEach(w -> wires.getChildren().addAll(w.line, w.label));
        if (portNodes.isEmpty()) {
            Label none = new Label(Texts.get("netmap.noPorts"));
            none.getStyleClass().add("placeholder");
            none.setWrapText(true);
            hostPorts.getChildren().add(none);
        }
        requestLayout();
    }

    /** The helper numbers its containers c1, c2, ... in launch order. */
    private static long launchOrder(String helperId) {
        try {
            return Long.parseLong(helperId.replaceAll("\\D", ""));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private Node addPort(String name, String text) {
        Label port = new Label(text);
        port.getStyleClass().add("netmap-port");
        port.setWrapText(true); // a bridge's port says much: on a projector it takes two lines
        WholeWords.keep(port);
        hostPorts.getChildren().add(port);
        return port;
    }

    private Node card(ContainerInfo c) {
        Label title = new Label(names.apply(c.helperId()));
        title.getStyleClass().add("container-caption");
        Label mode = new Label(modeText(c));
        mode.getStyleClass().add("card-label");
        mode.setWrapText(true);
        VBox card = new VBox(title, mode);
        c.veth().ifPresent(v -> {
            Label address = new Label(v.containerInterface() + "  " + v.containerAddress());
            address.getStyleClass().add("netmap-address");
            card.getChildren().add(address);
            Button fromHost = new Button(Texts.get("netmap.pingFromHost"));
            fromHost.setId("ping-host-" + c.helperId());
            fromHost.setOnAction(e -> ping(null, c.helperId(), Texts.get("netmap.host"), names.apply(c.helperId()), 0));
            MenuButton fromHere = new MenuButton(Texts.get("netmap.pingFromHere"));
            fromHere.setId("ping-from-" + c.helperId());
            MenuItem toHost = new MenuItem(Texts.get("netmap.host"));
            toHost.setOnAction(e -> ping(c.helperId(), "host", names.apply(c.helperId()), Texts.get("netmap.host"),
                    c.hostPid()));
            fromHere.getItems().add(toHost);
            for (ContainerInfo other : shown) {
                if (other != c && other.veth().isPresent()) {
                    MenuItem to = new MenuItem(names.apply(other.helperId()));
                    to.setOnAction(e -> ping(c.helperId(), other.helperId(), names.apply(c.helperId()),
                            names.apply(other.helperId()), c.hostPid()));
                    fromHere.getItems().add(to);
                }
            }
            fromHost.setMaxWidth(Double.MAX_VALUE);
            fromHere.setMaxWidth(Double.MAX_VALUE);
            card.getChildren().addAll(fromHost, fromHere); // stacked: narrow cards, several to a row
        });
        if (c.network().equals("isolated")) {
            Button lo = new Button(Texts.get("netmap.loUp"));
            lo.setId("lo-up-" + c.helperId());
            lo.setOnAction(e -> loopback(c));
            card.getChildren().add(lo);
        }
        card.getStyleClass().addAll("card", "container", "netmap-card");
        return card;
    }

    private String modeText(ContainerInfo c) {
        if (c.joinedPid().isPresent() && c.joinedNamespaces().contains(Namespace.NET)) {
            return Texts.get("netmap.joined", sharedWith(c));
        }
        return Texts.get("netmap.mode." + c.network());
    }

    /** The container whose first process the joiner named, if it is one of ours. */
    private String sharedWith(ContainerInfo joiner) {
        long pid = joiner.joinedPid().orElse(-1L);
        return shown.stream().filter(o -> o.hostPid() == pid).map(o -> names.apply(o.helperId())).findFirst()
                .orElse("PID " + pid);
    }

    /** FROMPID: the host PID whose net namespace the ping leaves from (0: the host's own). */
    private void ping(String from, String to, String fromName, String toName, long fromPid) {
        result.setText(Texts.get("netmap.pinging", fromName, toName));
        helper.ping(from, to, 3).whenComplete((answer, error) -> Platform.runLater(() -> showPing(answer, error,
                fromName, toName, fromPid)));
    }

    private void showPing(JsonNode answer, Throwable error, String fromName, String toName, long fromPid) {
        if (error != null || !"ping".equals(answer.path("type").asText())) {
            result.setText(error != null ? error.getMessage() : HelperWords.of(answer));
            return;
        }
        PingAnswer ping = PingAnswer.parse(answer);
        String times = ping.meanRtt().isEmpty() ? "" : Texts.get("netmap.rtt", String.format(Locale.ROOT, "%.3f",
                ping.meanRtt().getAsDouble()));
        result.setText(Texts.get("netmap.pinged", fromName, toName, ping.address(), ping.received(), ping.sent())
                + times + "  (" + LocalTime.now().withNano(0) + ")"); // an old answer must not pass for a new one
        command.setText(Texts.get("netmap.pingCommand", fromPid <= 0 ? "" : "nsenter -t " + fromPid + " -n ",
                ping.address()));
    }

    private void loopback(ContainerInfo c) {
        helper.loopback(c.helperId()).whenComplete((answer, error) ->
                Platform.runLater(() -> {
                    result.setText(error == null && "ok".equals(answer.path("type").asText())
                            ? Texts.get("netmap.loIsUp", names.apply(c.helperId()))
                            : error != null ? error.getMessage() : HelperWords.of(answer));
                    command.setText("nsenter -t " + c.hostPid() + " -n ip link set lo up");
                }));
    }

    /** A veth pair drawn: from the host port (its end, or the bridge) to the container's card. */
    private static final class Wire {
        final String port;
        final String container;
        final Line line = new Line();
        final Label label;

        Wire(String port, String container, String hostEnd) {
            this.port = port;
            this.container = container;
            this.label = new Label(hostEnd);
            line.getStyleClass().add("netmap-wire");
            label.getStyleClass().add("netmap-wire-label");
            // Unmanaged: moving them never asks for another layout pass.
            line.setManaged(false);
            label.setManaged(false);
        }
    }

    /** Moves each wire between its port and its card once the cards are placed. */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        for (Wire w : links) {
            Node port = portNodes.get(w.port);
            Node card = cardNodes.get(w.container);
            if (port == null || card == null) {
                continue;
            }
            Point2D from = wires.sceneToLocal(port.localToScene(port.getLayoutBounds().getCenterX(),
                    port.getLayoutBounds().getMaxY()));
            Point2D to = wires.sceneToLocal(card.localToScene(card.getLayoutBounds().getCenterX(), 0));
            if (from == null || to == null) {
                continue;
            }
            w.line.setStartX(from.getX());
            w.line.setStartY(from.getY());
            w.line.setEndX(to.getX());
            w.line.setEndY(to.getY());
            w.label.autosize();
            // Beside the wire's lower end, where the wires have spread apart, on its outer side.
            double x = to.getX() >= from.getX() ? to.getX() + 6 : to.getX() - w.label.getWidth() - 6;
            w.label.relocate(x, to.getY() - w.label.getHeight() - 2);
        }
    }
}
