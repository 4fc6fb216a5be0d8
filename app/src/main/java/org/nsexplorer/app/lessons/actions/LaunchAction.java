package org.nsexplorer.app.lessons.actions;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * launch: a container with the lesson's recipe, named AS, with a shell on its terminal
 * unless a command is given. ROOTFS is a stored rootfs's name (null: the built-in one). A
 * container of the lesson already running under that name is stopped first.
 */
public record LaunchAction(String as, String rootfs, Recipe recipe) implements LessonAction {
    private static final Set<String> KEYS = Set.of("as", "rootfs", "namespaces", "hostname", "mounts", "root",
            "memory", "cpus", "pids", "network", "join", "overlay", "layers", "hostRoot", "command");

    public static LaunchAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(KEYS);
        String as = containerName(f.required("as"));
        Set<Namespace> namespaces = f.optional("namespaces").isPresent()
                ? namespaces(f.required("namespaces"), n -> true) : Namespace.CLASSIC;
        Set<String> mounts = f.optional("mounts").isPresent() ? choices(f.required("mounts"), Recipe.MOUNTS) : null;
        String root = f.text("root").orElse("pivot");
        if (!List.of("pivot", "chroot").contains(root)) {
            throw f.required("root").error("lesson.error.notOneOf", "root", root, "pivot, chroot");
        }
        String network = f.text("network").orElse(null);
        if (network != null && !List.of("host", "isolated", "veth", "bridge").contains(network)) {
            throw f.required("network").error("lesson.error.notOneOf", "network", network,
                    "host, isolated, veth, bridge");
        }
        Recipe.Network connected = Recipe.Network.DEFAULT.withMode(network);
        if (f.optional("join").isPresent()) {
            Fields join = f.required("join").fields();
            join.allowOnly(Set.of("container", "namespaces"));
            connected = connected.joining(scope.container(join.required("container")),
                    namespaces(join.required("namespaces"), Namespace::isJoinable));
        }
        boolean overlay = f.optional("overlay").isPresent() && f.required("overlay").yesNo();
        List<String> layers = f.optional("layers").isPresent() ? f.required("layers").texts() : List.of();
        List<String> command = f.optional("command").isPresent() ? f.required("command").texts() : List.of("/bin/sh");
        Long pids = f.optional("pids").isPresent() ? f.required("pids").number() : null;
        boolean hostRoot = f.optional("hostRoot").isPresent() && f.required("hostRoot").yesNo();
        if (overlay || !layers.isEmpty()) {
            connected = connected.withOverlay(layers);
        }
        Recipe recipe = Recipe.builder().namespaces(namespaces).hostname(f.text("hostname").orElse(null))
                .memory(f.text("memory").orElse(null)).cpus(f.text("cpus").orElse(null)).pids(pids).mounts(mounts)
                .rootSwitch(root).command(command).terminal(true).network(connected).hostRoot(hostRoot).build();
        scope.launches(as);
        return new LaunchAction(as, f.text("rootfs").orElse(null), recipe);
    }

    /** The namespace types VALUE lists ("none" alone: no namespace), each of them one ALLOWED may take. */
    private static Set<Namespace> namespaces(YamlValue value, Predicate<Namespace> allowed)
            throws LessonFileException {
        List<String> names = Arrays.stream(Namespace.values()).filter(allowed).map(Namespace::procName).toList();
        return choices(value, names).stream().map(n -> Namespace.fromProcName(n).orElseThrow())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Namespace.class)));
    }

    /** The lesson's name for a container ("jail"): lower case, a letter first, 16 characters at most. */
    static String containerName(YamlValue value) throws LessonFileException {
        String as = value.text().trim();
        if (!as.matches("[a-z][a-z0-9-]{0,15}")) {
            throw value.error("lesson.error.badName", as);
        }
        return as;
    }

    private static Set<String> choices(YamlValue value, List<String> allowed) throws LessonFileException {
        Set<String> chosen = new LinkedHashSet<>();
        for (YamlValue item : value.list()) {
            String name = item.text().trim();
            if (name.equals("none") && value.isScalar()) {
                return Set.of();
            }
            if (!allowed.contains(name)) {
                throw item.error("lesson.error.notOneOf", value.name(), name, String.join(", ", allowed));
            }
            chosen.add(name);
        }
        return chosen;
    }

    /** Host root is the host's: a lesson file must not get it without the teacher seeing it. */
    @Override
    public boolean hostSide() {
        return recipe.hostRoot();
    }

    @Override
    public String describe() {
        String own = recipe.ownNamespaces().isEmpty() ? Texts.get("lesson.none")
                : recipe.ownNamespaces().stream().map(Namespace::procName).collect(Collectors.joining(", "));
        return Texts.get("lesson.action.launch", as, own, String.join(" ", recipe.command()),
                rootfs == null ? Texts.get("recipe.rootfs.builtin") : rootfs)
                + (recipe.hostRoot() ? " " + Texts.get("lesson.action.launch.hostRoot") : "");
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        Recipe joined = recipe;
        String partner = recipe.network().joinContainer();
        if (partner != null) {
            // The lesson names the partner ("a"); the helper knows it by its own id.
            String id = context.container(partner).map(c -> c.helperIdProperty().get()).orElse(partner);
            Recipe.Network n = recipe.network();
            joined = recipe.toBuilder().network(n.joining(id, n.joinNamespaces())).build();
        }
        Recipe base = joined;
        CompletableFuture<Recipe> ready = rootfs == null ? CompletableFuture.completedFuture(base)
                : StoredRootfs.path(context, rootfs).thenApply(path -> base.toBuilder().rootfs(path).build());
        // A lesson's name is one container: launched again ("Do it for me" twice), the one before
        // ends first, or it would run on unseen, never stopped when the lesson ends.
        return ready.thenCompose(r -> context.stop(as).thenCompose(stopped -> context.launch(as, r)))
                .thenApply(done -> "");
    }
}
