package org.nsexplorer.helper.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of /proc/PID/mountinfo: a mount as that process sees it, target relative to its
 * root. device (major:minor) and root (the directory of that file system mounted here) tell
 * one mount from another across mount namespaces, where ids differ even for copies.
 */
public record MountEntry(long id, long parentId, String target, String fstype, String source, String options,
        String superOptions, String propagation, String device, String root) {

    /** Same file system, same part of it, at the same place. */
    public String identity() {
        return device + " " + root + " " + target;
    }

    /** Parses mountinfo; lines that do not parse are skipped. */
    public static List<MountEntry> parse(String mountinfo) {
        List<MountEntry> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 6 || right.length < 3) {
                continue;
            }
            List<String> modes = new ArrayList<>();
            for (int i = 6; i < left.length; i++) {
                String tag = left[i];
                if (tag.startsWith("shared:")) {
                    modes.add("shared");
                } else if (tag.startsWith("master:")) {
                    modes.add("slave");
                } else if (tag.equals("unbindable")) {
                    modes.add("unbindable");
                }
            }
            mounts.add(new MountEntry(Long.parseLong(left[0]), Long.parseLong(left[1]), unescape(left[4]), right[0],
                    unescape(right[1]), left[5], right[2], modes.isEmpty() ? "private" : String.join(",", modes),
                    left[2], unescape(left[3])));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as \\ooo octal. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 4 <= field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
