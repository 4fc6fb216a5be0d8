package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nsexplorer.helper.commands.NspawnDifference.BRIDGE_ON_HOST;
import static org.nsexplorer.helper.commands.NspawnDifference.CGROUP;
import static org.nsexplorer.helper.commands.NspawnDifference.CHROOT;
import static org.nsexplorer.helper.commands.NspawnDifference.GROUP_ID;
import static org.nsexplorer.helper.commands.NspawnDifference.HOSTNAME;
import static org.nsexplorer.helper.commands.NspawnDifference.HOST_IPC;
import static org.nsexplorer.helper.commands.NspawnDifference.HOST_MOUNTS;
import static org.nsexplorer.helper.commands.NspawnDifference.HOST_PROCESSES;
import static org.nsexplorer.helper.commands.NspawnDifference.HOST_UTS;
import static org.nsexplorer.helper.commands.NspawnDifference.JOIN;
import static org.nsexplorer.helper.commands.NspawnDifference.KEEP_LAYER;
import static org.nsexplorer.helper.commands.NspawnDifference.LAYERS;
import static org.nsexplorer.helper.commands.NspawnDifference.LOOPBACK;
import static org.nsexplorer.helper.commands.NspawnDifference.MOUNTS;
import static org.nsexplorer.helper.commands.NspawnDifference.OVERLAY;
import static org.nsexplorer.helper.commands.NspawnDifference.ROOTFS_WRITES;
import static org.nsexplorer.helper.commands.NspawnDifference.TIME;
import static org.nsexplorer.helper.commands.NspawnDifference.VETH_ADDRESSES;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.spec.Confinement;
import org.nsexplorer.helper.spec.JoinSpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.MountKind;
import org.nsexplorer.helper.spec.Namespace;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.RootSwitch;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.spec.ValidatedSpec;

/** The systemd-nspawn line and its missing items for recipes as the validator leaves them. */
class NspawnCommandLineTest {
    private static final Set<Namespace> CLASSIC = EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC,
            Namespace.NET, Namespace.PID);
    private static final Set<MountKind> DEFAULT_MOUNTS = EnumSet.of(MountKind.PROC, MountKind.DEV, MountKind.TMP);
    private static final Limits DEFAULT_LIMITS = new Limits(OptionalLong.of(1L << 30), OptionalDouble.empty(),
            OptionalLong.of(1024));

    /** The app's default recipe: five namespaces, proc, dev and tmp, pivot_root, lo only, default limits. */
    private static ValidatedSpec classic() {
        return new ValidatedSpec(Path.of("/var/lib/nsx-explorer/rootfs/default"), CLASSIC, Optional.empty(),
                DEFAULT_LIMITS, DEFAULT_MOUNTS, RootSwitch.PIVOT, Optional.empty(), 0, 0, "/bin/sh", List.of("/bin/sh"),
                List.of(), StdioMode.TERMINAL, NetworkMode.ISOLATED, Optional.empty(), Optional.empty(),
                Confinement.contained());
    }

    private static ValidatedSpec with(ValidatedSpec s, Set<Namespace> namespaces, NetworkMode network) {
        return new ValidatedSpec(s.rootfs(), namespaces, s.hostname(), s.limits(), s.mounts(), s.rootSwitch(),
                s.userMapping(), s.boottimeOffset(), s.monotonicOffset(), s.executable(), s.argv(), s.environment(),
                s.stdio(), network, s.join(), s.overlay(), s.confinement());
    }

    private static ValidatedSpec withHostname(ValidatedSpec s, String hostname) {
        return new ValidatedSpec(s.rootfs(), s.namespaces(), Optional.of(hostname), s.limits(), s.mounts(),
                s.rootSwitch(), s.userMapping(), s.boottimeOffset(), s.monotonicOffset(), s.executable(), s.argv(),
                s.environment(), s.stdio(), s.network(), s.join(), s.overlay(), s.confinement());
    }

    private static ValidatedSpec withLimits(ValidatedSpec s, Limits limits) {
        return new ValidatedSpec(s.rootfs(), s.namespaces(), s.hostname(), limits, s.mounts(), s.rootSwitch(),
                s.userMapping(), s.boottimeOffset(), s.monotonicOffset(), s.executable(), s.argv(), s.environment(),
                s.stdio(), s.network(), s.join(), s.overlay(), s.confinement());
    }

    private static ValidatedSpec withUser(ValidatedSpec s, int uid, int gid) {
        Set<Namespace> ns = EnumSet.copyOf(s.namespaces());
        ns.add(Namespace.USER);
        return new ValidatedSpec(s.rootfs(), ns, s.hostname(), s.limits(), s.mounts(), s.rootSwitch(),
                Optional.of(new ValidatedSpec.UserMapping(uid, gid)), s.boottimeOffset(), s.monotonicOffset(),
                s.executable(), s.argv(), s.environment(), s.stdio(), s.network(), s.join(), s.overlay(),
                new Confinement(Confinement.Level.CALLER, Set.of(Confinement.Reason.USER_NAMESPACE_ASKED)));
    }

    @Test
    void theClassicRecipeIsAPrivateNetworkWithItsLimitsAndTheCommandAsPid1() {
        NspawnCommandLine n = NspawnCommandLine.of(classic());
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --private-network"
                + " --property=MemoryMax=1G --property=TasksMax=1024 /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, HOSTNAME, LOOPBACK), n.missing());
    }

    @Test
    void allFourMountsAndACgroupNamespaceAndAHostnameLeaveTheRootfsWritesAndTheLoopback() {
        ValidatedSpec all = withHostname(classic(), "box");
        Set<Namespace> ns = EnumSet.copyOf(CLASSIC);
        ns.add(Namespace.CGROUP);
        all = new ValidatedSpec(all.rootfs(), ns, all.hostname(), Limits.NONE, EnumSet.allOf(MountKind.class),
                all.rootSwitch(), all.userMapping(), 0, 0, "/bin/echo", List.of("echo", "it's", "$HOME", "a-b"),
                all.environment(), all.stdio(), all.network(), all.join(), all.overlay(), all.confinement());
        NspawnCommandLine n = NspawnCommandLine.of(all);
        // The command's words quoted only where the shell would change them.
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --hostname=box --private-network"
                + " /bin/echo 'it'\\''s' '$HOME' a-b", n.line());
        assertEquals(List.of(ROOTFS_WRITES, LOOPBACK), n.missing());
    }

    @Test
    void vethIsNetworkVethWithTheAddressesSaidMissing() {
        NspawnCommandLine n = NspawnCommandLine.of(withHostname(with(classic(), CLASSIC, NetworkMode.VETH), "web"));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --hostname=web --network-veth"
                + " --property=MemoryMax=1G --property=TasksMax=1024 /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, VETH_ADDRESSES), n.missing());
    }

    @Test
    void aBridgeIsAZoneOnTheHost() {
        NspawnCommandLine n = NspawnCommandLine.of(with(classic(), CLASSIC, NetworkMode.BRIDGE));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --network-zone=nsx"
                + " --property=MemoryMax=1G --property=TasksMax=1024 /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, HOSTNAME, VETH_ADDRESSES, BRIDGE_ON_HOST), n.missing());
    }

    @Test
    void aUserNamespaceMapsRootAloneToTheHostUid() {
        NspawnCommandLine n = NspawnCommandLine.of(withUser(classic(), 1234, 1234));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --private-users=1234:1"
                + " --private-network --property=MemoryMax=1G --property=TasksMax=1024 /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, HOSTNAME, LOOPBACK), n.missing());
    }

    @Test
    void aGroupOtherThanTheUidCannotBeMapped() {
        NspawnCommandLine n = NspawnCommandLine.of(withUser(classic(), 1000, 100));
        assertEquals(true, n.line().contains(" --private-users=1000:1 "), n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, HOSTNAME, GROUP_ID, LOOPBACK), n.missing());
    }

    @Test
    void memoryCpuAndPidsLimitsAreScopeProperties() {
        NspawnCommandLine n = NspawnCommandLine.of(withLimits(classic(), new Limits(OptionalLong.of(64L << 20),
                OptionalDouble.of(0.5), OptionalLong.of(20))));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --private-network"
                + " --property=MemoryMax=64M --property=CPUQuota=50% --property=TasksMax=20 /bin/sh", n.line());
        NspawnCommandLine none = NspawnCommandLine.of(withLimits(classic(), Limits.NONE));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --private-network /bin/sh", none.line());
    }

    @Test
    void sizesAndPercentagesAsSystemdReadsThem() {
        assertEquals("64M", NspawnCommandLine.size(64L << 20));
        assertEquals("2G", NspawnCommandLine.size(2L << 30));
        assertEquals("1536M", NspawnCommandLine.size(1536L << 20));
        assertEquals("100000", NspawnCommandLine.size(100_000));
        assertEquals("4K", NspawnCommandLine.size(4096));
        assertEquals("150%", NspawnCommandLine.percent(1.5));
        assertEquals("33.3%", NspawnCommandLine.percent(0.333));
        assertEquals("0.1%", NspawnCommandLine.percent(0.0001));
    }

    @Test
    void theHostNetworkHasNoNetworkOption() {
        // Walkthrough 004's first container: `systemd-nspawn -D minimal /bin/sh` sees the host's interfaces.
        Set<Namespace> ns = EnumSet.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.PID);
        NspawnCommandLine n = NspawnCommandLine.of(withLimits(with(classic(), ns, NetworkMode.HOST), Limits.NONE));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, ROOTFS_WRITES, HOSTNAME), n.missing());
    }

    @Test
    void chrootModeAndTheHostsNamespacesAreListedAsMissing() {
        ValidatedSpec c = classic();
        ValidatedSpec chroot = new ValidatedSpec(c.rootfs(), EnumSet.of(Namespace.MNT), Optional.empty(), Limits.NONE,
                EnumSet.of(MountKind.PROC), RootSwitch.CHROOT, Optional.empty(), 0, 0, c.executable(), c.argv(),
                c.environment(), c.stdio(), NetworkMode.HOST, Optional.empty(), Optional.empty(), c.confinement());
        NspawnCommandLine n = NspawnCommandLine.of(withUser(chroot, 0, 0));
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --private-users=0:1 /bin/sh", n.line());
        assertEquals(List.of(CHROOT, HOST_PROCESSES, HOST_UTS, HOST_IPC, CGROUP, MOUNTS, ROOTFS_WRITES), n.missing());

        ValidatedSpec none = new ValidatedSpec(c.rootfs(), Set.of(), Optional.empty(), Limits.NONE, Set.of(),
                RootSwitch.CHROOT, Optional.empty(), 0, 0, c.executable(), c.argv(), c.environment(), c.stdio(),
                NetworkMode.HOST, Optional.empty(), Optional.empty(), c.confinement());
        assertEquals(List.of(HOST_MOUNTS, CHROOT, HOST_PROCESSES, HOST_UTS, HOST_IPC, CGROUP, ROOTFS_WRITES),
                NspawnCommandLine.of(none).missing());
    }

    @Test
    void aJoinedNetNamespaceIsEnteredButJoinedPidAndIpcAreNot() {
        ValidatedSpec c = classic();
        ValidatedSpec pod = new ValidatedSpec(c.rootfs(), EnumSet.of(Namespace.MNT, Namespace.UTS), Optional.of("pod"),
                Limits.NONE, c.mounts(), c.rootSwitch(), Optional.empty(), 0, 0, c.executable(), c.argv(),
                c.environment(), c.stdio(), NetworkMode.JOINED,
                Optional.of(new JoinSpec(4242, EnumSet.of(Namespace.NET, Namespace.IPC, Namespace.PID))),
                Optional.empty(), c.confinement());
        NspawnCommandLine n = NspawnCommandLine.of(pod);
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --hostname=pod"
                + " --network-namespace-path=/proc/4242/ns/net /bin/sh", n.line());
        assertEquals(List.of(JOIN, CGROUP, MOUNTS, ROOTFS_WRITES), n.missing());
    }

    @Test
    void anOverlayIsAnEphemeralCopyWithoutLayersOrAKeptUpper() {
        ValidatedSpec c = classic();
        ValidatedSpec plain = new ValidatedSpec(c.rootfs(), c.namespaces(), Optional.of("ovl"), Limits.NONE,
                c.mounts(), c.rootSwitch(), Optional.empty(), 0, 0, c.executable(), c.argv(), c.environment(),
                c.stdio(), c.network(), Optional.empty(), Optional.of(new ValidatedSpec.Overlay(List.of(),
                        Optional.empty())), c.confinement());
        NspawnCommandLine n = NspawnCommandLine.of(plain);
        assertEquals("systemd-nspawn -D /var/lib/nsx-explorer/rootfs/default --ephemeral --hostname=ovl"
                + " --private-network /bin/sh", n.line());
        assertEquals(List.of(CGROUP, MOUNTS, LOOPBACK, OVERLAY), n.missing());

        ValidatedSpec layered = new ValidatedSpec(c.rootfs(), c.namespaces(), Optional.of("ovl"), Limits.NONE,
                c.mounts(), c.rootSwitch(), Optional.empty(), 0, 0, c.executable(), c.argv(), c.environment(),
                c.stdio(), c.network(), Optional.empty(), Optional.of(new ValidatedSpec.Overlay(
                        List.of(Path.of("/layers/app")), Optional.of("app2"))), c.confinement());
        assertEquals(List.of(CGROUP, MOUNTS, LOOPBACK, OVERLAY, LAYERS, KEEP_LAYER),
                NspawnCommandLine.of(layered).missing());
    }

    @Test
    void aTimeNamespaceHasNoNspawnEquivalent() {
        Set<Namespace> ns = EnumSet.copyOf(CLASSIC);
        ns.add(Namespace.TIME);
        NspawnCommandLine n = NspawnCommandLine.of(with(classic(), ns, NetworkMode.ISOLATED));
        assertEquals(List.of(CGROUP, TIME, MOUNTS, ROOTFS_WRITES, HOSTNAME, LOOPBACK), n.missing());
    }

    /** The app shows each item by its wire name: every one must have its words in the app's messages. */
    @Test
    void everyDifferenceHasItsWordsInTheAppsMessages() throws Exception {
        Properties messages = new Properties();
        Path file = Path.of("../app/src/main/resources/org/nsexplorer/app/messages.properties");
        try (var in = Files.newBufferedReader(file)) {
            messages.load(in);
        }
        for (NspawnDifference d : NspawnDifference.values()) {
            String key = "commands.nspawn.missing." + d.wireName();
            assertEquals(true, messages.containsKey(key), "no " + key + " in the app's messages.properties");
        }
    }
}
