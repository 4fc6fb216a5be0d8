package org.nsexplorer.app.helper;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.nsexplorer.app.ui.Texts;

/**
 * How the app starts the privileged helper: directly when the app already runs as root;
 * through pkexec (a graphical password prompt, polkit policy in packaging/) only for the
 * installed helper, which root owns; else through sudo. The helper runs `serve`: typed JSON
 * over its stdin and stdout.
 *
 * <p>pkexec never runs the checkout's ./nsx-helper: the user can edit that script, and an
 * administrator's password typed into the dialog would run whatever it has become as root
 * (issue 9). sudo runs it for someone whom sudo already lets run anything as root.
 */
public final class HelperCommand {
    /** Where packaging/install-helper puts the helper: the path the polkit policy names. */
    public static final Path INSTALLED = Path.of("/usr/lib/nsx-explorer/nsx-helper");
    /** What the installed wrapper runs as root, next to it: these must be root's alone too. */
    private static final List<String> INSTALLED_FILES = List.of("nsx-helper", "nsx-helper.jar", "nsx-stage");

    private HelperCommand() {
    }

    /** What the choice depends on in the app's process. */
    record Session(boolean root, boolean graphical, boolean terminal) {
        static Session current(boolean root, boolean graphical) {
            return new Session(root, graphical, hasTerminal());
        }
    }

    /**
     * The helper to start: the installed one when the app runs as a user and it is there,
     * root's alone (pkexec then applies our polkit policy: one password per session) and not
     * older than the checkout's build (after a pull and a build, the old one would answer);
     * else HELPER.
     */
    public static Path program(Path helper, boolean root, Path installed) {
        if (root || !Files.isExecutable(installed) || !rootsAlone(installed)) {
            return helper;
        }
        Path built = helper.resolveSibling("launcher-helper/target/nsx-helper.jar");
        Path copied = installed.resolveSibling("nsx-helper.jar");
        try {
            if (Files.exists(built) && (!Files.exists(copied)
                    || Files.getLastModifiedTime(copied).compareTo(Files.getLastModifiedTime(built)) < 0)) {
                return helper;
            }
        } catch (IOException e) {
            return helper;
        }
        return installed;
    }

    /**
     * @param helper the `nsx-helper` program (the repository's script, or the installed one)
     * @return the argv, or empty when none of the ways is available (see {@link #unavailableMessage})
     */
    public static Optional<List<String>> choose(Path helper, boolean root, boolean graphical) {
        return choose(helper, Session.current(root, graphical), INSTALLED, HelperCommand::onPath);
    }

    static Optional<List<String>> choose(Path helper, Session session, Path installed, Predicate<String> onPath) {
        if (session.root()) {
            return Optional.of(List.of(helper.toString(), "serve"));
        }
        String program = helper.toAbsolutePath().normalize().toString();
        if (session.graphical() && onPath.test("pkexec") && helper.equals(installed) && rootsAlone(installed)) {
            return Optional.of(List.of("pkexec", program, "serve"));
        }
        if (onPath.test("sudo")) {
            // Without a terminal sudo has nowhere to ask for a password: -n makes it say so at once.
            return Optional.of(session.terminal() ? List.of("sudo", "--", program, "serve")
                    : List.of("sudo", "-n", "--", program, "serve"));
        }
        return Optional.empty();
    }

    public static String unavailableMessage() {
        return Texts.get("status.noWayToRoot");
    }

    /**
     * What the window says when COMMAND ended before the helper said hello, having said
     * FAILURE: what to do is added where the command explains it (sudo without a terminal).
     */
    static String notStartedMessage(List<String> command, String failure) {
        if (command.size() > 1 && command.get(0).equals("sudo") && command.get(1).equals("-n")) {
            return Texts.get("status.sudoWithoutTerminal", failure);
        }
        return failure;
    }

    public static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    public static boolean graphicalSession() {
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    /** Whether this process has a controlling terminal, where sudo would ask for the password. */
    static boolean hasTerminal() {
        try (RandomAccessFile tty = new RandomAccessFile("/dev/tty", "rw")) {
            return true;
        } catch (IOException e) {
            return false; // ENXIO: no controlling terminal
        }
    }

    /**
     * Whether the installed wrapper beside INSTALLED and what it runs belong to root and only
     * root can change them, up to /: pkexec runs them as root after an administrator's password.
     */
    static boolean rootsAlone(Path installed) {
        try {
            Path dir = installed.toRealPath().getParent();
            for (String name : INSTALLED_FILES) {
                if (!ownedAndWritableByRootOnly(dir.resolve(name))) {
                    return false;
                }
            }
            for (Path p = dir; p != null; p = p.getParent()) {
                if (!ownedAndWritableByRootOnly(p)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean ownedAndWritableByRootOnly(Path path) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == 0
                && !mode.contains(PosixFilePermission.GROUP_WRITE) && !mode.contains(PosixFilePermission.OTHERS_WRITE);
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
