package org.nsexplorer.helper.overlay;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Whether overlayfs marked a directory of the upper layer opaque (the xattr
 * trusted.overlay.opaque = "y"). Java reads only user.* attributes, so this calls
 * lgetxattr through JNA, which OSHI brings already; it loads on the first call.
 */
final class OpaqueMarker {
    private OpaqueMarker() {
    }

    private interface LibC extends Library {
        long lgetxattr(String path, String name, byte[] value, long size);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    static boolean isOpaque(Path dir) {
        byte[] value = new byte[4];
        long n = Holder.LIBC.lgetxattr(dir.toString(), "trusted.overlay.opaque", value, value.length);
        return n == 1 && new String(value, 0, 1, StandardCharsets.US_ASCII).equals("y");
    }
}
