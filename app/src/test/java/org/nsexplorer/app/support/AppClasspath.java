package org.nsexplorer.app.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This module's classes, the jars a probe JVM needs without JavaFX (Jackson) and the app's
 * native library, copied where a test user can read them: the Maven repository is under
 * root's home (0700).
 */
public final class AppClasspath {
    private static final String NATIVE = "libnsx-app.so";

    private AppClasspath() {
    }

    /** Copies into DIR (made readable by all) and returns the class path; see {@link #nativeOption}. */
    public static String readableCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Path.of(System.getProperty("nsx.native")), dir.resolve(NATIVE), StandardCopyOption.REPLACE_EXISTING);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            String name = source.getFileName().toString();
            if (Files.isDirectory(source)) {
                Path copy = dir.resolve("dir" + entries.size());
                copyTree(source, copy);
                entries.add(copy.toString());
            } else if (name.startsWith("jackson-")) {
                entries.add(Files.copy(source, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING).toString());
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The JVM option that gives a probe the copy of the app's native library in DIR. */
    public static String nativeOption(Path dir) {
        return "-Dnsx.native=" + dir.resolve(NATIVE);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
