package org.nsexplorer.helper.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.StdioMode;

/** Turns a JSON launch into a ContainerSpec, with the same parsing rules as the command line. */
final class LaunchSpecMapper {
    private LaunchSpecMapper() {
    }

    static ContainerSpec toSpec(Request.LaunchSpec in) throws InvalidRequestException {
        if (in == null) {
            throw new InvalidRequestException("spec", "a launch needs a spec object");
        }
        ContainerSpec spec = ContainerSpec.of(in.command() == null ? List.of() : in.command())
                .withStdio(Boolean.TRUE.equals(in.terminal()) ? StdioMode.TERMINAL : StdioMode.NULL);
        if (in.rootfs() != null) {
            spec = spec.withRootfs(SpecValidator.parsePath("rootfs", in.rootfs()));
        }
        if (in.namespaces() != null) {
            spec = spec.withNamespaces(SpecValidator.parseNamespaces(in.namespaces().isEmpty() ? "none"
                    : String.join(",", in.namespaces())));
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

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
