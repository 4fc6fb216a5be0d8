package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.helper.HelperConnection;
import org.nsexplorer.app.helper.HelperWords;
import org.nsexplorer.app.ui.Texts;

/**
 * The containers of this class session, kept in step with the helper's events. Every model
 * change runs on the UI executor (Platform::runLater in the app, direct in tests); nothing
 * here waits on the helper.
 */
public final class ContainerSession implements HelperConnection.Listener {
    /** Default names: animals, so that no name reads like a command ("echo" did) in a lesson's sentence. */
    private static final String[] NAMES = {"otter", "panda", "koala", "zebra", "heron", "bison", "lynx", "gecko"};
    /** A name a class can read and type: letters, digits, '-' and '_', up to 24 characters. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]{0,23}");
    private final Executor ui;
    private final ObservableList<ContainerModel> containers = FXCollections.observableArrayList();
    /** The containers others made, as the helper last found them (and those it no longer finds, ended). */
    private final ObservableList<ContainerModel> others = FXCollections.observableArrayList();
    private final Map<String, ContainerModel> byHelperId = new ConcurrentHashMap<>();
    /** Launches sent but not yet answered, by request id: the answer is matched on the reader thread,
     * in order, so the container's "started" (which follows "launched") always finds its model. */
    private final Map<String, ContainerModel> byLaunchRequest = new ConcurrentHashMap<>();
    private final Map<ContainerModel, Long> launchSent = new ConcurrentHashMap<>();
    private HelperClient helper;
    private int launched;
    private volatile BiConsumer<ContainerModel, String> onStarted = (model, helperId) -> { };

    public ContainerSession(Executor ui) {
        this.ui = ui;
    }

    /** The helper's connection: launches and events of one helper run go over the same one. */
    public void attach(HelperClient.Channel connection) {
        this.helper = new HelperClient(connection);
    }

    /**
     * Told on the helper's reader thread, with the helper's id for the container, the moment
     * a container has started: before its model changes on the UI thread, so that its first
     * snapshot need not wait for that thread.
     */
    public void setOnStarted(BiConsumer<ContainerModel, String> action) {
        this.onStarted = action;
    }

    /** Newest last; read on the UI thread. */
    public ObservableList<ContainerModel> containers() {
        return containers;
    }

    /** The containers others made (docker, lxc, an unshare...) that the helper found; read on the UI thread. */
    public ObservableList<ContainerModel> others() {
        return others;
    }

    /** Asks the helper for the containers others made; answered on the helper's reader thread. */
    public CompletableFuture<List<FoundContainer>> discover() {
        if (helper == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return helper.discover().thenApply(FoundContainer::parseList);
    }

    /**
     * Call on the UI thread with what discover found: a container found again keeps its model
     * (the views stay on it), a new one is added, one no longer found ends and leaves the list
     * unless KEEP (the one on screen) is it.
     */
    public void showFound(List<FoundContainer> found, ContainerModel keep) {
        Map<String, ContainerModel> before = new LinkedHashMap<>();
        others.forEach(m -> m.found().ifPresent(f -> before.put(f.key(), m)));
        List<ContainerModel> now = new ArrayList<>();
        for (FoundContainer f : found) {
            ContainerModel m = before.remove(f.key());
            if (m != null && m.state().isLive()) {
                m.refound(f);
                now.add(m);
            } else {
                now.add(new ContainerModel(f));
            }
        }
        for (ContainerModel m : before.values()) {
            if (m.state().isLive()) {
                m.gone();
            }
            if (m == keep) {
                now.add(m);
            }
        }
        if (!others.equals(now)) {
            others.setAll(now);
        }
    }

    /** Call on the UI thread: adds the container at once (PREPARING) and sends the launch. */
    public ContainerModel launch(Recipe recipe) {
        return launch(recipe, null);
    }

    /** Call on the UI thread: as launch(RECIPE), named NAME (a lesson's "jail") instead of the next free name. */
    public ContainerModel launch(Recipe recipe, String name) {
        int n = launched++;
        ContainerModel model = new ContainerModel(name != null ? name : nextName(), recipe);
        launchSent.put(model, System.nanoTime());
        containers.add(model);
        String requestId = "launch-" + n;
        byLaunchRequest.put(requestId, model);
        helper.launch(requestId, recipe).whenComplete((answer, error) -> {
            if (error != null && byLaunchRequest.remove(requestId) != null) {
                ui.execute(() -> model.failed(null, Texts.get("container.helperGone", error.getMessage())));
            }
        });
        return model;
    }

    /**
     * The name for a shell in the container others made called THEIRS: "web-shell" (then
     * "web-shell-2"...), or the next default name where THEIRS makes no valid one.
     */
    public String shellName(String theirs) {
        String base = theirs == null ? "" : theirs.replaceAll("[^\\p{L}\\p{N}_-]+", "-").replaceAll("^[_-]+", "");
        base = base.substring(0, Math.min(base.length(), 12)) + "-shell";
        for (int n = 1; n < 100; n++) {
            String name = n == 1 ? base : base + "-" + n;
            if (nameProblem(name, null) == null) {
                return name;
            }
        }
        return nextName();
    }

    /** The first default name no container of this session has (otter, panda..., then otter-2...). */
    public String nextName() {
        for (int round = 1; ; round++) {
            for (String base : NAMES) {
                String name = round == 1 ? base : base + "-" + round;
                if (!taken(name, null)) {
                    return name;
                }
            }
        }
    }

    /**
     * Call on the UI thread: names MODEL NAME, or says why not (a name a class cannot read,
     * or another container's), leaving it as it was.
     */
    public String rename(ContainerModel model, String name) {
        String wanted = name == null ? "" : name.strip();
        String problem = nameProblem(wanted, model);
        if (problem == null) {
            model.rename(wanted);
        }
        return problem;
    }

    /** Why NAME cannot name a container (other than EXCEPT), or null when it can. */
    public String nameProblem(String name, ContainerModel except) {
        if (!NAME.matcher(name).matches()) {
            return Texts.get("rename.bad", name);
        }
        return taken(name, except) ? Texts.get("rename.taken", name) : null;
    }

    /** The name the class knows the helper's container HELPER_ID by ("c6" is "heron"); the id itself if none. */
    public String nameOf(String helperId) {
        return containers.stream().filter(c -> helperId.equals(c.helperIdProperty().get())).map(ContainerModel::name)
                .findFirst().orElse(helperId);
    }

    private boolean taken(String name, ContainerModel except) {
        return containers.stream().anyMatch(c -> c != except && c.name().equals(name));
    }

    /** Call on the UI thread. */
    public void stop(ContainerModel model) {
        if (!model.isOurs() || !model.state().isLive() || model.state() == ContainerState.STOPPING) {
            return;
        }
        model.stopping();
        helper.stop(model.helperIdProperty().get());
    }

    /**
     * Sends SIGNAL to one process of MODEL's container, named by its host PID. The helper
     * signals it only if the container itself started it, through a pidfd (no reused PID is
     * hit). The outcome, either way, becomes one of the container's events. Completes on the
     * helper's reader thread with what was signalled, or exceptionally with a HelperRefusal
     * (the helper said no, and why), or an IOException when the helper is gone. Call on the UI
     * thread.
     */
    public CompletableFuture<SignalledProcess> signalProcess(ContainerModel model, long hostPid, int signal) {
        String helperId = model.helperIdProperty().get();
        CompletableFuture<SignalledProcess> result;
        if (helper == null) {
            result = CompletableFuture.failedFuture(new IOException(Texts.get("process.noHelper")));
        } else if (!model.isOurs()) {
            result = CompletableFuture.failedFuture(new HelperRefusal("invalid-request", "container",
                    Texts.get("found.readOnly", model.name(), model.found().orElseThrow().engineWords())));
        } else if (helperId.isEmpty() || !model.state().isLive()) {
            result = CompletableFuture.failedFuture(new HelperRefusal("invalid-request", "container",
                    Texts.get("process.notRunning", model.name())));
        } else {
            result = helper.signalProcess(helperId, hostPid, signal).thenCompose(answer -> answer.path("type").asText().equals("ok")
                    ? CompletableFuture.completedFuture(SignalledProcess.parse(answer, hostPid, signal))
                    : CompletableFuture.failedFuture(new HelperRefusal(answer.path("kind").asText(),
                            answer.path("field").asText(null), HelperWords.of(answer))));
        }
        result.whenComplete((done, error) -> ui.execute(() -> model.event(done != null
                ? Texts.get("process.signalled", SignalledProcess.signalName(signal), done.command(),
                        Long.toString(done.containerPid()), Long.toString(done.hostPid()))
                : Texts.get("process.refused", SignalledProcess.signalName(signal), Long.toString(hostPid),
                        (error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error).getMessage()))));
        return result;
    }

    /** Keystrokes for the container's terminal. */
    public void input(ContainerModel model, byte[] keys) {
        if (model.hasTerminal() && model.state().isLive() && !model.helperIdProperty().get().isEmpty()) {
            helper.input(model.helperIdProperty().get(), keys);
        }
    }

    /** The terminal's size in characters, as the window shows it. */
    public void resize(ContainerModel model, int rows, int cols) {
        if (!model.hasTerminal()) {
            return; // the helper refuses sizes for containers without a terminal
        }
        if (model.state().isLive() && !model.helperIdProperty().get().isEmpty()) {
            helper.resize(model.helperIdProperty().get(), rows, cols);
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
                case "output" -> model.output(Base64.getDecoder().decode(message.path("data").asText("")));
                case "oom" -> model.note(Texts.get("container.oom", mib(message.path("memoryLimit").asLong())));
                case "exited" -> model.exited(exitText(message), message.path("signal").asInt(0));
                case "error" -> model.failed(message.path("field").asText(null), HelperWords.of(message));
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
            ui.execute(() -> model.failed(answer.path("field").asText(null), HelperWords.of(answer)));
        }
    }

    @Override
    public void onClosed(String reason) {
        ui.execute(() -> containers.stream().filter(c -> c.state().isLive() || c.state() == ContainerState.PREPARING)
                .forEach(c -> c.failed(null, Texts.get("container.helperStopped", reason))));
    }

    private static String exitText(JsonNode exited) {
        String how = ExitWords.of(exited);
        return exited.hasNonNull("keptAs") ? Texts.get("exit.keptAs", how, exited.get("keptAs").asText()) : how;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
