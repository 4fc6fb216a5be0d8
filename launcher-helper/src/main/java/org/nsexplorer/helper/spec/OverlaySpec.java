package org.nsexplorer.helper.spec;

import java.util.List;
import java.util.Optional;

/**
 * Copy-on-write: the rootfs becomes the read-only base, the named layers stack on it (the
 * first listed is the top), and the container writes to an upper layer of its own, removed
 * at its end unless kept as a new layer named keepAs.
 */
public record OverlaySpec(List<String> layers, Optional<String> keepAs) {
    public OverlaySpec {
        layers = List.copyOf(layers);
    }

    public static final OverlaySpec BASE_ONLY = new OverlaySpec(List.of(), Optional.empty());
}
