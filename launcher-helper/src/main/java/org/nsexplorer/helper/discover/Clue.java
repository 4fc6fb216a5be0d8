package org.nsexplorer.helper.discover;

import java.util.Optional;

/** What a cgroup path or a parent's command line says of a container: its maker, id and name where said. */
public record Clue(Maker maker, Optional<String> id, Optional<String> name) {
    static Clue of(Maker maker, String id) {
        return new Clue(maker, Optional.ofNullable(id), Optional.empty());
    }

    static Clue named(Maker maker, String id, String name) {
        return new Clue(maker, Optional.ofNullable(id), Optional.ofNullable(name));
    }
}
