package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.bench.Percentiles;
import org.nsexplorer.helper.archive.ArchiveExport;
import org.nsexplorer.helper.archive.ArchiveFormat;
import org.nsexplorer.helper.archive.ArchiveImport;
import org.nsexplorer.helper.store.Progress;
import org.nsexplorer.helper.support.TreeRemoval;

/**
 * `./nsx-helper bench rootfs [DIR]`: packing a tree into .tar.gz and unpacking it, ours
 * against GNU tar on the same tree in the same run (DIR, default the built-in rootfs).
 * Prints the medians of 5 runs after one warm-up and the ratios (ours / tar).
 */
final class RootfsBench {
    private static final int RUNS = 5;

    private RootfsBench() {
    }

    static int run(List<String> args) throws IOException, InterruptedException {
        Path tree = args.isEmpty() ? Helper.defaultRootfs().ensureBuilt() : Path.of(args.get(0));
        Path work = Files.createTempDirectory("nsx-bench-rootfs");
        try {
            double[] ourPack = new double[RUNS];
            double[] tarPack = new double[RUNS];
            double[] ourUnpack = new double[RUNS];
            double[] tarUnpack = new double[RUNS];
            for (int i = -1; i < RUNS; i++) {
                Path ours = work.resolve("ours.tar.gz");
                Path theirs = work.resolve("tar.tar.gz");
                Files.deleteIfExists(ours);
                Files.deleteIfExists(theirs);
                long t0 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(ours)) {
                    ArchiveExport.pack(tree, ArchiveFormat.TAR_GZ, out, Progress.NONE);
                }
                long t1 = System.nanoTime();
                exec("tar", "-C", tree.toString(), "-czf", theirs.toString(), ".");
                long t2 = System.nanoTime();
                Path ourTree = Files.createDirectory(work.resolve("ours-" + i));
                ArchiveImport.unpack(theirs, ourTree, Progress.NONE);
                long t3 = System.nanoTime();
                Path tarTree = Files.createDirectory(work.resolve("tar-" + i));
                exec("tar", "-C", tarTree.toString(), "--same-owner", "-xpzf", theirs.toString());
                long t4 = System.nanoTime();
                if (i >= 0) {
                    ourPack[i] = (t1 - t0) / 1e6;
                    tarPack[i] = (t2 - t1) / 1e6;
                    ourUnpack[i] = (t3 - t2) / 1e6;
                    tarUnpack[i] = (t4 - t3) / 1e6;
                }
                TreeRemoval.remove(ourTree);
                TreeRemoval.remove(tarTree);
            }
            System.out.printf(Locale.ROOT, "tree: %s (%d MiB of files)%n", tree, sizeOf(tree) >> 20);
            print("pack .tar.gz", ourPack, tarPack);
            print("unpack .tar.gz", ourUnpack, tarUnpack);
            return 0;
        } finally {
            TreeRemoval.remove(work);
        }
    }

    private static void print(String what, double[] ours, double[] tar) {
        double o = Percentiles.median(ours);
        double t = Percentiles.median(tar);
        System.out.printf(Locale.ROOT, "%-15s ours median %8.1f ms   GNU tar median %8.1f ms   ratio %.2f%n", what, o, t, o / t);
    }

    private static long sizeOf(Path tree) throws IOException {
        try (var files = Files.walk(tree)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out));
        }
    }
}
