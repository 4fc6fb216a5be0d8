package org.nsexplorer.helper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.engine.HostRootAuthorization;
import org.nsexplorer.helper.rootfs.DefaultRootfs;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.store.Store;

/** Wires the helper's parts together for one process. */
public final class Helper {
    private Helper() {
    }

    public static DefaultRootfs defaultRootfs() {
        return new DefaultRootfs(HelperPaths.stateDir());
    }

    /** An engine for this host: its cgroup layout, its validator, the built-in rootfs on demand. */
    public static Engine openEngine(boolean inheritStdio) throws IOException {
        DefaultRootfs rootfs = defaultRootfs();
        rootfs.removeRetired();
        HostRootAuthorization polkit = new HostRootAuthorization();
        SpecValidator validator = new SpecValidator(HostFacts.current(), () -> build(rootfs),
                Store.layers(HelperPaths.stateDir())::find, HelperPaths.stateDir(), caller -> polkit.require(
                        caller.isRoot() ? OptionalInt.empty() : OptionalInt.of(caller.uid())));
        return new Engine(validator, CgroupLayout.detect(), HelperPaths.stageBinary(), inheritStdio);
    }

    private static Path build(DefaultRootfs rootfs) {
        try {
            return rootfs.forLaunch();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
