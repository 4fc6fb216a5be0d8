package org.nsexplorer.helper.words;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the helper's sources name a Word (Word.RECIPE_...), read with a small tokenizer that
 * skips comments and string literals. A use given straight to a call that makes a sentence
 * (Sentence.of, a worded exception, CommandLineWords.of, replies.invalid) is counted with the
 * values that follow it in that call; other uses (a table of words, a parameter) are not.
 */
final class WordUses {
    /** The calls whose arguments after the word are its values. */
    static final Set<String> MAKERS = Set.of("Sentence.of", "CommandLineWords.of", "replies.invalid", "super",
            "new InvalidRequestException", "new BusyException", "new WordedIOException", "new UsageException");

    /** WORD named at FILE:LINE; VALUES given after it, or -1 when it is not given straight to a maker. */
    record Use(String word, Path file, int line, int values) {
        @Override
        public String toString() {
            return "Word." + word + " at " + file + ":" + line;
        }
    }

    private WordUses() {
    }

    static List<Use> in(Path sources) throws IOException {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                uses.addAll(of(file, Files.readString(file)));
            }
        }
        return uses;
    }

    /** One open bracket: the call it belongs to, its commas so far, and the words named in it. */
    private static final class Frame {
        final String callee;
        int commas;
        final List<int[]> words = new ArrayList<>(); // {index into uses, commas before the word}

        Frame(String callee) {
            this.callee = callee;
        }
    }

    static List<Use> of(Path file, String src) {
        List<Use> uses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(""));
        String previous = "";
        String current = "";
        int line = 1;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
                line += count(src, i, end);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? src.length() : end + 3;
                line += count(src, i, end);
                i = end;
                previous = current;
                current = "\"";
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                previous = current;
                current = "\"";
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < src.length() && (Character.isJavaIdentifierPart(src.charAt(j)) || src.charAt(j) == '.')) {
                    j++;
                }
                String chain = src.substring(i, j);
                if (chain.startsWith("Word.") && chain.length() > 5 && Character.isUpperCase(chain.charAt(5))
                        && chain.indexOf('.', 5) < 0) {
                    names.add(chain.substring(5));
                    lines.add(line);
                    values.add(-1);
                    frames.peek().words.add(new int[] {names.size() - 1, frames.peek().commas});
                }
                previous = current;
                current = chain;
                i = j;
            } else if (c == '(' || c == '[' || c == '{') {
                frames.push(new Frame(c != '(' ? "" : previous.equals("new") ? "new " + current : current));
                previous = "";
                current = "";
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                Frame done = frames.size() > 1 ? frames.pop() : frames.peek();
                if (MAKERS.contains(done.callee)) {
                    for (int[] w : done.words) {
                        values.set(w[0], done.commas - w[1]);
                    }
                }
                previous = "";
                current = ")";
                i++;
            } else {
                if (c == ',') {
                    frames.peek().commas++;
                }
                if (!Character.isWhitespace(c)) {
                    previous = current;
                    current = String.valueOf(c);
                }
                i++;
            }
        }
        for (int k = 0; k < names.size(); k++) {
            uses.add(new Use(names.get(k), file, lines.get(k), values.get(k)));
        }
        return uses;
    }

    private static int count(String src, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if (src.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }
}
