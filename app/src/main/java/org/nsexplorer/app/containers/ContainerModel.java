package org.nsexplorer.app.containers;

import java.time.LocalTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nsexplorer.app.terminal.TerminalScreen;

/**
 * One container of the session: its name, its state and what the helper said
 * about it. Properties change on the UI thread only (the session's executor); no Nodes.
 */
public final class ContainerModel {
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
    private final Recipe recipe;
    private final ReadOnlyObjectWrapper<ContainerState> state = new ReadOnlyObjectWrapper<>(ContainerState.PREPARING);
    private final ReadOnlyStringWrapper helperId = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper hostPid = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper faultField = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Confinement> confinement = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper screenVersion = new ReadOnlyLongWrapper(0);
    private final ObservableList<String> events = FXCollections.observableArrayList();
    private final ObservableList<String> eventsShown = FXCollections.unmodifiableObservableList(events);
    private final ObservableList<ContainerEvent> timeline = FXCollections.observableArrayList();
    private final ObservableList<ContainerEvent> timelineShown = FXCollections.unmodifiableObservableList(timeline);
    private final TerminalScreen screen;

    /** What another engine made, as last found on the host; null for a container of this app. */
    private FoundContainer found;

    ContainerModel(String name, Recipe recipe) {
        this.name.set(name);
        this.recipe = recipe;
        this.screen = recipe.terminal() ? new TerminalScreen(24, 80) : null;
        this.found = null;
    }

    /** A container others made: running, read-only (no Stop, no terminal, no signal from here). */
    ContainerModel(FoundContainer found) {
        this.name.set(found.label());
        this.recipe = Recipe.classic();
        this.screen = null;
        this.found = found;
        hostPid.set(found.hostPid());
        state.set(ContainerState.RUNNING);
    }

    /** What another engine made, when this container is not one of this app's. */
    public Optional<FoundContainer> found() {
        return Optional.ofNullable(found);
    }

    /** Whether this app launched it (and may stop it, type into it, signal its processes). */
    public boolean isOurs() {
        return found == null;
    }

    /** Found again: its first process may have exec'd another command, its process count moved on. */
    void refound(FoundContainer now) {
        found = now;
        if (!name.get().equals(now.label())) {
            name.set(now.label());
        }
    }

    /** A container others made that discover no longer finds. */
    void gone() {
        moveTo(ContainerState.EXITED);
    }

    /** Its terminal's screen, when launched with one (read on the UI thread). */
    public Optional<TerminalScreen> screen() {
        return Optional.ofNullable(screen);
    }

    public boolean hasTerminal() {
        return screen != null;
    }

    /** Goes up each time the screen changed. */
    public ReadOnlyLongProperty screenVersionProperty() {
        return screenVersion.getReadOnlyProperty();
    }

    private int[] pendingSize;

    /** A size chosen before the helper knew the container: sent once it runs. */
    void pendingSize(int rows, int cols) {
        pendingSize = new int[] {rows, cols};
    }

    Optional<int[]> takePendingSize() {
        int[] size = pendingSize;
        pendingSize = null;
        return Optional.ofNullable(size);
    }

    void output(byte[] data) {
        if (screen != null) {
            screen.feed(data);
            screenVersion.set(screenVersion.get() + 1);
        }
    }

    public String name() {
        return name.get();
    }

    /** The teacher may rename a container while it runs; the views and the events follow. */
    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    void rename(String newName) {
        name.set(newName);
    }

    public Recipe recipe() {
        return recipe;
    }

    public ReadOnlyObjectProperty<ContainerState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ContainerState state() {
        return state.get();
    }

    /** The helper's container id ("c3"), once launched. */
    public ReadOnlyStringProperty helperIdProperty() {
        return helperId.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty hostPidProperty() {
        return hostPid.getReadOnlyProperty();
    }

    /** The last thing worth telling the class: an exit status, an OOM kill, a refusal. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * What was done to the container that the class should see (a process the teacher
     * signalled, or why not), oldest first. Unlike the message, the same text twice is two events.
     */
    public ObservableList<String> events() {
        return eventsShown;
    }

    /**
     * Everything worth telling the class about this container, oldest first, each with the
     * time it came: the events (signals the teacher sent) and every message (an OOM kill, how
     * it ended, a refusal). The Limits view lists the selected container's.
     */
    public ObservableList<ContainerEvent> timeline() {
        return timelineShown;
    }

    /** The recipe field a refusal names ("hostname", "memory"...), to show the message beside it. */
    public ReadOnlyStringProperty faultFieldProperty() {
        return faultField.getReadOnlyProperty();
    }

    /** What root inside can do to the host, once the helper accepted the launch (null before). */
    public ReadOnlyObjectProperty<Confinement> confinementProperty() {
        return confinement.getReadOnlyProperty();
    }

    void launched(String id, Confinement how) {
        helperId.set(id);
        confinement.set(how);
        moveTo(ContainerState.STARTING);
    }

    void started(long pid) {
        hostPid.set(pid);
        moveTo(ContainerState.RUNNING);
    }

    void stopping() {
        if (state.get().isLive()) {
            moveTo(ContainerState.STOPPING);
        }
    }

    void note(String text) {
        tell(text);
    }

    void event(String text) {
        events.add(text);
        timeline.add(new ContainerEvent(LocalTime.now(), text));
    }

    /** A new message, which is also an entry of the timeline (the message alone would lose a repeat). */
    private void tell(String text) {
        message.set(text);
        timeline.add(new ContainerEvent(LocalTime.now(), text));
    }

    private volatile int exitSignal;
    private volatile double startMillis = -1;

    /** The signal that ended its first process (0: it exited by itself, or still runs). */
    public int exitSignal() {
        return exitSignal;
    }

    /** Milliseconds from the launch request to its first process running, as this app saw them (-1: not yet). */
    public double startMillis() {
        return startMillis;
    }

    void startTook(double millis) {
        startMillis = millis;
    }

    private final AtomicBoolean firstComparisonAsked = new AtomicBoolean();

    /** True once: for whichever path of FirstComparison asks first. */
    boolean claimFirstComparison() {
        return firstComparisonAsked.compareAndSet(false, true);
    }

    void exited(String text, int signal) {
        exitSignal = signal;
        tell(text);
        moveTo(ContainerState.EXITED);
    }

    void failed(String field, String text) {
        faultField.set(field == null ? "" : field);
        tell(text);
        moveTo(ContainerState.FAILED);
    }

    private void moveTo(ContainerState target) {
        if (!state.get().next().contains(target)) {
            throw new IllegalStateException(name.get() + ": " + state.get() + " -> " + target);
        }
        state.set(target);
    }
}
