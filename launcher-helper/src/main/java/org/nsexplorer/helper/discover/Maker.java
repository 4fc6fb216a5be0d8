package org.nsexplorer.helper.discover;

/** Who made a container found on the host: the engine's name as `discover` prints it. */
public enum Maker {
    DOCKER("docker"),
    PODMAN("podman"),
    KUBERNETES("kubernetes"),
    CONTAINERD("containerd"),
    CRI_O("cri-o"),
    LXC("lxc"),
    NSPAWN("systemd-nspawn"),
    /** Another Namespace Explorer helper (its nsx-PID-START-N cgroup). */
    NSX("nsx-explorer"),
    /** A process tree with namespaces of its own and no engine's mark: `unshare`, a sandbox, a service. */
    UNKNOWN("unknown");

    private final String label;

    Maker(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
