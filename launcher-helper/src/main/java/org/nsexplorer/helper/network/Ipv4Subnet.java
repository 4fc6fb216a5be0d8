package org.nsexplorer.helper.network;

/** An IPv4 subnet as a 32-bit base and a prefix length. */
public record Ipv4Subnet(int base, int prefix) {
    public Ipv4Subnet {
        base &= mask(prefix);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean overlaps(Ipv4Subnet other) {
        int shorter = Math.min(prefix, other.prefix);
        return ((base ^ other.base) & mask(shorter)) == 0;
    }

    /** The address with host part HOST, as a.b.c.d. */
    public String address(int host) {
        return format(base | host);
    }

    /** The address with host part HOST and the prefix, as a.b.c.d/len. */
    public String cidr(int host) {
        return address(host) + "/" + prefix;
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }

    static String format(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }
}
