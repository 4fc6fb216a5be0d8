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
    private HelperConnection helper;
    private int launched;

    public ContainerSession(Executor ui) {
        this.ui = ui;
    }

    public void attach(HelperConnection connection) {
        this.helper = connection;
    }

    /** Newest last; read on the UI thread. */
    public ObservableList<ContainerModel> containers() {
        return containers;
    }

    /** Call on the UI thread: adds the container at once (PREPARING) and sends the launch. */
    public ContainerModel launch(Recipe recipe) {
        int n = launched++;
        ContainerModel model = new ContainerModel(NAMES[n % NAMES.length] + (n >= NAMES.length ? "-" + n : ""),
                n % NAMES.length, recipe);
        containers.add(model);
        ObjectNode request = helper.newRequest("launch");
        recipe.writeTo(request.putObject("spec"));
        helper.request(request).whenComplete((answer, error) -> ui.execute(() -> {
            if (error != null) {
                model.failed(null, "the helper is gone: " + error.getMessage());
            } else if (answer.path("type").asText().equals("launched")) {
                byHelperId.put(answer.get("container").asText(), model);
                model.launched(answer.get("container").asText());
            } else {
                model.failed(answer.path("field").asText(null), answer.path("message").asText("refused"));
            }
        }));
        return model;
    }

    /** Call on the UI thread. */
    public void stop(ContainerModel model) {
        if (!model.state().isLive()) {
            return;
        }
        model.stopping();
        ObjectNode request = helper.newRequest("stop").put("container", model.helperIdProperty().get());
        helper.request(request);
    }

    @Override
    public void onMessage(JsonNode message) {
        ContainerModel model = byHelperId.get(message.path("container").asText(""));
        if (model == null) {
            return;
        }
        String type = message.path("type").asText();
        ui.execute(() -> {
            switch (type) {
                case "started" -> model.started(message.get("hostPid").asLong());
                case "oom" -> model.note("OOM killer: the memory limit of " + mib(message.path("memoryLimit").asLong())
                        + " was reached");
                case "exited" -> model.exited(exitText(message, model.messageProperty().get()));
                case "error" -> model.failed(message.path("field").asText(null), message.path("message").asText());
                default -> {
                }
            }
        });
    }

    @Override
    public void onClosed(String reason) {
        ui.execute(() -> containers.stream().filter(c -> c.state().isLive() || c.state() == ContainerState.PREPARING)
                .forEach(c -> c.failed(null, "the helper stopped: " + reason)));
    }

    private static String exitText(JsonNode exited, String earlier) {
        String status = exited.has("signal") ? "killed by signal " + exited.get("signal").asInt()
                : "exited with status " + exited.get("code").asInt();
        return earlier.startsWith("OOM") ? earlier + "; " + status : status;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
