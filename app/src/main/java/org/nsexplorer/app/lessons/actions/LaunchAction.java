package org.nsexplorer.app.lessons.actions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    static final List<String> NAMESPACES = List.of("mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time");
    private static final Set<String> KEYS = Set.of("as", "rootfs", "namespaces", "hostname", "mounts", "root",
            "memory", "cpus", "pids", "network", "join", "overlay", "layers", "hostRoot", "command");

    public static LaunchAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(KEYS);
        String as = f.required("as").text().trim();
        if (!as.matches("[a-z][a-z0-9-]{0,15}")) {
            throw f.required("as").error("lesson.error.badName", as);
        }
        Set<String> namespaces = f.optional("namespaces").isPresent()
                ? choices(f.required("namespaces"), NAMESPACES) : Set.of("mnt", "uts", "ipc", "net", "pid");
        Set<String> mounts = f.optional("mounts").isPresent()
                ? choices(f.required("mounts"), List.of("proc", "sys", "tmp", "dev")) : null;
        String root = f.text("root").orElse("pivot");
        if (!List.of("pivot", "chroot").contains(root)) {
            throw f.required("root").error("lesson.error.notOneOf", "root", root, "pivot, chroot");
        }
        String network = f.text("network").orElse(null);
        if (network != null && !List.of("host", "isolated", "veth", "bridge").contains(network)) {
            throw f.required("network").error("lesson.error.notOneOf", "network", network,
                    "host, isolated, veth, bridge");
        }
        String joinContainer = null;
        Set<String> joined = Set.of();
        if (f.optional("join").isPresent()) {
            Fields join = f.required("join").fields();
            join.allowOnly(Set.of("container", "namespaces"));
            joinContainer = scope.container(join.required("container"));
            joined = choices(join.required("namespaces"), List.of("net", "ipc", "uts", "pid"));
        }
        boolean overlay = f.optional("overlay").isPresent() && f.required("overlay").yesNo();
        List<String> layers = f.optional("layers").isPresent() ? f.required("layers").texts() : List.of();
        List<String> command = f.optional("command").isPresent() ? f.required("command").texts() : List.of("/bin/sh");
        Long pids = f.optional("pids").isPresent() ? f.required("pids").number() : null;
        boolean hostRoot = f.optional("hostRoot").isPresent() && f.required("hostRoot").yesNo();
        Recipe recipe = new Recipe(null, namespaces, f.text("hostname").orElse(null), f.text("memory").orElse(null),
                f.text("cpus").orElse(null), pids, mounts, root, command, true,
                new Recipe.Network(network, joinContainer, joined, overlay || !layers.isEmpty(), layers), hostRoot);
        scope.launches(as);
        return new LaunchAction(as, f.text("rootfs").orElse(null), recipe);
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
                : String.join(", ", NAMESPACES.stream().filter(recipe.ownNamespaces()::contains).toList());
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
            joined = recipe.withNetwork(new Recipe.Network(n.mode(), id, n.joinNamespaces(), n.overlay(), n.layers()));
        }
        Recipe base = joined;
        CompletableFuture<Recipe> ready = rootfs == null ? CompletableFuture.completedFuture(base)
                : StoredRootfs.path(context, rootfs).thenApply(path -> withRootfs(base, path));
        // A lesson's name is one container: launched again ("Do it for me" twice), the one before
        // ends first, or it would run on unseen, never stopped when the lesson ends.
        return ready.thenCompose(r -> context.stop(as).thenCompose(stopped -> context.launch(as, r)))
                .thenApply(done -> "");
    }

    private static Recipe withRootfs(Recipe recipe, String path) {
        return new Recipe(path, recipe.namespaces(), recipe.hostname(), recipe.memory(), recipe.cpus(), recipe.pids(),
                recipe.mounts(), recipe.rootSwitch(), recipe.command(), recipe.terminal(), recipe.network(),
                recipe.hostRoot());
    }
}
