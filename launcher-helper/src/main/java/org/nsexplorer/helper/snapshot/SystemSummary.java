package org.nsexplorer.helper.snapshot;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

/**
 * Host-level facts for the host snapshot, from OSHI: they are the same whichever namespace
 * looks, so only the host's snapshot carries them.
 */
public record SystemSummary(String os, String kernel, String cpuModel, int logicalCpus, long memoryTotalBytes,
        long memoryAvailableBytes) {

    /** OSHI (and JNA) load on first use only: launching containers never needs them. */
    private static final class Holder {
        static final SystemInfo INFO = new SystemInfo();
        static final OperatingSystem OS = INFO.getOperatingSystem();
        static final CentralProcessor CPU = INFO.getHardware().getProcessor();
        static final GlobalMemory MEMORY = INFO.getHardware().getMemory();
    }

    public static SystemSummary read() {
        OperatingSystem os = Holder.OS;
        return new SystemSummary(os.getFamily() + " " + os.getVersionInfo().getVersion(),
                os.getVersionInfo().getBuildNumber(), Holder.CPU.getProcessorIdentifier().getName().trim(),
                Holder.CPU.getLogicalProcessorCount(), Holder.MEMORY.getTotal(), Holder.MEMORY.getAvailable());
    }
}
