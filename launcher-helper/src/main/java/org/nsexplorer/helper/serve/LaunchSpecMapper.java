package org.nsexplorer.helper.serve;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.JoinSpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.OverlaySpec;
import org.nsexplorer.helper.spec.SpecParsers;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.words.Word;

/** Turns a JSON launch into a ContainerSpec, with the same parsing rules as the command line. */
final class LaunchSpecMapper {
    private LaunchSpecMapper() {
    }

    static ContainerSpec toSpec(Request.LaunchSpec in) throws InvalidRequestException {
        return toSpec(in, id -> Optional.empty());
    }

    /** A shell in another's container runs its /bin/sh unless told otherwise: every image has one, or says so. */
    private static final List<String> ENTER_COMMAND = List.of("/bin/sh");

    /** @param containerPid the first process of a running container, by its id (for join) */
    static ContainerSpec toSpec(Request.LaunchSpec in, Function<String, Optional<Long>> containerPid)
            throws InvalidRequestException {
        if (in == null) {
            throw new InvalidRequestException("spec", Word.RECIPE_SPEC_MISSING);
        }
        List<String> command = in.command() != null ? in.command() : in.enter() != null ? ENTER_COMMAND : List.of();
        ContainerSpec.Builder spec = ContainerSpec.builder(command)
                .stdio(Boolean.TRUE.equals(in.terminal()) ? StdioMode.TERMINAL : StdioMode.NULL)
                .hostRoot(Boolean.TRUE.equals(in.hostRoot()))
                .timeOffsets(optional(in.boottime()), optional(in.monotonic()));
        if (in.rootfs() != null) {
            spec.rootfs(SpecParsers.parsePath("rootfs", in.rootfs()));
        }
        if (in.network() != null) {
            spec.network(NetworkMode.fromCliName(in.network()));
        }
        if (in.join() != null) {
            spec.join(join(in.join(), containerPid));
        }
        if (in.overlay() != null) {
            spec.overlay(new OverlaySpec(in.overlay().layers() == null ? List.of() : in.overlay().layers(),
                    Optional.ofNullable(in.overlay().keepAs())));
        }
        if (in.enter() != null) {
            if (in.namespaces() != null) { // the other fields are the validator's to refuse
                throw new InvalidRequestException("enter", Word.ENTER_ALONE);
            }
            spec.enter(in.enter());
        }
        if (in.namespaces() != null) {
            spec.namespaces(SpecParsers.parseNamespaces(in.namespaces()));
        }
        if (in.hostname() != null) {
            spec.hostname(in.hostname());
        }
        if (in.mounts() != null) {
            spec.mounts(SpecParsers.parseMounts(in.mounts()));
        }
        if (in.rootSwitch() != null) {
            spec.rootSwitch(SpecParsers.parseRootSwitch(in.rootSwitch()));
        }
        if (in.mapRoot() != null) {
            spec.mapRoot(SpecParsers.parseUid(in.mapRoot().toString()));
        }
        return spec.limits(new Limits(
                in.memory() == null ? OptionalLong.empty() : OptionalLong.of(SpecParsers.parseMemory(in.memory())),
                in.cpus() == null ? OptionalDouble.empty() : OptionalDouble.of(SpecParsers.parseCpus(in.cpus())),
                optional(in.pids()))).build();
    }

    private static JoinSpec join(Request.Join in, Function<String, Optional<Long>> containerPid)
            throws InvalidRequestException {
        if ((in.container() == null) == (in.pid() == null)) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_CONTAINER_OR_PID);
        }
        long pid = in.pid() != null ? in.pid() : containerPid.apply(in.container()).orElseThrow(() ->
                new InvalidRequestException("join", Word.RECIPE_JOIN_NO_SUCH_CONTAINER, in.container()));
        return new JoinSpec(pid, SpecParsers.parseNamespaces(in.namespaces() == null ? List.of() : in.namespaces()));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
