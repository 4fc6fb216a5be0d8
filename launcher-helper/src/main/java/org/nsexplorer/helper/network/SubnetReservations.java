package org.nsexplorer.helper.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.nsexplorer.helper.cgroup.OwnerTag;

/**
 * The subnets that running helpers hand out, shared by every helper on the host whatever its
 * state directory: one line per subnet in a file under /run, edited under a lock. A host route
 * appears only once the stage has made the interface, so without it two helpers started
 * together both saw 10.0.0.0/24 free.
 * <p>
 * A line is "10.0.0.0/24 PID START STAGE": the helper as {@link OwnerTag} names it, and the
 * anchor PID of the stage whose interfaces use the subnet. The helper gives it back when the
 * container ends; the stage's anchor drops its own lines when it ends (so a killed helper's
 * go once its stage has cleaned up); any edit drops the lines of helpers that no longer run
 * (all killed at once). The file goes when the last line does.
 */
public final class SubnetReservations {
    /** Under /run: a tmpfs, emptied at boot, writable by root only. */
    public static final Path HOST_FILE = Path.of("/run/nsx-explorer-subnets");
    private final SharedLockedFile file;
    private final OwnerTag self;

    public SubnetReservations(Path file) {
        this.file = new SharedLockedFile(file);
        this.self = OwnerTag.current();
    }

    public static SubnetReservations forHost() {
        return new SubnetReservations(HOST_FILE);
    }

    private record Line(Ipv4Subnet subnet, OwnerTag owner, long stage) {
        static Optional<Line> parse(String text) {
            String[] f = text.trim().split(" ");
            try {
                return f.length == 4 ? Optional.of(new Line(Ipv4Subnet.parse(f[0]), new OwnerTag(Long.parseLong(f[1]),
                        Long.parseLong(f[2])), Long.parseLong(f[3]))) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        String text() {
            return subnet + " " + owner.pid() + " " + owner.startTicks() + " " + stage;
        }
    }

    /**
     * Reserves, for interfaces of the stage whose anchor is STAGE, the subnet CHOOSE picks,
     * given those every live helper (this one too) holds; CHOOSE runs under the lock, so no
     * other helper picks meanwhile. Empty (and nothing reserved) when CHOOSE finds none.
     */
    public Optional<Ipv4Subnet> reserve(long stage, Function<List<Ipv4Subnet>, Optional<Ipv4Subnet>> choose)
            throws IOException {
        try {
            return file.edit(true, Optional.empty(), lines -> {
                List<Line> live = liveLines(lines);
                Optional<Ipv4Subnet> chosen = choose.apply(live.stream().map(Line::subnet).toList());
                chosen.ifPresent(s -> live.add(new Line(s, self, stage)));
                replace(lines, live);
                return chosen;
            });
        } catch (IOException e) {
            throw new IOException("cannot reserve a subnet in " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** Gives SUBNET back (if this helper holds it). */
    public void release(Ipv4Subnet subnet) throws IOException {
        file.edit(false, null, lines -> {
            List<Line> live = liveLines(lines);
            live.removeIf(l -> l.subnet().equals(subnet) && l.owner().equals(self));
            replace(lines, live);
            return null;
        });
    }

    /** The well-formed lines of helpers that still run, each once. */
    private static List<Line> liveLines(List<String> lines) {
        LinkedHashSet<Line> live = new LinkedHashSet<>();
        for (String text : lines) {
            Line.parse(text).filter(l -> l.owner().isAlive()).ifPresent(live::add);
        }
        return new ArrayList<>(live);
    }

    private static void replace(List<String> lines, List<Line> live) {
        lines.clear();
        live.forEach(l -> lines.add(l.text()));
    }
}
