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
 * This module's classes and the jars a probe JVM needs without JavaFX (Jackson, JNA), copied
 * where a test user can read them: the Maven repository is under root's home (0700).
 */
public final class AppClasspath {
    private AppClasspath() {
    }

    /** Copies into DIR (made readable by all) and returns the class path. */
    public static String readableCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            String name = source.getFileName().toString();
            if (Files.isDirectory(source)) {
                Path copy = dir.resolve("dir" + entries.size());
                copyTree(source, copy);
                entries.add(copy.toString());
            } else if (name.startsWith("jackson-") || name.startsWith("jna-")) {
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
