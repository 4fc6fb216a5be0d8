package org.nsexplorer.helper.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which driver a host gets, from its mountinfo. */
class CgroupLayoutTest {

    @Test
    void pureV2HostUsesTheUnifiedTree() throws Exception {
        CgroupDriver d = CgroupLayout.fromMountinfo(List.of(
                "22 1 0:21 / / rw,relatime - ext4 /dev/vda1 rw",
                "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate"));
        assertInstanceOf(CgroupV2Driver.class, d);
        assertEquals(List.of(Path.of("/sys/fs/cgroup")), d.hierarchyRoots());
    }

    @Test
    void hybridHostUsesTheV1Controllers() throws Exception {
        CgroupDriver d = CgroupLayout.fromMountinfo(List.of(
                "30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755",
                "31 30 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
                "33 30 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
                "35 30 0:31 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
                "36 30 0:32 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer"));
        assertInstanceOf(CgroupV1Driver.class, d);
        // cpu and cpuacct share one hierarchy: one directory there, not two. The freezer comes
        // first: a container's processes are frozen there before they are killed.
        assertEquals(List.of(Path.of("/sys/fs/cgroup/freezer"), Path.of("/sys/fs/cgroup/memory"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct"), Path.of("/sys/fs/cgroup/pids")), d.hierarchyRoots());
    }

    @Test
    void thisHostIsDetected() throws Exception {
        CgroupDriver d = CgroupLayout.detect();
        System.out.println("this host: cgroup " + d.version() + " at " + d.hierarchyRoots());
        assertEquals(d.version().equals("v2") ? CgroupV2Driver.class : CgroupV1Driver.class, d.getClass());
    }

    @Test
    void noCgroupsAtAllIsAClearError() {
        Exception e = assertThrows(IOException.class,
                () -> CgroupLayout.fromMountinfo(List.of("22 1 0:21 / / rw - ext4 /dev/vda1 rw")));
        assertEquals(true, e.getMessage().contains("no cgroup file system"));
    }
}
