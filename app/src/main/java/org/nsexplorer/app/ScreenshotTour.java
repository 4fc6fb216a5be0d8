package org.nsexplorer.app;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.nsexplorer.app.compare.CompareModel;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.containers.ContainerState;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.lessons.LessonController;
import org.nsexplorer.app.lessons.LessonLibrary;
import org.nsexplorer.app.lessons.LessonPlayer;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.ui.Ids;
import org.nsexplorer.app.ui.MainView;
import org.nsexplorer.app.ui.Screenshots;
import org.nsexplorer.app.ui.Texts;

/**
 * `./nsx --screenshots DIR`: a scripted tour through real containers on this host that
 * writes the standard PNGs (1280x800, and 1024x768 zoomed for a projector), then quits.
 */
final class ScreenshotTour {
    private static final double TIMEOUT_SECONDS = 60;
    /** A lesson's steps may make a Debian rootfs with debootstrap first: minutes on a fresh store. */
    private static final double LESSON_TIMEOUT_SECONDS = 400;
    private final Path dir;
    private final Stage stage;
    private final Scene scene;
    private final MainView view;
    private final ContainerSession session;
    private final CompareModel compare;
    private final DoubleConsumer zoom;
    private final Consumer<Boolean> dark;
    private final Deque<Step> steps = new ArrayDeque<>();
    private ContainerModel current;
    private final LessonController lessons;

    /** Do something, wait until it shows, then take the picture (when shot is not null). */
    private record Step(Runnable action, BooleanSupplier ready, String shot) {
    }

    ScreenshotTour(Path dir, Stage stage, Scene scene, MainView view, ContainerSession session, CompareModel compare,
            DoubleConsumer zoom, Consumer<Boolean> dark,
            LessonController lessons) {
        this.lessons = lessons;
        this.dir = dir;
        this.stage = stage;
        this.scene = scene;
        this.view = view;
        this.session = session;
        this.compare = compare;
        this.zoom = zoom;
        this.dark = dark;
    }

    void start() {
        // From the defaults, whatever a teacher (or an interrupted tour) left in the settings.
        steps.add(new Step(() -> {
            zoom.accept(1.0);
            dark.accept(false);
        }, () -> !view.lookup("#launch").isDisabled(), null));
        steps.add(new Step(() -> {
            ((Button) view.lookup("#launch")).fire();
            view.showTab("processes");
        }, this::filled, "default-launch-1280x800"));
        steps.add(new Step(() -> {
            view.showTab("terminal");
            view.terminal().type("hostname; id; ps; ip -br -c a; ls --color=always /\r");
        }, () -> true, "terminal-1280x800"));
        steps.add(new Step(() -> view.showTab("mounts"), () -> true, "mounts-1280x800"));
        steps.add(new Step(() -> view.showTab("network"), () -> true, "network-1280x800"));
        steps.add(new Step(() -> view.showTab("users"), () -> true, "users-1280x800"));
        steps.add(new Step(() -> {
            view.showTab("ipc");
            view.terminal().type("ipcmk -M 4096\r"); // a segment the host will not see
        }, () -> true, "ipc-1280x800"));
        steps.add(new Step(() -> view.showTab("commands"), () -> true, "commands-1280x800"));
        steps.add(new Step(() -> {
            view.showTab("processes");
            dark.accept(true);
        }, () -> true, "default-launch-dark-1280x800"));
        steps.add(new Step(() -> dark.accept(false), () -> true, null));
        steps.add(new Step(() -> {
            view.showTab("processes");
            current = view.launch(Recipe.builder().namespaces(EnumSet.of(Namespace.MNT, Namespace.UTS,
                    Namespace.IPC, Namespace.NET)).hostname("no-pid-ns").command(List.of("/bin/sleep", "infinity"))
                    .build());
        }, this::filled, "namespace-map-pid-off-1280x800"));
        // The walkthroughs as written (sudo unshare): root inside keeps root's powers, and says so in red.
        steps.add(new Step(() -> {
            ((CheckBox) view.lookup("#host-root-toggle")).setSelected(true);
            view.showTab("terminal");
            current = view.launch(view.recipe().recipe());
        }, () -> filled() && text("#recipe-confinement").contains("⚠"), null));
        steps.add(new Step(() -> view.terminal().type("hostname contenedor-a-man; hostname\r"), () -> true,
                "host-root-1280x800"));
        steps.add(new Step(() -> {
            ((CheckBox) view.lookup("#host-root-toggle")).setSelected(false);
            ((Button) view.lookup("#stop")).fire();
        }, () -> current.state() == ContainerState.EXITED, null));
        steps.add(new Step(() -> {
            view.showTab("limits");
            current = view.launch(Recipe.builder().hostname("hog").memory("32M")
                    .command(List.of("/bin/sh", "-c", "sleep 2; head -c 256M /dev/zero | tail")).build());
        }, () -> current.state() == ContainerState.EXITED, "limits-oom-1280x800"));
        addNetworkAndLayerSteps();
        steps.add(new Step(() -> {
            view.showTab("processes");
            current = view.launch(view.recipe().recipe()); // as Launch does: the default recipe, with its shell
            stage.setWidth(1024);
            stage.setHeight(768);
            zoom.accept(1.25);
        }, this::filled, "default-launch-projector-1024x768"));
        // At projector size the namespace map is a tab of its own (ContainerViews.setCompact),
        // and the teacher hides the recipe once the container runs.
        steps.add(new Step(() -> ((ToggleButton) view.lookup("#recipe-toggle")).fire(), () -> true,
                "processes-projector-1024x768"));
        for (String tab : List.of("namespaces", "terminal", "mounts", "network", "netmap", "limits", "commands")) {
            steps.add(new Step(() -> {
                view.showTab(tab);
                if (tab.equals("terminal")) {
                    view.terminal().type("hostname; ps\r");
                }
            }, () -> true, tab + "-projector-1024x768"));
        }
        addLessonSteps();
        next();
    }

    /** Each built-in lesson played up to its most telling step, at projector size: one picture each. */
    private void addLessonSteps() {
        Map<String, Integer> shown = new LinkedHashMap<>();
        shown.put("what-is-a-container", 5);
        shown.put("run-child", 5);
        shown.put("copy-bash", 2);
        shown.put("debootstrap-userns", 3);
        shown.put("busybox-network-layers", 4);
        shown.put("chroot-is-not-enough", 1);
        shown.put("what-docker-did", 3); // needs Docker: without it, the picture shows the step saying so
        shown.put("what-docker-did#exec", 5); // a shell in Docker's container, hostname and ps typed
        shown.forEach((key, upTo) -> {
            String id = key.replaceFirst("#.*", "");
            boolean[] played = new boolean[1];
            steps.add(new Step(() -> {
                try {
                    var player = lessons.start(LessonLibrary.builtIn(id,
                            Texts.language().locale()));
                    play(player, upTo, () -> played[0] = true);
                } catch (LessonFileException e) {
                    System.err.println("nsx: screenshots: lesson " + id + ": " + e.getMessage());
                    played[0] = true;
                }
            }, () -> played[0], "lesson-" + key.replace('#', '-') + "-projector-1024x768"));
        });
        steps.add(new Step(() -> lessons.end(), () -> true, null));
    }

    /** Does the player's steps up to step UP_TO (1-based), which stays on screen; then DONE. */
    private static void play(LessonPlayer player, int upTo, Runnable done) {
        player.doIt().whenComplete((record, error) -> Platform.runLater(() -> {
            if (record != null) { // the picture shows it too; the log says it whole, for whoever makes the pictures
                System.err.println("nsx: screenshots: step " + (player.indexProperty().get() + 1) + ": "
                        + record.phase() + " " + record.note() + " " + record.outcomes());
            }
            if (player.indexProperty().get() + 1 >= upTo || !player.hasNext()) {
                done.run();
            } else {
                player.next();
                play(player, upTo, done);
            }
        }));
    }

    /** Two bridge containers pinging, a pod, an overlay's changes, and debootstrap under way. */
    private void addNetworkAndLayerSteps() {
        List<String> sleep = List.of("/bin/sleep", "infinity");
        Recipe.Network bridge = Recipe.Network.DEFAULT.withMode("bridge");
        ContainerModel[] web = new ContainerModel[1];
        steps.add(new Step(() -> {
            web[0] = view.launch(Recipe.builder().hostname("web").command(sleep).network(bridge).build());
            current = view.launch(Recipe.builder().hostname("db").command(sleep).network(bridge).build());
            view.showTab("netmap");
        }, () -> filled() && view.lookup("#ping-from-" + current.helperIdProperty().get()) != null, null));
        steps.add(new Step(() -> {
            var menu = (MenuButton) view.lookup("#ping-from-" + current.helperIdProperty().get());
            menu.getItems().stream().filter(i -> i.getText().equals(web[0].name())).findFirst()
                    .ifPresent(MenuItem::fire);
        }, () -> text(".netmap-result").contains(pingedThrice()), "network-map-1280x800"));
        steps.add(new Step(() -> dark.accept(true), () -> true, "network-map-dark-1280x800"));
        steps.add(new Step(() -> dark.accept(false), () -> true, null));
        steps.add(new Step(() -> {
            view.showTab("processes");
            current = view.launch(Recipe.builder().hostname("sidecar").command(sleep).network(Recipe.Network.DEFAULT
                    .joining(web[0].helperIdProperty().get(), EnumSet.of(Namespace.NET, Namespace.IPC))).build());
        }, () -> filled() && text("#ns-map").contains(Texts.get("nsmap.sharedWith", "").strip()),
                "namespace-map-pod-1280x800"));
        steps.add(new Step(() -> {
            var recipe = (ScrollPane) view.getLeft();
            Node section = view.lookup("#" + Ids.NETWORK_MODE);
            double y = section.localToScene(0, 0).getY() - recipe.getContent().localToScene(0, 0).getY();
            recipe.setVvalue(Math.min(1, (y - 60) / Math.max(1, recipe.getContent().getLayoutBounds().getHeight()
                    - recipe.getViewportBounds().getHeight())));
        }, () -> true, "recipe-network-1280x800"));
        steps.add(new Step(() -> ((ScrollPane) view.getLeft()).setVvalue(0), () -> true, null));
        steps.add(new Step(() -> {
            view.showTab("layers");
            current = view.launch(Recipe.builder().hostname("app").command(List.of("/bin/sh", "-c",
                    "mkdir -p /srv/app && echo hello > /srv/app/index.html && echo teacher:x:1000:1000::/:/bin/sh"
                            + " >> /etc/passwd && rm /etc/hosts && sleep infinity"))
                    .network(Recipe.Network.DEFAULT.withOverlay(List.of())).build());
        }, () -> filled() && ((ListView<?>) view.lookup("#changes")).getItems().size() >= 4,
                "layers-1280x800"));
        steps.add(new Step(() -> {
            ((ToggleButton) view.lookup("#recipe-toggle")).fire(); // room for both columns
            view.showTab("rootfs");
            ((TextField) view.lookup("#rootfs-name")).setText("tour-debian");
            ((Button) view.lookup("#rootfs-debootstrap")).fire();
        }, () -> text(".rootfs-step").contains(Texts.get("rootfs.step.index").split(" ")[0]) || !view.rootfsManager().busy(), "rootfs-1280x800"));
        steps.add(new Step(() -> ((Button) view.lookup("#rootfs-cancel")).fire(), () -> !view.rootfsManager().busy(),
                null));
        steps.add(new Step(() -> ((ToggleButton) view.lookup("#recipe-toggle")).fire(),
                () -> true, null));
    }

    /** "3 of 3 replies" in the language in use: the ping's answer, without the names around it. */
    private static String pingedThrice() {
        String full = Texts.get("netmap.pinged", "\u0001", "\u0001", "\u0001", 3, 3);
        return full.substring(full.lastIndexOf('\u0001') + 1).replaceFirst("^\\W+", "");
    }

    private static double timeout(Step step) {
        return step.shot() != null && step.shot().startsWith("lesson-") ? LESSON_TIMEOUT_SECONDS : TIMEOUT_SECONDS;
    }

    /** The text of every label under the nodes SELECTOR finds. */
    private String text(String selector) {
        StringBuilder out = new StringBuilder();
        for (Node n : view.lookupAll(selector)) {
            if (n instanceof Labeled l) {
                out.append(l.getText()).append('\n');
            } else if (n instanceof Parent p) {
                p.lookupAll(".label").forEach(x -> out.append(((Labeled) x).getText()).append('\n'));
            }
        }
        return out.toString();
    }

    private boolean filled() {
        return current == null ? compare.latestProperty().get() != null
                : current.state() == ContainerState.RUNNING && compare.latestProperty().get() != null;
    }

    private void next() {
        Step step = steps.poll();
        if (step == null) {
            zoom.accept(1.0); // the tour leaves the teacher's settings as they were by default
            Platform.exit();
            return;
        }
        step.action().run();
        if (current == null && step.shot() != null && !session.containers().isEmpty()) {
            current = session.containers().get(0);
        }
        await(step, System.nanoTime());
    }

    private void await(Step step, long since) {
        after(0.25, () -> {
            if (step.ready().getAsBoolean()) {
                // One more refresh, so the views show this state settled.
                after(step.shot() == null ? 0 : 1.3, () -> {
                    shoot(step.shot());
                    next();
                });
            } else if ((System.nanoTime() - since) / 1e9 > timeout(step)) {
                System.err.println("nsx: screenshots: " + (step.shot() == null ? "the helper" : step.shot())
                        + " did not get ready within " + timeout(step) + " s");
                Platform.exit();
            } else {
                await(step, since);
            }
        });
    }

    private void shoot(String name) {
        if (name == null) {
            return;
        }
        try {
            Screenshots.write(scene, dir.resolve(name + ".png"));
        } catch (Exception e) {
            System.err.println("nsx: screenshots: " + name + ": " + e.getMessage());
        }
    }

    private static void after(double seconds, Runnable action) {
        PauseTransition pause = new PauseTransition(Duration.seconds(Math.max(0.01, seconds)));
        pause.setOnFinished(e -> action.run());
        pause.play();
    }
}
