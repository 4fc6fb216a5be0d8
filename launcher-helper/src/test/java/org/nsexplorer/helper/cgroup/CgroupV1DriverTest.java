package org.nsexplorer.helper.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.spec.Limits;

/** cgroup v1 on this host's real controllers: the kernel reads back what the driver wrote. */
class CgroupV1DriverTest {

    @Test
    void limitsLandInTheRealV1Files() throws Exception {
        CgroupDriver driver = CgroupLayout.detect();
        assumeTrue(driver instanceof CgroupV1Driver, "this host is not cgroup v1");
        Limits limits = new Limits(OptionalLong.of(48L << 20), OptionalDouble.of(0.25), OptionalLong.of(33));
        ContainerCgroup cg = driver.create(OwnerTag.current().cgroupName(901), limits);
        try {
            Path memory = Path.of("/sys/fs/cgroup/memory", cg.name());
            Path cpu = Path.of("/sys/fs/cgroup/cpu", cg.name());
            Path pids = Path.of("/sys/fs/cgroup/pids", cg.name());
            assertEquals(48L << 20, Long.parseLong(Files.readString(memory.resolve("memory.limit_in_bytes")).trim()));
            assertEquals("25000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim());
            assertEquals("100000", Files.readString(cpu.resolve("cpu.cfs_period_us")).trim());
            assertEquals("33", Files.readString(pids.resolve("pids.max")).trim());
        } finally {
            for (Path dir : cg.dirs()) {
                CgroupFiles.killAndRemove(dir);
                assertFalse(Files.exists(dir));
            }
        }
    }

    @Test
    void quotaIsAShareOfOneCpuPeriod() {
        assertEquals(50_000, CgroupV1Driver.quotaMicros(0.5));
        assertEquals(200_000, CgroupV1Driver.quotaMicros(2));
        assertTrue(CgroupV1Driver.quotaMicros(0.000001) >= 1000, "the kernel refuses quotas under 1 ms");
    }
}
