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
import org.nsexplorer.helper.words.Word;

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
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_MISSING);
        }
        checkCommandSize(spec.command());
        checkHostname(spec, asked);
        checkLimits(spec.limits());
        Set<MountKind> mounts = spec.mounts().orElse(mnt ? ContainerSpec.DEFAULT_MOUNTS : Set.of());
        if (!mounts.isEmpty() && !mnt) {
            throw new InvalidRequestException("mounts", Word.RECIPE_MOUNTS_NEED_MNT);
        }
        RootSwitch rootSwitch = spec.rootSwitch().orElse(mnt ? RootSwitch.PIVOT : RootSwitch.CHROOT);
        if (rootSwitch == RootSwitch.PIVOT && !mnt) {
            throw new InvalidRequestException("rootSwitch", Word.RECIPE_PIVOT_NEEDS_MNT);
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
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_NO_NAMESPACE);
        }
        for (Namespace n : join.namespaces()) {
            if (!JoinSpec.JOINABLE.contains(n)) {
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

    private Optional<ValidatedSpec.Overlay> checkOverlay(ContainerSpec spec, boolean mnt, Confinement confined)
            throws InvalidRequestException {
        if (spec.overlay().isEmpty()) {
            return Optional.empty();
        }
        OverlaySpec overlay = spec.overlay().get();
        if (!mnt) {
            throw new InvalidRequestException("overlay", Word.LAYER_OVERLAY_NEEDS_MNT);
        }
        if (confined.reasons().contains(Confinement.Reason.USER_NAMESPACE_ASKED)) {
            throw new InvalidRequestException("overlay", Word.LAYER_OVERLAY_AND_USER);
        }
        if (confined.level() == Confinement.Level.CALLER) {
            // The reasons in English: the app words the confinement itself, from the launch's "reasons".
            throw new InvalidRequestException("overlay", Word.LAYER_OVERLAY_NEEDS_USER_NAMESPACE, confined.reasons()
                    .stream().map(Confinement.Reason::words).collect(java.util.stream.Collectors.joining("; ")));
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : overlay.layers()) {
            org.nsexplorer.helper.store.StoreNames.check("overlay", name);
            dirs.add(layers.apply(name).orElseThrow(() -> new InvalidRequestException("overlay",
                    Word.LAYER_NO_SUCH_LAYER, name)));
        }
        if (dirs.size() > MAX_LAYERS) {
            throw new InvalidRequestException("overlay", Word.LAYER_TOO_MANY, MAX_LAYERS);
        }
        if (overlay.keepAs().isPresent()) {
            String name = org.nsexplorer.helper.store.StoreNames.check("keepAs", overlay.keepAs().get());
            if (layers.apply(name).isPresent()) {
                throw new InvalidRequestException("keepAs", Word.LAYER_EXISTS, name);
            }
        }
        return Optional.of(new ValidatedSpec.Overlay(dirs, overlay.keepAs()));
    }

    private Path builtInRootfs() throws InvalidRequestException {
        try {
            return defaultRootfs.get();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_BUILT_IN_FAILED, e.getMessage());
        }
    }

    private static void checkHostname(ContainerSpec spec, Set<Namespace> ns) throws InvalidRequestException {
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

    private void checkLimits(Limits limits) throws InvalidRequestException {
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
        if (limits.pids().isPresent() && limits.pids().getAsLong() > MAX_PIDS) {
            throw new InvalidRequestException("pids", Word.RECIPE_PIDS_MORE_THAN_KERNEL, limits.pids().getAsLong(),
                    MAX_PIDS);
        }
    }

    private static long timeOffset(String field, java.util.OptionalLong offset, Set<Namespace> ns)
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

    static Path checkRootfs(Path given) throws InvalidRequestException {
        Path abs = given.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_MISSING, abs);
        }
        if (!Files.isDirectory(abs)) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_NOT_A_DIRECTORY, abs);
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException("rootfs", Word.RECIPE_ROOTFS_UNREADABLE, abs, e.getMessage());
        }
        String text = real.toString();
        boolean system = SYSTEM_DIRS.contains(text)
                || SYSTEM_TREES.stream().anyMatch(t -> text.equals(t) || text.startsWith(t + "/"));
        if (system) {
            throw new InvalidRequestException("rootfs", text.equals("/") ? Word.RECIPE_ROOTFS_HOST_ROOT
                    : Word.RECIPE_ROOTFS_SYSTEM_DIRECTORY, real);
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
                throw new InvalidRequestException("mounts", leadsOut ? Word.RECIPE_MOUNT_POINT_LINK_LEADS_OUT
                        : Word.RECIPE_MOUNT_POINT_LINK, kind.mountPoint(), target, kind.cliName());
            }
            if (Files.exists(point, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(point, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidRequestException("mounts", Word.RECIPE_MOUNT_POINT_NOT_A_DIRECTORY, kind.mountPoint(),
                        kind.cliName());
            }
        }
    }

    private static void checkCommandSize(List<String> command) throws InvalidRequestException {
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

    /** The command in the topmost layer that has it (deleted files in upper layers are not seen here). */
    static String resolveCommand(List<Path> tree, String command) throws InvalidRequestException {
        InvalidRequestException missing = null;
        for (Path dir : tree) {
            try {
                return resolveCommand(dir, command);
            } catch (InvalidRequestException e) {
                if (missing == null || missing.sentence().word() != Word.RECIPE_COMMAND_NOT_EXECUTABLE) {
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
                        throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_EXECUTABLE, candidate,
                                rootfs);
                    }
                    checkFormat(rootfs, candidate, host.get());
                    return candidate;
                }
            } catch (IOException e) {
                // unreadable: try the next candidate, then report the command as missing
            }
        }
        if (command.contains("/")) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_IN_ROOTFS, printable(command), rootfs);
        }
        throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NOT_ON_PATH, printable(command), rootfs,
                CONTAINER_PATH);
    }

    /** A binary for another CPU, or a script whose interpreter is missing, would fail at execve. */
    private static void checkFormat(Path rootfs, String candidate, Path file)
            throws IOException, InvalidRequestException {
        ExecutableFormat format = ExecutableFormat.read(file);
        Optional<Integer> host = ExecutableFormat.hostMachine();
        if (format.elfMachine().isPresent() && host.isPresent() && !format.elfMachine().equals(host)) {
            throw new InvalidRequestException("command", Word.RECIPE_COMMAND_OTHER_MACHINE, candidate, rootfs,
                    ExecutableFormat.machineName(format.elfMachine().get()), ExecutableFormat.machineName(host.get()));
        }
        if (format.interpreter().isPresent()) {
            String interpreter = format.interpreter().get();
            Optional<Path> found = interpreter.startsWith("/") ? RootfsPaths.resolve(rootfs, interpreter)
                    : Optional.empty();
            if (found.isEmpty() || !Files.isRegularFile(found.get())) {
                throw new InvalidRequestException("command", Word.RECIPE_COMMAND_NO_INTERPRETER, candidate, rootfs,
                        printable(interpreter));
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
        return parseList(list, Namespace.class, Namespace::fromProcName, "namespaces", Word.RECIPE_NAMESPACE_UNKNOWN,
                "mnt, uts, ipc, net, pid, user, cgroup, time");
    }

    public static Set<MountKind> parseMounts(String list) throws InvalidRequestException {
        return parseList(list, MountKind.class, MountKind::fromCliName, "mounts", Word.RECIPE_MOUNT_UNKNOWN,
                "proc, sys, tmp, dev");
    }

    /** @param unknown the refusal of an unknown name: the name, and the CHOICES */
    private static <E extends Enum<E>> Set<E> parseList(String list, Class<E> type, Function<String, E> byName,
            String field, Word unknown, String choices) throws InvalidRequestException {
        Set<E> result = EnumSet.noneOf(type);
        if (list.trim().equals("none")) {
            return result;
        }
        for (String name : list.split(",", -1)) {
            try {
                result.add(byName.apply(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(field, unknown, printable(name), choices);
            }
        }
        return result;
    }

    /** A path as the user gave it; refuses what no path can hold (a NUL byte). */
    public static Path parsePath(String field, String text) throws InvalidRequestException {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidRequestException(field, Word.RECIPE_NOT_A_PATH, field, printable(text), e.getReason());
        }
    }

    public static long parseMemory(String text) throws InvalidRequestException {
        if (text.trim().startsWith("-")) {
            throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_NEGATIVE, printable(text));
        }
        long bytes = SizeParser.parseBytes(text);
        if (bytes < 0) {
            throw new InvalidRequestException("memory", Word.RECIPE_MEMORY_NOT_A_SIZE, printable(text));
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
            throw new InvalidRequestException("cpus", Word.RECIPE_CPUS_NOT_A_NUMBER, printable(text));
        }
    }

    public static long parseWhole(String field, String text) throws InvalidRequestException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, Word.RECIPE_NOT_WHOLE, field, printable(text));
        }
    }

    public static RootSwitch parseRootSwitch(String value) throws InvalidRequestException {
        return switch (value) {
            case "pivot" -> RootSwitch.PIVOT;
            case "chroot" -> RootSwitch.CHROOT;
            default -> throw new InvalidRequestException("rootSwitch", Word.RECIPE_ROOT_SWITCH_UNKNOWN, printable(value));
        };
    }

    public static int parseUid(String value) throws InvalidRequestException {
        long uid = parseWhole("mapRoot", value);
        if (uid < 0 || uid >= 0xFFFFFFFFL) {
            throw new InvalidRequestException("mapRoot", Word.RECIPE_MAP_ROOT_NOT_A_UID, uid);
        }
        return (int) uid;
    }
}
