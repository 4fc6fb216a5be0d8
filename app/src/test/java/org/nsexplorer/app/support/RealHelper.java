package org.nsexplorer.app.support;

import java.nio.file.Path;
import org.nsexplorer.app.helper.HelperCommand;
import org.nsexplorer.app.helper.HelperConnection;

/** The real helper (./nsx-helper, as the build names it in nsx.helper), started as the app starts it as root. */
public final class RealHelper {
    private RealHelper() {
    }

    /** A new helper telling LISTENER; the caller closes it. */
    public static HelperConnection start(HelperConnection.Listener listener) throws Exception {
        return HelperConnection.start(HelperCommand.choose(Path.of(System.getProperty("nsx.helper")),
                HelperCommand.runningAsRoot(), false).orElseThrow(), listener);
    }
}
