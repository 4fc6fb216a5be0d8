package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.nsexplorer.app.containers.ContainerModel;
import org.nsexplorer.app.containers.ContainerState;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The header's language menu, with the real helper: the window speaks Spanish at once, the
 * running container and the view on screen stay, and what the helper and the kernel then say
 * (a refusal, an OOM kill, a lesson's check) is said in Spanish too.
 */
class LanguageSwitchTest extends AppWindowTest {
    private void choose(Language language) {
        clickOn("#" + Ids.LANGUAGE);
        clickOn("#" + Ids.language(language));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theWindowSpeaksSpanishAtOnceAndTheContainerRunsOn() throws Exception {
        clickOn("#" + Ids.LAUNCH);
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.contains(" ⇐ "));
        ContainerModel running = mainView().selected();
        showTab("mounts");
        MainView before = mainView();

        choose(Language.SPANISH);

        assertTrue(before != mainView(), "the window's content was made again");
        assertEquals("▶ Lanzar", lookup("#" + Ids.LAUNCH).queryButton().getText());
        assertEquals(Language.SPANISH, new Settings().language(), "kept for the next start");
        assertSame(running, mainView().selected(), "the same container on screen");
        assertEquals(ContainerState.RUNNING, running.state());
        assertTrue(mainView().showing("mounts"), "the same view on screen");
        assertEquals("ES", lookup("#" + Ids.LANGUAGE).queryLabeled().getText());
        showTab("processes");
        awaitLine(Ids.CONTAINER_PROCESSES, line -> line.contains(" ⇐ ")); // the new views fill again

        // The helper's refusal, in Spanish: a hostname the kernel would take but RFC 1123 does not.
        TextField hostname = lookup("#" + Ids.HOSTNAME_FIELD).queryAs(TextField.class);
        interact(() -> hostname.setText("mal_nombre!"));
        clickOn("#" + Ids.LAUNCH);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup(".field-error").queryLabeled().isVisible());
        assertEquals("el nombre de host 'mal_nombre!' no es válido: usa letras, dígitos y guiones (RFC 1123), en"
                + " partes separadas por puntos, sin guion al principio ni al final de ninguna parte, como box-1",
                lookup(".field-error").queryLabeled().getText());
        interact(() -> hostname.setText("container"));

        // The kernel's news, in Spanish: an OOM kill in the Limits view.
        launchMemoryHogAndShowLimits();
        awaitLine(Ids.EVENTS, line -> line.contains("OOM killer: se alcanzó el límite de memoria de 32 MiB"));

        // A lesson in Spanish, its check said in Spanish; meanwhile the language stays.
        clickOn("#" + Ids.LESSONS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_LIST).tryQuery().isPresent());
        ListView<?> list = lookup("#" + Ids.LESSON_LIST).queryListView();
        interact(() -> list.getSelectionModel().select(1)); // run and child, in the index's order
        clickOn("Empezar la lección");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#" + Ids.LESSON_PANEL).tryQuery().isPresent());
        assertTrue(lookup("#" + Ids.LANGUAGE).query().isDisabled(), "no language switch while a lesson runs");
        clickOn("#" + Ids.LESSON_CHECK);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> labelsIn("#" + Ids.LESSON_RESULTS).contains("✗"));
        assertTrue(labelsIn("#" + Ids.LESSON_RESULTS).contains("uts no está en marcha"), labelsIn("#" + Ids.LESSON_RESULTS));
        clickOn("#" + Ids.LESSON_END);
        assertTrue(!lookup("#" + Ids.LANGUAGE).query().isDisabled(), "the lesson over, the language may change");

        choose(Language.ENGLISH);
        assertEquals("▶ Launch", lookup("#" + Ids.LAUNCH).queryButton().getText());
    }
}
