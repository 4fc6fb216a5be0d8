package org.nsexplorer.helper.engine;

import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;

/**
 * A helper's question "may my caller have hostRoot?", in a JVM of its own started the way the
 * helper is (through sudo, for {@link HostRootAuthorizationTest}): prints "allowed" or
 * "refused: FIELD: MESSAGE".
 */
public final class HostRootProbe {
    private HostRootProbe() {
    }

    public static void main(String[] args) {
        try {
            new HostRootAuthorization().require(HostFacts.current().invokingUid());
            System.out.println("allowed");
        } catch (InvalidRequestException e) {
            System.out.println("refused: " + e.field() + ": " + e.getMessage());
        }
    }
}
