package org.nsexplorer.helper.archive;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nsexplorer.helper.store.Progress;

/** `XzExportProbe TREE FILE`: packs TREE into FILE as .tar.xz, in a JVM of the helper's heap. */
public final class XzExportProbe {
    private XzExportProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            System.out.println(ArchiveExport.pack(Path.of(args[0]), ArchiveFormat.TAR_XZ, out, Progress.NONE));
        }
    }
}
