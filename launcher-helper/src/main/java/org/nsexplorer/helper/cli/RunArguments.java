package org.nsexplorer.helper.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.nsexplorer.helper.spec.ContainerSpec;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.JoinSpec;
import org.nsexplorer.helper.spec.NetworkMode;
import org.nsexplorer.helper.spec.OverlaySpec;
import org.nsexplorer.helper.spec.Limits;
import org.nsexplorer.helper.spec.SpecParsers;
import org.nsexplorer.helper.spec.StdioMode;
import org.nsexplorer.helper.words.Word;

/** `run [options] -- CMD [ARG...]` parsed into a request; syntax errors name the option. */
public record RunArguments(ContainerSpec spec, Optional<Path> pidFile) {

    public static RunArguments parse(List<String> args) throws InvalidRequestException {
        ContainerSpec.Builder spec = ContainerSpec.builder(List.of()).stdio(StdioMode.INHERIT);
        Optional<Path> pidFile = Optional.empty();
        OptionalLong memory = OptionalLong.empty();
        OptionalDouble cpus = OptionalDouble.empty();
        OptionalLong pids = OptionalLong.empty();
        OptionalLong boottime = OptionalLong.empty();
        OptionalLong monotonic = OptionalLong.empty();
        List<String> command = new ArrayList<>();
        boolean overlay = false;
        List<String> layers = new ArrayList<>();
        Optional<String> keepUpper = Optional.empty();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i++);
            if (arg.equals("--")) {
                command.addAll(args.subList(i, args.size()));
                break;
            }
            if (!arg.startsWith("-")) {
                command.addAll(args.subList(i - 1, args.size()));
                break;
            }
            if (arg.equals("--overlay")) {
                overlay = true;
                continue;
            }
            if (arg.equals("--host-root")) {
                spec.hostRoot(true);
                continue;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (!Option.known(name)) {
                    throw unknown(name);
                }
                if (i >= args.size()) {
                    throw new InvalidRequestException(Option.field(name), Word.CLI_RUN_NEEDS_VALUE, name);
                }
                value = args.get(i++);
            }
            switch (name) {
                case "--rootfs" -> spec.rootfs(SpecParsers.parsePath("rootfs", value));
                case "--ns" -> spec.namespaces(SpecParsers.parseNamespaces(value));
                case "--net" -> spec.network(NetworkMode.fromCliName(value));
                case "--join" -> spec.join(JoinSpec.parse(value));
                case "--layer" -> layers.add(value);
                case "--keep-upper" -> keepUpper = Optional.of(value);
                case "--hostname" -> spec.hostname(value);
                case "--memory" -> memory = OptionalLong.of(SpecParsers.parseMemory(value));
                case "--cpus" -> cpus = OptionalDouble.of(SpecParsers.parseCpus(value));
                case "--pids" -> pids = OptionalLong.of(SpecParsers.parseWhole("pids", value));
                case "--mounts" -> spec.mounts(SpecParsers.parseMounts(value));
                case "--root-switch" -> spec.rootSwitch(SpecParsers.parseRootSwitch(value));
                case "--map-root" -> spec.mapRoot(SpecParsers.parseUid(value));
                case "--boottime" -> boottime = OptionalLong.of(SpecParsers.parseWhole("boottime", value));
                case "--monotonic" -> monotonic = OptionalLong.of(SpecParsers.parseWhole("monotonic", value));
                case "--pid-file" -> pidFile = Optional.of(SpecParsers.parsePath("pidFile", value));
                default -> throw unknown(name);
            }
        }
        if (overlay || !layers.isEmpty() || keepUpper.isPresent()) {
            spec.overlay(new OverlaySpec(layers, keepUpper));
        }
        spec.limits(new Limits(memory, cpus, pids)).timeOffsets(boottime, monotonic).command(command);
        return new RunArguments(spec.build(), pidFile);
    }

    private static InvalidRequestException unknown(String name) {
        return new InvalidRequestException("option", Word.CLI_RUN_UNKNOWN_OPTION, name);
    }

    /** The options `run` takes, and the request field each one sets. */
    private enum Option {
        ROOTFS("--rootfs", "rootfs"), NS("--ns", "namespaces"), HOSTNAME("--hostname", "hostname"),
        MEMORY("--memory", "memory"), CPUS("--cpus", "cpus"), PIDS("--pids", "pids"), MOUNTS("--mounts", "mounts"),
        ROOT_SWITCH("--root-switch", "rootSwitch"), MAP_ROOT("--map-root", "mapRoot"),
        BOOTTIME("--boottime", "boottime"), MONOTONIC("--monotonic", "monotonic"), PID_FILE("--pid-file", "pidFile"),
        NET("--net", "network"), JOIN("--join", "join"), LAYER("--layer", "overlay"), KEEP("--keep-upper", "keepAs");

        private final String flag;
        private final String field;

        Option(String flag, String field) {
            this.flag = flag;
            this.field = field;
        }

        static boolean known(String flag) {
            for (Option o : values()) {
                if (o.flag.equals(flag)) {
                    return true;
                }
            }
            return false;
        }

        static String field(String flag) {
            for (Option o : values()) {
                if (o.flag.equals(flag)) {
                    return o.field;
                }
            }
            return "option";
        }
    }
}
