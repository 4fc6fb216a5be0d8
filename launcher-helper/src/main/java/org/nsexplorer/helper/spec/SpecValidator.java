package org.nsexplorer.helper.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks a launch request completely before anything changes on the host, and fills in
 * the defaults. Every refusal names the field and says what to do instead.
 */
public final class SpecValidator {
    /** The container's PATH, also used to find a command given without a slash. */
    public static final String CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long MAX_TIME_OFFSET = 10L * 365 * 24 * 3600;
    /** The kernel's PID_MAX_LIMIT: no host has more PIDs, so no pids limit above it means anything. */
    public static final long MAX_PIDS = 4L * 1024 * 1024;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /** Never a rootfs: these directories themselves. */
    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/home", "/mnt", "/media", "/opt", "/root", "/run",
            "/srv", "/tmp", "/var", "/var/lib", "/var/tmp", "/var/log");
    /** Never a rootfs: these and anything below them (container root could write the host's own files). */
    private static final List<String> SYSTEM_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32",
            "/lib64", "/libx32", "/proc", "/sbin", "/sys", "/usr");
    /** Bounds that keep a request well inside what the stage reads in one message. */
    static final int MAX_ARGS = 256;
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** The stage's limit, with the base: sixteen lower directories. */
    static final int MAX_LAYERS = 15;

    private final HostFacts host;
    private final Supplier<Path> defaultRootfs;
    private final Function<String, Optional<Path>> layers;
    private final ConfinementRule confinement;
    /** The limits the host's cgroups can apply, and so give by default. */
    private final Set<String> limitable;

    /** @param defaultRootfs called only when the request names no rootfs (it may build one) */
    public SpecValidator(HostFacts host, Supplier<Path> defaultRootfs) {
        this(host, defaultRootfs, name -> Optional.empty());
    }

    /** @param layers finds a stored layer by name */
    public SpecValidator(HostFacts host, Supplier<Path> defaultRootfs, Function<String, Optional<Path>> layers) {
        this(host, defaultRootfs, layers, org.nsexplorer.helper.HelperPaths.stateDir(), HostRootCheck.ROOT_ONLY);
    }

    /**
     * @param store the helper's state directory: a rootfs below it is the helper's own
     * @param hostRoot who may keep the host root's powers in a container
     */
    public SpecValidator(HostFacts host, Supplier<Path> defaultRootfs, Function<String, Optional<Path>> layers,
            Path store, HostRootCheck hostRoot) {
        this(host, defaultRootfs, layers, new ConfinementRule(Caller.of(host), realOrAbsolute(store), hostRoot),
                Set.of("memory", "cpu", "pids"));
    }

    private SpecValidator(HostFacts host, Supplier<Path> defaultRootfs, Function<String, Optional<Path>> layers,
            ConfinementRule confinement, Set<String> limitable) {
        this.host = host;
        this.defaultRootfs = defaultRootfs;
        this.layers = layers;
        this.confinement = confinement;
        this.limitable = Set.copyOf(limitable);
    }

    /** This validator for a host whose cgroups apply only LIMITABLE (memory, cpu, pids): no other default. */
    public SpecValidator limitedBy(Set<String> limitableOnHost) {
        return new SpecValidator(host, defaultRootfs, layers, confinement, limitableOnHost);
    }

    private static Path realOrAbsolute(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Checks SPEC for a launch: a caller other than root asking for host-root must be authorized now. */
    public ValidatedSpec validate(ContainerSpec spec) throws InvalidRequestException {
        return validate(spec, true);
    }

    /**
     * Checks SPEC as a launch would, without asking anyone to authorize host-root: what the
     * recipe would give, said before Launch (the launch itself asks).
     */
    public ValidatedSpec preview(ContainerSpec spec) throws InvalidRequestException {
        return validate(spec, false);
    }

    private ValidatedSpec validate(ContainerSpec spec, boolean authorize) throws InvalidRequestException {
        Set<Namespace> asked = spec.namespaces();
        boolean mnt = asked.contains(Namespace.MNT);
        if (spec.command().isEmpty()) {
            throw new InvalidRequestException("command", "no command given: name the program to run in the"
                    + " container, for example: -- /bin/sh");
        }
        checkCommandSize(spec.command());
        checkHostname(spec, asked);
        checkLimits(spec.limits());
        Set<MountKind> mounts = spec.mounts().orElse(mnt ? ContainerSpec.DEFAULT_MOUNTS : Set.of());
        if (!mounts.isEmpty() && !mnt) {
            throw new InvalidRequestException("mounts", "mounts need the mnt namespace: without it they would"
                    + " land in the host's mount table; add mnt to the namespaces or ask for no mounts");
        }
        RootSwitch rootSwitch = spec.rootSwitch().orElse(mnt ? RootSwitch.PIVOT : RootSwitch.CHROOT);
        if (rootSwitch == RootSwitch.PIVOT && !mnt) {
            throw new InvalidRequestException("rootSwitch", "pivot_root needs the mnt namespace (it would move the"
                    + " host's root); add mnt to the namespaces or choose chroot");
        }
        long boottime = timeOffset("boottime", spec.boottimeOffset(), asked);
        long monotonic = timeOffset("monotonic", spec.monotonicOffset(), asked);

        Optional<JoinSpec> join = checkJoin(spec, asked);
        NetworkMode network = NetworkRules.decide(spec.network(), asked, join);
        Path rootfs = checkRootfs(spec.rootfs().isPresent() ? spec.rootfs().get() : builtInRootfs());
        ConfinementRule.Decision decision = confinement.decide(spec, rootSwitch, network, join, rootfs, authorize);
        Optional<ValidatedSpec.Overlay> overlay = checkOverlay(spec, mnt, decision.confinement());

        List<Path> tree = new ArrayList<>(overlay.map(ValidatedSpec.Overlay::layers).orElse(List.of()));
        tree.add(rootfs);
        checkMountPoints(tree, mounts);
        String executable = resolveCommand(tree, spec.command().get(0));
        // Every container is limited: what the recipe leaves out gets the defaults.
        Limits limits = DefaultLimits.fill(spec.limits(), host, limitable);
        return new ValidatedSpec(rootfs, decision.namespaces(), spec.hostname(), limits, mounts, rootSwitch,
                decision.mapping(), boottime, monotonic, executable, spec.command(), environment(), spec.stdio(),
                network, join, overlay, decision.confinement());
    }

    private static Optional<JoinSpec> checkJoin(ContainerSpec spec, Set<Namespace> ns) throws InvalidRequestException {
        if (spec.join().isEmpty()) {
            return Optional.empty();
        }
        JoinSpec join = spec.join().get();
        if (join.namespaces().isEmpty()) {
            throw new InvalidRequestException("join", "join names no namespace: name those to share, such as"
                    + " net,ipc");
        }
        for (Namespace n : join.namespaces()) {
            if (!JoinSpec.JOINABLE.contains(n)) {
                throw new InvalidRequestException("join", "the " + n.procName() + " namespace cannot be joined"
                        + " here: choose from net, ipc, uts and pid");
            }
            if (ns.contains(n)) {
                throw new InvalidRequestException("join", "the container cannot both create its own "
                        + n.procName() + " namespace and join another's; remove " + n.procName()
                        + " from the namespaces");
            }
        }
        if (!ContainerProcesses.isInContainer(join.pid())) {
            throw new InvalidRequestException("join", "process " + join.pid() + " is not running in a Namespace"
                    + " Explorer container; give the PID of a running container's process");
        }
        for (Namespace n : join.namespaces()) {
            if (ContainerProcesses.sharesHostNamespace(join.pid(), n)) {
                throw new InvalidRequestException("join", "the container of process " + join.pid() + " uses the"
                        + " host's own " + n.procName() + " namespace: there is nothing of its own to share; leave "
                        + n.procName() + " out, or switch it off in the new container");
            }
        }
        return Optional.of(join);
    }

    private Optional<ValidatedSpec.Overlay> checkOverlay(ContainerSpec spec, boolean mnt, Confinement confined)
            throws InvalidRequestException {
        if (spec.overlay().isEmpty()) {
            return Optional.empty();
        }
        OverlaySpec overlay = spec.overlay().get();
        if (!mnt) {
            throw new InvalidRequestException("overlay", "an overlay is mounted in the container's own mount"
                    + " namespace; add mnt to the namespaces");
        }
        if (confined.reasons().contains(Confinement.Reason.USER_NAMESPACE_ASKED)) {
            throw new InvalidRequestException("overlay", "copy-on-write layers and the user namespace do not go"
                    + " together here (the layers belong to root on the host); switch one of them off");
        }
        if (confined.level() == Confinement.Level.CALLER) {
            throw new InvalidRequestException("overlay", "copy-on-write layers cannot be mounted in a user"
                    + " namespace here (the layers belong to root on the host), and this container needs one: "
                    + confined.reasons().stream().map(Confinement.Reason::words).collect(
                            java.util.stream.Collectors.joining("; "))
                    + ". Give it its own mnt, pid, net and ipc namespaces, pivot_root and a stored rootfs,"
                    + " or switch copy-on-write off");
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : overlay.layers()) {
            org.nsexplorer.helper.store.StoreNames.check("overlay", name);
            dirs.add(layers.apply(name).orElseThrow(() -> new InvalidRequestException("overlay", "there is no"
                    + " layer named " + name + "; keep a container's changes as a layer first (--keep-upper)")));
        }
        if (dirs.size() > MAX_LAYERS) {
            throw new InvalidRequestException("overlay", "at most " + MAX_LAYERS + " layers stack on a base");
        }
        if (overlay.keepAs().isPresent()) {
            String name = org.nsexplorer.helper.store.StoreNames.check("keepAs", overlay.keepAs().get());
            if (layers.apply(name).isPresent()) {
                throw new InvalidRequestException("keepAs", "a layer named " + name + " exists already; choose"
                        + " another name");
            }
        }
        return Optional.of(new ValidatedSpec.Overlay(dirs, overlay.keepAs()));
    }

    private Path builtInRootfs() throws InvalidRequestException {
        try {
            return defaultRootfs.get();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("rootfs", "the built-in rootfs could not be built: " + e.getMessage()
                    + "; give a rootfs directory instead");
        }
    }

    private static void checkHostname(ContainerSpec spec, Set<Namespace> ns) throws InvalidRequestException {
        if (spec.hostname().isEmpty()) {
            return;
        }
        String name = spec.hostname().get();
        if (!ns.contains(Namespace.UTS)) {
            throw new InvalidRequestException("hostname", "a hostname needs the uts namespace: without it the"
                    + " container would rename the host; add uts to the namespaces");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new InvalidRequestException("hostname", "hostname '" + printable(name) + "' is longer than 64"
                    + " bytes, the kernel's limit; choose a shorter name");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidRequestException("hostname", "hostname '" + printable(name) + "' is not valid:"
                        + " use letters, digits and hyphens (RFC 1123), dot-separated, no hyphen at either end"
                        + " of a part, such as box-1");
            }
        }
    }

    private void checkLimits(Limits limits) throws InvalidRequestException {
        if (limits.memoryBytes().isPresent()) {
            long bytes = limits.memoryBytes().getAsLong();
            if (bytes <= 0) {
                throw new InvalidRequestException("memory", "memory limit must be above zero: give a size such as"
                        + " 64M or 1G");
            }
            if (bytes > host.memoryBytes()) {
                throw new InvalidRequestException("memory", "memory limit " + SizeParser.format(bytes) + " is more"
                        + " than this host's RAM (" + SizeParser.format(host.memoryBytes()) + "); choose less");
            }
        }
        if (limits.cpus().isPresent()) {
            double cpus = limits.cpus().getAsDouble();
            if (!(cpus > 0) || Double.isInfinite(cpus)) {
                throw new InvalidRequestException("cpus", "cpus must be a positive share of one CPU, such as 0.5"
                        + " for half of one");
            }
            if (cpus > host.cpus()) {
                throw new InvalidRequestException("cpus", "cpus " + cpus + " is more than this host's " + host.cpus()
                        + " CPUs; choose at most " + host.cpus());
            }
        }
        if (limits.pids().isPresent() && limits.pids().getAsLong() < 1) {
            throw new InvalidRequestException("pids", "pids limit must be at least 1 (the container's first"
                    + " process counts too)");
        }
        if (limits.pids().isPresent() && limits.pids().getAsLong() > MAX_PIDS) {
            throw new InvalidRequestException("pids", "pids limit " + limits.pids().getAsLong() + " is more than"
                    + " the kernel can count (" + MAX_PIDS + "); choose fewer, or no limit");
        }
    }

    private static long timeOffset(String field, java.util.OptionalLong offset, Set<Namespace> ns)
            throws InvalidRequestException {
        if (offset.isEmpty()) {
            return 0;
        }
        if (!ns.contains(Namespace.TIME)) {
            throw new InvalidRequestException(field, field + " offset needs the time namespace; add time to the"
                    + " namespaces");
        }
        long value = offset.getAsLong();
        if (value > MAX_TIME_OFFSET || value < -MAX_TIME_OFFSET) { // not Math.abs: it keeps Long.MIN_VALUE negative
            throw new InvalidRequestException(field, field + " offset " + value + " s is more than ten years;"
                    + " choose a smaller offset");
        }
        return value;
    }

    static Path checkRootfs(Path given) throws InvalidRequestException {
        Path abs = given.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new InvalidRequestException("rootfs", "rootfs " + abs + " does not exist: give a directory that"
                    + " holds a root filesystem, or leave it out for the built-in one");
        }
        if (!Files.isDirectory(abs)) {
            throw new InvalidRequestException("rootfs", "rootfs " + abs + " is not a directory: give the directory"
                    + " that holds the root filesystem (unpack a tarball first)");
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException("rootfs", "rootfs " + abs + " cannot be read: " + e.getMessage());
        }
        String text = real.toString();
        boolean system = SYSTEM_DIRS.contains(text)
                || SYSTEM_TREES.stream().anyMatch(t -> text.equals(t) || text.startsWith(t + "/"));
        if (system) {
            throw new InvalidRequestException("rootfs", "rootfs " + real + " is the host's own " + (text
                    .equals("/") ? "root" : "system directory") + ", not a root filesystem for a container;"
                    + " give a separate directory, or leave it out for the built-in one");
        }
        return real;
    }

    /** A symlink at a mount point would carry the mount outside the rootfs. */
    static void checkMountPoints(List<Path> tree, Set<MountKind> mounts) throws InvalidRequestException {
        for (MountKind kind : mounts) {
            Path rootfs = tree.stream().filter(dir -> Files.exists(dir.resolve(kind.mountPoint()),
                    LinkOption.NOFOLLOW_LINKS)).findFirst().orElse(tree.get(tree.size() - 1));
            Path point = rootfs.resolve(kind.mountPoint());
            if (Files.isSymbolicLink(point)) {
                String target;
                try {
                    target = Files.readSymbolicLink(point).toString();
                } catch (IOException e) {
                    target = "?";
                }
                boolean leadsOut = target.startsWith("/") || target.equals("..") || target.startsWith("../");
                throw new InvalidRequestException("mounts", "rootfs/" + kind.mountPoint() + " is a symbolic link (to "
                        + target + ")" + (leadsOut ? ", which leads out of the rootfs" : "") + ": mounting "
                        + kind.cliName() + " there could land outside the rootfs; replace it with an empty directory");
            }
            if (Files.exists(point, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(point, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidRequestException("mounts", "rootfs/" + kind.mountPoint() + " is not a directory;"
                        + " replace it with an empty directory to mount " + kind.cliName() + " there");
            }
        }
    }

    private static void checkCommandSize(List<String> command) throws InvalidRequestException {
        if (command.size() > MAX_ARGS) {
            throw new InvalidRequestException("command", "the command has " + command.size() + " arguments; at most "
                    + MAX_ARGS + " are taken");
        }
        long bytes = 0;
        for (String arg : command) {
            if (arg.indexOf('\0') >= 0) {
                throw new InvalidRequestException("command", "a command argument holds a NUL byte, which no program"
                        + " can receive");
            }
            bytes += arg.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (bytes > MAX_COMMAND_BYTES) {
            throw new InvalidRequestException("command", "the command is " + bytes + " bytes long; at most "
                    + MAX_COMMAND_BYTES + " are taken");
        }
    }

    /** The command in the topmost layer that has it (deleted files in upper layers are not seen here). */
    static String resolveCommand(List<Path> tree, String command) throws InvalidRequestException {
        InvalidRequestException missing = null;
        for (Path dir : tree) {
            try {
                return resolveCommand(dir, command);
            } catch (InvalidRequestException e) {
                if (missing == null || !missing.getMessage().contains("not executable")) {
                    missing = e;
                }
            }
        }
        throw missing;
    }

    private static String resolveCommand(Path rootfs, String command) throws InvalidRequestException {
        List<String> candidates = new ArrayList<>();
        if (command.contains("/")) {
            candidates.add(command.startsWith("/") ? command : "/" + command);
        } else {
            for (String dir : CONTAINER_PATH.split(":")) {
                candidates.add(dir + "/" + command);
            }
        }
        for (String candidate : candidates) {
            try {
                Optional<Path> host = RootfsPaths.resolve(rootfs, candidate);
                if (host.isPresent() && Files.isRegularFile(host.get(), LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isExecutable(host.get())) {
                        throw new InvalidRequestException("command", candidate + " in rootfs " + rootfs
                                + " is not executable; chmod +x it or run another program");
                    }
                    checkFormat(rootfs, candidate, host.get());
                    return candidate;
                }
            } catch (IOException e) {
                // unreadable: try the next candidate, then report the command as missing
            }
        }
        throw new InvalidRequestException("command", "command '" + printable(command) + "' is not in rootfs "
                + rootfs + (command.contains("/") ? "" : " (searched " + CONTAINER_PATH + ")")
                + "; name a program that the rootfs holds, such as /bin/sh");
    }

    /** A binary for another CPU, or a script whose interpreter is missing, would fail at execve. */
    private static void checkFormat(Path rootfs, String candidate, Path file)
            throws IOException, InvalidRequestException {
        ExecutableFormat format = ExecutableFormat.read(file);
        Optional<Integer> host = ExecutableFormat.hostMachine();
        if (format.elfMachine().isPresent() && host.isPresent() && !format.elfMachine().equals(host)) {
            throw new InvalidRequestException("command", candidate + " in rootfs " + rootfs + " is built for "
                    + ExecutableFormat.machineName(format.elfMachine().get()) + ", but this host runs "
                    + ExecutableFormat.machineName(host.get()) + "; use a rootfs built for "
                    + ExecutableFormat.machineName(host.get()));
        }
        if (format.interpreter().isPresent()) {
            String interpreter = format.interpreter().get();
            Optional<Path> found = interpreter.startsWith("/") ? RootfsPaths.resolve(rootfs, interpreter)
                    : Optional.empty();
            if (found.isEmpty() || !Files.isRegularFile(found.get())) {
                throw new InvalidRequestException("command", candidate + " in rootfs " + rootfs + " is a script for "
                        + printable(interpreter) + ", which the rootfs does not have; add it to the rootfs or run"
                        + " another program");
            }
        }
    }

    private static List<String> environment() {
        String term = System.getenv("TERM");
        return List.of("PATH=" + CONTAINER_PATH, "HOME=/root", "TERM=" + (term == null || term.isBlank()
                || !term.matches("[A-Za-z0-9._+-]{1,64}") ? "xterm" : term));
    }

    /** User text inside messages: no control characters, bounded length. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    /** The namespaces a comma list names ("none" for none); refuses unknown names. */
    public static Set<Namespace> parseNamespaces(String list) throws InvalidRequestException {
        return parseList(list, Namespace.class, Namespace::fromProcName, "namespaces", "unknown namespace",
                "mnt, uts, ipc, net, pid, user, cgroup, time");
    }

    public static Set<MountKind> parseMounts(String list) throws InvalidRequestException {
        return parseList(list, MountKind.class, MountKind::fromCliName, "mounts", "unknown mount",
                "proc, sys, tmp, dev");
    }

    private static <E extends Enum<E>> Set<E> parseList(String list, Class<E> type, Function<String, E> byName,
            String field, String unknown, String choices) throws InvalidRequestException {
        Set<E> result = EnumSet.noneOf(type);
        if (list.trim().equals("none")) {
            return result;
        }
        for (String name : list.split(",", -1)) {
            try {
                result.add(byName.apply(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(field, unknown + " '" + printable(name) + "': choose from "
                        + choices + ", or none");
            }
        }
        return result;
    }

    /** A path as the user gave it; refuses what no path can hold (a NUL byte). */
    public static Path parsePath(String field, String text) throws InvalidRequestException {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidRequestException(field, field + " '" + printable(text) + "' is not a path: "
                    + e.getReason());
        }
    }

    public static long parseMemory(String text) throws InvalidRequestException {
        if (text.trim().startsWith("-")) {
            throw new InvalidRequestException("memory", "memory limit '" + printable(text) + "' is negative: give a"
                    + " size such as 64M or 1G");
        }
        long bytes = SizeParser.parseBytes(text);
        if (bytes < 0) {
            throw new InvalidRequestException("memory", "memory limit '" + printable(text) + "' is not a size: give"
                    + " a number with K, M or G, such as 64M or 1G");
        }
        return bytes;
    }

    public static double parseCpus(String text) throws InvalidRequestException {
        try {
            double cpus = Double.parseDouble(text.trim());
            if (Double.isNaN(cpus)) {
                throw new NumberFormatException();
            }
            return cpus;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cpus", "cpus '" + printable(text) + "' is not a number: give a share"
                    + " of one CPU, such as 0.5");
        }
    }

    public static long parseWhole(String field, String text) throws InvalidRequestException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, field + " '" + printable(text) + "' is not a whole number");
        }
    }

    public static RootSwitch parseRootSwitch(String value) throws InvalidRequestException {
        return switch (value) {
            case "pivot" -> RootSwitch.PIVOT;
            case "chroot" -> RootSwitch.CHROOT;
            default -> throw new InvalidRequestException("rootSwitch", "root switch '" + value
                    + "' is unknown: choose pivot (isolated) or chroot (the tutorial's way)");
        };
    }

    public static int parseUid(String value) throws InvalidRequestException {
        long uid = parseWhole("mapRoot", value);
        if (uid < 0 || uid >= 0xFFFFFFFFL) {
            throw new InvalidRequestException("mapRoot", "map-root " + uid + " is not a uid: give one from 0 to"
                    + " 4294967294");
        }
        return (int) uid;
    }
}
