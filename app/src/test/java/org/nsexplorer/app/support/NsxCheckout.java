package org.nsexplorer.app.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.nsexplorer.app.Launcher;

/**
 * The real ./nsx in a small checkout of its own, whose build is up to date: the app's jar is
 * made here from this module's classes (the tests run before Maven packages the real one),
 * JavaFX and Monocle are copies of the build's in app/target, and ./nsx-helper runs the real one.
 * A stand-in `mvn` first on PATH writes down that the script tried to build, and fails.
 */
public final class NsxCheckout {
    public static final Path REPO = Path.of(System.getProperty("nsx.helper")).toAbsolutePath().getParent();
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    private final Path root;
    private final Path bin;

    /** What a run printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    private NsxCheckout(Path root, Path bin) {
        this.root = root;
        this.bin = bin;
    }

    /** The script, its packaging and poms, no build: enough for what ./nsx says before it builds. */
    public static NsxCheckout scriptOnly(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("nsx"));
        Files.copy(REPO.resolve("nsx"), root.resolve("nsx"));
        Path packaging = Files.createDirectories(root.resolve("packaging"));
        try (Stream<Path> scripts = Files.list(REPO.resolve("packaging"))) {
            for (Path script : scripts.toList()) {
                Files.copy(script, packaging.resolve(script.getFileName()));
            }
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.writeString(Files.createDirectories(root.resolve("app")).resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("app/src/main"));
        // The helper's words, which ./nsx watches too (the app's build copies them).
        Path words = Files.createDirectories(root.resolve("launcher-helper/src/main/resources"));
        Path icons = Files.createDirectories(root.resolve("icons")); // the window's, watched as well
        for (Path old : List.of(root.resolve("pom.xml"), root.resolve("app/pom.xml"), root.resolve("app/src/main"),
                words, icons)) {
            Files.setLastModifiedTime(old, LONG_AGO); // older than the jar: the build is up to date
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/bin/sh\ntouch \"$(dirname \"$0\")/mvn-ran\"\nexit 3\n");
        return new NsxCheckout(root, bin);
    }

    /** Adds the built app: its jar (this module's classes, its libraries beside it), JavaFX, Monocle, the helper. */
    public NsxCheckout withApp() throws Exception {
        Path target = Files.createDirectories(root.resolve("app/target"));
        for (String copied : List.of("javafx", "monocle")) {
            Path built = REPO.resolve("app/target").resolve(copied);
            if (!Files.isDirectory(built)) {
                throw new IllegalStateException(built + " is missing: the build copies it before the tests");
            }
            Path copy = Files.createDirectories(target.resolve(copied));
            try (Stream<Path> jars = Files.list(built)) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, copy.resolve(jar.getFileName()));
                }
            }
        }
        Files.copy(REPO.resolve("app/target/libnsx-app.so"), target.resolve("libnsx-app.so"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            // The app's own libraries (as the shaded jar holds them), not JavaFX nor the test tools.
            if (name.startsWith("jackson-") || name.startsWith("snakeyaml-engine-")
                    || name.startsWith("controlsfx-")) {
                Files.copy(Path.of(entry), lib.resolve(name));
                classPath.add("lib/" + name);
            }
        }
        Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.nsexplorer.app.Launcher");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jar()), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        executable(root.resolve("nsx-helper"), "#!/bin/sh\nexec '" + REPO.resolve("nsx-helper") + "' \"$@\"\n");
        return this;
    }

    public Path jar() {
        return root.resolve("app/target/nsx-app.jar");
    }

    /** The class-data-sharing archive ./nsx records or maps. */
    public Path sharedArchive() {
        return root.resolve("app/target/nsx-app.jsa");
    }

    /** Whether the script tried to build. */
    public boolean triedToBuild() {
        return Files.exists(bin.resolve("mvn-ran"));
    }

    /** Runs ./nsx ARGS with ENV (a null value removes the variable) and waits for it, at most SECONDS. */
    public Result run(Map<String, String> env, long seconds, String... args) throws Exception {
        return waitFor(start(env, args), seconds);
    }

    /** Starts ./nsx ARGS with ENV (a null value removes the variable): its output goes to the files of out() and err(). */
    public Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("nsx").toString()));
        command.addAll(List.of(args));
        return start(command, env);
    }

    /** Starts COMMAND in this checkout with ENV (a null value removes the variable). */
    public Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out().toFile()).redirectError(err().toFile());
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH")
                + File.pathSeparator + "/usr/sbin:/sbin");
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    public Path out() {
        return root.resolveSibling("stdout");
    }

    public Path err() {
        return root.resolveSibling("stderr");
    }

    public Result waitFor(Process p, long seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError(p.info().commandLine().orElse("./nsx") + " did not finish in " + seconds
                    + " s:\n" + Files.readString(err()));
        }
        return new Result(p.exitValue(), Files.readString(out()), Files.readString(err()));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
