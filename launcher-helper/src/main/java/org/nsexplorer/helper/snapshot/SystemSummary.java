package org.nsexplorer.helper.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Host-level facts for the host snapshot: they are the same whichever namespace looks, so
 * only the host's snapshot carries them. Read from /etc/os-release and /proc at each call
 * (a library for these six values, OSHI, cost the helper about 10 MiB resident with JNA).
 */
public record SystemSummary(String os, String kernel, String cpuModel, int logicalCpus, long memoryTotalBytes,
        long memoryAvailableBytes) {

    public static SystemSummary read() {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        List<String> meminfo = lines(Path.of("/proc/meminfo"));
        List<String> release = lines(Path.of("/etc/os-release"));
        String name = value(release, "NAME", "=");
        String version = value(release, "VERSION_ID", "=");
        String os = name.isEmpty() ? "Linux" : version.isEmpty() ? name : name + " " + version;
        String kernel = lines(Path.of("/proc/sys/kernel/osrelease")).stream().findFirst().orElse("").trim();
        int cpus = (int) cpuinfo.stream().filter(l -> l.startsWith("processor") && l.contains(":")).count();
        String model = value(cpuinfo, "model name", ":"); // x86; arm64 names no model there
        return new SystemSummary(os, kernel, model.isEmpty() ? System.getProperty("os.arch") : model, cpus,
                kibibytes(value(meminfo, "MemTotal", ":")), kibibytes(value(meminfo, "MemAvailable", ":")));
    }

    /** The value of KEY in lines "KEY<SEP>value" (quotes and spaces around it dropped); "" if absent. */
    static String value(List<String> lines, String key, String separator) {
        for (String line : lines) {
            int at = line.indexOf(separator);
            if (at > 0 && line.substring(0, at).trim().equals(key)) {
                String v = line.substring(at + separator.length()).trim();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return "";
    }

    /** "25276026880" from meminfo's "24683620 kB"; 0 when unreadable. */
    private static long kibibytes(String text) {
        String digits = text.replace("kB", "").trim();
        try {
            return Long.parseLong(digits) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
