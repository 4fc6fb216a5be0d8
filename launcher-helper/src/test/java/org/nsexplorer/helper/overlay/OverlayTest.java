package org.nsexplorer.helper.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.engine.Container;
import org.nsexplorer.helper.engine.ContainerListener;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.OverlaySpec;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.TreeRemoval;

/** Copy-on-write layers in real containers: the base stays as it was, each container writes its own upper. */
class OverlayTest {
    private static Path base;
    private static Engine engine;

    @BeforeAll
    static void prepare() throws Exception {
        // A private base (hard links to the built-in rootfs: cheap), in a directory whose name
        // holds what overlay mount options split on.
        Path builtIn = Helper.defaultRootfs().ensureBuilt();
        base = HelperPaths.stateDir().resolve("overlay-test/base,with:odd\\chars");
        TreeRemoval.remove(base.getParent());
        Files.createDirectories(base.getParent());
        Process cp = new ProcessBuilder("cp", "-al", builtIn.toString(), base.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
        engine = Helper.openEngine(false);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        engine.close();
        TreeRemoval.remove(base.getParent());
        for (String layer : List.of("overlay-test-app", "overlay-test-app2")) {
            TreeRemoval.remove(engine.layers().dir().resolve(layer));
        }
    }

    /** Every file of the base with its size and modification time: what a write would change. */
    private static Map<String, String> fingerprint(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.collect(Collectors.toMap(p -> tree.relativize(p).toString(), p -> {
                try {
                    return Files.size(p) + "@" + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    return "?";
                }
            }, (a, b) -> a, TreeMap::new));
        }
    }

    private static Container launch(String script, OverlaySpec overlay) throws Exception {
        Container c = engine.launch(ContainerSpec.of(List.of("/bin/sh", "-c", script)).withRootfs(base)
                .withOverlay(overlay), new ContainerListener() {
                });
        c.started().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static void awaitFile(Container c, String name) throws InterruptedException {
        Path marker = c.upperLayer().orElseThrow().resolve(name);
        for (int i = 0; i < 100 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(marker), "the container never wrote " + name);
    }

    @Test
    void changesAreListedAndTheBaseStaysUnchanged() throws Exception {
        Map<String, String> before = fingerprint(base);
        Container c = launch("mkdir -p /srv/app && echo hello > /srv/app/greeting && echo teacher:x:1000:1000::/:/bin/sh"
                + " >> /etc/passwd && rm /etc/hosts && rm -r /usr/share/terminfo && mkdir /usr/share/terminfo"
                + " && touch /usr/share/terminfo/README && touch /done && sleep 60", OverlaySpec.BASE_ONLY);
        awaitFile(c, "done");
        Map<String, LayerChange.Kind> changes = engine.changes(c, 1000).changes().stream()
                .collect(Collectors.toMap(LayerChange::path, LayerChange::kind));
        assertEquals(LayerChange.Kind.ADDED, changes.get("/srv"));
        assertEquals(LayerChange.Kind.ADDED, changes.get("/srv/app/greeting"));
        assertEquals(LayerChange.Kind.CHANGED, changes.get("/etc/passwd"));
        assertEquals(LayerChange.Kind.DELETED, changes.get("/etc/hosts"));
        assertEquals(LayerChange.Kind.REPLACED, changes.get("/usr/share/terminfo"));
        assertEquals(LayerChange.Kind.ADDED, changes.get("/usr/share/terminfo/README"), "new in a replaced directory");
        assertEquals(LayerChange.Kind.ADDED, changes.get("/done"));
        assertFalse(changes.containsKey("/etc"), "a directory copied up on the way is not itself a change");

        Path overlayDir = c.upperLayer().get().getParent();
        engine.stop(c);
        c.exited().get(10, TimeUnit.SECONDS);
        assertEquals(before, fingerprint(base), "the base layer changed");
        assertFalse(Files.exists(overlayDir), "the upper layer outlived its container");
    }

    @Test
    void twoContainersOnOneBaseDoNotSeeEachOthersChanges() throws Exception {
        Container writer = launch("echo one > /mark && sleep 60", OverlaySpec.BASE_ONLY);
        awaitFile(writer, "mark");
        HelperCli.Result other = HelperCli.run("run", "--rootfs", base.toString(), "--overlay", "--",
                "/bin/sh", "-c", "cat /mark 2>&1 || echo absent");
        assertEquals(List.of("cat: /mark: No such file or directory", "absent"), other.lines(), other.stderr());
        engine.stop(writer);
        assertFalse(Files.exists(base.resolve("mark")));
    }

    @Test
    void aKeptUpperStacksAsALayerForTheNextContainer() throws Exception {
        HelperCli.Result first = HelperCli.run("run", "--rootfs", base.toString(), "--keep-upper", "overlay-test-app",
                "--", "/bin/sh", "-c", "echo from-app > /app.txt && rm /etc/os-release");
        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stderr().contains("kept as the layer overlay-test-app"), first.stderr());
        Path layer = engine.layers().dir().resolve("overlay-test-app");
        assertEquals("from-app\n", Files.readString(layer.resolve("app.txt")));

        HelperCli.Result second = HelperCli.run("run", "--rootfs", base.toString(), "--layer", "overlay-test-app",
                "--keep-upper", "overlay-test-app2", "--", "/bin/sh", "-c",
                "cat /app.txt; ls /etc/os-release 2>/dev/null || echo deleted-below; echo two > /two.txt;"
                        + " grep -o 'lowerdir=[^,]*' /proc/self/mountinfo | head -1");
        assertEquals(0, second.exit(), second.stderr());
        assertEquals("from-app", second.lines().get(0));
        assertEquals("deleted-below", second.lines().get(1), "the app layer's whiteout hides the base's file");
        // Two lower layers, each given as a directory the stage opened without following symlinks
        // (so the comma, colon and backslash of the base's name never reach the options).
        assertTrue(second.lines().get(2).matches("lowerdir=/proc/self/fd/\\d+:/proc/self/fd/\\d+"),
                second.lines().get(2));
        assertTrue(Files.exists(engine.layers().dir().resolve("overlay-test-app2/two.txt")));
        assertTrue(Files.exists(base.resolve("etc/os-release")));
    }

    @Test
    void keepingAsAnExistingLayerIsRefusedBeforeAnythingStarts() throws Exception {
        Files.createDirectories(engine.layers().dir().resolve("overlay-test-app"));
        HelperCli.Result r = HelperCli.run("run", "--rootfs", base.toString(), "--keep-upper", "overlay-test-app",
                "--", "/bin/true");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("exists already"), r.stderr());
        HelperCli.Result missing = HelperCli.run("run", "--rootfs", base.toString(), "--layer", "no-such-layer",
                "--", "/bin/true");
        assertEquals(2, missing.exit());
        assertTrue(missing.stderr().contains("no layer named no-such-layer"), missing.stderr());
    }
}
