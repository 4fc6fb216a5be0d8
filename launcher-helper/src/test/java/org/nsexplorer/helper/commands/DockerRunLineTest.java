package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nsexplorer.helper.commands.DockerDifference.BRIDGE_NETWORK;
import static org.nsexplorer.helper.commands.DockerDifference.CHROOT;
import static org.nsexplorer.helper.commands.DockerDifference.HOSTNAME;
import static org.nsexplorer.helper.commands.DockerDifference.HOST_MOUNTS;
import static org.nsexplorer.helper.commands.DockerDifference.KEEP_LAYER;
import static org.nsexplorer.helper.commands.DockerDifference.LOOPBACK;
import static org.nsexplorer.helper.commands.DockerDifference.MOUNTS;
import static org.nsexplorer.helper.commands.DockerDifference.ROOTFS_COPY;
import static org.nsexplorer.helper.commands.DockerDifference.TIME;
import static org.nsexplorer.helper.commands.DockerDifference.USER_NAMESPACE;
import static org.nsexplorer.helper.commands.DockerDifference.VETH_ADDRESSES;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.spec.Confinement;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;

/** The docker import and run lines and their missing items, for recipes as the validator leaves them. */
class DockerRunLineTest {
    private static final Set<Namespace> CLASSIC = EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC,
            Namespace.NET, Namespace.PID);

    private static ValidatedSpec spec(Set<Namespace> ns, Optional<String> hostname, NetworkMode network,
            Set<MountKind> mounts, RootSwitch root, Optional<ValidatedSpec.UserMapping> user,
            Optional<ValidatedSpec.Overlay> overlay) {
        return new ValidatedSpec(Path.of("/var/lib/nsx-explorer/rootfs/My Debian_12"), ns, hostname,
                new Limits(OptionalLong.of(64L << 20), OptionalDouble.of(0.5), OptionalLong.of(100)), mounts, root,
                user, 0, 0, "/bin/echo", List.of("echo", "it's", "$HOME"), List.of(), StdioMode.TERMINAL, network,
                Optional.empty(), overlay, Confinement.contained());
    }

    @Test
    void theClassicRecipeWithAHostnameIsOneRunLineWithItsLimits() {
        DockerRunLine d = DockerRunLine.of(spec(CLASSIC, Optional.of("web"), NetworkMode.ISOLATED,
                EnumSet.of(MountKind.PROC, MountKind.DEV, MountKind.TMP), RootSwitch.PIVOT, Optional.empty(),
                Optional.empty()));
        assertEquals("tar -C '/var/lib/nsx-explorer/rootfs/My Debian_12' -c . | docker import - nsx/my-debian-12",
                d.importLine(), "a repository name docker takes");
        assertEquals("docker run --rm -it --hostname=web --cgroupns=host --network=none --memory=64m --cpus=0.5"
                + " --pids-limit=100 --tmpfs=/tmp:exec,mode=1777 nsx/my-debian-12 /bin/echo 'it'\\''s' '$HOME'", d.runLine());
        assertEquals(List.of(MOUNTS, LOOPBACK, ROOTFS_COPY), d.missing());
    }

    @Test
    void whatTheHostSharesIsSaidAsHostAndWhatDockerCannotIsMissing() {
        Set<Namespace> ns = EnumSet.of(Namespace.MNT, Namespace.USER, Namespace.TIME, Namespace.CGROUP);
        DockerRunLine d = DockerRunLine.of(spec(ns, Optional.empty(), NetworkMode.HOST, EnumSet.allOf(MountKind.class),
                RootSwitch.CHROOT, Optional.of(new ValidatedSpec.UserMapping(1000, 1000)), Optional.empty()));
        assertEquals("docker run --rm -it --uts=host --ipc=host --pid=host --cgroupns=private --network=host"
                + " --memory=64m --cpus=0.5 --pids-limit=100 --tmpfs=/tmp:exec,mode=1777 nsx/my-debian-12 /bin/echo 'it'\\''s'"
                + " '$HOME'", d.runLine());
        assertEquals(List.of(CHROOT, USER_NAMESPACE, TIME, ROOTFS_COPY), d.missing());
    }

    @Test
    void noMountNamespaceNoHostnameAVethABridgeAndKeptLayersAreSaid() {
        DockerRunLine veth = DockerRunLine.of(spec(EnumSet.of(Namespace.UTS, Namespace.NET), Optional.empty(),
                NetworkMode.VETH, EnumSet.noneOf(MountKind.class), RootSwitch.PIVOT, Optional.empty(),
                Optional.of(new ValidatedSpec.Overlay(List.of(Path.of("/l1")), Optional.of("v2")))));
        assertEquals(List.of(HOST_MOUNTS, HOSTNAME, VETH_ADDRESSES, DockerDifference.LAYERS, KEEP_LAYER),
                veth.missing());
        DockerRunLine bridge = DockerRunLine.of(spec(CLASSIC, Optional.of("a"), NetworkMode.BRIDGE,
                EnumSet.of(MountKind.PROC, MountKind.SYS, MountKind.DEV), RootSwitch.PIVOT, Optional.empty(),
                Optional.of(new ValidatedSpec.Overlay(List.of(), Optional.empty()))));
        assertEquals(true, bridge.runLine().contains(" --network=nsx "), bridge.runLine());
        assertEquals(List.of(BRIDGE_NETWORK), bridge.missing(), "an overlay is what docker does: no copy said");
    }
}
