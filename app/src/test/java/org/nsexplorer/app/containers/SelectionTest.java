package org.nsexplorer.app.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the views follow: the selected container's name and state, and each container while it is selected. */
class SelectionTest {
    @Test
    void theNameAndStateAreTheSelectedContainersAsTheyChange() {
        Selection selection = new Selection();
        assertNull(selection.nameProperty().get());
        assertNull(selection.stateProperty().get());
        ContainerModel web = new ContainerModel("web", Recipe.classic());
        ContainerModel db = new ContainerModel("db", Recipe.classic());
        selection.select(web);
        assertEquals("web", selection.nameProperty().get());
        assertEquals(ContainerState.PREPARING, selection.stateProperty().get());
        web.rename("shop");
        web.launched("c1", null);
        assertEquals("shop", selection.nameProperty().get());
        assertEquals(ContainerState.STARTING, selection.stateProperty().get());
        selection.select(db);
        web.rename("ignored");
        assertEquals("db", selection.nameProperty().get());
        assertEquals(ContainerState.PREPARING, selection.stateProperty().get());
        selection.clear();
        assertNull(selection.nameProperty().get());
        assertNull(selection.get());
    }

    @Test
    void aFollowerHasEachContainerWhileItIsSelectedAndLetsGoOfIt() {
        Selection selection = new Selection();
        ContainerModel web = new ContainerModel("web", Recipe.classic());
        ContainerModel db = new ContainerModel("db", Recipe.classic());
        selection.select(web);
        List<String> seen = new ArrayList<>();
        selection.follow(model -> {
            seen.add("+" + model.name());
            return () -> seen.add("-" + model.name());
        });
        selection.select(db);
        selection.select(db);
        selection.clear();
        assertEquals(List.of("+web", "-web", "+db", "-db"), seen);
    }
}
