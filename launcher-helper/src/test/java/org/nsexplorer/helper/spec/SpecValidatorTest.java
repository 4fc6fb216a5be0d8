package org.nsexplorer.helper.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation and defaults, on a small hand-made rootfs in a store of its own; no root needed. */
class SpecValidatorTest {
    @TempDir
    Path store;
    Path rootfs;
    private SpecValidator validator;

    /** A validator whose store is this test's, for the caller UID (empty: root itself). */
    private SpecValidator validatorFor(OptionalInt uid, OptionalInt gid) {
        return new SpecValidator(new HostFacts(1L << 30, 2, uid, gid), () -> rootfs, name -> Optional.empty(),
                store, HostRootCheck.ROOT_ONLY);
    }

    @BeforeEach
    void rootfsWithAShell() throws Exception {
        rootfs = store.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
        Path sh = Files.writeString(rootfs.resolve("usr/bin/dash"), "#!");
        sh.toFile().setExecutable(true);
        Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Path.of("/usr/bin/dash"));
        Files.writeString(rootfs.resolve("usr/bin/readme"), "not a program");
        validator = validatorFor(OptionalInt.of(1000), OptionalInt.of(1001));
    }

    private ValidatedSpec ok(ContainerSpec spec) throws InvalidRequestException {
        return validator.validate(spec);
    }

    private InvalidRequestException refused(ContainerSpec spec) {
        return assertThrows(InvalidRequestException.class, () -> validator.validate(spec));
    }

    @Test
    void defaultsAreTheClassicUnshareContainer() throws Exception {
        ValidatedSpec v = ok(ContainerSpec.of(List.of("sh")));
        assertEquals(Namespace.CLASSIC, v.namespaces());
        assertEquals(ContainerSpec.DEFAULT_MOUNTS, v.mounts());
        assertEquals(RootSwitch.PIVOT, v.rootSwitch());
        assertEquals("/usr/bin/sh", v.executable(), "found through PATH, as the container will");
        assertEquals(rootfs.toRealPath(), v.rootfs());
    }

    @Test
    void withoutMntTheDefaultsAreChrootAndNoMountsInTheCallersUserNamespace() throws Exception {
        ValidatedSpec v = ok(ContainerSpec.of(List.of("/bin/sh")).withNamespaces(Set.of()));
        assertEquals(RootSwitch.CHROOT, v.rootSwitch());
        assertEquals(Set.of(), v.mounts());
        assertEquals(Set.of(Namespace.USER), v.namespaces(), "the rule adds the user namespace");
        assertEquals(Confinement.Level.CALLER, v.confinement().level());
        assertEquals(new ValidatedSpec.UserMapping(1000, 1001), v.userMapping().orElseThrow());
    }

    @Test
    void commandsResolveThroughSymlinksInsideTheRootfsOnly() throws Exception {
        assertEquals("/bin/sh", ok(ContainerSpec.of(List.of("/bin/sh"))).executable());
        assertTrue(refused(ContainerSpec.of(List.of("/usr/bin/readme"))).getMessage().contains("not executable"));
        // /usr/bin/java exists on the host but not in this rootfs.
        assertEquals("command", refused(ContainerSpec.of(List.of("/usr/bin/java"))).field());
    }

    @Test
    void userNamespaceMapsRootToTheCallerAndOnlyRootMayChooseAnotherUid() throws Exception {
        ContainerSpec spec = ContainerSpec.of(List.of("sh")).withNamespaces(Set.of(Namespace.MNT, Namespace.USER));
        assertEquals(new ValidatedSpec.UserMapping(1000, 1001), ok(spec).userMapping().orElseThrow());
        assertEquals(new ValidatedSpec.UserMapping(1000, 1001), ok(spec.withMapRoot(1000)).userMapping().orElseThrow());
        for (int other : new int[] {0, 42}) {
            InvalidRequestException e = refused(spec.withMapRoot(other));
            assertEquals("mapRoot", e.field());
            assertTrue(e.getMessage().contains("only root"), e.getMessage());
        }
        SpecValidator root = validatorFor(OptionalInt.empty(), OptionalInt.empty());
        assertEquals(new ValidatedSpec.UserMapping(0, 0), root.validate(spec).userMapping().orElseThrow());
        assertEquals(new ValidatedSpec.UserMapping(42, 42), root.validate(spec.withMapRoot(42)).userMapping()
                .orElseThrow());
    }

    @Test
    void theClassicContainerIsContainedAndEachSharedPartConfinesItToTheCaller() throws Exception {
        ContainerSpec classic = ContainerSpec.of(List.of("sh"));
        ValidatedSpec contained = ok(classic);
        assertEquals(Confinement.contained(), contained.confinement());
        assertTrue(contained.userMapping().isEmpty());
        Map<ContainerSpec, Confinement.Reason> shared = Map.of(
                classic.withRootSwitch(RootSwitch.CHROOT), Confinement.Reason.CHROOT,
                classic.withNamespaces(Set.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.NET)),
                Confinement.Reason.HOST_PROCESSES,
                classic.withNamespaces(Set.of(Namespace.MNT, Namespace.UTS, Namespace.IPC, Namespace.PID)),
                Confinement.Reason.HOST_NETWORK,
                classic.withNamespaces(Set.of(Namespace.MNT, Namespace.UTS, Namespace.NET, Namespace.PID)),
                Confinement.Reason.HOST_IPC);
        for (var e : shared.entrySet()) {
            ValidatedSpec v = ok(e.getKey());
            assertEquals(new Confinement(Confinement.Level.CALLER, Set.of(e.getValue())), v.confinement());
            assertTrue(v.has(Namespace.USER));
            assertEquals(1000, v.userMapping().orElseThrow().hostUid());
        }
    }

    @Test
    void aRootfsOutsideTheStoreMustBeTheCallersAndRootsMustBeOutOfOtherUsersReach(@TempDir Path outside)
            throws Exception {
        Path theirs = Files.createDirectories(outside.resolve("theirs"));
        Files.copy(rootfs.resolve("usr/bin/dash"), Files.createDirectories(theirs.resolve("bin")).resolve("sh"));
        theirs.resolve("bin/sh").toFile().setExecutable(true);
        ContainerSpec spec = ContainerSpec.of(List.of("/bin/sh")).withRootfs(theirs);
        InvalidRequestException notYours = refused(spec);
        assertEquals("rootfs", notYours.field());
        assertTrue(notYours.getMessage().contains("belongs to root, not to you (uid 1000)"), notYours.getMessage());

        SpecValidator root = validatorFor(OptionalInt.empty(), OptionalInt.empty());
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
        ValidatedSpec closed = root.validate(spec);
        assertEquals(Set.of(Confinement.Reason.ROOTFS_OUTSIDE_STORE), closed.confinement().reasons());
        assertEquals(0, closed.userMapping().orElseThrow().hostUid());
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Reachable when every directory above lets others pass (/tmp's parents usually do).
        if (ConfinementRule.reachableByOthers(theirs).isPresent()) {
            InvalidRequestException open = assertThrows(InvalidRequestException.class, () -> root.validate(spec));
            assertTrue(open.getMessage().contains("can be reached by other users"), open.getMessage());
        }
    }

    @Test
    void hostRootIsRootsAloneAndExcludesTheUserNamespace() throws Exception {
        ContainerSpec chroot = ContainerSpec.of(List.of("sh")).withRootSwitch(RootSwitch.CHROOT).withHostRoot(true);
        assertEquals("hostRoot", refused(chroot).field(), "a user without an administrator's word: refused");
        SpecValidator root = validatorFor(OptionalInt.empty(), OptionalInt.empty());
        ValidatedSpec v = root.validate(chroot);
        assertEquals(Confinement.Level.HOST_ROOT, v.confinement().level());
        assertTrue(!v.has(Namespace.USER) && v.userMapping().isEmpty());
        assertEquals("hostRoot", assertThrows(InvalidRequestException.class, () -> root.validate(chroot
                .withNamespaces(Set.of(Namespace.MNT, Namespace.USER)))).field());
    }

    @Test
    void hostnamesFollowRfc1123() throws Exception {
        ContainerSpec base = ContainerSpec.of(List.of("sh"));
        ok(base.withHostname("box-1.classroom"));
        ok(base.withHostname("a".repeat(63)));
        for (String bad : List.of("", "-a", "a-", "a_b", "a..b", "ä", "a b", "a".repeat(64), "x.".repeat(33))) {
            assertEquals("hostname", refused(base.withHostname(bad)).field(), bad);
        }
    }

    @Test
    void limitsAreCheckedAgainstTheHost() throws Exception {
        ContainerSpec base = ContainerSpec.of(List.of("sh"));
        assertEquals("memory", refused(base.withLimits(limits(2L << 30, 0, 0))).field());
        assertEquals("cpus", refused(base.withLimits(limits(0, 3, 0))).field());
        ok(base.withLimits(limits(512L << 20, 1.5, 10)));
    }

    @Test
    void whatTheRecipeLeavesOutGetsTheDefaultLimitsWhereTheHostCanApplyThem() throws Exception {
        ContainerSpec base = ContainerSpec.of(List.of("sh"));
        Limits filled = ok(base).limits();
        assertEquals(1024, filled.pids().getAsLong());
        assertEquals(256L << 20, filled.memoryBytes().getAsLong(), "a quarter of this host's 1 GiB");
        assertEquals(128L << 20, filled.tmpBytes(), "/tmp: half the memory limit");
        assertTrue(filled.cpus().isEmpty(), "no CPU default: a CPU is shared, not used up");
        Limits asked = ok(base.withLimits(limits(64L << 20, 0.5, 10))).limits();
        assertEquals(limits(64L << 20, 0.5, 10), asked);
        assertEquals(32L << 20, asked.tmpBytes());
        assertEquals(256L << 20, ok(base.withLimits(limits(1L << 30, 0, 0))).limits().tmpBytes(), "256 MiB at most");
        Limits noControllers = validator.limitedBy(Set.of("cpu")).validate(base).limits();
        assertEquals(Limits.NONE, noControllers, "a default never asks for a controller the host lacks");
    }

    @Test
    void sizesParseAsPeopleWriteThem() throws Exception {
        assertEquals(64L << 20, SpecParsers.parseMemory("64M"));
        assertEquals(1L << 30, SpecParsers.parseMemory("1g"));
        assertEquals(3L << 29, SpecParsers.parseMemory("1.5GiB"));
        assertEquals(4096, SpecParsers.parseMemory("4096"));
        assertEquals("memory", assertThrows(InvalidRequestException.class, () -> SpecParsers.parseMemory("64X")).field());
        assertEquals("32 MiB", SizeParser.format(32L << 20));
        assertEquals("1.5 GiB", SizeParser.format(3L << 29));
    }

    private static Limits limits(long memory, double cpus, long pids) {
        return new Limits(memory > 0 ? OptionalLong.of(memory) : OptionalLong.empty(),
                cpus > 0 ? OptionalDouble.of(cpus) : OptionalDouble.empty(),
                pids > 0 ? OptionalLong.of(pids) : OptionalLong.empty());
    }
}
