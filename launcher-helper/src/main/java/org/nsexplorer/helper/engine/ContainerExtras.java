package org.nsexplorer.helper.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.nsexplorer.helper.network.NetworkAttachment;
import org.nsexplorer.helper.network.NetworkPlanner;
import org.nsexplorer.helper.overlay.OverlayWorkspace;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.store.Store;

/**
 * What a container has besides its cgroups: its veth pair (names and addresses; the stage
 * makes and deletes the interfaces) and its overlay directories (made here, removed here at
 * its end, or the upper kept as a layer).
 */
final class ContainerExtras {
    static final ContainerExtras NONE = new ContainerExtras(Optional.empty(), Optional.empty(), Optional.empty());

    private final Optional<NetworkAttachment> network;
    private final Optional<OverlayWorkspace> overlay;
    private volatile Optional<String> keepAs;

    private ContainerExtras(Optional<NetworkAttachment> network, Optional<OverlayWorkspace> overlay,
            Optional<String> keepAs) {
        this.network = network;
        this.overlay = overlay;
        this.keepAs = keepAs;
    }

    /** Plans the network and makes the overlay directories; on failure nothing is left. */
    static ContainerExtras prepare(ValidatedSpec spec, String name, NetworkPlanner planner, long stagePid,
            Path stateDir) throws IOException {
        if (!spec.network().hasVeth() && spec.overlay().isEmpty()) {
            return NONE;
        }
        Optional<NetworkAttachment> network = spec.network().hasVeth()
                ? Optional.of(planner.plan(spec.network(), stagePid)) : Optional.empty();
        try {
            Optional<OverlayWorkspace> overlay = spec.overlay().isPresent()
                    ? Optional.of(OverlayWorkspace.create(stateDir, name)) : Optional.empty();
            return new ContainerExtras(network, overlay, spec.overlay().flatMap(ValidatedSpec.Overlay::keepAs));
        } catch (IOException | RuntimeException e) {
            network.ifPresent(planner::release);
            throw e;
        }
    }

    Optional<NetworkAttachment> network() {
        return network;
    }

    Optional<OverlayWorkspace> overlay() {
        return overlay;
    }

    Optional<String> keepAs() {
        return keepAs;
    }

    void keepAs(String layerName) {
        keepAs = Optional.of(layerName);
    }

    /**
     * After the container's end (or a failed launch): frees the addresses, and keeps the
     * upper as a layer when asked and the container ran to its end (ENDED), else removes it.
     */
    void release(NetworkPlanner planner, Store layers, boolean ended) {
        if (!ended) {
            keepAs = Optional.empty();
        }
        network.ifPresent(planner::release);
        if (overlay.isPresent()) {
            try {
                Optional<Path> target = keepAs.isPresent() ? Optional.of(layers.pathFor(keepAs.get()))
                        : Optional.empty();
                // The name it really got, for whoever reports it (NAME-2 when NAME was taken meanwhile; none if lost).
                keepAs = overlay.get().finish(target).map(kept -> kept.getFileName().toString());
            } catch (IOException e) {
                keepAs = Optional.empty();
                System.err.println("nsx-helper: the overlay of " + overlay.get().dir() + " was not kept: "
                        + e.getMessage());
            }
        }
    }
}
