package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A new container's first comparison is asked for once, as soon as it is both shown and
 * running, whichever of "started" and the selection comes first.
 */
class FirstComparisonTest {
    private final AtomicReference<ContainerModel> shown = new AtomicReference<>();
    private final List<String> asked = new ArrayList<>();
    private final FirstComparison first = new FirstComparison(shown::get,
            (model, helperId) -> asked.add(model.name() + " " + helperId));
    private final ContainerModel web = new ContainerModel("web", Recipe.classic());

    @Test
    void selectedThenStartedAsksAtStartedAndNotAgainAsItRuns() {
        shown.set(web);
        first.selectedBeforeRunning(web);
        web.launched("c1", null);
        first.started(web, "c1");
        web.started(42);
        assertEquals(List.of("web c1"), asked);
    }

    @Test
    void startedBeforeItIsSelectedAsksAsItTurnsRunning() {
        // Launch sent its request; the helper's "started" came before the selection.
        shown.set(new ContainerModel("db", Recipe.classic()));
        web.launched("c1", null);
        first.started(web, "c1");
        assertEquals(List.of(), asked, "not shown yet: nothing to ask for");
        shown.set(web);
        first.selectedBeforeRunning(web);
        web.started(42);
        assertEquals(List.of("web c1"), asked);
    }

    @Test
    void aContainerNoLongerShownOrThatFailedIsNotAskedFor() {
        shown.set(web);
        first.selectedBeforeRunning(web);
        web.launched("c1", null);
        shown.set(new ContainerModel("db", Recipe.classic()));
        web.started(42);

        ContainerModel broken = new ContainerModel("broken", Recipe.classic());
        shown.set(broken);
        first.selectedBeforeRunning(broken);
        broken.failed("rootfs", "no such directory");
        assertEquals(List.of(), asked);
    }
}
