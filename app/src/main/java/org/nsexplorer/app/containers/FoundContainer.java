package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsexplorer.app.ui.Texts;

/**
 * A container that another engine made (docker, podman, lxc, nspawn...) or a process tree with
 * namespaces of its own ("unknown"), as the helper's `discover` found it.
 *
 * @param engine the maker's name, as the helper says it ("docker", "unknown"...)
 * @param id the engine's id, or "" when it has none
 * @param name the engine's name for it, or "" when none was found
 * @param image its image where the engine records it, or ""
 * @param hostPid its first process on the host
 * @param command that process's name
 * @param processes how many processes it holds
 * @param ownNamespaces the namespace types it does not share with the host
 * @param namespaces its namespaces' inodes, by type (those the helper could read)
 */
public record FoundContainer(String engine, String id, String name, String image, long hostPid, String command,
        int processes, List<String> ownNamespaces, Map<Namespace, Long> namespaces) {

    /** The same container in two answers: the engine's id, or for one without, its first process. */
    public String key() {
        return engine + ":" + (id.isEmpty() ? Long.toString(hostPid) : id);
    }

    /** What the class calls it: the engine's name, else its first command. */
    public String label() {
        return name.isEmpty() ? command : name;
    }

    /** Its name with its engine, "web (docker)": how a list of ours and theirs tells it apart. */
    public String labelWithEngine() {
        return label() + " (" + engineWords() + ")";
    }

    /** The types of its namespaces that are not the host's. */
    public Set<Namespace> notTheHosts() {
        Set<Namespace> types = EnumSet.noneOf(Namespace.class);
        ownNamespaces.forEach(n -> Namespace.fromProcName(n).ifPresent(types::add));
        return types;
    }

    /** Its engine in the class's words: the engine's own name, or that no engine made it. */
    public String engineWords() {
        return engine.equals("unknown") ? Texts.get("found.noEngine") : engine;
    }

    /** The "containers" of a "discovered" answer. */
    public static List<FoundContainer> parseList(JsonNode answer) {
        List<FoundContainer> found = new ArrayList<>();
        for (JsonNode c : answer.path("containers")) {
            List<String> own = new ArrayList<>();
            c.path("ownNamespaces").forEach(n -> own.add(n.asText()));
            Map<Namespace, Long> inodes = new EnumMap<>(Namespace.class);
            c.path("namespaces").fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    Namespace.fromProcName(e.getKey()).ifPresent(type -> inodes.put(type, e.getValue().asLong()));
                }
            });
            found.add(new FoundContainer(c.path("engine").asText(), text(c, "id"), text(c, "name"),
                    text(c, "image"), c.path("hostPid").asLong(), text(c, "command"), c.path("processes").asInt(1),
                    List.copyOf(own), Map.copyOf(inodes)));
        }
        return found;
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
