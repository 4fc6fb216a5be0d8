package org.nsexplorer.app.ui;

import java.util.Locale;
import org.nsexplorer.app.containers.FoundContainer;

/** The line under the card of a container others made: its engine, image, first process and namespaces. */
final class FoundWords {
    private FoundWords() {
    }

    static String summary(FoundContainer c) {
        String image = c.image().isEmpty() ? "" : Texts.get("found.image", c.image());
        String own = c.ownNamespaces().isEmpty() ? Texts.get("found.noneOwn")
                : String.join(" ", c.ownNamespaces().stream().map(n -> n.toUpperCase(Locale.ROOT)).toList());
        return Texts.get("found.summary", c.label(), c.engineWords(), image, c.hostPid(), c.processes(), own);
    }
}
