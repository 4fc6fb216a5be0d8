package org.nsexplorer.helper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the helper keeps its files: the stage program, the state directory, serve's class archive. */
public final class HelperPaths {
    private HelperPaths() {
    }

    /** The C stage: -Dnsx.stage, else nsx-stage beside the helper's jar. */
    public static Path stageBinary() {
        String configured = System.getProperty("nsx.stage");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path jar = Path.of(HelperPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.resolveSibling("nsx-stage");
        } catch (Exception e) {
            return Path.of("nsx-stage");
        }
    }

    /** Persistent state (the default rootfs): -Dnsx.stateDir, $NSX_STATE_DIR, else /var/lib/nsx-explorer. */
    public static Path stateDir() {
        String configured = System.getProperty("nsx.stateDir");
        if (configured == null) {
            configured = System.getenv("NSX_STATE_DIR");
        }
        return Path.of(configured != null && !configured.isBlank() ? configured : "/var/lib/nsx-explorer");
    }

    /**
     * The class-data-sharing archive that serve maps as the app starts it (-Dnsx.serveArchive,
     * given by ./nsx-helper and the package when it is there and current), for the benches'
     * own serve; empty when there is none.
     */
    public static Optional<Path> serveArchive() {
        String configured = System.getProperty("nsx.serveArchive");
        return configured == null || configured.isBlank() || !Files.isReadable(Path.of(configured)) ? Optional.empty()
                : Optional.of(Path.of(configured));
    }
}
