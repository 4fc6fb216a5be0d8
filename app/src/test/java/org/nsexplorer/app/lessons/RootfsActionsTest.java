package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.lessons.support.OtherHelpers.waitOut;
import static org.nsexplorer.app.lessons.support.Snippets.action;
import static org.nsexplorer.app.lessons.support.Snippets.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nsexplorer.app.helper.HelperClient;
import org.nsexplorer.app.lessons.support.ForwardingLessonContext;
import org.nsexplorer.app.lessons.support.HelperLessonContext;
import org.nsexplorer.app.lessons.support.Snippets;

/**
 * make-rootfs, pack, keep-layer and launch on a stored rootfs or layer, with the checks that
 * read the store (program, image, layer), in the helper's real store under names of this test
 * run's own, all removed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootfsActionsTest {
    /** This JVM's pid: names that no other test run uses at the same time. */
    private static final String TAG = Long.toString(ProcessHandle.current().pid(), 36);
    private static final String SH_ONLY = "t-sh-" + TAG;
    private static final String REBUILT = "t-re-" + TAG;
    private static final String BUSYBOX = "t-bb-" + TAG;
    private static final String LAYER = "t-layer-" + TAG;
    private static final String NEVER_MADE = "t-nobb-" + TAG;
    private HelperLessonContext context;

    @BeforeAll
    void makeOne() throws Exception {
        context = HelperLessonContext.start(true);
        assertEquals("assembled from sh and their libraries",
                run("make-rootfs: {kind: programs, name: " + SH_ONLY + ", programs: [sh]}"));
        assertTrue(context.made().contains(SH_ONLY), context.made().toString());
    }

    @AfterAll
    void removeAll() {
        if (context != null) {
            context.close(); // removes what it noted as made
            try (HelperLessonContext check = HelperLessonContext.start(true)) {
                for (String name : new String[] {SH_ONLY, REBUILT, BUSYBOX, LAYER, NEVER_MADE}) {
                    assertFalse(stored(check, name), name + " was left behind");
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static boolean stored(HelperLessonContext in, String name) throws Exception {
        JsonNode list = in.helper().rootfsList().get(30, TimeUnit.SECONDS);
        for (String kind : new String[] {"rootfs", "layers"}) {
            for (JsonNode item : list.path(kind)) {
                if (item.path("name").asText().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String run(String actionLine, String... names) throws Exception {
        return Snippets.run(action(actionLine, names), context);
    }

    private CheckResult result(String checkLine, String... names) throws Exception {
        return Snippets.run(check(checkLine, names), context);
    }

    private static void passes(CheckResult r, String... says) {
        assertTrue(r.passed(), r.why());
        for (String s : says) {
            assertTrue(r.why().contains(s), "“" + r.why() + "” should say " + s);
        }
    }

    private static void fails(CheckResult r, String... says) {
        assertFalse(r.passed(), r.why());
        for (String s : says) {
            assertTrue(r.why().contains(s), "“" + r.why() + "” should say " + s);
        }
    }

    @Test
    void programAsksTheHelperWhetherItCanRun() throws Exception {
        passes(result("program: {rootfs: " + SH_ONLY + ", program: /bin/sh}"),
                "/bin/sh is in the rootfs " + SH_ONLY + " with all it needs");
        fails(result("program: {rootfs: " + SH_ONLY + ", program: /bin/ls}"), "/bin/ls cannot run in " + SH_ONLY + ":");
        passes(result("program: {rootfs: " + SH_ONLY + ", program: /bin/ls, present: no}"), "/bin/ls cannot run");
        fails(result("program: {rootfs: " + SH_ONLY + ", program: /bin/sh, present: no}"), "/bin/sh is in the rootfs");
        fails(result("program: {rootfs: t-none-" + TAG + ", program: /bin/sh}"), "there is no rootfs named t-none-");
    }

    @Test
    void librariesListsWhatLddListsForOneProgram() throws Exception {
        // sh on this host is dash: libc and the loader.
        passes(result("libraries: {rootfs: " + SH_ONLY + ", program: sh, includes: libc.so.6}"),
                "sh in " + SH_ONLY + " needs libc.so.6", "ld-linux");
        fails(result("libraries: {rootfs: " + SH_ONLY + ", program: sh, includes: libselinux.so.1}"),
                "sh in " + SH_ONLY + " needs libc.so.6");
        fails(result("libraries: {rootfs: " + SH_ONLY + ", program: ls, includes: libc.so.6}"),
                "lists no program ls");
        // The built-in rootfs is not one of host programs chosen by name: it records none.
        fails(result("libraries: {rootfs: default, program: sh, includes: libc.so.6}"), "lists no program sh");
    }

    @Test
    void aStoredRootfsIsUsedAsItIsUnlessRebuilt() throws Exception {
        assertEquals("assembled from sh and their libraries",
                run("make-rootfs: {kind: programs, name: " + REBUILT + ", programs: [sh]}"));
        // Made again with another recipe: the stored one is kept (a teacher prepared it before class).
        assertEquals("The rootfs " + REBUILT + " is already stored: the lesson uses it as it is.",
                run("make-rootfs: {kind: programs, name: " + REBUILT + ", programs: [sh, ls]}"));
        passes(result("program: {rootfs: " + REBUILT + ", program: /bin/ls, present: no}"));
        // rebuild: yes makes it from the new recipe.
        assertEquals("assembled from sh, ls and their libraries",
                waitOut(() -> run("make-rootfs: {kind: programs, name: " + REBUILT + ", programs: [sh, ls],"
                        + " rebuild: yes}")));
        passes(result("program: {rootfs: " + REBUILT + ", program: /bin/ls}"), "/bin/ls is in the rootfs");
        context.remove(REBUILT);
    }

    @Test
    void busyboxIsOneProgramAndItsLinks() throws Exception {
        String note = run("make-rootfs: {kind: busybox, name: " + BUSYBOX + "}");
        assertTrue(note.matches("busybox with \\d+ applet links"), note);
        passes(result("program: {rootfs: " + BUSYBOX + ", program: /bin/sh}"));
        passes(result("program: {rootfs: " + BUSYBOX + ", program: /sbin/ip}"));
        context.remove(BUSYBOX);
    }

    /** The machine as the helper would describe one without busybox-static and debootstrap. */
    private ForwardingLessonContext withoutTools() {
        return new ForwardingLessonContext(context) {
            @Override
            public HelperClient helper() {
                HelperClient.Channel real = super.helper().channel();
                return new HelperClient(new HelperClient.Channel() {
                    @Override
                    public CompletableFuture<JsonNode> request(ObjectNode request) {
                        boolean list = request.path("type").asText().equals("rootfsList");
                        return real.request(request).thenApply(answer -> list
                                ? ((ObjectNode) answer.deepCopy()).put("busybox", false).put("debootstrap", false)
                                : answer);
                    }

                    @Override
                    public void tell(ObjectNode message) {
                        real.tell(message);
                    }

                    @Override
                    public HelperClient.Job start(ObjectNode request, Consumer<JsonNode> progress) {
                        return real.start(request, progress);
                    }
                });
            }
        };
    }

    @Test
    void aMissingToolIsNamedWithItsPackageAndNothingIsMade() throws Exception {
        var bare = withoutTools();
        assertEquals("FAILED: This machine cannot make a busybox rootfs: install busybox-static (sudo apt-get install"
                + " busybox-static) and try again.", Snippets.run(action("make-rootfs: {kind: busybox, name: "
                + NEVER_MADE + "}"), bare));
        assertEquals("FAILED: This machine cannot make a debootstrap rootfs: install debootstrap (sudo apt-get"
                + " install debootstrap) and try again.", Snippets.run(action("make-rootfs: {kind: debootstrap, name: "
                + NEVER_MADE + "}"), bare));
        assertFalse(stored(context, NEVER_MADE));
        assertFalse(context.made().contains(NEVER_MADE));
        // A rootfs already stored needs no tool.
        assertEquals("The rootfs " + SH_ONLY + " is already stored: the lesson uses it as it is.",
                Snippets.run(action("make-rootfs: {kind: busybox, name: " + SH_ONLY + "}"), bare));
    }

    @Test
    void launchFindsAStoredRootfsByName() throws Exception {
        assertEquals("", run("launch: {as: stored, rootfs: " + SH_ONLY + ", namespaces: [mnt, pid], mounts: none,"
                + " command: [/bin/sh]}"));
        assertEquals("", run("type: {into: stored, text: \"echo $((3*4)); ls\"}", "stored"));
        // Its shell works, and ls is not there: it is the rootfs made of sh alone.
        passes(result("output: {in: stored, shows: \"12\"}", "stored"));
        passes(result("output: {in: stored, shows: \"ls: not found\"}", "stored"));
        assertEquals("", run("stop: stored", "stored"));
        assertEquals("FAILED: there is no stored rootfs named t-none-" + TAG + ": the lesson makes it in an earlier"
                + " step (make-rootfs), or make it in the Root filesystems tab.",
                run("launch: {as: nowhere, rootfs: t-none-" + TAG + "}"));
        assertTrue(context.container("nowhere").isEmpty());
    }

    @Test
    void packWritesAnImageTheImageCheckRecognises() throws Exception {
        for (String file : new String[] {"sh.cpio", "sh.cpio.gz", "sh.tar", "sh.tar.gz", "sh.tar.xz"}) {
            String note = waitOut(() -> run("pack: {name: " + SH_ONLY + ", file: " + file + "}"));
            String path = context.workDir().resolve(file).toString();
            assertTrue(note.matches("Packed into " + Pattern.quote(path) + ": \\d+ entries\\."), note);
            passes(result("image: " + file), path + " is a ");
        }
        passes(result("image: sh.cpio"), "is a cpio image of ");
        passes(result("image: sh.tar.gz"), "is a gzip image of ");
        // pack writes .tar and .tar.xz too: the check used to know only cpio and gzip.
        passes(result("image: sh.tar"), "is a tar image of ");
        passes(result("image: sh.tar.xz"), "is a xz image of ");
        fails(result("image: none.cpio"), "There is no image " + context.workDir().resolve("none.cpio"));
        Files.writeString(context.workDir().resolve("text.cpio"), "not an archive at all\n");
        fails(result("image: text.cpio"), "text.cpio is none of the images pack writes");
        assertTrue(waitOut(() -> run("pack: {name: t-none-" + TAG + ", file: none.cpio}")).startsWith(
                "FAILED: there is no rootfs or layer named t-none-"));
        fails(result("image: none.cpio"), "There is no image");
    }

    @Test
    void keepLayerKeepsWhatAContainerWroteAndReplacesItOnARerun() throws Exception {
        fails(result("layer: " + LAYER), "There is no layer " + LAYER);
        writeAndKeep("first", "kept-$((5*5))");
        passes(result("layer: " + LAYER), "The layer " + LAYER + " is stored in /");
        passes(result("exited: first", "first"), "its changes are the layer " + LAYER);
        assertTrue(context.made().contains(LAYER), context.made().toString());
        String first = readKept("reader");
        assertTrue(first.contains("kept-25"), first);
        // The lesson run again: its layer is replaced, not refused.
        writeAndKeep("second", "again-$((5*6))");
        passes(result("layer: " + LAYER));
        String second = readKept("reader2");
        assertTrue(second.contains("again-30") && !second.contains("kept-25"), second);
        String note = waitOut(() -> run("pack: {name: " + LAYER + ", file: app.cpio}"));
        assertTrue(note.startsWith("Packed into "), note);
        passes(result("image: app.cpio"), "cpio image");
        fails(result("layer: t-nolayer-" + TAG), "There is no layer t-nolayer-" + TAG);
    }

    @Test
    void aLayerIsNeverKeptUnderAStoredRootfsName() throws Exception {
        // The helper's rootfsRemove takes a name and removes the rootfs of that name before a layer
        // of it: keep-layer, replacing "its" layer on a re-run, used to remove the rootfs instead.
        String[] said = new String[2];
        for (int round = 0; round < 2; round++) {
            String as = "clash" + round;
            assertEquals("", run("launch: {as: " + as + ", overlay: yes}"));
            said[round] = waitOut(() -> run("keep-layer: {container: " + as + ", as: " + SH_ONLY + "}", as));
            assertEquals("", run("stop: " + as, as));
        }
        passes(result("program: {rootfs: " + SH_ONLY + ", program: /bin/sh}"));
        for (String refusal : said) {
            assertEquals("FAILED: A rootfs named " + SH_ONLY + " is stored: keep the layer under another name,"
                    + " so that the rootfs is never taken for it.", refusal);
        }
        fails(result("layer: " + SH_ONLY), "There is no layer " + SH_ONLY);
    }

    /** A copy-on-write container AS writes TEXT's output into /kept.txt, kept as LAYER when it ends. */
    private void writeAndKeep(String as, String text) throws Exception {
        assertEquals("", run("launch: {as: " + as + ", overlay: yes}"));
        assertEquals("", run("type: {into: " + as + ", text: \"echo " + text + " > /kept.txt; echo written-$((2+2))\","
                + " until: written-4}", as));
        assertEquals("", waitOut(() -> run("keep-layer: {container: " + as + ", as: " + LAYER + "}", as)));
        assertTrue(context.shown().contains(as + " layers"), context.shown().toString());
        assertEquals("", run("stop: " + as, as));
    }

    /** What a new container AS stacked on LAYER shows for cat /kept.txt. */
    private String readKept(String as) throws Exception {
        assertEquals("", run("launch: {as: " + as + ", layers: [" + LAYER + "]}"));
        assertEquals("", run("type: {into: " + as + ", text: \"cat /kept.txt\"}", as));
        String screen = context.screen(as).get();
        assertEquals("", run("stop: " + as, as));
        return screen;
    }
}
