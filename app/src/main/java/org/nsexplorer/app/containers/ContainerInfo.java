package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One running container as the helper's "containers" list describes it: its network (and
 * veth pair), the namespaces it joined, its overlay, and the inode of each of its
 * namespaces, read from /proc when the list was made.
 */
public record ContainerInfo(String helperId, String network, Optional<Veth> veth, Optional<Long> joinedPid,
        Set<Namespace> joinedNamespaces, boolean overlay, List<String> layers, Optional<String> keepAs,
        Map<Namespace, Long> namespaceInodes, long hostPid) {

    /**
     * Both ends of a veth pair; addresses as a.b.c.d/len. With a bridge, hostInterface is its
     * port, in the switch: a net namespace of the helper's own, which the host reaches through
     * the uplink (the host's interface that carries hostAddress).
     */
    public record Veth(String hostInterface, String hostAddress, String containerInterface, String containerAddress,
            Optional<String> bridge, Optional<String> uplink) {
    }

    public static List<ContainerInfo> parseList(JsonNode containers) {
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : containers.path("containers")) {
            out.add(parse(c));
        }
        return out;
    }

    static ContainerInfo parse(JsonNode c) {
        JsonNode v = c.path("veth");
        Optional<Veth> veth = v.isObject() ? Optional.of(new Veth(v.path("hostInterface").asText(),
                v.path("hostAddress").asText(), v.path("containerInterface").asText(),
                v.path("containerAddress").asText(), v.hasNonNull("bridge") ? Optional.of(v.get("bridge").asText())
                        : Optional.empty(), v.path("switch").hasNonNull("uplink")
                        ? Optional.of(v.path("switch").get("uplink").asText()) : Optional.empty())) : Optional.empty();
        // A type this app does not know (a newer helper's) is left out, never a failure.
        Set<Namespace> joined = EnumSet.noneOf(Namespace.class);
        c.path("join").path("namespaces").forEach(n -> Namespace.fromProcName(n.asText()).ifPresent(joined::add));
        List<String> layers = new ArrayList<>();
        c.path("overlay").path("layers").forEach(n -> layers.add(n.asText()));
        Map<Namespace, Long> inodes = new EnumMap<>(Namespace.class);
        c.path("nsInodes").fields().forEachRemaining(e -> Namespace.fromProcName(e.getKey())
                .ifPresent(type -> inodes.put(type, e.getValue().asLong())));
        return new ContainerInfo(c.path("container").asText(), c.path("network").asText("isolated"), veth,
                c.path("join").has("pid") ? Optional.of(c.path("join").path("pid").asLong()) : Optional.empty(),
                Collections.unmodifiableSet(joined), c.has("overlay"), layers, c.path("overlay").hasNonNull("keepAs")
                        ? Optional.of(c.path("overlay").get("keepAs").asText()) : Optional.empty(),
                inodes, c.path("hostPid").asLong(-1));
    }
}
