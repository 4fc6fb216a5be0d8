package org.nsexplorer.helper.network;

/** An IPv4 subnet as a 32-bit base and a prefix length. */
public record Ipv4Subnet(int base, int prefix) {
    public Ipv4Subnet {
        base &= mask(prefix);
    }

    /** a.b.c.d/len, as toString() writes it. */
    public static Ipv4Subnet parse(String cidr) {
        String[] parts = cidr.split("/", -1);
        String[] octets = parts[0].split("\\.", -1);
        if (parts.length != 2 || octets.length != 4) {
            throw new IllegalArgumentException("not a.b.c.d/len: " + cidr);
        }
        int a = 0;
        for (String octet : octets) {
            int v = Integer.parseInt(octet);
            if (v < 0 || v > 255 || !octet.equals(Integer.toString(v))) {
                throw new IllegalArgumentException("not a.b.c.d/len: " + cidr);
            }
            a = a << 8 | v;
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 0 || prefix > 32 || !parts[1].equals(Integer.toString(prefix))) {
            throw new IllegalArgumentException("not a.b.c.d/len: " + cidr);
        }
        return new Ipv4Subnet(a, prefix);
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
