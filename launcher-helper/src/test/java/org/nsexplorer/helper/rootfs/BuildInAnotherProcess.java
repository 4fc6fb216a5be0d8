package org.nsexplorer.helper.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A second JVM for DefaultRootfsTest: only another process exercises the FileChannel lock. */
public final class BuildInAnotherProcess {

    private BuildInAnotherProcess() {}

    /** args: stateDir, comma-separated required programs. */
    public static void main(String[] args) throws IOException {
        new DefaultRootfs(Path.of(args[0]), List.of(args[1].split(",")), List.of(), DefaultRootfs.HOST_SEARCH_PATH)
                .ensureBuilt();
    }
}
