package org.nsexplorer.helper.spec;

import java.util.Set;
import org.nsexplorer.helper.words.Word;

/**
 * Namespaces a new container shares with a running one, as the containers of a pod share
 * net and ipc: the new container enters them instead of creating its own.
 *
 * @param pid a process of the running container (its first process, usually)
 */
public record JoinSpec(long pid, Set<Namespace> namespaces) {
    public JoinSpec {
        namespaces = Set.copyOf(namespaces);
    }

    /** PID:ns,ns as `run --join` takes it. */
    public static JoinSpec parse(String text) throws InvalidRequestException {
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1) {
            throw new InvalidRequestException("join", Word.RECIPE_JOIN_NOT_PID_NS, SpecParsers.printable(text));
        }
        long pid = SpecParsers.parseWhole("join", text.substring(0, colon));
        return new JoinSpec(pid, SpecParsers.parseNamespaces(text.substring(colon + 1)));
    }
}
