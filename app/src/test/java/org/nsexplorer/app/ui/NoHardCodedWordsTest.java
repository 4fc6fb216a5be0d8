package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No word a class reads is written in the Java code, where no translation reaches it: a
 * string literal with a word in it, handed to a label, button, tooltip, dialog, prompt, menu
 * item or status, is a finding. Kernel words and command lines are the explicit exceptions.
 */
class NoHardCodedWordsTest {
    /** Where text reaches the screen: the literal is the call's first (or only) text argument. */
    private static final Pattern SHOWN = Pattern.compile("(?:setText|setTitle|setHeaderText|setContentText"
            + "|setPromptText|setStatus|showOutcome|new (?:Label|Button|CheckBox|RadioButton|ToggleButton|Tooltip"
            + "|MenuItem|RadioMenuItem|Text))\\(\\s*\"([^\"]*)\"");
    /** Literals that are the kernel's or a program's own words, the same in every language. */
    private static final Set<String> KERNEL_WORDS = Set.of("pivot_root", "nsenter -t ");
    /** Code that only a developer runs: the screenshot tour types into the window as a teacher would. */
    private static final Set<String> NOT_SHOWN = Set.of("ScreenshotTour.java", "AppBench.java");

    @Test
    void everyShownWordComesFromTheBundles() throws IOException {
        List<String> found = new ArrayList<>();
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from the app module");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (NOT_SHOWN.contains(file.getFileName().toString())) {
                    continue;
                }
                String code = Files.readString(file);
                Matcher m = SHOWN.matcher(code);
                while (m.find()) {
                    String literal = m.group(1);
                    if (literal.matches(".*\\p{L}{2,}.*") && !KERNEL_WORDS.contains(literal)) {
                        found.add(sources.relativize(file) + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertEquals("", String.join("\n", found), "words in the code instead of the bundles");
    }

    @Test
    void theScanFindsAWordWhereOneIs() {
        Matcher m = SHOWN.matcher("label.setText(\"Container stopped\");");
        assertTrue(m.find() && m.group(1).equals("Container stopped"));
    }
}
