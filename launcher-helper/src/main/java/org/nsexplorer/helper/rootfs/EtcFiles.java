package org.nsexplorer.helper.rootfs;

import java.util.Map;

/** The few /etc files that let id, whoami, hostname lookups and top work without the host's /etc. */
final class EtcFiles {

    private EtcFiles() {}

    /** Path relative to the rootfs to content. */
    static final Map<String, String> CONTENT = Map.of(
            "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
            "etc/group", "root:x:0:\nnogroup:x:65534:\n",
            "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
            // glibc since 2.34 has the "files" service built in, so no libnss_files is needed.
            "etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files\n",
            "etc/os-release", "NAME=\"Namespace Explorer default rootfs\"\n"
                    + "PRETTY_NAME=\"Namespace Explorer default rootfs (programs copied from the host)\"\n"
                    + "ID=nsx-default\n");
}
