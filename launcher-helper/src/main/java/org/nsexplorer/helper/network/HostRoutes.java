package org.nsexplorer.helper.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The IPv4 routes of the host's main table (/proc/net/route), as subnets; the default route is left out. */
final class HostRoutes {
    private HostRoutes() {
    }

    static List<Ipv4Subnet> read(Path routeFile) throws IOException {
        List<Ipv4Subnet> routes = new ArrayList<>();
        List<String> lines = Files.readAllLines(routeFile);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int destination = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
            int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
            int prefix = Integer.bitCount(mask);
            if (prefix > 0) {
                routes.add(new Ipv4Subnet(destination, prefix));
            }
        }
        return routes;
    }
}
