/* The child's mounts (see nsx-stage.h): the rootfs, overlay, /proc, /dev, /tmp and /sys below
 * it, and the switch of root. Every failure ends the child through fail(). */
#define _GNU_SOURCE
#include "nsx-child.h"
#include "nsx-steps.h"
#include "nsx-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Opens NAME directly below the rootfs without following any symlink, so that a mount
 * point never leads outside the rootfs (rootfs/proc -> /etc is refused). */
static int open_mount_point(int rootfd, const char *name, int create)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    int fd = (int)syscall(SYS_openat2, rootfd, name, &how, sizeof how);
    if (fd < 0 && errno == ENOENT && create) {
        if (mkdirat(rootfd, name, 0755) < 0 && errno != EEXIST)
            fail("mkdir", name);
        fd = (int)syscall(SYS_openat2, rootfd, name, &how, sizeof how);
    }
    if (fd < 0) {
        if (errno == ELOOP)
            fail("mount-point-is-symlink", name);
        fail("open-mount-point", name);
    }
    return fd;
}

static void mount_on(int dirfd, const char *source, const char *fstype, unsigned long flags,
                     const char *data, const char *what)
{
    char target[64];
    snprintf(target, sizeof target, "/proc/self/fd/%d", dirfd);
    if (mount(source, target, fstype, flags, data) < 0)
        fail("mount", what);
}

static void populate_dev(int devfd)
{
    static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
    for (size_t i = 0; i < N_ELEMENTS(nodes); i++) {
        char host[64], target[64];
        int fd = openat(devfd, nodes[i], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0)
            fail("create-device", nodes[i]);
        snprintf(host, sizeof host, "/dev/%s", nodes[i]);
        snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
        if (mount(host, target, NULL, MS_BIND, NULL) < 0)
            fail("bind-device", host);
        close(fd);
    }
    static const char *const links[][2] = {
        { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
        { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
        { "ptmx", "pts/ptmx" },
    };
    for (size_t i = 0; i < N_ELEMENTS(links); i++)
        if (symlinkat(links[i][1], devfd, links[i][0]) < 0)
            fail("symlink-device", links[i][0]);
    int pts = open_mount_point(devfd, "pts", 1);
    mount_on(pts, "devpts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", "dev/pts");
    close(pts);
    int shm = open_mount_point(devfd, "shm", 1);
    mount_on(shm, "shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k", "dev/shm");
    close(shm);
}

/* runc's and Docker's defaults (runc's example spec, moby's oci defaults): what of /proc and
 * /sys a container may read but not write, or not see at all. Without them, root in a
 * container without a user namespace could write /proc/sysrq-trigger or
 * /proc/sys/kernel/core_pattern, which act on the host, or read the host's firmware tables,
 * its keys, or timings that leak what other processes do (interrupts, power use). */
static const char *const PROC_READ_ONLY[] = { "bus", "fs", "irq", "sys", "sysrq-trigger" };
static const char *const PROC_MASKED[] = { "acpi", "asound", "interrupts", "kcore", "keys", "latency_stats",
                                           "timer_list", "timer_stats", "sched_debug", "scsi" };
static const char *const SYS_MASKED[] = { "firmware", "devices/virtual/powercap", "devices/virtual/tpm" };

/* Hides NAME below DIRFD: a file behind /dev/null, a directory behind an empty read-only
 * tmpfs. A name this kernel does not have is left alone. */
static void mask_path(int dirfd, const char *name, const char *step)
{
    int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) < 0)
        fail(step, name);
    char target[64];
    snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
    if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0") < 0)
            fail(step, name);
    } else if (mount("/dev/null", target, NULL, MS_BIND, NULL) < 0) {
        fail(step, name);
    }
    close(fd);
}

static void protect_proc(int procfd)
{
    char target[64];
    for (size_t i = 0; i < N_ELEMENTS(PROC_READ_ONLY); i++) {
        int fd = openat(procfd, PROC_READ_ONLY[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue; /* this kernel has no such entry */
        snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
        if (mount(target, target, NULL, MS_BIND, NULL) < 0)
            fail("protect-proc", PROC_READ_ONLY[i]);
        close(fd);
        /* Reopened, the name leads to the new bind mount, which is what gets remounted. */
        if ((fd = openat(procfd, PROC_READ_ONLY[i], O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
            fail("protect-proc", PROC_READ_ONLY[i]);
        snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
        if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
            fail("protect-proc-read-only", PROC_READ_ONLY[i]);
        close(fd);
    }
    for (size_t i = 0; i < N_ELEMENTS(PROC_MASKED); i++)
        mask_path(procfd, PROC_MASKED[i], "hide-proc");
}

/* /sys (mounted read-only): the firmware tables, power-use counters (a side channel) and,
 * as Docker hides them, each CPU's thermal_throttle counters. */
static void mask_sys(int sysfd)
{
    for (size_t i = 0; i < N_ELEMENTS(SYS_MASKED); i++)
        mask_path(sysfd, SYS_MASKED[i], "hide-sys");
    int cpus = openat(sysfd, "devices/system/cpu", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *dir = cpus < 0 ? NULL : fdopendir(cpus);
    if (!dir) {
        if (cpus >= 0)
            close(cpus);
        return;
    }
    for (struct dirent *e; (e = readdir(dir));) {
        char name[300];
        if (strncmp(e->d_name, "cpu", 3) || e->d_name[3] < '0' || e->d_name[3] > '9')
            continue;
        snprintf(name, sizeof name, "%s/thermal_throttle", e->d_name);
        mask_path(dirfd(dir), name, "hide-sys");
    }
    closedir(dir);
}

/* sysfs shows the net namespace of the process that mounts it. */
void mount_sys(int rootfd)
{
    int fd = open_mount_point(rootfd, "sys", 1);
    mount_on(fd, "sysfs", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, "sys");
    close(fd);
    fd = open_mount_point(rootfd, "sys", 0); /* now the new sysfs */
    mask_sys(fd);
    close(fd);
}

/* proc, dev, tmp as asked, and sys when WITH_SYS, below ROOTFD. */
static void mount_filesystems(const struct spec *sp, int rootfd, int with_sys)
{
    if (sp->mount_proc) {
        int fd = open_mount_point(rootfd, "proc", 1);
        mount_on(fd, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, "proc");
        close(fd);
        fd = open_mount_point(rootfd, "proc", 0); /* now the new proc, not the directory under it */
        protect_proc(fd);
        close(fd);
    }
    if (sp->mount_dev) {
        int fd = open_mount_point(rootfd, "dev", 1);
        /* nodev: a node made in it opens nothing; the bound host nodes keep their own mounts. */
        mount_on(fd, "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, "mode=0755,size=65536k", "dev");
        close(fd);
        /* Reopen: the old fd names the directory under the new tmpfs. */
        fd = open_mount_point(rootfd, "dev", 0);
        populate_dev(fd);
        close(fd);
    }
    if (sp->mount_tmp) {
        int fd = open_mount_point(rootfd, "tmp", 1);
        char options[64] = "mode=1777";
        if (sp->tmp_size)
            snprintf(options, sizeof options, "mode=1777,size=%lld", sp->tmp_size);
        mount_on(fd, "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, options, "tmp");
        close(fd);
    }
    if (sp->mount_sys && with_sys)
        mount_sys(rootfd);
}

/* The rootfs directory, reached from / without following any symlink: a rootfs swapped
 * for a symlink after the broker checked it cannot send the container elsewhere. */
int open_rootfs(const char *rootfs, struct stat *st)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    int fd = (int)syscall(SYS_openat2, AT_FDCWD, rootfs, &how, sizeof how);
    if (fd < 0)
        fail(errno == ELOOP ? "rootfs-is-symlink" : "open-rootfs", rootfs);
    if (fstat(fd, st) < 0)
        fail("stat-rootfs", rootfs);
    return fd;
}

/* Remounts the rootfs bind nodev, keeping the flags it had (a user namespace may not clear
 * them): a device node that came with an imported rootfs opens nothing. */
static void forbid_devices(int fd, const char *what)
{
    struct statvfs vfs;
    if (fstatvfs(fd, &vfs) < 0)
        fail("statvfs", what);
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_NODEV;
    if (vfs.f_flag & ST_RDONLY) flags |= MS_RDONLY;
    if (vfs.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (vfs.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (vfs.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (vfs.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (vfs.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    if (mount(NULL, self, NULL, flags, NULL) < 0)
        fail("remount-rootfs-nodev", what);
}

/* A layer, upper or work directory, opened without following any symlink and kept open:
 * the overlay is given /proc/self/fd/N, so a directory swapped for a symlink after the
 * broker's check (a user's own rootfs, say, for a link to /) cannot become a layer. */
static int open_layer(const char *path, char *out, size_t cap, size_t *o, const char *sep)
{
    struct stat st;
    int fd = open_rootfs(path, &st);
    int n = snprintf(out + *o, cap - *o, "%s/proc/self/fd/%d", sep, fd);
    if (n < 0 || (size_t)n >= cap - *o) {
        errno = E2BIG;
        fail("overlay", "too many layers");
    }
    *o += (size_t)n;
    return fd;
}

/* The overlay of the layers onto the (empty) merged directory that sp->rootfs names, made in
 * the container's own mount namespace: it goes with the container. */
static void mount_overlay(const struct spec *sp)
{
    char options[4096]; /* the most mount(2) takes */
    int fds[MAX_LAYERS + 2];
    int nfds = 0;
    size_t o = 0;
    for (int i = 0; i < sp->nlowers; i++)
        fds[nfds++] = open_layer(sp->lowers[i], options, sizeof options, &o, i ? ":" : "lowerdir=");
    fds[nfds++] = open_layer(sp->upper, options, sizeof options, &o, ",upperdir=");
    fds[nfds++] = open_layer(sp->work, options, sizeof options, &o, ",workdir=");
    struct stat st;
    int merged = open_rootfs(sp->rootfs, &st);
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", merged);
    if (mount("overlay", self, "overlay", MS_NODEV, options) < 0)
        fail("mount-overlay", sp->upper);
    close(merged);
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
}

/* Makes the rootfs the working directory, as the host's root: with a mount namespace, bound
 * onto itself (pivot_root needs a mount point) and remounted nodev; FIRST gets its identity. */
void enter_rootfs(const struct spec *sp, struct stat *first)
{
    struct stat root_st, again;
    if (stat("/", &root_st) < 0)
        fail("stat", "/");
    if (sp->nlowers) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            fail("make-root-private", "/");
        mount_overlay(sp);
    }
    int fd = open_rootfs(sp->rootfs, first);
    if (first->st_dev == root_st.st_dev && first->st_ino == root_st.st_ino) {
        errno = EINVAL;
        fail("rootfs-is-host-root", sp->rootfs);
    }
    if (sp->clone_flags & CLONE_NEWNS) {
        /* Nothing we mount may propagate back to the host. */
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            fail("make-root-private", "/");
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        if (mount(self, self, NULL, MS_BIND | MS_REC, NULL) < 0)
            fail("bind-rootfs", sp->rootfs);
        close(fd);
        /* The same directory again, now the root of the bind mount. */
        fd = open_rootfs(sp->rootfs, &again);
        if (again.st_dev != first->st_dev || again.st_ino != first->st_ino) {
            errno = EXDEV;
            fail("rootfs-changed", sp->rootfs);
        }
        forbid_devices(fd, sp->rootfs);
    }
    if (fchdir(fd) < 0)
        fail("chdir", sp->rootfs);
    close(fd);
    step_mark(STEP_ROOTFS);
}

/* The mounts below the working directory (the rootfs): proc, dev, tmp, and sys when WITH_SYS. */
void mount_in_rootfs(const struct spec *sp, int with_sys)
{
    int rootfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        fail("open-rootfs", sp->rootfs);
    mount_filesystems(sp, rootfd, with_sys);
    close(rootfd);
    step_mark(STEP_MOUNTS);
}

/* pivot_root into the working directory and detach the old root, or chroot into it. */
void leave_host_root(const struct spec *sp)
{
    if (sp->use_pivot) {
        /* pivot_root(".", ".") stacks the old root on the new one; detaching it leaves
         * the container with no path to the host's tree. */
        if (syscall(SYS_pivot_root, ".", ".") < 0)
            fail("pivot_root", sp->rootfs);
        if (umount2(".", MNT_DETACH) < 0)
            fail("detach-old-root", sp->rootfs);
    } else if (chroot(".") < 0) {
        fail("chroot", sp->rootfs);
    }
    if (chdir("/") < 0)
        fail("chdir", "/");
    step_mark(STEP_ROOT_SWITCHED);
}

/* A container without a user namespace: its root is the host's, boxed in by its namespaces. */
void switch_root(const struct spec *sp)
{
    struct stat first;
    enter_rootfs(sp, &first);
    if (sp->clone_flags & CLONE_NEWNS)
        mount_in_rootfs(sp, 1);
    leave_host_root(sp);
}
