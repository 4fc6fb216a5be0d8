package org.nsexplorer.helper.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation and defaults, on a small hand-made rootfs; no root needed. */
class SpecValidatorTest {
    @TempDir
    Path rootfs;
    private SpecValidator validator;

    @BeforeEach
    void rootfsWithAShell() throws Exception {
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
        Path sh = Files.writeString(rootfs.resolve("usr/bin/dash"), "#!");
        sh.toFile().setExecutable(true);
        Files.createSymbolicLink(rootfs.resolve("usr/bin/sh"), Path.of("/usr/bin/dash"));
        Files.writeString(rootfs.resolve("usr/bin/readme"), "not a program");
        validator = new SpecValidator(new HostFacts(1L << 30, 2, OptionalInt.of(1000), OptionalInt.of(1001)),
                () -> rootfs);
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
        assertEquals(ContainerSpec.DEFAULT_NAMESPACES, v.namespaces());
        assertEquals(ContainerSpec.DEFAULT_MOUNTS, v.mounts());
        assertEquals(RootSwitch.PIVOT, v.rootSwitch());
        assertEquals("/usr/bin/sh", v.executable(), "found through PATH, as the container will");
        assertEquals(rootfs.toRealPath(), v.rootfs());
    }

    @Test
    void withoutMntTheDefaultsAreChrootAndNoMounts() throws Exception {
        ValidatedSpec v = ok(ContainerSpec.of(List.of("/bin/sh")).withNamespaces(Set.of()));
        assertEquals(RootSwitch.CHROOT, v.rootSwitch());
        assertEquals(Set.of(), v.mounts());
    }

    @Test
    void commandsResolveThroughSymlinksInsideTheRootfsOnly() throws Exception {
        assertEquals("/bin/sh", ok(ContainerSpec.of(List.of("/bin/sh"))).executable());
        assertTrue(refused(ContainerSpec.of(List.of("/usr/bin/readme"))).getMessage().contains("not executable"));
        // /usr/bin/java exists on the host but not in this rootfs.
        assertEquals("command", refused(ContainerSpec.of(List.of("/usr/bin/java"))).field());
    }

    @Test
    void userNamespaceMapsRootToTheInvokingUserOrNobody() throws Exception {
        ContainerSpec spec = ContainerSpec.of(List.of("sh")).withNamespaces(Set.of(Namespace.MNT, Namespace.USER));
        assertEquals(new ValidatedSpec.UserMapping(1000, 1001), ok(spec).userMapping().orElseThrow());
        assertEquals(new ValidatedSpec.UserMapping(42, 42), ok(spec.withMapRoot(42)).userMapping().orElseThrow());
        SpecValidator anonymous = new SpecValidator(new HostFacts(1L << 30, 2, OptionalInt.empty(),
                OptionalInt.empty()), () -> rootfs);
        assertEquals(65534, anonymous.validate(spec).userMapping().orElseThrow().hostUid());
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
        Limits noControllers = validator.limitedBy(java.util.Set.of("cpu")).validate(base).limits();
        assertEquals(Limits.NONE, noControllers, "a default never asks for a controller the host lacks");
    }

    @Test
    void sizesParseAsPeopleWriteThem() throws Exception {
        assertEquals(64L << 20, SpecValidator.parseMemory("64M"));
        assertEquals(1L << 30, SpecValidator.parseMemory("1g"));
        assertEquals(3L << 29, SpecValidator.parseMemory("1.5GiB"));
        assertEquals(4096, SpecValidator.parseMemory("4096"));
        assertEquals("memory", assertThrows(InvalidRequestException.class, () -> SpecValidator.parseMemory("64X")).field());
        assertEquals("32 MiB", SizeParser.format(32L << 20));
        assertEquals("1.5 GiB", SizeParser.format(3L << 29));
    }

    private static Limits limits(long memory, double cpus, long pids) {
        return new Limits(memory > 0 ? java.util.OptionalLong.of(memory) : java.util.OptionalLong.empty(),
                cpus > 0 ? java.util.OptionalDouble.of(cpus) : java.util.OptionalDouble.empty(),
                pids > 0 ? java.util.OptionalLong.of(pids) : java.util.OptionalLong.empty());
    }
}
