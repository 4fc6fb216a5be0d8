package org.nsexplorer.app.containers;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of a container's namespaces are not the host's, and which other running containers
 * are in them too (a pod), by the inode numbers of the helper's list. Plain values in and
 * out: no toolkit, no helper.
 */
public final class NamespaceSharing {
    private NamespaceSharing() {
    }

    /**
     * The types in which RECIPE's container is not in the host's namespace: those it makes of
     * its own, and those it joins from another container.
     */
    public static Set<Namespace> notTheHosts(Recipe recipe) {
        Set<Namespace> types = EnumSet.noneOf(Namespace.class);
        types.addAll(recipe.ownNamespaces());
        if (recipe.network().joinContainer() != null) {
            types.addAll(recipe.network().joinNamespaces());
        }
        return types;
    }

    /**
     * The other containers of RUNNING in each namespace of CONTAINER (launched with RECIPE)
     * that is not the host's, named by NAME_OF (the helper's id to the name the class knows),
     * in RUNNING's order, joined by ", ". Sharing the host's namespace is said elsewhere.
     */
    public static Map<Namespace, String> partners(ContainerInfo container, Recipe recipe,
            List<ContainerInfo> running, Function<String, String> nameOf) {
        Map<Namespace, String> partners = new EnumMap<>(Namespace.class);
        Set<Namespace> notHosts = notTheHosts(recipe);
        for (ContainerInfo other : running) {
            if (other.helperId().equals(container.helperId())) {
                continue;
            }
            container.namespaceInodes().forEach((type, inode) -> {
                if (notHosts.contains(type) && inode.equals(other.namespaceInodes().get(type))) {
                    partners.merge(type, nameOf.apply(other.helperId()), (a, b) -> a + ", " + b);
                }
            });
        }
        return partners;
    }

    /**
     * As partners(), with the containers others made: each named "web (docker)". For CONTAINER
     * of ours, the others in its namespaces that are not the host's; the map given is added to.
     */
    public static Map<Namespace, String> withOthers(Map<Namespace, String> partners, Map<Namespace, Long> inodes,
            Set<Namespace> notHosts, long self, List<FoundContainer> others) {
        Map<Namespace, String> all = new EnumMap<>(Namespace.class);
        all.putAll(partners);
        for (FoundContainer other : others) {
            if (other.hostPid() == self) {
                continue;
            }
            inodes.forEach((type, inode) -> {
                if (notHosts.contains(type) && inode.equals(other.namespaces().get(type))) {
                    all.merge(type, other.labelWithEngine(), (a, b) -> a + ", " + b);
                }
            });
        }
        return all;
    }

    /** For FOUND, made by others: the containers of ours (named by NAME_OF) in its namespaces that are not the host's. */
    public static Map<Namespace, String> oursIn(FoundContainer found, List<ContainerInfo> ours,
            Function<String, String> nameOf) {
        Map<Namespace, String> partners = new EnumMap<>(Namespace.class);
        Set<Namespace> notHosts = found.notTheHosts();
        for (ContainerInfo c : ours) {
            found.namespaces().forEach((type, inode) -> {
                if (notHosts.contains(type) && inode.equals(c.namespaceInodes().get(type))) {
                    partners.merge(type, nameOf.apply(c.helperId()), (a, b) -> a + ", " + b);
                }
            });
        }
        return partners;
    }
}
