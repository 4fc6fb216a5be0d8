package org.nsexplorer.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nsexplorer.app.ui.Texts;

/**
 * The mounts of both sides, compared by what they show rather than where: by device
 * (mountinfo's major:minor) and root (the directory of that file system mounted there). A
 * container's mount whose files the host has mounted too (its rootfs directory, the host's
 * /dev/null bound in) is the host's, at whatever path; one of its own (its proc, its tmpfs) is
 * marked. The masks the stage puts over /proc and /sys are one line each, that says why.
 */
public final class MountComparison {
    /** The part of a mount the comparison needs, from the helper's JSON. */
    public record Mount(String target, String fstype, String source, String options, String device, String root) {
        public static Mount of(JsonNode m) {
            return new Mount(m.path("target").asText(), m.path("fstype").asText(), m.path("source").asText(),
                    m.path("options").asText(), m.path("device").asText(), m.path("root").asText());
        }

        boolean readOnly() {
            return Arrays.asList(options.split(",")).contains("ro");
        }

        /** Whether this mount shows all the files of OTHER (same device, other's root at or below ours). */
        boolean covers(Mount other) {
            return device.equals(other.device) && within(other.root, root);
        }
    }

    /** The directories whose masks are grouped, each with the words that say what the masks keep away. */
    private static final List<String> MASKED_DIRECTORIES = List.of("/proc", "/sys");

    private MountComparison() {
    }

    public static List<Mount> mounts(JsonNode list) {
        List<Mount> mounts = new ArrayList<>();
        list.forEach(m -> mounts.add(Mount.of(m)));
        return mounts;
    }

    /** The host's mounts; marked: those whose files no mount of the container shows (all of them). */
    public static List<CompareSnapshot.Item> hostItems(List<Mount> host, List<Mount> container) {
        List<CompareSnapshot.Item> items = new ArrayList<>();
        for (Mount h : host) {
            boolean inContainer = container.stream().anyMatch(c -> c.covers(h));
            items.add(new CompareSnapshot.Item(text(h), !inContainer, detail(h)));
        }
        return List.copyOf(items);
    }

    /**
     * The container's mounts; marked: those that are its own (no mount of the host shows
     * these files). Each from the host says where the host has its files.
     */
    public static List<CompareSnapshot.Item> containerItems(List<Mount> container, List<Mount> host) {
        List<CompareSnapshot.Item> items = new ArrayList<>();
        List<List<Mount>> masks = new ArrayList<>();
        MASKED_DIRECTORIES.forEach(d -> masks.add(new ArrayList<>()));
        int[] maskLine = new int[MASKED_DIRECTORIES.size()];
        for (Mount c : container) {
            Mount from = closestCovering(host, c);
            int masked = maskedDirectory(c, from);
            if (masked >= 0) {
                if (masks.get(masked).isEmpty()) {
                    maskLine[masked] = items.size();
                    items.add(null); // the group's line, written once all its mounts are known
                }
                masks.get(masked).add(c);
            } else if (from == null) {
                items.add(new CompareSnapshot.Item(text(c), true, detail(c)));
            } else {
                items.add(new CompareSnapshot.Item(Texts.get("view.mount.fromHost", c.target(), c.fstype(),
                        hostPath(from, c)), false, detail(c)));
            }
        }
        for (int i = 0; i < MASKED_DIRECTORIES.size(); i++) {
            if (!masks.get(i).isEmpty()) {
                items.set(maskLine[i], group(MASKED_DIRECTORIES.get(i), masks.get(i)));
            }
        }
        return List.copyOf(items);
    }

    /**
     * The host mount whose path shows C's files: of those that cover them, one whose path for
     * them no other host mount hides (/var/www/site is not the disk's when /var is another
     * file system), then the deepest root (a bind of /var/www rather than the whole disk).
     */
    private static Mount closestCovering(List<Mount> host, Mount c) {
        Mount best = null;
        boolean bestHidden = true;
        for (Mount h : host) {
            if (!h.covers(c)) {
                continue;
            }
            boolean hidden = hiddenOnHost(host, h, hostPath(h, c));
            if (best == null || bestHidden && !hidden
                    || hidden == bestHidden && h.root().length() >= best.root().length()) {
                best = h;
                bestHidden = hidden;
            }
        }
        return best;
    }

    /** Whether another host mount, below FROM's mount point, sits over PATH (or one of its parents). */
    private static boolean hiddenOnHost(List<Mount> host, Mount from, String path) {
        return host.stream().anyMatch(m -> m != from && m.target().length() > from.target().length()
                && within(m.target(), from.target()) && within(path, m.target()));
    }

    /**
     * Which of MASKED_DIRECTORIES C masks a path of, or -1: a mount below one of them that
     * is read-only and the container's own (a bind of its proc made read-only, an empty
     * read-only tmpfs) or a file put in a path's place (/dev/null bound over it).
     */
    private static int maskedDirectory(Mount c, Mount fromHost) {
        for (int i = 0; i < MASKED_DIRECTORIES.size(); i++) {
            if (c.target().startsWith(MASKED_DIRECTORIES.get(i) + "/")
                    && (c.readOnly() && fromHost == null || c.root().endsWith("/null"))) {
                return i;
            }
        }
        return -1;
    }

    private static CompareSnapshot.Item group(String directory, List<Mount> masks) {
        List<String> readOnly = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (Mount m : masks) {
            // A bind of the same proc or sys made read-only still shows the files; the rest hide them.
            boolean stillShown = m.readOnly() && (m.fstype().equals("proc") || m.fstype().equals("sysfs"));
            (stillShown ? readOnly : hidden).add(m.target());
        }
        String key = "view.mount.masked" + directory.replace('/', '.');
        StringBuilder detail = new StringBuilder();
        if (!readOnly.isEmpty()) {
            detail.append(Texts.get("view.mount.masked.readOnly", String.join(", ", readOnly)));
        }
        if (!hidden.isEmpty()) {
            detail.append(detail.length() == 0 ? "" : " ").append(Texts.get("view.mount.masked.hidden",
                    String.join(", ", hidden)));
        }
        return new CompareSnapshot.Item(Texts.get(key, masks.size()), true, detail.toString());
    }

    /** Where the host has the files that C shows: the host mount FROM's path, and C's root below FROM's. */
    static String hostPath(Mount from, Mount c) {
        String below = c.root().substring(from.root().equals("/") ? 0 : from.root().length());
        if (below.isEmpty() || below.equals("/")) {
            return from.target();
        }
        return from.target().equals("/") ? below : from.target() + below;
    }

    /** PATH is DIRECTORY or below it, comparing whole names (/proc/sys is below /proc, /procs is not). */
    static boolean within(String path, String directory) {
        return directory.equals("/") || path.equals(directory) || path.startsWith(directory + "/");
    }

    private static String text(Mount m) {
        return m.source().startsWith("/") ? Texts.get("view.mount.fromDevice", m.target(), m.fstype(), m.source())
                : Texts.get("view.mount", m.target(), m.fstype());
    }

    private static String detail(Mount m) {
        return Texts.get("view.mount.detail", m.target(), m.fstype(), m.source(), m.device(), m.root(), m.options());
    }
}
