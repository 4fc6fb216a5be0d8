package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mounts compared by device and root, not by path: against a real container, and a few made-up tables. */
class MountComparisonTest {
    /** What the stage makes read-only or hides under /proc (nsx-child-mounts.c: PROC_READ_ONLY, PROC_MASKED). */
    private static final List<String> PROTECTED = List.of("bus", "fs", "irq", "sys", "sysrq-trigger", "acpi", "asound",
            "interrupts", "kcore", "keys", "latency_stats", "timer_list", "timer_stats", "sched_debug", "scsi");

    private static LiveComparison live;
    private static CompareSnapshot seen;
    private static long containerPid;

    @BeforeAll
    static void launchAClassicContainer() throws Exception {
        live = LiveComparison.start();
        String id = live.launch(spec -> {
            spec.putArray("namespaces").add("mnt").add("uts").add("ipc").add("net").add("pid");
            spec.putArray("command").add("/bin/sleep").add("300");
        });
        containerPid = live.answer(id).get("comparison").get("container").get("pid").asLong();
        seen = live.compare(id);
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    private static CompareSnapshot.Item item(List<CompareSnapshot.Item> items, String prefix) {
        return items.stream().filter(i -> i.text().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " among " + items));
    }

    /** The protection of /proc is one line, counting every path this kernel has of the stage's lists. */
    @Test
    void theMaskedProcPathsAreOneLineThatSaysWhy() {
        long expected = PROTECTED.stream().filter(name -> Files.exists(Path.of("/proc", name))).count();
        List<CompareSnapshot.Item> mounts = seen.container().mounts();
        CompareSnapshot.Item group = item(mounts, "/proc: ");
        assertTrue(group.text().startsWith("/proc: " + expected + " paths masked or read-only, so the container "
                + "cannot reach the host's kernel"), group.text());
        assertTrue(group.onlyHere());
        assertTrue(group.detail().contains("/proc/sys"), group.detail());
        assertEquals(List.of(), mounts.stream().filter(i -> i.text().startsWith("/proc/")).toList(),
                "no masked path on a line of its own");
        // The group stands right after the container's own /proc.
        int proc = mounts.indexOf(item(mounts, "/proc   proc"));
        assertEquals(group, mounts.get(proc + 1));
    }

    /** The container's root is a directory of the host's disk: the same files, so not marked, with the host's path. */
    @Test
    void theContainersRootIsTheHostsDirectoryItCameFrom() throws Exception {
        CompareSnapshot.Item root = item(seen.container().mounts(), "/   ");
        assertFalse(root.onlyHere(), root.toString());
        String hostPath = root.text().substring(root.text().indexOf("the host's ") + "the host's ".length());
        assertTrue(Files.isSameFile(Path.of(hostPath), Path.of("/proc/" + containerPid + "/root")), root.text());

        CompareSnapshot.Item devNull = item(seen.container().mounts(), "/dev/null ");
        assertFalse(devNull.onlyHere());
        assertTrue(devNull.text().endsWith("the host's /dev/null"), devNull.text());
    }

    @Test
    void theContainersOwnFileSystemsAreMarkedAndTheHostHasNoneOfItsOwnThere() {
        assertTrue(item(seen.container().mounts(), "/proc   proc").onlyHere());
        assertTrue(item(seen.container().mounts(), "/tmp   tmpfs").onlyHere());
        // The host's / is a whole disk; the container has only one directory of it.
        CompareSnapshot.Item hostRoot = seen.host().mounts().stream().filter(i -> i.text().startsWith("/   "))
                .findFirst().orElseThrow();
        assertTrue(hostRoot.onlyHere(), hostRoot.toString());
        assertTrue(item(seen.host().mounts(), "/proc   proc").onlyHere());
        assertTrue(seen.host().mounts().stream().noneMatch(i -> i.text().contains("sysf") && !i.text()
                .contains("sysfs")), "a file system type cut short");
    }

    private static MountComparison.Mount mount(String target, String fstype, String device, String root,
            String options) {
        return new MountComparison.Mount(target, fstype, fstype, options, device, root);
    }

    /** A bind of part of the host's disk is the host's at another path; a host mount inside what the container has is too. */
    @Test
    void aBindCountsAsTheSameFileSystemWhateverItsPath() {
        List<MountComparison.Mount> host = List.of(mount("/", "ext4", "254:0", "/", "rw"),
                mount("/srv", "ext4", "254:1", "/", "rw"), mount("/home", "ext4", "254:2", "/home", "rw"));
        List<MountComparison.Mount> container = List.of(mount("/", "ext4", "254:1", "/", "rw"),
                mount("/data", "ext4", "254:0", "/home/ann/data", "rw"), mount("/proc", "proc", "0:99", "/", "rw"),
                mount("/proc/sys", "proc", "0:99", "/sys", "ro,nosuid"),
                mount("/proc/kcore", "devtmpfs", "0:6", "/null", "rw"));
        List<CompareSnapshot.Item> inside = MountComparison.containerItems(container, host);
        assertEquals(List.of("/   ext4: the host's /srv", "/data   ext4: the host's /home/ann/data", "/proc   proc",
                "/proc: 2 paths masked or read-only, so the container cannot reach the host's kernel through them"),
                inside.stream().map(CompareSnapshot.Item::text).toList());
        assertEquals(List.of(false, false, true, true), inside.stream().map(CompareSnapshot.Item::onlyHere).toList());
        assertEquals("Read-only: /proc/sys. Hidden behind an empty directory or /dev/null: /proc/kcore.",
                inside.get(3).detail());
        // The host's /srv is all there (the container's /); of its / only a directory; /home not at all.
        assertEquals(List.of(true, false, true), MountComparison.hostItems(host, container).stream()
                .map(CompareSnapshot.Item::onlyHere).toList());
    }

    /**
     * Where another file system sits over the disk's /var on the host, /var/www/site there is
     * not these files: the host's bind of /var/www says where they are; without one, the disk's path.
     */
    @Test
    void theHostPathIsOneTheHostReallyShowsTheFilesAt() {
        List<MountComparison.Mount> host = List.of(mount("/", "ext4", "254:0", "/", "rw"),
                mount("/var", "xfs", "254:1", "/", "rw"), mount("/srv/www", "ext4", "254:0", "/var/www", "rw"));
        List<MountComparison.Mount> container = List.of(mount("/site", "ext4", "254:0", "/var/www/site", "rw"));
        assertEquals(List.of("/site   ext4: the host's /srv/www/site"),
                MountComparison.containerItems(container, host).stream().map(CompareSnapshot.Item::text).toList());
        assertEquals(List.of("/site   ext4: the host's /var/www/site"),
                MountComparison.containerItems(container, host.subList(0, 1)).stream()
                        .map(CompareSnapshot.Item::text).toList());
    }

    /** Without a mount namespace the container has the host's table: nothing marked, nothing grouped. */
    @Test
    void theHostsOwnTableHasNothingOfItsOwn() {
        List<MountComparison.Mount> table = List.of(mount("/", "ext4", "254:0", "/", "rw"),
                mount("/proc", "proc", "0:20", "/", "rw"), mount("/proc/sys/fs/binfmt_misc", "autofs", "0:40", "/",
                        "ro"));
        assertTrue(MountComparison.containerItems(table, table).stream().noneMatch(CompareSnapshot.Item::onlyHere));
        assertEquals(3, MountComparison.containerItems(table, table).size());
        assertTrue(MountComparison.hostItems(table, table).stream().noneMatch(CompareSnapshot.Item::onlyHere));
    }

    @Test
    void aDirectoryIsComparedByWholeNames() {
        assertTrue(MountComparison.within("/proc/sys", "/proc"));
        assertTrue(MountComparison.within("/proc", "/proc"));
        assertFalse(MountComparison.within("/procs", "/proc"));
        assertTrue(MountComparison.within("/anything", "/"));
    }
}
