package org.nsexplorer.helper.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.nsexplorer.helper.words.Word;

/**
 * A launch's fields from the words a user gave them, on the command line or in a JSON
 * request: the same rules both ways. Every refusal names the field.
 */
public final class SpecParsers {
    private SpecParsers() {
    }

    /** The namespaces a comma list names ("none" for none); refuses unknown names. */
    public static Set<Namespace> parseNamespaces(String list) throws InvalidRequestException {
        return parseList(list, Namespace.class, Namespace::fromProcName, "namespaces", Word.RECIPE_NAMESPACE_UNKNOWN,
                Namespace.choices());
    }

    /** The namespaces a list names (empty for none); refuses unknown names. */
    public static Set<Namespace> parseNamespaces(List<String> names) throws InvalidRequestException {
        return parseList(names, Namespace.class, Namespace::fromProcName, "namespaces", Word.RECIPE_NAMESPACE_UNKNOWN,
                Namespace.choices());
    }

    public static Set<MountKind> parseMounts(List<String> kinds) throws InvalidRequestException {
        return parseList(kinds, MountKind.class, MountKind::fromCliName, "mounts", Word.RECIPE_MOUNT_UNKNOWN,
                MountKind.choices());
    }

    public static Set<MountKind> parseMounts(String list) throws InvalidRequestException {
        return parseList(list, MountKind.class, MountKind::fromCliName, "mounts", Word.RECIPE_MOUNT_UNKNOWN,
                MountKind.choices());
    }

    /** A comma list as the command line gives it: "none" for none. */
    private static <E extends Enum<E>> Set<E> parseList(String list, Class<E> type, Function<String, E> byName,
            String field, Word unknown, String choices) throws InvalidRequestException {
        return list.trim().equals("none") ? EnumSet.noneOf(type)
                : parseList(Arrays.asList(list.split(",", -1)), type, byName, field, unknown, choices);
    }

    /** @param unknown the refusal of an unknown name: the name, and the CHOICES */
    private static <E extends Enum<E>> Set<E> parseList(List<String> names, Class<E> type, Function<String, E> byName,
            String field, Word unknown, String choices) throws InvalidRequestException {
        Set<E> result = EnumSet.noneOf(type);
        for (String name : names) {
            try {
                result.add(byName.apply(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(field, unknown, printable(name), choices);
            }
        }
        return result;
    }

    /** A path as the user gave it; refuses what no path can hold (a NUL byte). */
    public static Path parsePath(String field, String text) throws InvalidRequestException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidRequestException(field, Word.RECIPE_NOT_A_PATH, field, printable(text), e.getReason());
        }
    }

    public static long parseMemory(String text) throws InvalidRequestException {
        if (text.trim().startsWith("-")) {
            throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_NEGATIVE, printable(text));
        }
        long bytes = SizeParser.parseBytes(text);
        if (bytes < 0) {
            throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_NOT_A_SIZE, printable(text));
        }
        return bytes;
    }

    public static double parseCpus(String text) throws InvalidRequestException {
        try {
            double cpus = Double.parseDouble(text.trim());
            if (Double.isNaN(cpus)) {
                throw new NumberFormatException();
            }
            return cpus;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cpus", Word.RECIPE_CPUS_NOT_A_NUMBER, printable(text));
        }
    }

    public static long parseWhole(String field, String text) throws InvalidRequestException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, Word.RECIPE_NOT_WHOLE, field, printable(text));
        }
    }

    public static RootSwitch parseRootSwitch(String value) throws InvalidRequestException {
        return switch (value) {
            case "pivot" -> RootSwitch.PIVOT;
            case "chroot" -> RootSwitch.CHROOT;
            default -> throw new InvalidRequestException("rootSwitch", Word.RECIPE_ROOT_SWITCH_UNKNOWN, printable(value));
        };
    }

    public static int parseUid(String value) throws InvalidRequestException {
        long uid = parseWhole("mapRoot", value);
        if (uid < 0 || uid >= 0xFFFFFFFFL) {
            throw new InvalidRequestException("mapRoot", Word.RECIPE_MAP_ROOT_NOT_A_UID, uid);
        }
        return (int) uid;
    }

    /** User text inside messages: no control characters, bounded length. */
    public static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
