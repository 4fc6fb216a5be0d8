package org.nsexplorer.app.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.nsexplorer.app.ui.Texts;

/**
 * What root in a container can do to the host, as the helper decided it: "contained",
 * "caller" (a user namespace whose root is the teacher's account outside) or "host-root"
 * (asked for on purpose), with the reasons.
 */
public record Confinement(String level, List<String> reasons, long hostUid) {
    public static final String CONTAINED = "contained";
    public static final String CALLER = "caller";
    public static final String HOST_ROOT = "host-root";

    public Confinement {
        reasons = List.copyOf(reasons);
    }

    /** The helper's "confinement" object, or null when there is none. */
    public static Confinement parse(JsonNode node) {
        if (node == null || !node.isObject() || !node.hasNonNull("level")) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        node.path("reasons").forEach(r -> reasons.add(r.asText()));
        return new Confinement(node.get("level").asText(), reasons, node.path("hostUid").asLong(-1));
    }

    public boolean hostRoot() {
        return HOST_ROOT.equals(level);
    }

    /** In words, for the class: what root inside is on the host. */
    public String headline() {
        return switch (level) {
            case CONTAINED -> Texts.get("confinement.contained");
            case HOST_ROOT -> Texts.get("confinement.hostRoot");
            default -> hostUid == 0 ? Texts.get("confinement.caller.root")
                    : Texts.get("confinement.caller", Long.toString(hostUid));
        };
    }

    /** The same in a few words, for the container's card. */
    public String shortHeadline() {
        return switch (level) {
            case CONTAINED -> Texts.get("confinement.short.contained");
            case HOST_ROOT -> Texts.get("confinement.short.hostRoot");
            default -> hostUid == 0 ? Texts.get("confinement.short.caller.root")
                    : Texts.get("confinement.short.caller", Long.toString(hostUid));
        };
    }

    /** Why, in words ("" when contained). */
    public String because() {
        List<String> shown = reasons.stream().filter(r -> !r.equals("user-namespace-asked") || reasons.size() == 1)
                .map(r -> Texts.get("confinement.reason." + r)).collect(Collectors.toList());
        return level.equals(CONTAINED) || shown.isEmpty() ? "" : Texts.get("confinement.because",
                String.join("; ", shown));
    }
}
