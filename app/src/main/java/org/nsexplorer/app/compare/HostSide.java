package org.nsexplorer.app.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nsexplorer.app.containers.Namespace;

/**
 * The host's hostname and its namespaces (inode numbers by type), as the helper last reported
 * them or, before it answers, as this app reads them itself: the app runs in the host's
 * namespaces, so /proc/self/ns names the host's.
 */
public record HostSide(String hostname, Map<Namespace, Long> namespaces) {
    /** "mnt:[4026531832]", as readlink shows a namespace. */
    private static final Pattern LINK = Pattern.compile("[a-z_]+:\\[(\\d+)\\]");

    public HostSide {
        namespaces = Map.copyOf(namespaces);
    }

    /**
     * This app's own hostname and namespaces: two tiny reads from /proc (8 readlinks and one
     * file; about 6 ms the first time in a JVM, for the classes it loads, and 0.3 ms after).
     * A type this kernel lacks (time before Linux 5.6) is left out.
     */
    public static HostSide readOwn() {
        return read(Path.of("/proc/sys/kernel/hostname"), Path.of("/proc/self/ns"));
    }

    static HostSide read(Path hostnameFile, Path nsDir) {
        String hostname;
        try {
            hostname = Files.readString(hostnameFile).trim();
        } catch (IOException e) {
            hostname = "";
        }
        Map<Namespace, Long> namespaces = new EnumMap<>(Namespace.class);
        for (Namespace type : Namespace.values()) {
            try {
                Matcher m = LINK.matcher(Files.readSymbolicLink(nsDir.resolve(type.procName())).toString());
                if (m.matches()) {
                    namespaces.put(type, Long.parseLong(m.group(1)));
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not on this kernel: the helper's answer will say
            }
        }
        return new HostSide(hostname, namespaces);
    }

    /** The host side of the helper's comparison. */
    public static HostSide of(CompareSnapshot snapshot) {
        Map<Namespace, Long> namespaces = new EnumMap<>(Namespace.class);
        snapshot.namespaces().forEach(row -> namespaces.put(row.type(), row.hostId()));
        return new HostSide(snapshot.hostHostname(), namespaces);
    }
}
