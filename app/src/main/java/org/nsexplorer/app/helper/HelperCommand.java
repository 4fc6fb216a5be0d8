package org.nsexplorer.app.helper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the app starts the privileged helper: directly when the app already runs as root,
 * else through pkexec (a graphical password prompt, polkit policy in packaging/), else
 * through sudo. The helper runs `serve`: typed JSON over its stdin and stdout.
 */
public final class HelperCommand {
    /** Where packaging/install-helper puts the helper: the path the polkit policy names. */
    public static final Path INSTALLED = Path.of("/usr/lib/nsx-explorer/nsx-helper");

    private HelperCommand() {
    }

    /**
     * The helper to start: the installed one when the app runs as a user and it is there
     * (pkexec then applies our polkit policy: one password per session) and not older than
     * the checkout's build (after a pull and a build, the old one would answer); else HELPER.
     */
    public static Path program(Path helper, boolean root, Path installed) {
        if (root || !Files.isExecutable(installed)) {
            return helper;
        }
        Path built = helper.resolveSibling("launcher-helper/target/nsx-helper.jar");
        Path copied = installed.resolveSibling("nsx-helper.jar");
        try {
            if (Files.exists(built) && (!Files.exists(copied)
                    || Files.getLastModifiedTime(copied).compareTo(Files.getLastModifiedTime(built)) < 0)) {
                return helper;
            }
        } catch (java.io.IOException e) {
            return helper;
        }
        return installed;
    }

    /**
     * @param helper the `nsx-helper` program (the repository's script, or the installed one)
     * @return the argv, or empty when none of the ways is available (see {@link #unavailableMessage})
     */
    public static Optional<List<String>> choose(Path helper, boolean root, boolean graphical) {
        if (root) {
            return Optional.of(List.of(helper.toString(), "serve"));
        }
        if (graphical && onPath("pkexec")) {
            return Optional.of(List.of("pkexec", helper.toAbsolutePath().toString(), "serve"));
        }
        if (onPath("sudo")) {
            return Optional.of(List.of("sudo", "--", helper.toAbsolutePath().toString(), "serve"));
        }
        return Optional.empty();
    }

    public static String unavailableMessage() {
        return "The helper needs root to create containers, and neither pkexec nor sudo is installed."
                + " Install one (sudo apt-get install pkexec) or start the app as root.";
    }

    public static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    public static boolean graphicalSession() {
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
