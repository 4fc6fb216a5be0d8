package org.nsexplorer.helper.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.JoinSpec;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.OverlaySpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.words.Word;

/** Turns a JSON launch into a ContainerSpec, with the same parsing rules as the command line. */
final class LaunchSpecMapper {
    private LaunchSpecMapper() {
    }

    static ContainerSpec toSpec(Request.LaunchSpec in) throws InvalidRequestException {
        return toSpec(in, id -> java.util.Optional.empty());
    }

    /** @param containerPid the first process of a running container, by its id (for join) */
    static ContainerSpec toSpec(Request.LaunchSpec in, Function<String, Optional<Long>> containerPid)
            throws InvalidRequestException {
        if (in == null) {
            throw new InvalidRequestException("spec", Word.RECIPE_SPEC_MISSING);
        }
        ContainerSpec spec = ContainerSpec.of(in.command() == null ? List.of() : in.command())
                .withStdio(Boolean.TRUE.equals(in.terminal()) ? StdioMode.TERMINAL : StdioMode.NULL)
                .withHostRoot(Boolean.TRUE.equals(in.hostRoot()));
        if (in.rootfs() != null) {
            spec = spec.withRootfs(SpecValidator.parsePath("rootfs", in.rootfs()));
        }
        if (in.network() != null) {
            spec = spec.withNetwork(NetworkMode.fromCliName(in.network()));
        }
        if (in.join() != null) {
            spec = spec.withJoin(join(in.join(), containerPid));
        }
        if (in.overlay() != null) {
            spec = spec.withOverlay(new OverlaySpec(in.overlay().layers() == null ? List.of() : in.overlay().layers(),
                    Optional.ofNullable(in.overlay().keepAs())));
        }
        if (in.namespaces() != null) {
            spec = spec.withNamespaces(SpecValidator.parseNamespaces(in.namespaces().isEmpty() ? "none"
                    : String.join(",", in.namespaces())));
        } else {
            spec = spec.withNamespaces(spec.defaultNamespacesForNetworkAndJoin());
        }
        if (in.hostname() != null) {
            spec = spec.withHostname(in.hostname());
        }
        if (in.mounts() != null) {
            spec = spec.withMounts(SpecValidator.parseMounts(in.mounts().isEmpty() ? "none"
                    : String.join(",", in.mounts())));
        }
        if (in.rootSwitch() != null) {
            spec = spec.withRootSwitch(SpecValidator.parseRootSwitch(in.rootSwitch()));
        }
        if (in.mapRoot() != null) {
            spec = spec.withMapRoot(SpecValidator.parseUid(in.mapRoot().toString()));
        }
        spec = spec.withTimeOffsets(optional(in.boottime()), optional(in.monotonic()));
        return spec.withLimits(new Limits(
                in.memory() == null ? OptionalLong.empty() : OptionalLong.of(SpecValidator.parseMemory(in.memory())),
                in.cpus() == null ? OptionalDouble.empty() : OptionalDouble.of(SpecValidator.parseCpus(in.cpus())),
                optional(in.pids())));
    }

    private static JoinSpec join(Request.Join in, Function<String, Optional<Long>> containerPid)
            throws InvalidRequestException {
        if ((in.container() == null) == (in.pid() == null)) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_CONTAINER_OR_PID);
        }
        long pid = in.pid() != null ? in.pid() : containerPid.apply(in.container()).orElseThrow(() ->
                new InvalidRequestException("join", Word.RECIPE_JOIN_NO_SUCH_CONTAINER, in.container()));
        return new JoinSpec(pid, SpecValidator.parseNamespaces(in.namespaces() == null || in.namespaces().isEmpty()
                ? "none" : String.join(",", in.namespaces())));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
