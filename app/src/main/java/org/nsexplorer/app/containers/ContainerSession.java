package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nsexplorer.app.helper.HelperConnection;

/**
 * The containers of this class session, kept in step with the helper's events. Every model
 * change runs on the UI executor (Platform::runLater in the app, direct in tests); nothing
 * here waits on the helper.
 */
public final class ContainerSession implements HelperConnection.Listener {
    private static final String[] NAMES = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
    private final Executor ui;
    private final ObservableList<ContainerModel> containers = FXCollections.observableArrayList();
    private final Map<String, ContainerModel> byHelperId = new ConcurrentHashMap<>();
    /** Launches sent but not yet answered, by request id: the answer is matched on the reader thread,
     * in order, so the container's "started" (which follows "launched") always finds its model. */
    private final Map<String, ContainerModel> byLaunchRequest = new ConcurrentHashMap<>();
    private final Map<ContainerModel, Long> launchSent = new ConcurrentHashMap<>();
    private HelperConnection helper;
    private int launched;
    private volatile java.util.function.BiConsumer<ContainerModel, String> onStarted = (model, helperId) -> { };

    public ContainerSession(Executor ui) {
        this.ui = ui;
    }

    public void attach(HelperConnection connection) {
        this.helper = connection;
    }

    /**
     * Told on the helper's reader thread, with the helper's id for the container, the moment
     * a container has started: before its model changes on the UI thread, so that its first
     * snapshot need not wait for that thread.
     */
    public void setOnStarted(java.util.function.BiConsumer<ContainerModel, String> action) {
        this.onStarted = action;
    }

    /** Newest last; read on the UI thread. */
    public ObservableList<ContainerModel> containers() {
        return containers;
    }

    /** Call on the UI thread: adds the container at once (PREPARING) and sends the launch. */
    public ContainerModel launch(Recipe recipe) {
        return launch(recipe, null);
    }

    /** Call on the UI thread: as launch(RECIPE), named NAME (a lesson's "jail") instead of the next free name. */
    public ContainerModel launch(Recipe recipe, String name) {
        int n = launched++;
        ContainerModel model = new ContainerModel(name != null ? name
                : NAMES[n % NAMES.length] + (n >= NAMES.length ? "-" + n : ""), recipe);
        launchSent.put(model, System.nanoTime());
        containers.add(model);
        String requestId = "launch-" + n;
        ObjectNode request = helper.newRequest("launch").put("id", requestId);
        recipe.writeTo(request.putObject("spec"));
        byLaunchRequest.put(requestId, model);
        helper.request(request).whenComplete((answer, error) -> {
            if (error != null && byLaunchRequest.remove(requestId) != null) {
                ui.execute(() -> model.failed(null, "the helper is gone: " + error.getMessage()));
            }
        });
        return model;
    }

    /** Call on the UI thread. */
    public void stop(ContainerModel model) {
        if (!model.state().isLive() || model.state() == ContainerState.STOPPING) {
            return;
        }
        model.stopping();
        ObjectNode request = helper.newRequest("stop").put("container", model.helperIdProperty().get());
        helper.request(request);
    }

    /** Keystrokes for the container's terminal. */
    public void input(ContainerModel model, byte[] keys) {
        if (model.hasTerminal() && model.state().isLive() && !model.helperIdProperty().get().isEmpty()) {
            helper.tell(helper.newRequest("input").put("container", model.helperIdProperty().get())
                    .put("data", java.util.Base64.getEncoder().encodeToString(keys)));
        }
    }

    /** The terminal's size in characters, as the window shows it. */
    public void resize(ContainerModel model, int rows, int cols) {
        if (!model.hasTerminal()) {
            return; // the helper refuses sizes for containers without a terminal
        }
        if (model.state().isLive() && !model.helperIdProperty().get().isEmpty()) {
            helper.tell(helper.newRequest("resize").put("container", model.helperIdProperty().get())
                    .put("rows", rows).put("cols", cols));
        } else {
            model.pendingSize(rows, cols);
        }
    }

    @Override
    public void onMessage(JsonNode message) {
        ContainerModel launching = byLaunchRequest.remove(message.path("id").asText(""));
        if (launching != null) {
            answerToLaunch(launching, message);
            return;
        }
        ContainerModel model = byHelperId.get(message.path("container").asText(""));
        if (model == null) {
            return;
        }
        String type = message.path("type").asText();
        if (type.equals("started")) {
            Long sent = launchSent.remove(model);
            if (sent != null) {
                model.startTook((System.nanoTime() - sent) / 1e6);
            }
            try {
                onStarted.accept(model, message.path("container").asText());
            } catch (RuntimeException e) {
                // a refresh not asked for: the next tick asks; this thread must go on reading
            }
        }
        ui.execute(() -> {
            switch (type) {
                case "started" -> {
                    model.started(message.get("hostPid").asLong());
                    model.takePendingSize().ifPresent(size -> resize(model, size[0], size[1]));
                }
                case "output" -> model.output(java.util.Base64.getDecoder().decode(message.path("data").asText("")));
                case "oom" -> model.note("OOM killer: the memory limit of " + mib(message.path("memoryLimit").asLong())
                        + " was reached");
                case "exited" -> model.exited(exitText(message), message.path("signal").asInt(0));
                case "error" -> model.failed(message.path("field").asText(null), message.path("message").asText());
                default -> {
                }
            }
        });
    }

    private void answerToLaunch(ContainerModel model, JsonNode answer) {
        if (answer.path("type").asText().equals("launched")) {
            String id = answer.get("container").asText();
            byHelperId.put(id, model);
            Confinement how = Confinement.parse(answer.get("confinement"));
            ui.execute(() -> model.launched(id, how));
        } else {
            launchSent.remove(model);
            ui.execute(() -> model.failed(answer.path("field").asText(null), answer.path("message").asText("refused")));
        }
    }

    @Override
    public void onClosed(String reason) {
        ui.execute(() -> containers.stream().filter(c -> c.state().isLive() || c.state() == ContainerState.PREPARING)
                .forEach(c -> c.failed(null, "the helper stopped: " + reason)));
    }

    private static String exitText(JsonNode exited) {
        String how = exited.has("signal") ? "killed by signal " + exited.get("signal").asInt()
                : "exited with status " + exited.get("code").asInt();
        return exited.hasNonNull("keptAs") ? how + "; its changes are the layer " + exited.get("keptAs").asText() : how;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
