package org.nsexplorer.helper.commands;

import java.util.Locale;

/**
 * What a recipe asks that systemd-nspawn (systemd 252) cannot do, or always does its own way.
 * The app shows each by its wire name from its messages; the command line prints the words.
 */
public enum NspawnDifference {
    HOST_MOUNTS("no mount namespace: nspawn always makes one, it cannot share the host's mounts"),
    CHROOT("chroot mode: nspawn always switches the root fully and has no chroot mode, so the host's / is"
            + " never reachable"),
    HOST_PROCESSES("no PID namespace: nspawn always makes one, it has no option to share the host's processes"),
    HOST_UTS("no UTS namespace: nspawn always makes one, it cannot share the host's hostname"),
    HOST_IPC("no IPC namespace: nspawn always makes one, it cannot share the host's IPC objects"),
    JOIN("joining another container's IPC, UTS or PID namespace: nspawn always makes its own (it can enter"
            + " only a net namespace, with --network-namespace-path=)"),
    CGROUP("no cgroup namespace: nspawn makes one whenever the kernel can, and has no option to leave it out"),
    TIME("time namespace with clock offsets: nspawn has no time namespace"),
    MOUNTS("nspawn always mounts /proc, /sys, /dev, /run and a tmpfs on /tmp, also those the recipe leaves out"),
    ROOTFS_WRITES("nspawn writes into the rootfs directory: the host's /etc/localtime, an empty /var/log/journal and,"
            + " on the host's network, a copy of the host's /etc/resolv.conf (--timezone=off --link-journal=no"
            + " --resolv-conf=off leave them out); the app changes nothing in it"),
    HOSTNAME("no hostname in the recipe: nspawn names the container after its rootfs directory, here it keeps the"
            + " host's name"),
    GROUP_ID("nspawn maps group ids with the same numbers as user ids: root's group cannot be another host gid"
            + " than root's uid"),
    LOOPBACK("nspawn brings lo up; here lo stays down, as the kernel makes it"),
    VETH_ADDRESSES("nspawn names the pair ve-NAME on the host and host0 inside, and leaves them down and without"
            + " addresses (systemd-networkd would give them by DHCP); here eth0 has its address and a default route"),
    BRIDGE_ON_HOST("nspawn's bridge (the zone vz-nsx) is on the host; here the bridge lives in a net namespace"
            + " of its own"),
    OVERLAY("nspawn cannot put an overlay under the root: --ephemeral runs the container on a throwaway copy of"
            + " the rootfs instead (a snapshot on btrfs)"),
    LAYERS("layers: nspawn cannot stack them under the root; merge them into one directory first"),
    KEEP_LAYER("keeping the changes as a layer: --ephemeral throws them away at the end");

    private final String words;

    NspawnDifference(String words) {
        this.words = words;
    }

    /** The name on the wire: host-mounts, chroot, host-processes, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String words() {
        return words;
    }
}
