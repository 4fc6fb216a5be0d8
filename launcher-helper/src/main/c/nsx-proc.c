/* See nsx-proc.h. */
#define _GNU_SOURCE
#include "nsx-proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Kernel headers older than the running kernel may lack it: the kernel answers ENOTTY then. */
#ifndef NS_GET_TGID_FROM_PIDNS
#define NS_GET_TGID_FROM_PIDNS _IOR(NSIO, 0x7, int)
#endif

/* Reads the whole of a /proc file relative to DIRFD (several reads; a seq file may give one
 * page each) into BUF; returns its length, or -1 when unreadable or larger than BUF. */
ssize_t read_whole_at(int dirfd, const char *name, char *buf, size_t cap)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t used = 0;
    ssize_t n;
    while (used + 1 < cap && (n = read(fd, buf + used, cap - 1 - used)) > 0)
        used += (size_t)n;
    int complete = used + 1 < cap;
    close(fd);
    buf[used] = '\0';
    return complete ? (ssize_t)used : -1;
}

/* The inode a /proc/PID/ns link names, from its text "type:[inode]": readlink does not
 * need the namespace file itself, which makes it cheaper than a stat. 0 when unreadable. */
unsigned long ns_inode_at(int dirfd, const char *name)
{
    char text[64];
    ssize_t n = readlinkat(dirfd, name, text, sizeof text - 1);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    char *open_bracket = strchr(text, '[');
    return open_bracket ? strtoul(open_bracket + 1, NULL, 10) : 0;
}

/* The parent PID in /proc/PID/stat, or -1. */
/* The fields of /proc/PID/stat after the name (field 3 on) into BUF; NULL when unreadable. The
 * name may hold spaces and parentheses: the fields start after its last ')'. */
static const char *stat_fields(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *in = fopen(path, "re");
    if (!in)
        return NULL;
    size_t n = fread(buf, 1, cap - 1, in);
    fclose(in);
    buf[n] = '\0';
    char *close_paren = strrchr(buf, ')');
    return close_paren && close_paren[1] == ' ' ? close_paren + 2 : NULL;
}

pid_t parent_of(pid_t pid)
{
    char stat[1024];
    const char *fields = stat_fields(pid, stat, sizeof stat);
    int ppid;
    if (!fields || sscanf(fields, "%*c %d", &ppid) != 1)
        return -1;
    return ppid;
}

long long start_ticks_of(pid_t pid)
{
    char stat[1024];
    const char *p = stat_fields(pid, stat, sizeof stat);
    for (int field = 3; p && field < 22; field++)
        if ((p = strchr(p, ' ')) != NULL)
            p++;
    long long ticks;
    if (!p || sscanf(p, "%lld", &ticks) != 1)
        return -1;
    return ticks;
}

/* A process's namespace may be joined only while it is in one of our containers (its cgroup
 * is nsx-*): checked through a pidfd, so a PID reused meanwhile is refused. */
int in_nsx_container(pid_t pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
    FILE *in = fopen(path, "re");
    if (!in)
        return 0;
    int found = 0;
    while (!found && fgets(line, sizeof line, in)) {
        /* hierarchy:controllers:/nsx-PID-START-N...: a top-level cgroup of ours, not a user's own nsx-x */
        char *group = strchr(line, ':');
        group = group ? strchr(group + 1, ':') : NULL;
        unsigned long a, b, c;
        found = group && sscanf(group + 1, "/nsx-%lu-%lu-%lu", &a, &b, &c) == 3;
    }
    fclose(in);
    return found;
}

/* Whether the text of /proc/PID/cgroup puts the process in the cgroup NAME (top level, as
 * ours are) or in one nested in it, in any hierarchy ("0::/nsx-1-2-3/sub", "4:memory:/nsx-1-2-3"). */
int cgroup_text_names(const char *text, const char *name)
{
    size_t n = strlen(name);
    const char *line = text;
    while (n > 0 && *line) {
        const char *end = strchr(line, '\n');
        const char *path = strchr(line, ':');
        path = path ? strchr(path + 1, ':') : NULL;
        if (path && (!end || path < end) && path[1] == '/' && !strncmp(path + 2, name, n) &&
            (path[2 + n] == '\n' || path[2 + n] == '\0' || path[2 + n] == '/'))
            return 1;
        if (!end)
            break;
        line = end + 1;
    }
    return 0;
}

/* NSpid of /proc/PID/status as "31337,5" (outermost first) into OUT; "-" when absent. */
void nspids_of(const char *status, char *out, size_t cap)
{
    snprintf(out, cap, "-");
    const char *nspid = strstr(status, "\nNSpid:");
    if (!nspid)
        return;
    nspid += 7;
    size_t o = 0;
    while (*nspid && *nspid != '\n' && o + 1 < cap) {
        if (*nspid == '\t' || *nspid == ' ') {
            if (o > 0 && out[o - 1] != ',')
                out[o++] = ',';
        } else if (*nspid >= '0' && *nspid <= '9') {
            out[o++] = *nspid;
        }
        nspid++;
    }
    if (o > 0 && out[o - 1] == ',')
        o--;
    out[o] = '\0';
    if (o == 0)
        snprintf(out, cap, "-");
}

/* A new procfs instance for that namespace (pidns=), with its process directories only
 * (subset=pid), read-only. It is never attached to a mount tree: nobody else sees it, and it
 * goes when its last fd closes. */
int pid_namespace_procfs(int pidns_fd)
{
    int fs = (int)syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC);
    if (fs < 0)
        return -errno;
    int mnt = -1, root = -1;
    if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_FD, "pidns", NULL, pidns_fd) == 0 &&
        syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "subset", "pid", 0) == 0 &&
        syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0 &&
        (mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
                            MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)) >= 0)
        root = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* fsmount's fd is a path only */
    int err = errno;
    if (mnt >= 0)
        close(mnt);
    close(fs);
    return root >= 0 ? root : -err;
}

/* The thread group's PID: a procfs lists thread groups, as /proc does. */
pid_t pid_from_namespace(int pidns_fd, pid_t nr)
{
    int pid = ioctl(pidns_fd, NS_GET_TGID_FROM_PIDNS, nr);
    return pid > 0 ? pid : pid == 0 ? -ESRCH : -errno;
}

/* Through a buffer on the stack rather than opendir's: in a freshly forked prober a malloc'd
 * buffer costs page faults worth more than the listing itself. */
int each_pid_entry(int dirfd, int (*each)(pid_t pid, void *ctx), void *ctx)
{
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n;
    while ((n = getdents64(dirfd, buf, sizeof buf)) > 0) {
        for (ssize_t at = 0; at < n;) {
            const struct dirent64 *e = (const struct dirent64 *)(buf + at);
            at += e->d_reclen;
            if (e->d_name[0] < '1' || e->d_name[0] > '9')
                continue;
            int stop = each((pid_t)strtol(e->d_name, NULL, 10), ctx);
            if (stop)
                return stop;
        }
    }
    return n < 0 ? -errno : 0;
}
