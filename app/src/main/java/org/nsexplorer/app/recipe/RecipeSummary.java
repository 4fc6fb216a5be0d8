package org.nsexplorer.app.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.containers.Recipe;
import org.nsexplorer.app.ui.Texts;

/**
 * How a container was launched, in one line the class reads under its card: the recipe
 * column shows the next launch, which may differ (PID unticked since, say).
 */
public final class RecipeSummary {
    private static final int COMMAND_CHARS = 32;

    private RecipeSummary() {
    }

    /** "otter was launched with its own mount, UTS… namespaces; /bin/sh; memory 64M". */
    /** NAMEOF: a joined container's helper id ("c6") to the name the class knows it by ("heron"). */
    public static String of(String name, Recipe recipe, Function<String, String> nameOf) {
        if (recipe.enters()) {
            return Texts.get("summary.enters", name, Long.toString(recipe.enter()),
                    shortened(String.join(" ", recipe.command())));
        }
        Set<Namespace> own = recipe.ownNamespaces();
        List<String> ownNames = own.stream().map(Namespace::label).toList();
        List<String> parts = new ArrayList<>();
        parts.add(ownNames.isEmpty() ? Texts.get("summary.noNamespaces")
                : Texts.get("summary.namespaces", String.join(" ", ownNames)));
        if (recipe.network().joinContainer() != null && !recipe.network().joinNamespaces().isEmpty()) {
            parts.add(Texts.get("summary.joined", nameOf.apply(recipe.network().joinContainer()),
                    String.join(" ", recipe.network().joinNamespaces().stream().map(Namespace::label).toList())));
        }
        parts.add(recipe.rootfs() == null ? Texts.get("summary.builtin") : recipe.rootfs());
        if (recipe.command() != null && !recipe.command().isEmpty()) {
            parts.add(shortened(String.join(" ", recipe.command())));
        }
        addLimit(parts, "summary.memory", recipe.memory());
        addLimit(parts, "summary.cpus", recipe.cpus());
        addLimit(parts, "summary.pids", recipe.pids() == null ? null : recipe.pids().toString());
        if (recipe.hostRoot()) {
            parts.add(Texts.get("chip.hostRoot"));
        }
        return Texts.get("summary.line", name, String.join(" · ", parts));
    }

    /** A long command line would take the room of the views: its start, whole in the line's tooltip. */
    private static String shortened(String command) {
        return command.length() <= COMMAND_CHARS ? command : command.substring(0, COMMAND_CHARS - 1).stripTrailing() + "…";
    }

    /** The whole settings, the command uncut: the line's tooltip. */
    public static String full(String name, Recipe recipe, Function<String, String> nameOf) {
        String line = of(name, recipe, nameOf);
        return recipe.command() == null || recipe.command().isEmpty() ? line
                : line + "\n" + String.join(" ", recipe.command());
    }

    private static void addLimit(List<String> parts, String key, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(Texts.get(key, value.strip()));
        }
    }
}
