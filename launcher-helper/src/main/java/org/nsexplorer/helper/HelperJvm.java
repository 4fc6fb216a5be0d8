package org.nsexplorer.helper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The options the helper's JVM starts with, read from jvm.options beside this class: the file
 * ./nsx-helper and the installed wrappers hand to java (java @FILE), so that a process this
 * code starts (the bench's serve, a test's helper) runs with the same heap and compiler.
 */
public final class HelperJvm {
    private HelperJvm() {
    }

    /** The options, in the file's order; as java reads an @-file: words, "#" to the line's end a comment. */
    public static List<String> options() {
        try (InputStream in = HelperJvm.class.getResourceAsStream("jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("jvm.options is missing beside " + HelperJvm.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> Arrays.stream(line.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
