package org.nsexplorer.helper.cli;

import java.util.List;

/** `./nsx-helper bench`: launch speed against util-linux unshare. */
public final class BenchCommand {
    private BenchCommand() {
    }

    public static int run(List<String> args) {
        System.err.println("nsx-helper: bench is not built yet");
        return 1;
    }
}
