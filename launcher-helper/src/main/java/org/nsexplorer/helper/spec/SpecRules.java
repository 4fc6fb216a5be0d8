package org.nsexplorer.helper.spec;

import static org.nsexplorer.helper.spec.SpecParsers.printable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.nsexplorer.helper.words.Word;

/** The rules one launch field obeys, alone or with the namespaces asked: each refusal says what to do. */
final class SpecRules {
    /** Bounds that keep a request well inside what the stage reads in one message. */
    static final int MAX_ARGS = 256;
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    private static final long MAX_TIME_OFFSET = 10L * 365 * 24 * 3600;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private SpecRules() {
    }

    static void checkCommandSize(List<String> command) throws InvalidRequestException {
        if (command.size() > MAX_ARGS) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_TOO_MANY_ARGUMENTS, command.size(),
                    MAX_ARGS);
        }
        long bytes = 0;
        for (String arg : command) {
            if (arg.indexOf('\0') >= 0) {
                throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NUL);
            }
            bytes += arg.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (bytes > MAX_COMMAND_BYTES) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_TOO_LONG, bytes, MAX_COMMAND_BYTES);
        }
    }

    static void checkHostname(ContainerSpec spec, Set<Namespace> ns) throws InvalidRequestException {
        if (spec.hostname().isEmpty()) {
            return;
        }
        String name = spec.hostname().get();
        if (!ns.contains(Namespace.UTS)) {
            throw new InvalidRequestException("hostname", Word.RECIPE_HOSTNAME_NEEDS_UTS);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new InvalidRequestException("hostname", Word.RECIPE_HOSTNAME_TOO_LONG, printable(name));
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidRequestException("hostname", Word.RECIPE_HOSTNAME_INVALID, printable(name));
            }
        }
    }

    static void checkLimits(Limits limits, HostFacts host) throws InvalidRequestException {
        if (limits.memoryBytes().isPresent()) {
            long bytes = limits.memoryBytes().getAsLong();
            if (bytes <= 0) {
                throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_NOT_ABOVE_ZERO);
            }
            if (bytes > host.memoryBytes()) {
                throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_MORE_THAN_RAM, SizeParser.format(bytes),
                        SizeParser.format(host.memoryBytes()));
            }
        }
        if (limits.cpus().isPresent()) {
            double cpus = limits.cpus().getAsDouble();
            if (!(cpus > 0) || Double.isInfinite(cpus)) {
                throw new InvalidRequestException("cpus", Word.RECIPE_CPUS_NOT_POSITIVE);
            }
            if (cpus > host.cpus()) {
                throw new InvalidRequestException("cpus", Word.RECIPE_CPUS_MORE_THAN_HOST, cpus, host.cpus());
            }
        }
        if (limits.pids().isPresent() && limits.pids().getAsLong() < 1) {
            throw new InvalidRequestException("pids", Word.RECIPE_PIDS_BELOW_ONE);
        }
        if (limits.pids().isPresent() && limits.pids().getAsLong() > Limits.MAX_PIDS) {
            throw new InvalidRequestException("pids", Word.RECIPE_PIDS_MORE_THAN_KERNEL, limits.pids().getAsLong(),
                    Limits.MAX_PIDS);
        }
    }

    static long timeOffset(String field, OptionalLong offset, Set<Namespace> ns)
            throws InvalidRequestException {
        if (offset.isEmpty()) {
            return 0;
        }
        if (!ns.contains(Namespace.TIME)) {
            throw new InvalidRequestException(field, Word.RECIPE_TIME_NEEDS_TIME_NAMESPACE, field);
        }
        long value = offset.getAsLong();
        if (value > MAX_TIME_OFFSET || value < -MAX_TIME_OFFSET) { // not Math.abs: it keeps Long.MIN_VALUE negative
            throw new InvalidRequestException(field, Word.RECIPE_TIME_TOO_FAR, field, value);
        }
        return value;
    }

    static Optional<JoinSpec> checkJoin(ContainerSpec spec, Set<Namespace> ns) throws InvalidRequestException {
        if (spec.join().isEmpty()) {
            return Optional.empty();
        }
        JoinSpec join = spec.join().get();
        if (join.namespaces().isEmpty()) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_NO_NAMESPACE);
        }
        for (Namespace n : join.namespaces()) {
            if (!n.isJoinable()) {
                throw new InvalidRequestException("join", Word.RECIPE_JOIN_NOT_JOINABLE, n.procName());
            }
            if (ns.contains(n)) {
                throw new InvalidRequestException("join", Word.RECIPE_JOIN_ALSO_OWN, n.procName());
            }
        }
        if (!ContainerProcesses.isInContainer(join.pid())) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_NOT_A_CONTAINER, join.pid());
        }
        for (Namespace n : join.namespaces()) {
            if (ContainerProcesses.sharesHostNamespace(join.pid(), n)) {
                throw new InvalidRequestException("join", Word.RECIPE_JOIN_HOSTS_OWN, join.pid(), n.procName());
            }
        }
        return Optional.of(join);
    }
}
