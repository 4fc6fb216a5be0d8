package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The person who launched the helper: uid 0 when root ran it directly, else the user whom
 * pkexec (PKEXEC_UID) or sudo (SUDO_UID) names. Whatever runs in a container may do on the
 * host at most what this account can do.
 */
public record Caller(int uid, int gid) {
    public static final Caller ROOT = new Caller(0, 0);

    public boolean isRoot() {
        return uid == 0;
    }

    /** The caller HOST names, with the primary group of /etc/passwd when only the uid is known. */
    public static Caller of(HostFacts host) {
        if (host.invokingUid().isEmpty()) {
            return ROOT;
        }
        int uid = host.invokingUid().getAsInt();
        int gid = host.invokingGid().orElse(primaryGroup(uid).orElse(uid));
        return new Caller(uid, gid);
    }

    /** The user's primary group from /etc/passwd (pkexec passes only the uid). */
    public static OptionalInt primaryGroup(int user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[2].equals(Integer.toUnsignedString(user))) {
                    return OptionalInt.of(Integer.parseUnsignedInt(f[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: the caller falls back to the uid as the gid
        }
        return OptionalInt.empty();
    }

    @Override
    public String toString() {
        return isRoot() ? "root" : "uid " + Integer.toUnsignedString(uid);
    }
}
