package org.nsexplorer.app.compare;

import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.ui.Texts;

/**
 * One namespace type of the container in words: the same as the host's, its own, or its own
 * but shared with other containers (as a pod's containers share net and ipc); with what that
 * means for the class in one short line, and the inode numbers for whoever asks.
 */
public record NamespaceWords(Namespace type, Relation relation, String badge, String meaning, String ids) {

    /** How the container's namespace of a type stands to the host's; STYLE is its badge's style class. */
    public enum Relation {
        SAME_AS_HOST("shared"), OWN("private"), SHARED_WITH_CONTAINER("pod");

        private final String style;

        Relation(String style) {
            this.style = style;
        }

        public String style() {
            return style;
        }
    }

    /**
     * ROW of the helper's comparison; PARTNERS, the other containers in the same namespace
     * ("echo", "echo, foxtrot"), or null. A namespace the host also has is said to be the
     * host's, whoever else is in it.
     */
    public static NamespaceWords of(CompareSnapshot.NamespaceRow row, String partners) {
        Namespace type = row.type();
        String ids = Texts.get("nsmap.ids", type.procName(), row.hostId(), row.containerId());
        if (row.shared()) {
            return new NamespaceWords(type, Relation.SAME_AS_HOST, Texts.get("nsmap.sameAsHost"),
                    Texts.get("nsmap.meaning.host." + type.procName()), ids);
        }
        if (partners != null && !partners.isBlank()) {
            return new NamespaceWords(type, Relation.SHARED_WITH_CONTAINER, Texts.get("nsmap.sharedWith", partners),
                    Texts.get("nsmap.meaning.pod", partners), ids);
        }
        return new NamespaceWords(type, Relation.OWN, Texts.get("nsmap.own"),
                Texts.get("nsmap.meaning.own." + type.procName()), ids);
    }

    /** Before any container is compared: what a namespace of TYPE separates, and the host's number when known. */
    public static String subject(Namespace type) {
        return Texts.get("nsmap.subject." + type.procName());
    }
}
