package org.nsexplorer.app.lessons;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.LessonFormat;
import org.nsexplorer.app.ui.Texts;

/**
 * The lessons built into the app (resources lessons/ID.LANG.yaml, in the order of
 * lessons/index), and lessons a teacher loads from a file (untrusted).
 */
public final class LessonLibrary {
    private static final String DIR = "/org/nsexplorer/app/lessons/";

    private LessonLibrary() {
    }

    /** The built-in lessons' ids, in teaching order. */
    public static List<String> builtInIds() {
        List<String> ids = new ArrayList<>();
        for (String line : resource("index").split("\n")) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The built-in lesson ID in LANGUAGE, or in English when it has no such translation. */
    public static Lesson builtIn(String id, Locale language) throws LessonFileException {
        String text = resourceOrNull(id + "." + language.toLanguageTag() + ".yaml");
        if (text == null) {
            text = resourceOrNull(id + "." + language.getLanguage() + ".yaml");
        }
        if (text == null) {
            text = resource(id + ".en.yaml");
        }
        return LessonFormat.read(id, text, true);
    }

    public static List<Lesson> builtIns(Locale language) throws LessonFileException {
        List<Lesson> lessons = new ArrayList<>();
        for (String id : builtInIds()) {
            lessons.add(builtIn(id, language));
        }
        return lessons;
    }

    /** A teacher's lesson file: never trusted, whatever it says. */
    public static Lesson fromFile(Path file) throws IOException, LessonFileException {
        if (Files.size(file) > 256 * 1024) {
            throw new LessonFileException(0, Texts.get("lesson.error.tooLong", 256));
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return LessonFormat.read(name, Files.readString(file, StandardCharsets.UTF_8), false);
    }

    private static String resource(String name) {
        String text = resourceOrNull(name);
        if (text == null) {
            throw new IllegalStateException("missing lesson resource " + name);
        }
        return text;
    }

    private static String resourceOrNull(String name) {
        try (InputStream in = LessonLibrary.class.getResourceAsStream(DIR + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
