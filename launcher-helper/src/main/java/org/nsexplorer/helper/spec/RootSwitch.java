package org.nsexplorer.helper.spec;

/** How the container's root changes: pivot_root isolates, chroot is the tutorial's leaky way. */
public enum RootSwitch {
    PIVOT, CHROOT
}
