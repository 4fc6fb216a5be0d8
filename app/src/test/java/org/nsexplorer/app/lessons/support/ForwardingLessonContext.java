package org.nsexplorer.app.lessons.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.helper.HelperClient;

/**
 * Everything to another context: a test overrides one method to stand for a machine this
 * one is not (no busybox installed, a host renamed during the lesson).
 */
public class ForwardingLessonContext implements LessonContext {
    private final LessonContext real;

    public ForwardingLessonContext(LessonContext real) {
        this.real = real;
    }

    @Override
    public CompletableFuture<Void> launch(String name, Recipe recipe) {
        return real.launch(name, recipe);
    }

    @Override
    public CompletableFuture<Void> stop(String name) {
        return real.stop(name);
    }

    @Override
    public Optional<ContainerModel> container(String name) {
        return real.container(name);
    }

    @Override
    public CompletableFuture<Void> type(String name, String text, String until, Duration timeout) {
        return real.type(name, text, until, timeout);
    }

    @Override
    public CompletableFuture<String> screen(String name) {
        return real.screen(name);
    }

    @Override
    public CompletableFuture<JsonNode> snapshot(String name) {
        return real.snapshot(name);
    }

    @Override
    public CompletableFuture<JsonNode> hostSnapshot() {
        return real.hostSnapshot();
    }

    @Override
    public long callerUid() {
        return real.callerUid();
    }

    @Override
    public String hostnameAtStart() {
        return real.hostnameAtStart();
    }

    @Override
    public CompletableFuture<Void> signalProcess(String name, long hostPid, int signal) {
        return real.signalProcess(name, hostPid, signal);
    }

    @Override
    public HelperClient helper() {
        return real.helper();
    }

    @Override
    public void made(String rootfs) {
        real.made(rootfs);
    }

    @Override
    public Path workDir() {
        return real.workDir();
    }

    @Override
    public CompletableFuture<Long> startOnHost(List<String> argv) {
        return real.startOnHost(argv);
    }

    @Override
    public CompletableFuture<Void> ready() {
        return real.ready();
    }

    @Override
    public CompletableFuture<Long> dockerRun(String name, Path image, List<String> command) {
        return real.dockerRun(name, image, command);
    }

    @Override
    public Optional<Long> dockerPid(String name) {
        return real.dockerPid(name);
    }

    @Override
    public CompletableFuture<Void> showNextTo(String name, String other) {
        return real.showNextTo(name, other);
    }

    @Override
    public void showRootfs(String name) {
        real.showRootfs(name);
    }

    @Override
    public void show(String name, String tab) {
        real.show(name, tab);
    }
}
