package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.support.OnFx.onFx;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerEvent;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.Screenshots;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The namespace map and the Limits view on their own, headless, with the app's stylesheet at
 * projector zoom (22.5 px): what they say, and that it fits.
 */
class CompareWordsViewTest extends FxRobot {
    /** The root font at 125 % zoom, as the app sets it. */
    private static final double PROJECTOR_FONT_PX = 18 * 1.25;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** Shows NODE alone in the primary stage, WIDTH wide, at projector zoom. */
    private static void stage(Parent node, double width, double height) throws Exception {
        onFx(() -> {
            Stage stage = (Stage) FxToolkit.toolkitContext().getRegisteredStage();
            VBox root = new VBox(node); // the node as high as it asks to be, as wide as the window
            root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", PROJECTOR_FONT_PX));
            Scene scene = new Scene(root, width, height);
            scene.getStylesheets().add(NamespaceMapView.class.getResource("/org/nsexplorer/app/nsx.css")
                    .toExternalForm());
            stage.setScene(scene);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static CompareSnapshot snapshot(String cgroup) throws Exception {
        StringBuilder host = new StringBuilder();
        StringBuilder container = new StringBuilder();
        StringBuilder relation = new StringBuilder();
        long n = 4026531832L;
        for (Namespace type : Namespace.values()) {
            boolean own = Namespace.CLASSIC.contains(type);
            String name = type.procName();
            host.append(host.length() == 0 ? "" : ",").append('"').append(name).append("\":").append(n);
            container.append(container.length() == 0 ? "" : ",").append('"').append(name).append("\":")
                    .append(own ? n + 800 : n);
            relation.append(relation.length() == 0 ? "" : ",").append('"').append(name).append("\":\"")
                    .append(own ? "private" : "shared").append('"');
            n++;
        }
        return CompareSnapshot.parse(new ObjectMapper().readTree("{\"host\":{\"hostname\":\"vm\",\"namespaces\":{"
                + host + "},\"processes\":[]},\"container\":{\"hostname\":\"c\",\"namespaces\":{" + container
                + "},\"processes\":[],\"cgroup\":" + cgroup + "},\"comparison\":{\"namespaces\":{" + relation + "}}}"));
    }

    /** Every label shown whole: a cut one ends in "…" in the text it draws. */
    private static List<String> cutLabels(Node node) {
        List<String> cut = new ArrayList<>();
        if (node instanceof Label label && label.isVisible() && label.getText() != null && !label.getText().isEmpty()) {
            String drawn = label.lookupAll(".text").stream().filter(t -> t instanceof Text)
                    .map(t -> ((Text) t).getText()).findFirst().orElse("");
            if (drawn.endsWith("…") && !label.getText().endsWith("…")) {
                cut.add(label.getText() + " drawn as " + drawn);
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> cut.addAll(cutLabels(child)));
        }
        return cut;
    }

    private static List<String> texts(Parent root, String selector) {
        return root.lookupAll(selector).stream().filter(Node::isVisible).map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void theMapSaysEachNamespaceInWordsAndFitsA640PxColumnAtProjectorZoom() throws Exception {
        CompareModel model = new CompareModel();
        NamespaceMapView map = onFx(() -> new NamespaceMapView(model));
        stage(map, 640, 600);
        // Before any container: what each namespace separates, and the host's numbers in the tooltips.
        onFx(() -> {
            model.showOwnHost(HostSide.readOwn());
            return null;
        });
        assertEquals(8, texts(map, ".ns-meaning").size());
        assertEquals("process numbers", texts(map, ".ns-meaning").get(4));
        assertTrue(texts(map, ".badge").isEmpty(), texts(map, ".badge").toString());
        String initPid = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        assertEquals("On the host: " + initPid + " (readlink /proc/self/ns/pid)",
                onFx(() -> ((Label) map.lookupAll(".ns-type").stream().filter(n -> ((Label) n).getText().equals("PID"))
                        .findFirst().orElseThrow()).getTooltip().getText()));

        CompareSnapshot s = snapshot("{}");
        onFx(() -> {
            model.show(s);
            map.setPartners(Map.of(Namespace.NET, "foxtrot-10", Namespace.IPC, "foxtrot-10"));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("its own", "its own", "shared with foxtrot-10", "shared with foxtrot-10", "its own",
                "same as the host", "same as the host", "same as the host"), texts(map, ".badge"));
        assertEquals("it numbers processes from 1", texts(map, ".ns-meaning").get(4));
        assertEquals(3, map.lookupAll(".badge.shared").size());
        assertEquals(2, map.lookupAll(".badge.pod").size());
        // The numbers are hidden until asked for.
        assertTrue(texts(map, ".ns-id").isEmpty(), texts(map, ".ns-id").toString());

        onFx(() -> {
            Screenshots.write(map.getScene(), Path.of("target", "namespace-map-640px.png"));
            return null;
        });
        List<String> cut = onFx(() -> cutLabels(map));
        assertEquals(List.of(), cut, "labels cut at 640 px");
        double width = onFx(map::getWidth);
        double height = onFx(map::getHeight);
        assertTrue(width <= 640, "the map is " + width + " px wide");
        // Header and 8 rows, a few of which may take two lines: under 13 lines of type.
        assertTrue(height < 13 * PROJECTOR_FONT_PX * 1.3, "the map is " + height + " px high");

        ToggleButton ids = (ToggleButton) map.lookup("#" + Ids.NS_MAP_IDS);
        onFx(() -> {
            ids.fire();
            return null;
        });
        List<String> shownIds = texts(map, ".ns-id");
        assertEquals(16, shownIds.size());
        assertTrue(shownIds.contains("4026531836") && shownIds.contains(Long.toString(4026531836L + 800)), shownIds.toString());
    }

    @Test
    void theLimitsViewListsOnlyTheShownContainersEventsAndSaysEachNumber() throws Exception {
        CompareModel model = new CompareModel();
        LimitsView limits = onFx(() -> new LimitsView(model));
        stage(limits, 1000, 600);
        @SuppressWarnings("unchecked")
        ListView<String> events = (ListView<String>) limits.lookup("#" + Ids.EVENTS);
        ObservableList<ContainerEvent> charlie = FXCollections.observableArrayList();
        ObservableList<ContainerEvent> delta = FXCollections.observableArrayList();
        onFx(() -> {
            limits.showEvents(charlie);
            charlie.add(new ContainerEvent(LocalTime.of(1, 22, 9), "killed by SIGKILL (9)"));
            delta.add(new ContainerEvent(LocalTime.of(1, 22, 11), "OOM killer: the memory limit of 32 MiB was reached"));
            return null;
        });
        assertEquals(List.of("01:22:09  killed by SIGKILL (9)"), onFx(() -> List.copyOf(events.getItems())));
        onFx(() -> {
            limits.showEvents(delta);
            charlie.add(new ContainerEvent(LocalTime.of(1, 23, 0), "charlie's, not shown"));
            delta.add(new ContainerEvent(LocalTime.of(1, 22, 12), "exited with status 137"));
            return null;
        });
        assertEquals(List.of("01:22:12  exited with status 137",
                "01:22:11  OOM killer: the memory limit of 32 MiB was reached"), onFx(() -> List.copyOf(events.getItems())));
        onFx(() -> {
            limits.showEvents(null);
            return null;
        });
        assertEquals(List.of(), onFx(() -> List.copyOf(events.getItems())));

        onFx(() -> {
            model.show(snapshot("{\"memory\":{\"currentBytes\":21600000,\"limitBytes\":33554432},"
                    + "\"pids\":{\"current\":1024,\"limit\":1024}}"));
            return null;
        });
        List<String> said = texts(limits, ".label");
        assertTrue(said.contains("20.6 MiB of its 32 MiB limit"), said.toString());
        assertTrue(said.contains("Past the limit, the kernel's OOM killer ends one of its processes."), said.toString());
        assertTrue(said.contains("1024 of 1024 processes and threads"), said.toString());
        assertTrue(said.contains("The limit of 1024 is reached: fork() fails inside, no new process nor thread can start."),
                said.toString());
        assertEquals(1, onFx(() -> limits.lookupAll(".limit-explain").stream()
                .filter(n -> n.getPseudoClassStates().toString().contains("reached")).count()),
                "the reached limit's line is marked");
        onFx(() -> {
            model.show(snapshot("{\"memory\":{\"currentBytes\":1048576},\"pids\":{\"current\":3}}"));
            return null;
        });
        said = texts(limits, ".label");
        assertEquals(0, onFx(() -> limits.lookupAll(".limit-explain").stream()
                .filter(n -> n.getPseudoClassStates().toString().contains("reached")).count()),
                "no line stays marked once the limit is gone");
        assertTrue(said.contains("1 MiB, no limit"), said.toString());
        assertTrue(said.stream().anyMatch(t -> t.matches("No limit: it may take all the host's \\d+(\\.\\d)? [GM]iB of memory\\.")),
                said.toString());
        assertTrue(said.contains("3 processes and threads, no limit"), said.toString());
        assertEquals(List.of(), onFx(() -> cutLabels(limits)), "labels cut");

        // An idle container answers the same numbers twice: the second sample still counts (0 %),
        // the gauge never stays at an old share.
        String busy = "{\"cpu\":{\"usageNanos\":5000000000,\"quotaMicros\":50000,\"periodMicros\":100000}}";
        onFx(() -> {
            model.show(snapshot(busy));
            return null;
        });
        Thread.sleep(50);
        onFx(() -> {
            model.show(snapshot(busy));
            return null;
        });
        said = texts(limits, ".label");
        assertTrue(said.contains("0 % of one CPU, limit 50 %"), said.toString());
        assertTrue(said.contains("Its limit: 50 ms of CPU time every 100 ms; past it the kernel makes it wait."),
                said.toString());
    }
}
