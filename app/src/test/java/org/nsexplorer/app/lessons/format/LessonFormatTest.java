package org.nsexplorer.app.lessons.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.lessons.Lesson;
import org.nsexplorer.app.lessons.LessonLibrary;
import org.nsexplorer.app.lessons.Step;
import org.nsexplorer.app.lessons.actions.LaunchAction;

/** The lesson file format: what it reads, and every refusal naming the line at fault. */
class LessonFormatTest {
    private static final String GOOD = """
            lesson: Two processes
            walkthrough: test
            steps:
              - say: Launch it.
                show: processes
                predict:
                  ask: How many?
                  answers: ["Two: sh and ps", Every one]
                  right: 1
                do:
                  - launch: {as: box, namespaces: [mnt, pid], mounts: [proc]}
                  - type: {into: box, text: ps}
                check:
                  - processes: {in: box, atMost: 2}
              - say: Look at it.
                check:
                  - pid-one: {in: box, command: sh}
            """;

    @Test
    void readsStepsPredictionsActionsAndChecks() throws Exception {
        Lesson lesson = LessonFormat.read("two", GOOD, false);
        assertEquals("Two processes", lesson.title());
        assertFalse(lesson.trusted());
        assertEquals(2, lesson.steps().size());
        Step first = lesson.steps().get(0);
        assertEquals("processes", first.show());
        assertEquals("Two: sh and ps", first.prediction().answers().get(0));
        assertEquals(0, first.prediction().right());
        assertEquals(2, first.actions().size());
        LaunchAction launch = (LaunchAction) first.actions().get(0);
        assertEquals(Set.of(Namespace.MNT, Namespace.PID), launch.recipe().namespaces());
        assertEquals(Set.of("proc"), launch.recipe().mounts());
        assertEquals(1, first.checks().size());
        assertEquals(4, first.line());
        assertEquals(15, lesson.steps().get(1).line());
    }

    @Test
    void everyBuiltInLessonLoadsAndIsTrusted() throws Exception {
        var ids = LessonLibrary.builtInIds();
        assertTrue(ids.size() >= 6, "at least the six lessons of the walkthroughs: " + ids);
        for (String id : ids) {
            Lesson lesson = LessonLibrary.builtIn(id, Locale.ENGLISH);
            assertTrue(lesson.trusted(), id);
            assertFalse(lesson.departs().isEmpty(), id + " says where it departs from its walkthrough");
            assertTrue(lesson.steps().stream().allMatch(s -> !s.checks().isEmpty() || s.actions().isEmpty()),
                    id + ": every step that does something checks it");
        }
    }

    /**
     * Each lesson in Spanish and Brazilian Portuguese from a file of its own, doing and checking
     * exactly what the English does (same steps, views, actions, checks and right answers):
     * only the words a class reads differ.
     */
    @Test
    void everyBuiltInLessonIsTranslatedAndDoesWhatTheEnglishDoes() throws Exception {
        for (String id : LessonLibrary.builtInIds()) {
            Lesson english = LessonLibrary.builtIn(id, Locale.ENGLISH);
            for (Locale language : List.of(Locale.forLanguageTag("es"), Locale.forLanguageTag("pt-BR"))) {
                Lesson translated = LessonLibrary.builtIn(id, language);
                String where = id + " in " + language;
                assertNotEquals(english.title(), translated.title(), where + " has a title of its own");
                assertNotEquals(english.departs(), translated.departs(), where);
                assertEquals(english.steps().size(), translated.steps().size(), where + ": steps");
                for (int i = 0; i < english.steps().size(); i++) {
                    var en = english.steps().get(i);
                    var tr = translated.steps().get(i);
                    String step = where + " step " + (i + 1);
                    assertNotEquals(en.say(), tr.say(), step + " says it in its language");
                    assertEquals(en.show(), tr.show(), step);
                    assertEquals(en.actions(), tr.actions(), step + ": what it does");
                    assertEquals(en.checks(), tr.checks(), step + ": what it checks");
                    assertEquals(en.prediction() == null, tr.prediction() == null, step);
                    if (en.prediction() != null) {
                        assertEquals(en.prediction().answers().size(), tr.prediction().answers().size(), step);
                        assertEquals(en.prediction().right(), tr.prediction().right(), step);
                    }
                }
            }
        }
    }

    @Test
    void anUnknownCheckIsRefusedWithItsLine() {
        var e = refused(GOOD.replace("pid-one:", "pid-two:"));
        assertEquals(17, e.line());
        assertTrue(e.getMessage().contains("pid-two") && e.getMessage().contains("pid-one"), e.getMessage());
    }

    @Test
    void anUnknownActionIsRefusedWithItsLine() {
        var e = refused(GOOD.replace("- type:", "- typo:"));
        assertEquals(12, e.line());
        assertTrue(e.getMessage().contains("typo"), e.getMessage());
    }

    @Test
    void aMisspeltKeyIsRefusedNotIgnored() {
        var e = refused(GOOD.replace("atMost: 2", "atMots: 2"));
        assertEquals(14, e.line());
        assertTrue(e.getMessage().contains("atMots") && e.getMessage().contains("atMost"), e.getMessage());
        assertEquals(2, refused(GOOD.replace("walkthrough: test", "walktrough: test")).line());
    }

    @Test
    void aContainerNoStepLaunchedIsRefused() {
        var e = refused(GOOD.replace("{in: box, command: sh}", "{in: bxo, command: sh}"));
        assertEquals(17, e.line());
        assertTrue(e.getMessage().contains("bxo") && e.getMessage().contains("box"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheirLine() {
        assertEquals(11, refused(GOOD.replace("[mnt, pid]", "[mnt, pdi]")).line());
        assertEquals(9, refused(GOOD.replace("right: 1", "right: 3")).line());
        assertEquals(9, refused(GOOD.replace("right: 1", "right: first")).line());
        assertEquals(5, refused(GOOD.replace("show: processes", "show: everything")).line());
        assertEquals(12, refused(GOOD.replace("text: ps}", "text: \"ps\\nls\"}")).line());
    }

    @Test
    void brokenYamlIsRefusedWithItsLine() {
        var e = refused(GOOD.replace("  - say: Look at it.", "  - say: [Look at it."));
        assertTrue(e.line() >= 15, "line " + e.line());
        assertTrue(e.getMessage().contains("YAML"), e.getMessage());
    }

    @Test
    void aValueWithAColonMustBeQuoted() {
        var e = refused(GOOD.replace("\"Two: sh and ps\"", "Two: sh and ps"));
        assertEquals(8, e.line());
        assertTrue(e.getMessage().contains("quotes"), e.getMessage());
    }

    @Test
    void aliasesCannotBlowAFileUp() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nlesson: x\nsteps: []\n";
        assertThrows(LessonFileException.class, () -> LessonFormat.read("bomb", bomb, false));
    }

    @Test
    void aHostSideActionIsMarkedSo() throws Exception {
        Lesson lesson = LessonFormat.read("host", """
                lesson: host
                steps:
                  - say: Start a process on the host.
                    do:
                      - host-start: [/bin/sleep, "60"]
                """, false);
        assertEquals(1, lesson.steps().get(0).hostSideActions().size());
        assertTrue(lesson.steps().get(0).hostSideActions().get(0).describe().contains("/bin/sleep 60"));
        assertEquals(5, refused("lesson: x\nsteps:\n  - say: y\n    do:\n      - host-start: [sleep, \"60\"]\n")
                .line());
    }

    /** docker-run is a host-side action; its name is Docker's; only a container it started is Docker's to check. */
    @Test
    void theDockerVocabularyNamesOnlyWhatDockerRunStarted() throws Exception {
        String docker = """
                lesson: docker
                steps:
                  - say: ours
                    do:
                      - launch: {as: box}
                  - say: theirs
                    do:
                      - docker-run: {name: web, image: busybox.tar}
                      - next-to: {container: box, docker: web}
                    check:
                      - docker: {name: web, own: [pid], host: [user]}
                """;
        Lesson lesson = LessonFormat.read("docker", docker, false);
        assertEquals(1, lesson.steps().get(1).hostSideActions().size());
        assertTrue(lesson.steps().get(1).hostSideActions().get(0).describe().contains("docker run --interactive --rm "
                + "--name web"), lesson.steps().get(1).hostSideActions().get(0).describe());
        assertEquals(8, refused(docker.replace("name: web, image", "name: Web!, image")).line());
        assertEquals(8, refused(docker.replace("name: web, image", "name: web-, image")).line());
        var twice = refused(docker.replace("      - next-to: {container: box, docker: web}",
                "      - docker-run: {name: web, image: busybox.tar}"));
        assertEquals(9, twice.line());
        assertTrue(twice.getMessage().contains("another name"), twice.getMessage());
        var e = refused(docker.replace("{container: box, docker: web}", "{container: box, docker: box}"));
        assertEquals(9, e.line());
        assertTrue(e.getMessage().contains("so far: web"), e.getMessage());
        assertEquals(11, refused(docker.replace("{name: web, own", "{name: wbe, own")).line());
        assertEquals(11, refused(docker.replace("own: [pid]", "own: [pdi]")).line());
        assertEquals(8, refused(docker.replace("image: busybox.tar}", "image: busybox.tar, command: [sh]}")).line());
        assertEquals(8, refused(docker.replace("image: busybox.tar}", "image: busybox.cpio}")).line());
        // docker-exec: a shell in Docker's web, named for the steps after it; only in what docker-run started.
        String exec = docker + """
                  - say: inside theirs
                    do:
                      - docker-exec: {as: inweb, docker: web}
                      - type: {into: inweb, text: hostname}
                    check:
                      - hostname: {in: inweb, is: web}
                """;
        assertTrue(LessonFormat.read("docker", exec, false).steps().get(2).actions().get(0).describe()
                .contains("docker exec -it web sh"));
        assertEquals(14, refused(exec.replace("{as: inweb, docker: web}", "{as: inweb, docker: box}")).line());
        assertEquals(14, refused(exec.replace("{as: inweb, docker: web}", "{as: In Web, docker: web}")).line());
        assertEquals(14, refused(exec.replace("{as: inweb, docker: web}", "{as: inweb}")).line());
        assertEquals(8, refused(docker.replace("image: busybox.tar}", "image: ../busybox.tar}")).line());
    }

    private static LessonFileException refused(String text) {
        return assertThrows(LessonFileException.class, () -> LessonFormat.read("t", text, false));
    }
}
