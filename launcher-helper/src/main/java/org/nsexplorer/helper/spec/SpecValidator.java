package org.nsexplorer.helper.spec;

import static org.nsexplorer.helper.spec.RootfsInspection.checkMountPoints;
import static org.nsexplorer.helper.spec.RootfsInspection.checkRootfs;
import static org.nsexplorer.helper.spec.RootfsInspection.resolveCommand;
import static org.nsexplorer.helper.spec.SpecRules.checkCommandSize;
import static org.nsexplorer.helper.spec.SpecRules.checkHostname;
import static org.nsexplorer.helper.spec.SpecRules.checkJoin;
import static org.nsexplorer.helper.spec.SpecRules.checkLimits;
import static org.nsexplorer.helper.spec.SpecRules.timeOffset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.store.StoreNames;
import org.nsexplorer.helper.words.Word;

/**
 * Checks a launch request completely before anything changes on the host, and fills in
 * the defaults. Every refusal names the field and says what to do instead. The field rules
 * are in {@link SpecRules}, what the root filesystem must hold in {@link RootfsInspection},
 * who may have what in {@link ConfinementRule}; this class puts them in order.
 */
public final class SpecValidator {
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
        this(host, defaultRootfs, layers, HelperPaths.stateDir(), HostRootCheck.ROOT_ONLY);
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
        if (spec.enter().isPresent()) {
            return validateEnter(spec, spec.enter().getAsLong());
        }
        checkHostname(spec, asked);
        checkLimits(spec.limits(), host);
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
                decision.mapping(), boottime, monotonic, executable, spec.command(), ENVIRONMENT, spec.stdio(),
                network, join, overlay, decision.confinement());
    }

    /** A shell in another's container: its namespaces and root, our cgroup and terminal (see EnterRule). */
    private ValidatedSpec validateEnter(ContainerSpec spec, long pid) throws InvalidRequestException {
        Caller caller = confinement.caller();
        EnterSpec enter = new EnterRule(caller, SeeingRule.forCaller(caller.isRoot() ? OptionalInt.empty()
                : OptionalInt.of(caller.uid()))).check(spec, pid);
        checkLimits(spec.limits(), host);
        Limits limits = DefaultLimits.fill(spec.limits(), host, limitable);
        return new ValidatedSpec(Path.of("/proc", Long.toString(pid), "root"), Set.of(), Optional.empty(), limits,
                Set.of(), RootSwitch.CHROOT, Optional.empty(), 0, 0, spec.command().get(0), spec.command(),
                ENVIRONMENT, spec.stdio(), NetworkMode.JOINED, Optional.empty(), Optional.empty(),
                EnterRule.confinementOf(enter), Optional.of(enter));
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
                    .stream().map(Confinement.Reason::words).collect(Collectors.joining("; ")));
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : overlay.layers()) {
            StoreNames.check("overlay", name);
            dirs.add(layers.apply(name).orElseThrow(() -> new InvalidRequestException("overlay",
                    Word.LAYER_NO_SUCH_LAYER, name)));
        }
        if (dirs.size() > MAX_LAYERS) {
            throw new InvalidRequestException("overlay", Word.LAYER_TOO_MANY, MAX_LAYERS);
        }
        if (overlay.keepAs().isPresent()) {
            String name = StoreNames.check("keepAs", overlay.keepAs().get());
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

    /** The helper's environment does not change: worked out once, not at each launch. */
    private static final List<String> ENVIRONMENT = environment(System.getenv("TERM"));

    private static List<String> environment(String term) {
        return List.of("PATH=" + RootfsInspection.CONTAINER_PATH, "HOME=/root", "TERM=" + (term == null || term.isBlank()
                || !term.matches("[A-Za-z0-9._+-]{1,64}") ? "xterm" : term));
    }
}
