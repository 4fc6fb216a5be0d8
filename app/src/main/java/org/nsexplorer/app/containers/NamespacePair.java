package org.nsexplorer.app.containers;

import java.util.EnumMap;
import java.util.Map;

/**
 * How another container stands to the chosen one in each namespace type, by the inode
 * numbers: in the host's namespace, in the very one the chosen container is in, or in one of
 * its own. Plain values in and out: the map puts two containers next to each other with it.
 */
public final class NamespacePair {
    public enum Relation { HOST, SAME, OWN }

    private NamespacePair() {
    }

    /**
     * For each type OTHER has an inode of: HOST when it is the host's (HOST), SAME when it is
     * CHOSEN's and not the host's, else OWN. A type the host's reading lacks is left out: no
     * relation can be said of it.
     */
    public static Map<Namespace, Relation> of(Map<Namespace, Long> chosen, Map<Namespace, Long> other,
            Map<Namespace, Long> host) {
        Map<Namespace, Relation> relations = new EnumMap<>(Namespace.class);
        other.forEach((type, inode) -> {
            Long hosts = host.get(type);
            if (hosts == null) {
                return;
            }
            relations.put(type, inode.equals(hosts) ? Relation.HOST
                    : inode.equals(chosen.get(type)) ? Relation.SAME : Relation.OWN);
        });
        return relations;
    }
}
