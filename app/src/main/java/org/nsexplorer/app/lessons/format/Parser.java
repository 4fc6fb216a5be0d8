package org.nsexplorer.app.lessons.format;

/** Reads one named action or check from its value in a lesson file. */
@FunctionalInterface
public interface Parser<T> {
    T parse(YamlValue value, Scope scope) throws LessonFileException;
}
