/*
 * nsx-stage: the small C stage of the Namespace Explorer helper.
 *
 * The Java broker validates every request and decides every policy; this program only
 * performs the system calls a multithreaded JVM cannot make safely (clone with
 * CLONE_NEW*, mounts inside a new mount namespace, pivot_root, setns-free set-up).
 *
 * Process model (one stage per broker, started by it with stdin and stdout as pipes):
 *   anchor   the broker's direct child: forks the zygote, then only waits until the zygote
 *            and every monitor are gone (see keep_anchor). If the broker died, it then
 *            removes the broker's overlay directories that no monitor removed (--overlays).
 *   zygote   reads requests on stdin, forks one monitor per container, reaps monitors,
 *            and exits when stdin reaches EOF (the broker closed it or died). Started
 *            with --inherit-stdio PID, it first takes its parent's fds 0-2 (pidfd_getfd)
 *            for containers that run on the caller's terminal.
 *   monitor  one per container: puts the child in its cgroups, writes the user maps,
 *            releases it, reports "started", waits for it, kills what is left in its
 *            cgroups, reads the OOM count, removes the cgroups and reports "exited".
 *            When its zygote dies (PR_SET_PDEATHSIG) it kills the container and cleans up.
 *   child    the container's first process: mounts, root switch, hostname, capability
 *            drop, execve. Failures are sent to the monitor as (step, errno, detail).
 *
 * Requests (stdin): a little-endian u32 length, then that many bytes of NUL-terminated
 * "key=value" strings: op=launch (see parse_request), op=signal with id, pid and sig,
 * op=signal-process (one process of a container, see handle_signal_process), or
 * op=claim with the cgroup directories the broker is about to create.
 * Events (stdout): one text line per event, each written with a single write() so
 * monitors never interleave (lines < PIPE_BUF):
 *   ready 1
 *   <id> started <host-pid>
 *   <id> error <step> <errno> <detail>
 *   <id> exited status|signal <n> oom <kills>
 */
#define _GNU_SOURCE
#include "nsx-namespaces.h"
#include "nsx-net.h"
#include "nsx-seccomp.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/openat2.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <dirent.h>
#include <ftw.h>
#include <libgen.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#define REQUEST_FD 0
#define EVENT_FD 1
/* With --inherit-stdio, the caller's stdin, stdout and stderr wait here for containers. */
#define CALLER_STDIO 3
#define MAX_REQUEST (256 * 1024)
#define MAX_LIST 512
#define MAX_CGROUPS 8
#define MAX_LAYERS 16
#define MAX_JOINS 4
#define PROTOCOL_VERSION 1

struct spec {
    char id[64];
    unsigned long clone_flags;
    int new_cgroup_ns;
    int new_time_ns;
    const char *rootfs;
    int use_pivot;
    const char *hostname;
    int mount_proc, mount_dev, mount_tmp, mount_sys;
    long long tmp_size; /* /tmp's size in bytes; 0: tmpfs's own default */
    const char *cgroups[MAX_CGROUPS];
    int ncgroups;
    const char *uid_map;
    const char *gid_map;
    long long boottime, monotonic;
    int stdio_null;
    int stdio_pty;          /* a terminal: the monitor relays it as "output" events and input frames */
    int relay_caller;       /* ... or to the caller's own terminal, which the container never holds */
    long long rows, cols;
    uint64_t keep_caps;
    int host_root;          /* root inside keeps the host root's powers, asked for on purpose (--host-root) */
    /* network: 0 none or isolated, else a veth pair ("veth") or a port of the stage's bridge */
    const char *net_mode;
    const char *host_if, *host_addr, *addr, *gateway, *bridge, *bridge_addr;
    int lo_up;
    /* namespaces joined from running containers: CLONE_NEW* flag and the PID whose namespace */
    struct { int type; pid_t pid; } joins[MAX_JOINS];
    int njoins;
    /* overlay: rootfs is the (empty) merged directory; lowers top first, base last */
    const char *lowers[MAX_LAYERS];
    int nlowers;
    const char *upper, *work;
    const char *path;
    char *argv[MAX_LIST + 1];
    int argc;
    char *envp[MAX_LIST + 1];
    int envc;
};

/* What the child sends its monitor when a step fails before execve. */
struct child_error {
    int err;
    char step[48];
    char detail[200];
};

/* ---------- small helpers ---------- */

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One event, one write(): lines from several monitors never interleave. */
static void emit(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = sizeof line - 2;
    for (int i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[n++] = '\n';
    ssize_t ignored = write(EVENT_FD, line, (size_t)n);
    (void)ignored;
}

static int read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_file(const char *path, const char *data)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = strlen(data);
    ssize_t n = write(fd, data, len);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)len ? 0 : -1;
}

static int write_file_at(const char *dir, const char *name, const char *data)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return write_file(path, data);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---------- request parsing ---------- */

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return 1;
}

/* An absolute path whose every step is a plain name: no "", "." or ".." (nor "/" itself). */
static int is_plain_absolute(const char *path)
{
    if (path[0] != '/' || !path[1])
        return 0;
    for (const char *slash = path; slash; slash = strchr(slash + 1, '/')) {
        const char *name = slash + 1;
        size_t n = strcspn(name, "/");
        if (n == 0 || (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.'))
            return 0;
    }
    return 1;
}

/* Only directories named nsx-* under /sys/fs/cgroup are ours to join, kill and remove. */
static int is_nsx_cgroup_path(const char *path)
{
    const char *base = strrchr(path, '/');
    return is_plain_absolute(path) && !strncmp(path, "/sys/fs/cgroup/", 15) && !strncmp(base + 1, "nsx-", 4);
}

/* The most a container may keep, whatever a request says (see CapabilityPolicy). */
#define CAPS_ALLOWED (CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_FSETID) | \
                      CAP_BIT(CAP_KILL) | CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETPCAP) | \
                      CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_NET_ADMIN) | CAP_BIT(CAP_NET_RAW) | \
                      CAP_BIT(CAP_SYS_CHROOT) | CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) | \
                      CAP_BIT(CAP_AUDIT_WRITE) | CAP_BIT(CAP_SETFCAP))

/* uid_map/gid_map text: digits, spaces and newlines only (the kernel parses the rest). */
static int valid_map(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == ' ' || *s == '\n'))
            return 0;
    return 1;
}

static int parse_number(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_namespaces(const char *list, struct spec *sp)
{
    char buf[256];
    if (strlen(list) >= sizeof buf)
        return -1;
    strcpy(buf, list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const struct nsx_namespace *ns = nsx_namespace_named(tok, strlen(tok));
        if (!ns) {
            if (strcmp(tok, "none"))
                return -1;
        } else if (ns->flag == CLONE_NEWCGROUP) {
            sp->new_cgroup_ns = 1; /* unshared later, once in the container's cgroup */
        } else if (ns->flag == CLONE_NEWTIME) {
            sp->new_time_ns = 1;   /* unshared later: it applies to children only */
        } else {
            sp->clone_flags |= (unsigned long)ns->flag;
        }
    }
    return 0;
}

static int parse_mounts(const char *list, struct spec *sp)
{
    if (!strcmp(list, "proc")) sp->mount_proc = 1;
    else if (!strcmp(list, "dev")) sp->mount_dev = 1;
    else if (!strcmp(list, "tmp")) sp->mount_tmp = 1;
    else if (!strcmp(list, "sys")) sp->mount_sys = 1;
    else return -1;
    return 0;
}

/* Fills sp from the request's strings (which stay in buf). Returns the offending key on error. */
/* Interface names the broker chooses: nsx..., at most 15 bytes of [a-z0-9-]. */
static int valid_host_if(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || n >= IFNAMSIZ || strncmp(s, "nsx", 3))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* The one bridge a stage may make or use: nsxbr<its anchor's pid>, which the anchor deletes. */
static int is_own_bridge(const char *s)
{
    char mine[IFNAMSIZ];
    snprintf(mine, sizeof mine, "nsxbr%d", (int)getppid());
    return !strcmp(s, mine);
}

/* An IPv4 address, with /prefix when CIDR. */
static int valid_ipv4(const char *s, int cidr)
{
    char text[32];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    if ((slash != NULL) != cidr || n >= sizeof text)
        return 0;
    memcpy(text, s, n);
    text[n] = '\0';
    struct in_addr a;
    long long prefix = 24;
    return inet_pton(AF_INET, text, &a) == 1 && (!cidr || (!parse_number(slash + 1, &prefix) && prefix >= 8 &&
                                                          prefix <= 30));
}

/* join=TYPE:PID, for net, ipc, uts and pid (the broker checked PID is a container's). */
static int parse_join(const char *val, struct spec *sp)
{
    const char *colon = strchr(val, ':');
    const struct nsx_namespace *ns = colon ? nsx_namespace_named(val, (size_t)(colon - val)) : NULL;
    long long pid;
    if (sp->njoins >= MAX_JOINS || !ns || !ns->joinable)
        return -1;
    if (parse_number(colon + 1, &pid) || pid <= 1 || pid > 0x7fffffff)
        return -1;
    for (int j = 0; j < sp->njoins; j++)
        if (sp->joins[j].type == ns->flag)
            return -1;
    sp->joins[sp->njoins].type = ns->flag;
    sp->joins[sp->njoins++].pid = (pid_t)pid;
    return 0;
}

/* Whether the container would reach something of the host's as root: the root directory
 * (chroot), the mounts, processes, network or IPC objects (own or another container's). */
static int shares_with_host(const struct spec *sp)
{
    unsigned long have = sp->clone_flags;
    for (int i = 0; i < sp->njoins; i++)
        have |= (unsigned long)sp->joins[i].type;
    return !sp->use_pivot || !(have & CLONE_NEWNS) || !(have & CLONE_NEWPID) || !(have & CLONE_NEWNET) ||
           !(have & CLONE_NEWIPC);
}

static const char *parse_request(char *buf, size_t len, struct spec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->use_pivot = 1;
    sp->stdio_null = 1;
    size_t pos = 0;
    while (pos < len) {
        char *entry = buf + pos;
        size_t n = strnlen(entry, len - pos);
        if (n == len - pos)
            return "framing";
        pos += n + 1;
        char *eq = strchr(entry, '=');
        if (!eq)
            return entry;
        *eq = '\0';
        const char *key = entry, *val = eq + 1;
        long long num;
        if (!strcmp(key, "op")) {
            if (strcmp(val, "launch"))
                return key;
        } else if (!strcmp(key, "id")) {
            if (!valid_id(val))
                return key;
            strcpy(sp->id, val);
        } else if (!strcmp(key, "ns")) {
            if (parse_namespaces(val, sp))
                return key;
        } else if (!strcmp(key, "rootfs")) {
            if (!is_plain_absolute(val))
                return key;
            sp->rootfs = val;
        } else if (!strcmp(key, "root")) {
            if (!strcmp(val, "pivot")) sp->use_pivot = 1;
            else if (!strcmp(val, "chroot")) sp->use_pivot = 0;
            else return key;
        } else if (!strcmp(key, "hostname")) {
            sp->hostname = val;
        } else if (!strcmp(key, "mount")) {
            if (parse_mounts(val, sp))
                return key;
        } else if (!strcmp(key, "tmpsize")) {
            if (parse_number(val, &num) || num < 4096)
                return key;
            sp->tmp_size = num;
        } else if (!strcmp(key, "cgroup")) {
            if (!is_nsx_cgroup_path(val) || sp->ncgroups >= MAX_CGROUPS)
                return key;
            sp->cgroups[sp->ncgroups++] = val;
        } else if (!strcmp(key, "uidmap")) {
            if (!valid_map(val))
                return key;
            sp->uid_map = val;
        } else if (!strcmp(key, "gidmap")) {
            if (!valid_map(val))
                return key;
            sp->gid_map = val;
        } else if (!strcmp(key, "boottime")) {
            if (parse_number(val, &num))
                return key;
            sp->boottime = num;
        } else if (!strcmp(key, "monotonic")) {
            if (parse_number(val, &num))
                return key;
            sp->monotonic = num;
        } else if (!strcmp(key, "stdio")) {
            if (!strcmp(val, "null")) sp->stdio_null = 1;
            else if (!strcmp(val, "inherit")) sp->stdio_null = 0;
            else if (!strcmp(val, "pty")) sp->stdio_null = 0, sp->stdio_pty = 1;
            else return key;
        } else if (!strcmp(key, "rows") || !strcmp(key, "cols")) {
            if (parse_number(val, &num) || num < 1 || num > 1000)
                return key;
            *(!strcmp(key, "rows") ? &sp->rows : &sp->cols) = num;
        } else if (!strcmp(key, "caps")) {
            char *end;
            errno = 0;
            sp->keep_caps = strtoull(val, &end, 16);
            if (errno || end == val || *end || val[0] == '-' || (sp->keep_caps & ~CAPS_ALLOWED))
                return key;
        } else if (!strcmp(key, "hostroot")) {
            if (strcmp(val, "1"))
                return key;
            sp->host_root = 1;
        } else if (!strcmp(key, "net")) {
            if (strcmp(val, "veth") && strcmp(val, "bridge"))
                return key;
            sp->net_mode = val;
        } else if (!strcmp(key, "hostif")) {
            if (!valid_host_if(val))
                return key;
            sp->host_if = val;
        } else if (!strcmp(key, "hostaddr") || !strcmp(key, "addr") || !strcmp(key, "bridgeaddr")) {
            if (!valid_ipv4(val, 1))
                return key;
            *(!strcmp(key, "hostaddr") ? &sp->host_addr : !strcmp(key, "addr") ? &sp->addr : &sp->bridge_addr) = val;
        } else if (!strcmp(key, "gateway")) {
            if (!valid_ipv4(val, 0))
                return key;
            sp->gateway = val;
        } else if (!strcmp(key, "bridge")) {
            if (!is_own_bridge(val))
                return key;
            sp->bridge = val;
        } else if (!strcmp(key, "lo")) {
            if (strcmp(val, "up"))
                return key;
            sp->lo_up = 1;
        } else if (!strcmp(key, "join")) {
            if (parse_join(val, sp))
                return key;
        } else if (!strcmp(key, "lower")) {
            if (!is_plain_absolute(val) || sp->nlowers >= MAX_LAYERS)
                return key;
            sp->lowers[sp->nlowers++] = val;
        } else if (!strcmp(key, "upper") || !strcmp(key, "work")) {
            if (!is_plain_absolute(val))
                return key;
            *(!strcmp(key, "upper") ? &sp->upper : &sp->work) = val;
        } else if (!strcmp(key, "path")) {
            if (val[0] != '/')
                return key;
            sp->path = val;
        } else if (!strcmp(key, "arg")) {
            if (sp->argc >= MAX_LIST)
                return key;
            sp->argv[sp->argc++] = (char *)val;
        } else if (!strcmp(key, "env")) {
            if (sp->envc >= MAX_LIST || !strchr(val, '='))
                return key;
            sp->envp[sp->envc++] = (char *)val;
        } else {
            return key;
        }
    }
    if (!sp->id[0]) return "id";
    if (!sp->rootfs) return "rootfs";
    if (!sp->path) return "path";
    if (sp->argc == 0) return "arg";
    if ((sp->clone_flags & CLONE_NEWUSER) && (!sp->uid_map || !sp->gid_map)) return "uidmap";
    if (sp->use_pivot && !(sp->clone_flags & CLONE_NEWNS)) return "root";
    if (sp->hostname && (!(sp->clone_flags & CLONE_NEWUTS) || strlen(sp->hostname) > 64)) return "hostname";
    /* Without a user namespace these would be the host's own: granted there only on purpose. */
    if (!(sp->clone_flags & CLONE_NEWUSER) && !sp->host_root && (sp->keep_caps & (CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD))))
        return "caps";
    if (sp->host_root && (sp->clone_flags & CLONE_NEWUSER)) return "hostroot";
    /* The broker's rule, checked again: a container that shares something with the host runs
     * in a user namespace, unless it keeps the host root's powers on purpose. */
    if (!(sp->clone_flags & CLONE_NEWUSER) && !sp->host_root && shares_with_host(sp)) return "ns";
    if ((sp->mount_proc || sp->mount_dev || sp->mount_tmp || sp->mount_sys) && !(sp->clone_flags & CLONE_NEWNS))
        return "mount";
    if (sp->net_mode || sp->lo_up) {
        if (!(sp->clone_flags & CLONE_NEWNET)) return "net";
    }
    if (sp->net_mode && (!sp->host_if || !sp->addr || !sp->gateway)) return "net";
    if (sp->net_mode && !strcmp(sp->net_mode, "veth") && (!sp->host_addr || sp->bridge)) return "hostaddr";
    if (sp->net_mode && !strcmp(sp->net_mode, "bridge") && (!sp->bridge || !sp->bridge_addr || sp->host_addr))
        return "bridge";
    for (int i = 0; i < sp->njoins; i++)
        if (sp->joins[i].type & (int)sp->clone_flags) return "join";
    if ((sp->nlowers || sp->upper || sp->work) && (!sp->nlowers || !sp->upper || !sp->work ||
                                                   !(sp->clone_flags & CLONE_NEWNS)))
        return "upper";
    sp->argv[sp->argc] = NULL;
    sp->envp[sp->envc] = NULL;
    return NULL;
}

/* ---------- the child: becomes the container's first process ---------- */

static int error_pipe = -1;

static void fail(const char *step, const char *detail) __attribute__((noreturn));

static void fail(const char *step, const char *detail)
{
    struct child_error ce;
    memset(&ce, 0, sizeof ce);
    ce.err = errno;
    snprintf(ce.step, sizeof ce.step, "%s", step);
    snprintf(ce.detail, sizeof ce.detail, "%s", detail ? detail : "");
    ssize_t ignored = write(error_pipe, &ce, sizeof ce);
    (void)ignored;
    _exit(126);
}

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
static void mount_sys(int rootfd)
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
static int open_rootfs(const char *rootfs, struct stat *st)
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

/* With a user namespace, the child becomes its root (the mapped ids) only once it stands in
 * its rootfs: until then it keeps the ids it was cloned with, the host's root, so the
 * helper's root-only store (0700) can be passed on the way there. */
static void become_container_root(int release_fd)
{
    if (setresgid(0, 0, 0) < 0)
        fail("setresgid", "0");
    if (setresuid(0, 0, 0) < 0)
        fail("setresuid", "0");
    /* A change of uid clears the parent-death signal: arm it again, then make sure the
     * monitor did not die in between (it holds the release pipe open while it lives). */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    struct pollfd lifeline = { release_fd, POLLIN, 0 };
    if (poll(&lifeline, 1, 0) > 0 && (lifeline.revents & POLLHUP))
        _exit(1);
}

/* Makes the rootfs the working directory, as the host's root: with a mount namespace, bound
 * onto itself (pivot_root needs a mount point) and remounted nodev; FIRST gets its identity. */
static void enter_rootfs(const struct spec *sp, struct stat *first)
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
}

/* The mounts below the working directory (the rootfs): proc, dev, tmp, and sys when WITH_SYS. */
static void mount_in_rootfs(const struct spec *sp, int with_sys)
{
    int rootfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        fail("open-rootfs", sp->rootfs);
    mount_filesystems(sp, rootfd, with_sys);
    close(rootfd);
}

/* pivot_root into the working directory and detach the old root, or chroot into it. */
static void leave_host_root(const struct spec *sp)
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
}

/* A container without a user namespace: its root is the host's, boxed in by its namespaces. */
static void switch_root(const struct spec *sp)
{
    struct stat first;
    enter_rootfs(sp, &first);
    if (sp->clone_flags & CLONE_NEWNS)
        mount_in_rootfs(sp, 1);
    leave_host_root(sp);
}

static void configure_container_network(const struct spec *sp);

/* Tells the monitor a step is done (BYTE), then waits for its go on the release pipe. */
static void handshake(int progress_fd, int release_fd, char byte, const char *step)
{
    char go;
    if (write(progress_fd, &byte, 1) != 1)
        fail(step, "monitor");
    if (read_full(release_fd, &go, 1) < 0)
        _exit(1); /* the monitor is gone */
}

/*
 * A container in a user namespace. Its mounts are made first, as the host's root, in a
 * mount namespace the host's user namespace owns; only then does the child make its user
 * namespace and, inside it, the container's own mount, UTS, IPC, net and cgroup namespaces.
 * The kernel locks every mount copied into a namespace of a less privileged user namespace:
 * root inside, although it holds CAP_SYS_ADMIN there, cannot unmount a mask of /proc nor make
 * a read-only one writable. And /proc can be mounted even without a PID namespace of its own,
 * where a user namespace's root could not mount one.
 */
static void switch_root_in_user_namespace(const struct spec *sp, int release_fd, int progress_fd)
{
    int mnt = (sp->clone_flags & CLONE_NEWNS) != 0;
    /* sysfs shows the mounter's net namespace: the container's own is made further down. */
    int own_sys = sp->mount_sys && (sp->clone_flags & CLONE_NEWNET);
    struct stat first;
    enter_rootfs(sp, &first);
    if (mnt)
        mount_in_rootfs(sp, !own_sys);

    if (unshare(CLONE_NEWUSER) < 0)
        fail("unshare-user", "CLONE_NEWUSER");
    handshake(progress_fd, release_fd, 'u', "user-namespace"); /* the monitor writes uid_map and gid_map */
    int flags = (int)(sp->clone_flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET));
    if (sp->new_cgroup_ns)
        flags |= CLONE_NEWCGROUP;
    if (flags && unshare(flags) < 0)
        fail("unshare", "mnt, uts, ipc, net, cgroup");
    handshake(progress_fd, release_fd, 'n', "namespaces"); /* the monitor makes the veth pair */
    configure_container_network(sp);

    if (mnt && sp->use_pivot) {
        /* The copied rootfs mount is locked, and pivot_root refuses a locked new root: bind
         * it again in this namespace (its mounts come along, still locked). */
        int fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        if (fd < 0 || mount(self, self, NULL, MS_BIND | MS_REC, NULL) < 0)
            fail("bind-rootfs", sp->rootfs);
        close(fd);
        struct stat again;
        fd = open_rootfs(sp->rootfs, &again);
        if (again.st_dev != first.st_dev || again.st_ino != first.st_ino) {
            errno = EXDEV;
            fail("rootfs-changed", sp->rootfs);
        }
        if (fchdir(fd) < 0)
            fail("chdir", sp->rootfs);
        close(fd);
    }
    if (own_sys) {
        int rootfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (rootfd < 0)
            fail("open-rootfs", sp->rootfs);
        mount_sys(rootfd);
        close(rootfd);
    }
    leave_host_root(sp);
    become_container_root(release_fd);
}

static void drop_capabilities(uint64_t keep)
{
    for (int cap = 0; cap < 64; cap++) {
        if (keep & CAP_BIT(cap))
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            fail("drop-capability", "bounding set");
    }
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) < 0)
        fail("capget", "");
    for (int i = 0; i < 2; i++) {
        uint32_t mask = (uint32_t)(keep >> (32 * i));
        data[i].effective &= mask;
        data[i].permitted &= mask;
        data[i].inheritable &= mask;
    }
    if (syscall(SYS_capset, &hdr, data) < 0)
        fail("capset", "");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        fail("clear-ambient-capabilities", "");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        fail("no_new_privs", "");
}

/* Last before execve: a session keyring of its own (not the helper's, which it would share
 * with whoever started the helper), then the system-call filter (which refuses keyctl). */
static void confine_syscalls(const struct spec *sp)
{
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
        fail("session-keyring", "KEYCTL_JOIN_SESSION_KEYRING");
    const char *failed = "";
    int err = nsx_seccomp_apply(sp->keep_caps, (sp->clone_flags & CLONE_NEWUSER) != 0, &failed);
    if (err < 0) {
        errno = -err;
        fail("seccomp", failed);
    }
}

static void reset_signals(void)
{
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_main(const struct spec *sp, int release_fd, int progress_fd) __attribute__((noreturn));

static int pty_slave = -1;     /* pty mode without /dev: a host pty opened by the monitor, inherited */
static int console_socket = -1; /* pty mode with /dev: the child sends the master of its own pty here */
static int monitor_input = -1; /* pty mode: the monitor's end of the zygote's input frames */

/* A pty from the container's own devpts (so ttyname, ps and tty name it as the container
 * sees it): the child opens it after the root switch and hands the master to the monitor. */
static int open_own_pty(const struct spec *sp)
{
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[64];
    if (master < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof name))
        fail("pty", "/dev/ptmx");
    struct winsize size = { (unsigned short)(sp->rows ? sp->rows : 24), (unsigned short)(sp->cols ? sp->cols : 80),
                            0, 0 };
    ioctl(master, TIOCSWINSZ, &size);
    int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0)
        fail("pty", name);
    char byte = 'm';
    struct iovec iov = { &byte, 1 };
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &master, sizeof(int));
    if (sendmsg(console_socket, &msg, 0) != 1)
        fail("pty", "send master");
    close(master);
    close(console_socket);
    return slave;
}

/* The master the child sent, or -1 when it failed first (its error pipe tells why). */
static int receive_master(int socket_fd)
{
    char byte;
    struct iovec iov = { &byte, 1 };
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    if (recvmsg(socket_fd, &msg, MSG_CMSG_CLOEXEC) != 1)
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
        return -1;
    int master;
    memcpy(&master, CMSG_DATA(cmsg), sizeof(int));
    fcntl(master, F_SETFL, O_NONBLOCK);
    return master;
}

/* Inside the new net namespace: lo, and eth0 (the veth peer the monitor moved in) with its
 * address and a default route to the host end or the bridge. */
static void configure_container_network(const struct spec *sp)
{
    int err;
    if ((sp->lo_up || sp->net_mode) && (err = nsx_link_up("lo")) < 0) {
        errno = -err;
        fail("loopback-up", "lo");
    }
    if (!sp->net_mode)
        return;
    if ((err = nsx_addr_add("eth0", sp->addr)) < 0 || (err = nsx_link_up("eth0")) < 0) {
        errno = -err;
        fail("container-address", sp->addr);
    }
    if ((err = nsx_route_default(sp->gateway)) < 0) {
        errno = -err;
        fail("default-route", sp->gateway);
    }
}

static void child_main(const struct spec *sp, int release_fd, int progress_fd)
{
    /* The container never outlives its monitor. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    char go;
    if (read_full(release_fd, &go, 1) < 0)
        _exit(1); /* monitor gone before release */

    int null_fd = -1;
    if (sp->stdio_null && (null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        fail("open", "/dev/null");
    if (sp->clone_flags & CLONE_NEWUSER) {
        switch_root_in_user_namespace(sp, release_fd, progress_fd);
    } else {
        /* Joined the cgroups before this point, so the new cgroup namespace is rooted there. */
        if (sp->new_cgroup_ns && unshare(CLONE_NEWCGROUP) < 0)
            fail("unshare-cgroup", "CLONE_NEWCGROUP");
        configure_container_network(sp);
        switch_root(sp);
    }
    close(release_fd);
    close(progress_fd);
    if (console_socket >= 0)
        pty_slave = open_own_pty(sp);

    if (sp->hostname && sethostname(sp->hostname, strlen(sp->hostname)) < 0)
        fail("sethostname", sp->hostname);
    /* fds 0 and 1 are still the stage's request and event pipes: replace all three. */
    for (int fd = 0; fd < 3; fd++)
        if (dup2(sp->stdio_pty ? pty_slave : sp->stdio_null ? null_fd : CALLER_STDIO + fd, fd) < 0)
            fail("dup2", sp->stdio_pty ? "pty" : sp->stdio_null ? "/dev/null" : "caller's stdio");
    if (sp->stdio_pty) {
        /* Its own session with the terminal as controlling tty: job control and Ctrl-C work. */
        if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0)
            fail("controlling-terminal", "TIOCSCTTY");
    } else if (sp->stdio_null) {
        setsid();
    } else if (isatty(0)) {
        /* On the caller's terminal, Ctrl-C and Ctrl-Z go to the container's own process
         * group, not to the helper; the shell takes the terminal back when we are done. */
        signal(SIGTTOU, SIG_IGN);
        if (setpgid(0, 0) < 0 || tcsetpgrp(0, getpid()) < 0)
            fail("terminal-foreground", "tcsetpgrp");
    }
    drop_capabilities(sp->keep_caps);
    reset_signals();
    /* Only 0, 1 and 2 reach the container; the error pipe closes on a successful exec. */
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        fail("close_range", "");
    confine_syscalls(sp);
    execve(sp->path, sp->argv, sp->envp);
    fail("execve", sp->path);
}

/* ---------- the monitor: one per container ---------- */

/* Sends SIGKILL to every process listed in DIR/cgroup.procs; says whether there was one. */
static int kill_listed_members(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    FILE *in = fopen(path, "re");
    if (!in)
        return 0;
    int found = 0;
    long pid;
    while (fscanf(in, "%ld", &pid) == 1) {
        if (pid > 0) {
            kill((pid_t)pid, SIGKILL);
            found = 1;
        }
    }
    fclose(in);
    return found;
}

/* Whether DIR/NAME can be read, holds some text, and that text begins with TEXT. */
static int file_starts_with(const char *dir, const char *name, const char *text)
{
    char path[4096], buf[64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return !strncmp(buf, text, strlen(text));
}

/* cgroup v1 has no cgroup.kill: its freezer stops every member (none can fork any more), each
 * is sent SIGKILL, and they die when thawed, so a fork bomb cannot outrun the kill. An empty
 * cgroup (the usual end: nothing outlived the first process) stays empty and is not frozen: a
 * freeze costs tens of milliseconds (the kernel switches its freezer code on and off). */
static void kill_frozen_members(const struct spec *sp)
{
    for (int i = 0; i < sp->ncgroups; i++) {
        /* Empty or unreadable text counts as no: only the freezer's directory has freezer.state. */
        if (!file_starts_with(sp->cgroups[i], "freezer.state", ""))
            continue;
        int has_members = file_starts_with(sp->cgroups[i], "cgroup.procs", "");
        if (!has_members || write_file_at(sp->cgroups[i], "freezer.state", "FROZEN") < 0)
            return;
        /* FREEZING until every member has stopped: 2 s at most, then the kill goes ahead regardless. */
        for (int tries = 0; tries < 400 && !file_starts_with(sp->cgroups[i], "freezer.state", "FROZEN"); tries++)
            sleep_ms(5);
        kill_listed_members(sp->cgroups[i]);
        write_file_at(sp->cgroups[i], "freezer.state", "THAWED");
        return;
    }
}

/* Cgroups nested in ours are ours too (root may make one inside a container's cgroup, and
 * so may the container itself with a cgroup namespace and CAP_SYS_ADMIN): killed and
 * removed with it, down to this depth. */
#define MAX_CGROUP_DEPTH 16

/* The next subdirectory of the open directory D (whose path is DIR) into SUB; 0 at the end. */
static int next_subdir(DIR *d, const char *dir, char *sub, size_t size)
{
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (snprintf(sub, size, "%s/%s", dir, e->d_name) < (int)size)
            return 1;
    }
    return 0;
}

/* Sends SIGKILL to every process in the cgroups nested in DIR; says whether there was one. */
static int kill_nested_members(const char *dir, int depth)
{
    DIR *d = depth < MAX_CGROUP_DEPTH ? opendir(dir) : NULL;
    if (!d)
        return 0;
    int found = 0;
    char sub[4096];
    while (next_subdir(d, dir, sub, sizeof sub))
        found |= kill_listed_members(sub) | kill_nested_members(sub, depth + 1);
    closedir(d);
    return found;
}

/* Kills every process left in the container's cgroups and in cgroups nested in them (v2:
 * cgroup.kill, the whole subtree at once; v1: freeze, kill, thaw, then each member left until
 * none is), reaping what comes back to us as subreaper. */
static void kill_cgroup_members(const struct spec *sp)
{
    int killed_at_once = 0;
    for (int i = 0; i < sp->ncgroups; i++)
        killed_at_once |= write_file_at(sp->cgroups[i], "cgroup.kill", "1") == 0;
    if (!killed_at_once)
        kill_frozen_members(sp);
    for (int round = 0; round < 200; round++) {
        int any = 0;
        for (int i = 0; i < sp->ncgroups; i++)
            any |= kill_listed_members(sp->cgroups[i]) | kill_nested_members(sp->cgroups[i], 0);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (!any)
            return;
        sleep_ms(5);
    }
}

/* The kernel's OOM-kill count for the container (v2 memory.events, v1 memory.oom_control). */
static long oom_kills(const struct spec *sp)
{
    static const char *const files[] = { "memory.events", "memory.oom_control" };
    long kills = 0;
    for (int i = 0; i < sp->ncgroups; i++) {
        for (size_t f = 0; f < 2; f++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", sp->cgroups[i], files[f]);
            FILE *in = fopen(path, "re");
            if (!in)
                continue;
            char key[64];
            long value;
            while (fscanf(in, "%63s %ld", key, &value) == 2)
                if (!strcmp(key, "oom_kill") && value > kills)
                    kills = value;
            fclose(in);
        }
    }
    return kills;
}

/* rmdir can say EBUSY for a moment after the last process died: retry briefly. Says whether DIR is gone. */
static int remove_cgroup_dir(const char *dir)
{
    for (int tries = 0; tries < 200; tries++) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 1;
        if (errno != EBUSY)
            return 0;
        sleep_ms(5);
    }
    return 0;
}

/* Removes the cgroups nested in DIR, deepest first; says whether they are all gone. */
static int remove_nested_cgroups(const char *dir, int depth)
{
    DIR *d = depth < MAX_CGROUP_DEPTH ? opendir(dir) : NULL;
    if (!d)
        return depth < MAX_CGROUP_DEPTH; /* gone already, or too deep to follow */
    int gone = 1;
    char sub[4096];
    while (next_subdir(d, dir, sub, sizeof sub))
        gone &= remove_nested_cgroups(sub, depth + 1) && remove_cgroup_dir(sub);
    closedir(d);
    return gone;
}

/* Removes the container's cgroups, each after the cgroups nested in it. What cannot go (a
 * process that does not die) the broker tries again, and reports. */
static void remove_cgroups(const struct spec *sp)
{
    for (int i = 0; i < sp->ncgroups; i++)
        if (remove_nested_cgroups(sp->cgroups[i], 0))
            remove_cgroup_dir(sp->cgroups[i]);
}

static int enter_time_namespace(const struct spec *sp)
{
    /* Only children of this monitor enter the new time namespace: its offsets must be
     * written before the child exists. */
    if (unshare(CLONE_NEWTIME) < 0)
        return -1;
    char offsets[128];
    snprintf(offsets, sizeof offsets, "monotonic %lld 0\nboottime %lld 0\n", sp->monotonic, sp->boottime);
    return write_file("/proc/self/timens_offsets", offsets);
}

static int write_user_maps(pid_t pid, const struct spec *sp)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/uid_map", pid);
    if (write_file(path, sp->uid_map) < 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/setgroups", pid);
    if (write_file(path, "deny") < 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/gid_map", pid);
    return write_file(path, sp->gid_map);
}

static int join_cgroups(pid_t pid, const struct spec *sp, const char **failed)
{
    char text[32];
    snprintf(text, sizeof text, "%d", pid);
    for (int i = 0; i < sp->ncgroups; i++) {
        if (write_file_at(sp->cgroups[i], "cgroup.procs", text) < 0) {
            *failed = sp->cgroups[i];
            return -1;
        }
    }
    return 0;
}

/* The veth pair goes with the container even when a joined container keeps its net
 * namespace alive: deleting one end deletes both. */
static int host_end_created; /* never delete an interface this monitor did not make */

static void remove_host_end(const struct spec *sp)
{
    if (!sp->net_mode || !host_end_created)
        return;
    /* When the container's net namespace dies the kernel deletes the pair itself, in its own
     * time, and refuses our delete (ENODEV) while it unregisters it: wait until the name is
     * gone (5 s at most), so that "exited" means gone. */
    for (int i = 0; i < 500; i++) {
        nsx_link_delete(sp->host_if);
        if (!nsx_link_exists(sp->host_if))
            break;
        sleep_ms(10);
    }
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* The container's overlay directory (upper, work, merged under overlay/nsx-...): removed here
 * only when the zygote is gone, since then no broker is left to keep the upper as a layer or
 * to remove it. Never crosses into another file system, never follows a symlink. */
static void remove_orphaned_overlay(const struct spec *sp, pid_t zygote)
{
    if (!sp->upper || getppid() == zygote)
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", sp->upper);
    char *parent = dirname(dir);
    const char *base = strrchr(parent, '/');
    if (!base || strncmp(base + 1, "nsx-", 4) || strcmp(strrchr(sp->upper, '/'), "/upper"))
        return;
    nftw(parent, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

static void monitor_fail(const struct spec *sp, pid_t child, const char *step, int err, const char *detail)
    __attribute__((noreturn));

/* The stage's switch: the net namespace its bridge lives in (an fd made by keep_anchor and
 * passed on to the zygote and its monitors), or -errno when it could not be made. */
static int switch_netns = -ENOENT;
#define UPLINK_PEER "uplink"

/*
 * Bridge mode: the bridge lives in the stage's switch namespace, where the host's firewall
 * does not reach it (with Docker's FORWARD policy DROP and br_netfilter, frames between the
 * ports of a bridge on the host are dropped, and only the host's own sysctl could stop that).
 * The host reaches the bridge through the uplink, a veth pair whose host end nsxsw<anchor>
 * carries the bridge's address; its other end is a port of the bridge. The first bridge
 * container makes them, later ones find them (each step accepts what is there). The monitor
 * stays in the switch: the container's outer end is made there, as a port of the bridge, and
 * deleted there at the end (remove_host_end).
 */
static void join_switch(const struct spec *sp, pid_t child)
{
    char uplink[IFNAMSIZ];
    snprintf(uplink, sizeof uplink, "nsxsw%s", sp->bridge + 5); /* the bridge is nsxbr<anchor> */
    int err;
    if (switch_netns < 0)
        monitor_fail(sp, child, "switch", -switch_netns, sp->bridge);
    if ((err = nsx_veth_create_into(uplink, UPLINK_PEER, switch_netns)) < 0 && err != -EEXIST)
        monitor_fail(sp, child, "uplink", -err, uplink);
    if ((err = nsx_addr_add(uplink, sp->bridge_addr)) < 0 || (err = nsx_link_up(uplink)) < 0)
        monitor_fail(sp, child, "uplink", -err, uplink);
    if ((err = nsx_netns_enter(switch_netns)) < 0)
        monitor_fail(sp, child, "switch", -err, sp->bridge);
    if ((err = nsx_bridge_ensure(sp->bridge)) < 0 || (err = nsx_link_up(sp->bridge)) < 0)
        monitor_fail(sp, child, "bridge", -err, sp->bridge);
    if ((err = nsx_link_set_master(UPLINK_PEER, sp->bridge)) < 0 || (err = nsx_link_up(UPLINK_PEER)) < 0)
        monitor_fail(sp, child, "uplink", -err, UPLINK_PEER);
}

/* The host's side of the container's network, made between clone and release: the veth
 * pair (its peer straight into the child's net namespace as eth0), then the host end's
 * address, or, in bridge mode, the pair made in the switch as a port of its bridge. */
static void configure_host_network(const struct spec *sp, pid_t child)
{
    if (!sp->net_mode)
        return;
    if (sp->bridge)
        join_switch(sp, child);
    int err = nsx_veth_create(sp->host_if, "eth0", child);
    if (err < 0)
        monitor_fail(sp, child, "veth", -err, sp->host_if);
    host_end_created = 1;
    if (sp->bridge) {
        if ((err = nsx_link_set_master(sp->host_if, sp->bridge)) < 0)
            monitor_fail(sp, child, "bridge-port", -err, sp->host_if);
    } else if ((err = nsx_addr_add(sp->host_if, sp->host_addr)) < 0) {
        monitor_fail(sp, child, "host-address", -err, sp->host_addr);
    }
    if ((err = nsx_link_up(sp->host_if)) < 0)
        monitor_fail(sp, child, "host-link-up", -err, sp->host_if);
}

/* A process's namespace may be joined only while it is in one of our containers (its cgroup
 * is nsx-*): checked through a pidfd, so a PID reused meanwhile is refused. */
static int in_nsx_container(pid_t pid)
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

static void join_namespaces(const struct spec *sp)
{
    for (int i = 0; i < sp->njoins; i++) {
        const char *name = nsx_namespace_of_flag(sp->joins[i].type)->name; /* parse_join took only these */
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", sp->joins[i].pid, name);
        int pidfd = (int)syscall(SYS_pidfd_open, sp->joins[i].pid, 0);
        int fd = pidfd < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
        int alive = fd >= 0 && in_nsx_container(sp->joins[i].pid) &&
                    syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0;
        if (pidfd >= 0)
            close(pidfd);
        if (!alive)
            monitor_fail(sp, 0, "join", ESRCH, path);
        /* Not the host's own (ours, here): that would hand the host's network to the container. */
        char self_path[64];
        snprintf(self_path, sizeof self_path, "/proc/self/ns/%s", name);
        struct stat theirs, ours;
        if (fstat(fd, &theirs) < 0 || stat(self_path, &ours) < 0 ||
            (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino))
            monitor_fail(sp, 0, "join-host-namespace", EPERM, path);
        if (setns(fd, sp->joins[i].type) < 0)
            monitor_fail(sp, 0, "join", errno, path);
        close(fd);
    }
}

static void give_back_caller_terminal(void);

static void monitor_fail(const struct spec *sp, pid_t child, const char *step, int err, const char *detail)
{
    give_back_caller_terminal();
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    kill_cgroup_members(sp);
    remove_cgroups(sp);
    remove_host_end(sp);
    emit("%s error %s %d %s", sp->id, step, err, detail);
    _exit(1);
}

/* ---------- terminals: a pty whose output becomes events and whose input comes in frames ---------- */

#define FRAME_INPUT 'i'
#define FRAME_RESIZE 'r'

/* Opens the master (kept here) and the slave (for the child, in pty_slave), sized ROWSxCOLS. */
static int open_pty(const struct spec *sp)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[64];
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof name))
        monitor_fail(sp, 0, "pty", errno, "posix_openpt");
    struct winsize size = { (unsigned short)(sp->rows ? sp->rows : 24), (unsigned short)(sp->cols ? sp->cols : 80),
                            0, 0 };
    ioctl(master, TIOCSWINSZ, &size);
    if ((pty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
        monitor_fail(sp, 0, "pty", errno, name);
    fcntl(master, F_SETFL, O_NONBLOCK);
    return master;
}

/* Container output as "<id> output <hex>" lines (hex: any byte, and under PIPE_BUF a line). */
static int forward_output(const struct spec *sp, int master)
{
    unsigned char data[1500];
    ssize_t n = read(master, data, sizeof data);
    if (n <= 0)
        return (int)n;
    static const char hex[] = "0123456789abcdef";
    char line[64 + 2 * sizeof data + 2];
    size_t o = (size_t)snprintf(line, 64, "%s output ", sp->id);
    for (ssize_t i = 0; i < n; i++) {
        line[o++] = hex[data[i] >> 4];
        line[o++] = hex[data[i] & 15];
    }
    line[o++] = '\n';
    ssize_t ignored = write(EVENT_FD, line, o);
    (void)ignored;
    return (int)n;
}

/* Writes all of DATA to FD (the caller's terminal may take it in parts). */
static void write_all(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

/* Copies what FROM has (one read) to TO; returns the read's result. */
static int copy_some(int from, int to)
{
    unsigned char data[4096];
    ssize_t n = read(from, data, sizeof data);
    if (n > 0)
        write_all(to, data, (size_t)n);
    return (int)n;
}

static void drain_output(const struct spec *sp, int master)
{
    if (sp->relay_caller)
        while (copy_some(master, CALLER_STDIO + 1) > 0)
            ;
    else
        while (forward_output(sp, master) > 0)
            ;
    close(master);
}

/*
 * With `run` on a terminal, the container gets a pty of its own and the monitor relays it to
 * the caller's terminal, as `docker run -it` does: a process inside never holds the caller's
 * terminal, so it cannot push keystrokes into the caller's shell (TIOCSTI). The caller's
 * terminal is raw meanwhile (the container's pty does the line editing) and restored after.
 */
static struct termios caller_termios;
static int caller_termios_saved;
static int caller_input = CALLER_STDIO;
static struct winsize caller_size;

static void take_caller_terminal(void)
{
    if (isatty(CALLER_STDIO) && tcgetattr(CALLER_STDIO, &caller_termios) == 0) {
        struct termios raw = caller_termios;
        cfmakeraw(&raw);
        if (tcsetattr(CALLER_STDIO, TCSANOW, &raw) == 0)
            caller_termios_saved = 1;
    }
    caller_size.ws_row = 0;
}

static void give_back_caller_terminal(void)
{
    if (caller_termios_saved)
        tcsetattr(CALLER_STDIO, TCSANOW, &caller_termios);
    caller_termios_saved = 0;
}

/* The caller's window size, passed on to the container's pty when it changed. */
static void follow_window_size(int master)
{
    struct winsize now;
    for (int fd = CALLER_STDIO; fd < CALLER_STDIO + 3; fd++) {
        if (ioctl(fd, TIOCGWINSZ, &now) == 0 && now.ws_row > 0) {
            if (now.ws_row != caller_size.ws_row || now.ws_col != caller_size.ws_col) {
                caller_size = now;
                ioctl(master, TIOCSWINSZ, &now);
            }
            return;
        }
    }
}

/* As relay_terminal, between the container's pty and the caller's stdin and stdout. */
static int relay_caller_terminal(int sfd, int *master)
{
    struct pollfd fds[3] = { { sfd, POLLIN, 0 }, { *master, POLLIN, 0 }, { caller_input, POLLIN, 0 } };
    int ready = poll(fds, 3, 250); /* a quarter second: the window size is followed as often */
    follow_window_size(*master);
    if (ready < 0)
        return errno == EINTR ? 0 : 1;
    if (fds[1].revents & POLLIN)
        copy_some(*master, CALLER_STDIO + 1);
    else if (fds[1].revents & (POLLHUP | POLLERR))
        fds[1].fd = -1;
    if ((fds[2].revents & POLLIN) && copy_some(caller_input, *master) <= 0)
        fds[2].revents |= POLLHUP;
    if (fds[2].revents & (POLLHUP | POLLERR)) {
        /* The caller's input ended: the container reads an end of file (^D) once. */
        write_all(*master, (const unsigned char *)"\004", 1);
        caller_input = -1;
    }
    if (fds[1].fd < 0 && !(fds[0].revents & POLLIN)) {
        struct pollfd only = { sfd, POLLIN, 0 };
        poll(&only, 1, -1);
        return 1;
    }
    return (fds[0].revents & POLLIN) ? 1 : 0;
}

/* Applies the zygote's frames: keystrokes to the terminal, or a new window size. */
static void apply_input(int master)
{
    unsigned char head[3];
    if (read_full(monitor_input, head, sizeof head) < 0)
        return;
    size_t len = (size_t)head[1] << 8 | head[2];
    unsigned char data[65535];
    if (len > 0 && read_full(monitor_input, data, len) < 0)
        return;
    if (head[0] == FRAME_INPUT) {
        ssize_t ignored = write(master, data, len);
        (void)ignored;
    } else if (head[0] == FRAME_RESIZE && len == 4) {
        struct winsize size = { (unsigned short)(data[0] << 8 | data[1]), (unsigned short)(data[2] << 8 | data[3]),
                                0, 0 };
        ioctl(master, TIOCSWINSZ, &size);
    }
}

/* Waits for terminal traffic or a signal. Returns 0 after relaying traffic, 1 when a signal waits. */
static int relay_terminal(const struct spec *sp, int sfd, int *master)
{
    struct pollfd fds[3] = { { sfd, POLLIN, 0 }, { *master, POLLIN, 0 }, { monitor_input, POLLIN, 0 } };
    if (poll(fds, 3, -1) < 0)
        return errno == EINTR ? 0 : 1;
    if (fds[1].revents & POLLIN)
        forward_output(sp, *master);
    else if (fds[1].revents & (POLLHUP | POLLERR))
        fds[1].fd = -1; /* the container closed its side; keep the master for the last read */
    if (fds[2].revents & POLLIN)
        apply_input(*master);
    else if (fds[2].revents & POLLHUP)
        monitor_input = -1; /* the zygote is gone: SIGTERM follows */
    if (fds[1].fd < 0 && !(fds[0].revents & POLLIN)) {
        /* Output ended: wait for the signal alone from now on. */
        struct pollfd only = { sfd, POLLIN, 0 };
        poll(&only, 1, -1);
        return 1;
    }
    return (fds[0].revents & POLLIN) ? 1 : 0;
}

/* Whether the child reported step BYTE on the progress pipe (not EOF, not another byte). */
static int await_child(int progress_fd, char byte)
{
    char got;
    ssize_t n;
    while ((n = read(progress_fd, &got, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 && got == byte;
}

static void monitor_main(const struct spec *sp, pid_t zygote) __attribute__((noreturn));

static void monitor_main(const struct spec *sp, pid_t zygote)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    /* When the zygote dies (the broker died), SIGTERM tells us to clean up. */
    prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    /* Ctrl-C or a hang-up on the caller's terminal is the container's business, not ours:
     * the broker ends us through the zygote when it wants the container gone. */
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sfd < 0 || getppid() != zygote)
        monitor_fail(sp, 0, "monitor", errno, "zygote gone");
    /* Orphans of a container without a PID namespace come back to us to be reaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    join_namespaces(sp);
    if (sp->new_time_ns && enter_time_namespace(sp) < 0)
        monitor_fail(sp, 0, "time-namespace", errno, "/proc/self/timens_offsets");

    int release[2], errors[2], progress[2];
    if (pipe2(release, O_CLOEXEC) < 0 || pipe2(errors, O_CLOEXEC) < 0 || pipe2(progress, O_CLOEXEC) < 0)
        monitor_fail(sp, 0, "pipe", errno, "");
    /* A user namespace is made later by the child itself (see switch_root_in_user_namespace),
     * and with it the namespaces it is to own: clone makes only the mount and PID ones. */
    int late_user = (sp->clone_flags & CLONE_NEWUSER) != 0;
    unsigned long clone_flags = late_user ? sp->clone_flags & (CLONE_NEWNS | CLONE_NEWPID) : sp->clone_flags;
    int master = -1;
    int console[2] = { -1, -1 };
    if (sp->stdio_pty && sp->mount_dev) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) < 0)
            monitor_fail(sp, 0, "pty", errno, "socketpair");
    } else if (sp->stdio_pty) {
        master = open_pty(sp);
    }

    pid_t child = (pid_t)syscall(SYS_clone, clone_flags | SIGCHLD, 0, NULL, NULL, 0);
    if (child < 0)
        monitor_fail(sp, 0, "clone", errno, "CLONE_NEW*");
    if (child == 0) {
        close(release[1]);
        close(errors[0]);
        close(progress[0]);
        close(sfd);
        if (console[0] >= 0) {
            close(console[0]);
            console_socket = console[1];
        }
        error_pipe = errors[1];
        child_main(sp, release[0], progress[1]);
    }
    close(release[0]);
    close(errors[1]);
    close(progress[1]);
    if (pty_slave >= 0)
        close(pty_slave); /* the child has it; the master sees EOF once the container's side closes */
    if (console[1] >= 0)
        close(console[1]);

    if (!late_user)
        configure_host_network(sp, child);
    const char *failed_cgroup = NULL;
    if (join_cgroups(child, sp, &failed_cgroup) < 0)
        monitor_fail(sp, child, "join-cgroup", errno, failed_cgroup);
    /* release[1] stays open while we live: the child's lifeline (see child_main). */
    if (write(release[1], "x", 1) != 1)
        monitor_fail(sp, child, "release", errno, "");
    /* EOF on the progress pipe means the child failed first: its error pipe says how. */
    if (late_user && await_child(progress[0], 'u')) {
        if (write_user_maps(child, sp) < 0)
            monitor_fail(sp, child, "user-maps", errno, "uid_map/gid_map");
        if (write(release[1], "x", 1) != 1)
            monitor_fail(sp, child, "release", errno, "");
        if (await_child(progress[0], 'n')) {
            configure_host_network(sp, child);
            if (write(release[1], "x", 1) != 1)
                monitor_fail(sp, child, "release", errno, "");
        }
    }
    close(progress[0]);

    if (console[0] >= 0) {
        /* EOF here (no master) means the child failed first: its error pipe says how. */
        master = receive_master(console[0]);
        close(console[0]);
    }
    struct child_error ce;
    ssize_t n;
    while ((n = read(errors[0], &ce, sizeof ce)) < 0 && errno == EINTR)
        ;
    close(errors[0]);
    if (n > 0) {
        ce.step[sizeof ce.step - 1] = '\0';
        ce.detail[sizeof ce.detail - 1] = '\0';
        monitor_fail(sp, child, ce.step, ce.err, ce.detail);
    }
    if (sp->relay_caller && master >= 0) {
        take_caller_terminal();
        follow_window_size(master);
    }
    emit("%s started %d", sp->id, child);

    int status = 0;
    for (;;) {
        if (master >= 0 && (sp->relay_caller ? relay_caller_terminal(sfd, &master) : relay_terminal(sp, sfd, &master))
            == 0)
            continue; /* terminal traffic only: no signal to read yet */
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) != sizeof si) {
            if (errno == EINTR)
                continue;
            kill(child, SIGKILL);
        } else if (si.ssi_signo != SIGCHLD) {
            kill(child, SIGKILL);
        }
        pid_t w;
        int done = 0;
        while ((w = waitpid(-1, &status, WNOHANG)) > 0)
            if (w == child) {
                done = 1;
                break;
            }
        if (done)
            break;
    }
    if (master >= 0)
        drain_output(sp, master); /* the last words before "exited" */
    give_back_caller_terminal();
    kill_cgroup_members(sp);
    long kills = oom_kills(sp);
    remove_cgroups(sp);
    remove_host_end(sp);
    remove_orphaned_overlay(sp, zygote);
    if (WIFSIGNALED(status))
        emit("%s exited signal %d oom %ld", sp->id, WTERMSIG(status), kills);
    else
        emit("%s exited status %d oom %ld", sp->id, WEXITSTATUS(status), kills);
    _exit(0);
}

/* The fields of the small requests (probe, signal); anything else in them is ignored. */
struct small_request {
    char id[64];
    char container[64];
    long long pid;
    long long sig;
    long long count;
    char what[64];
    char addr[64];
};

static void parse_small_request(char *buf, size_t len, struct small_request *r)
{
    memset(r, 0, sizeof *r);
    strcpy(r->id, "-");
    size_t pos = 0;
    while (pos < len) {
        char *entry = buf + pos;
        pos += strnlen(entry, len - pos) + 1;
        if (!strncmp(entry, "id=", 3) && valid_id(entry + 3))
            strcpy(r->id, entry + 3);
        else if (!strncmp(entry, "container=", 10) && valid_id(entry + 10))
            strcpy(r->container, entry + 10);
        else if (!strncmp(entry, "pid=", 4))
            parse_number(entry + 4, &r->pid);
        else if (!strncmp(entry, "sig=", 4))
            parse_number(entry + 4, &r->sig);
        else if (!strncmp(entry, "what=", 5) && strlen(entry + 5) < sizeof r->what)
            strcpy(r->what, entry + 5);
        else if (!strncmp(entry, "count=", 6))
            parse_number(entry + 6, &r->count);
        else if (!strncmp(entry, "addr=", 5) && strlen(entry + 5) < sizeof r->addr)
            strcpy(r->addr, entry + 5);
    }
}

/* ---------- probes: what a process sees, read from inside its namespaces ---------- */

/* procfs sysctls and SysV IPC show the reader's namespaces, and interfaces are listed by a
 * netlink socket of the reader's net namespace: a short-lived prober joins the target's
 * UTS, IPC and net namespaces (setns is per process here, and the prober is single-threaded)
 * and reports what it sees. It runs no program and changes nothing. */

/* Percent-encodes anything but [A-Za-z0-9._:-]: names set inside a container are hostile. */
static void encode(char *out, size_t cap, const unsigned char *in, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < cap; i++) {
        unsigned char c = in[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-' || c == ':') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

static const char *probe_id;

static void probe_link(struct nlmsghdr *nh)
{
    struct ifinfomsg *ifi = NLMSG_DATA(nh);
    int len = (int)IFLA_PAYLOAD(nh);
    char name[3 * IFNAMSIZ + 1] = "", mac[3 * 32 + 1] = "-";
    unsigned mtu = 0;
    int link = 0;
    for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFLA_IFNAME)
            encode(name, sizeof name, RTA_DATA(a), strnlen(RTA_DATA(a), RTA_PAYLOAD(a)));
        else if (a->rta_type == IFLA_MTU && RTA_PAYLOAD(a) >= 4)
            memcpy(&mtu, RTA_DATA(a), 4);
        else if (a->rta_type == IFLA_LINK && RTA_PAYLOAD(a) >= 4)
            memcpy(&link, RTA_DATA(a), 4);
        else if (a->rta_type == IFLA_ADDRESS && RTA_PAYLOAD(a) > 0 && RTA_PAYLOAD(a) <= 32) {
            unsigned char *b = RTA_DATA(a);
            size_t o = 0;
            for (size_t i = 0; i < RTA_PAYLOAD(a); i++)
                o += (size_t)snprintf(mac + o, sizeof mac - o, i ? ":%02x" : "%02x", b[i]);
        }
    }
    emit("%s probe link %d %s %u %u %s %d", probe_id, ifi->ifi_index, name, ifi->ifi_flags, mtu, mac, link);
}

static void probe_addr(struct nlmsghdr *nh)
{
    struct ifaddrmsg *ifa = NLMSG_DATA(nh);
    int len = (int)IFA_PAYLOAD(nh);
    void *address = NULL, *local = NULL;
    for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFA_ADDRESS)
            address = RTA_DATA(a);
        else if (a->rta_type == IFA_LOCAL)
            local = RTA_DATA(a);
    }
    void *shown = local ? local : address; /* on point-to-point links IFA_LOCAL is ours */
    char text[INET6_ADDRSTRLEN];
    if (!shown || (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) ||
        !inet_ntop(ifa->ifa_family, shown, text, sizeof text))
        return;
    emit("%s probe addr %u %d %s %u", probe_id, ifa->ifa_index, ifa->ifa_family == AF_INET ? 4 : 6, text,
         ifa->ifa_prefixlen);
}

/* One RTM_GET* dump of this net namespace, each answer handed to HANDLE. */
static int netlink_dump(int type, void (*handle)(struct nlmsghdr *))
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    struct {
        struct nlmsghdr nh;
        struct rtgenmsg g;
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = sizeof req;
    req.nh.nlmsg_type = (unsigned short)type;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.nh.nlmsg_seq = 1;
    req.g.rtgen_family = AF_UNSPEC;
    if (send(fd, &req, sizeof req, 0) < 0) {
        close(fd);
        return -1;
    }
    static char buf[32768] __attribute__((aligned(4)));
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
            if (nh->nlmsg_type == NLMSG_DONE) {
                close(fd);
                return 0;
            }
            if (nh->nlmsg_type == NLMSG_ERROR) {
                close(fd);
                return -1;
            }
            handle(nh);
        }
    }
    close(fd);
    return -1;
}

/* /proc/sysvipc/KIND of the prober's (now the target's) IPC namespace, line by line. */
static void probe_sysvipc(const char *kind)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
    FILE *in = fopen(path, "re");
    if (!in)
        return;
    char line[512];
    int header = 1;
    while (fgets(line, sizeof line, in)) {
        if (header) {
            header = 0;
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        emit("%s probe %s %s", probe_id, kind, line); /* numbers and spaces only */
    }
    fclose(in);
}

static void prober_main(const char *id, pid_t pid) __attribute__((noreturn));

static void prober_main(const char *id, pid_t pid)
{
    /* The probe reads the hostname, the interfaces and the IPC objects: it joins these three. */
    const struct nsx_namespace *kinds[] = {
        nsx_namespace_of_flag(CLONE_NEWUTS), nsx_namespace_of_flag(CLONE_NEWIPC), nsx_namespace_of_flag(CLONE_NEWNET),
    };
    probe_id = id;
    int fds[N_ELEMENTS(kinds)];
    /* All are opened before joining any, so each names the target's own namespace. */
    for (size_t i = 0; i < N_ELEMENTS(kinds); i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/%s", pid, kinds[i]->ns_file);
        if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            emit("%s error probe %d /proc/%d/%s", id, errno, pid, kinds[i]->ns_file);
            _exit(1);
        }
    }
    for (size_t i = 0; i < N_ELEMENTS(kinds); i++) {
        struct stat st;
        if (fstat(fds[i], &st) < 0 || setns(fds[i], kinds[i]->flag) < 0) {
            emit("%s error probe %d setns %s", id, errno, kinds[i]->name);
            _exit(1);
        }
        emit("%s probe ns %s %lu", id, kinds[i]->name, (unsigned long)st.st_ino);
        close(fds[i]);
    }
    struct utsname u;
    if (uname(&u) == 0) {
        char node[3 * sizeof u.nodename + 1], domain[3 * sizeof u.domainname + 1];
        encode(node, sizeof node, (unsigned char *)u.nodename, strnlen(u.nodename, sizeof u.nodename));
        encode(domain, sizeof domain, (unsigned char *)u.domainname, strnlen(u.domainname, sizeof u.domainname));
        emit("%s probe uts %s %s", id, node, domain);
    }
    if (netlink_dump(RTM_GETLINK, probe_link) < 0 || netlink_dump(RTM_GETADDR, probe_addr) < 0)
        emit("%s error probe %d netlink", id, errno);
    probe_sysvipc("shm");
    probe_sysvipc("sem");
    probe_sysvipc("msg");
    emit("%s probe end", id);
    _exit(0);
}

/* ---------- process scans: /proc read in C, because a snapshot must be cheap ---------- */


/* The inode a /proc/PID/ns link names, from its text "type:[inode]": readlink does not
 * need the namespace file itself, which makes it cheaper than a stat. 0 when unreadable. */
static unsigned long ns_inode_at(int dirfd, const char *name)
{
    char text[64];
    ssize_t n = readlinkat(dirfd, name, text, sizeof text - 1);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    char *open_bracket = strchr(text, '[');
    return open_bracket ? strtoul(open_bracket + 1, NULL, 10) : 0;
}

/* Lines are gathered into writes of whole lines under PIPE_BUF, so they stay atomic. */
static char scan_out[4000];
static size_t scan_used;

static void scan_flush(void)
{
    if (scan_used > 0) {
        ssize_t ignored = write(EVENT_FD, scan_out, scan_used);
        (void)ignored;
        scan_used = 0;
    }
}

static void scan_line(const char *line, size_t len)
{
    if (len >= sizeof scan_out)
        return;
    if (scan_used + len > sizeof scan_out)
        scan_flush();
    memcpy(scan_out + scan_used, line, len);
    scan_used += len;
}

/* Reads a small /proc file relative to DIRFD; returns its length or -1. */
static ssize_t read_at(int dirfd, const char *name, char *buf, size_t cap)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

/* One process as "ID probe proc PID PPID UID STATE NSPIDS NS8 COMM CMDLINE"; 0 if it vanished. */
static int scan_process(const char *id, int procfd, const char *name, unsigned long self_pidns,
                        int only_other_pidns)
{
    int dfd = openat(procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return 0;
    unsigned long ns[N_ELEMENTS(NSX_NAMESPACES)];
    struct stat st;
    /* The PID namespace first: a container's scan skips the host's processes after one stat. */
    const struct nsx_namespace *pidns = nsx_namespace_of_flag(CLONE_NEWPID);
    size_t pid_index = nsx_namespace_index(pidns);
    ns[pid_index] = ns_inode_at(dfd, pidns->ns_file);
    if (only_other_pidns && (ns[pid_index] == self_pidns || ns[pid_index] == 0)) {
        close(dfd);
        return 0;
    }
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++)
        if (i != pid_index)
            ns[i] = ns_inode_at(dfd, NSX_NAMESPACES[i].ns_file);
    char stat[1024], cmd[1025], line[4000];
    if (fstatat(dfd, "", &st, AT_EMPTY_PATH) < 0 || read_at(dfd, "stat", stat, sizeof stat) < 0) {
        close(dfd);
        return 0;
    }
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    char state;
    int ppid;
    if (!open_paren || !close_paren || sscanf(close_paren + 2, "%c %d", &state, &ppid) != 2) {
        close(dfd);
        return 0;
    }
    char comm[3 * 64 + 1];
    encode(comm, sizeof comm, (unsigned char *)open_paren + 1, (size_t)(close_paren - open_paren - 1));
    /* NSpid only differs from the PID outside the helper's PID namespace. */
    char nspids[256];
    snprintf(nspids, sizeof nspids, "%s", name);
    if (ns[pid_index] != self_pidns) {
        char status[4096];
        if (read_at(dfd, "status", status, sizeof status) > 0) {
            char *nspid = strstr(status, "\nNSpid:");
            if (nspid) {
                nspid += 7;
                size_t o = 0;
                while (*nspid && *nspid != '\n' && o + 1 < sizeof nspids) {
                    if (*nspid == '\t' || *nspid == ' ') {
                        if (o > 0 && nspids[o - 1] != ',')
                            nspids[o++] = ',';
                    } else {
                        nspids[o++] = *nspid;
                    }
                    nspid++;
                }
                if (o > 0 && nspids[o - 1] == ',')
                    o--;
                nspids[o] = '\0';
            }
        }
    }
    ssize_t n = read_at(dfd, "cmdline", cmd, sizeof cmd);
    close(dfd);
    char cmdline[3 * 1024 + 2] = "-";
    if (n > 0) {
        while (n > 0 && cmd[n - 1] == '\0')
            n--;
        for (ssize_t i = 0; i < n; i++)
            if (cmd[i] == '\0')
                cmd[i] = ' ';
        encode(cmdline, sizeof cmdline, (unsigned char *)cmd, (size_t)n);
        if (!cmdline[0])
            strcpy(cmdline, "-");
    }
    int len = snprintf(line, sizeof line, "%s probe proc %s %d %u %c %s %lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu %s %s\n",
                       id, name, ppid, (unsigned)st.st_uid, state, nspids, ns[0], ns[1], ns[2], ns[3], ns[4], ns[5],
                       ns[6], ns[7], comm[0] ? comm : "-", cmdline);
    if (len > 0 && (size_t)len < sizeof line)
        scan_line(line, (size_t)len);
    return 1;
}

static void scanner_main(const char *id, int only_other_pidns) __attribute__((noreturn));

static void scanner_main(const char *id, int only_other_pidns)
{
    struct stat self;
    unsigned long self_pidns = stat("/proc/self/ns/pid", &self) == 0 ? (unsigned long)self.st_ino : 0;
    int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (procfd < 0) {
        emit("%s error probe %d /proc", id, errno);
        _exit(1);
    }
    /* One worker per CPU, each taking the PIDs of one residue: /proc reads cost CPU, not I/O. */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    for (int w = 0; w < workers; w++) {
        pid_t worker = workers == 1 ? 0 : fork();
        if (worker < 0)
            continue;
        if (worker > 0)
            continue;
        /* Each worker its own directory stream: a shared one would share its position. */
        DIR *dir = opendir("/proc");
        if (!dir)
            _exit(1);
        /* Split by PID, not by position: the workers' listings may differ as processes come and go. */
        struct dirent *e;
        while ((e = readdir(dir)))
            if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strtol(e->d_name, NULL, 10) % workers == w)
                scan_process(id, procfd, e->d_name, self_pidns, only_other_pidns);
        scan_flush();
        if (workers == 1)
            break;
        _exit(0);
    }
    while (workers > 1 && wait(NULL) > 0)
        ;
    emit("%s probe end", id);
    _exit(0);
}

/* op=probe id=ID pid=PID: forks a prober; its lines come tagged with ID, then "ID probe end".
 * op=probe id=ID what=processes[-outside-my-pid-namespace]: forks a scanner of /proc instead. */
static void handle_probe(char *buf, size_t len)
{
    struct small_request r;
    parse_small_request(buf, len, &r);
    const char *id = r.id;
    long long pid = r.pid;
    int only_other_pidns = !strcmp(r.what, "processes-outside-my-pid-namespace");
    int scan = only_other_pidns || !strcmp(r.what, "processes");
    if (scan) {
        pid_t child = fork();
        if (child < 0) {
            emit("%s error probe %d fork", id, errno);
        } else if (child == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            scanner_main(id, only_other_pidns);
        }
        return;
    }
    if (pid < 1 || pid > 0x7fffffff) {
        emit("%s error probe %d invalid pid", id, EINVAL);
        return;
    }
    pid_t child = fork();
    if (child < 0) {
        emit("%s error probe %d fork", id, errno);
    } else if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        prober_main(id, (pid_t)pid);
    }
}

/* ---------- network actions inside a container's net namespace ---------- */

static void report_echo(int seq, long rtt_us, void *ctx)
{
    emit("%s probe ping %d %ld", (const char *)ctx, seq, rtt_us);
}

/* Joins the net namespace of PID (0: stays in the stage's, the host's), which must be a
 * container's, like join_namespaces. Returns -1 after reporting why not. */
static int enter_container_net(const char *id, pid_t pid)
{
    if (pid == 0)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
    /* As join_namespaces: the pidfd, taken first, shows the PID was not reused meanwhile. */
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    int fd = pidfd < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    int alive = fd >= 0 && in_nsx_container(pid) && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0;
    if (pidfd >= 0)
        close(pidfd);
    if (!alive || setns(fd, CLONE_NEWNET) < 0) {
        emit("%s error probe %d %s", id, !alive || errno == 0 ? ESRCH : errno, path);
        return -1;
    }
    close(fd);
    return 0;
}

/* Forks a child that enters the net namespace of container process PID (0: stays in the
 * host's) and runs ACTION there; the child reports and exits. */
static void in_container_net(const struct small_request *r, int (*action)(const struct small_request *))
{
    pid_t child = fork();
    if (child < 0) {
        emit("%s error probe %d fork", r->id, errno);
    } else if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (enter_container_net(r->id, (pid_t)r->pid) < 0)
            _exit(1);
        int err = action(r);
        if (err < 0)
            emit("%s error probe %d %s", r->id, -err, r->what[0] ? r->what : "net");
        else
            emit("%s probe end", r->id);
        _exit(0);
    }
}

static int ping_action(const struct small_request *r)
{
    return nsx_ping(r->addr, (int)r->count, 1000, report_echo, (void *)r->id);
}

static int loopback_action(const struct small_request *r)
{
    (void)r;
    return nsx_link_up("lo");
}

/* op=ping id=P pid=X addr=A count=N: N echo requests from the net namespace of container
 * process X (0: the host) to A, reported as "P probe ping SEQ RTT_US" (-1: no reply). */
static void handle_ping(char *buf, size_t len)
{
    struct small_request r;
    parse_small_request(buf, len, &r);
    struct in_addr a;
    if (r.pid < 0 || r.pid > 0x7fffffff || r.count < 1 || r.count > 10 || inet_pton(AF_INET, r.addr, &a) != 1) {
        emit("%s error probe %d invalid ping", r.id, EINVAL);
        return;
    }
    in_container_net(&r, ping_action);
}

/* op=loopback id=P pid=X: brings lo up in the net namespace of container process X. */
static void handle_loopback(char *buf, size_t len)
{
    struct small_request r;
    parse_small_request(buf, len, &r);
    if (r.pid < 2 || r.pid > 0x7fffffff) {
        emit("%s error probe %d invalid pid", r.id, EINVAL);
        return;
    }
    in_container_net(&r, loopback_action);
}

/* ---------- the zygote ---------- */

static int caller_stdio_available;

/* Which container each live monitor serves, so a monitor that dies without its "exited"
 * line (killed from outside) is still reported. */
#define MAX_MONITORS 4096
/* cgroup: the name of the container's cgroup (the same in every hierarchy), which tells its
 * processes from all others (see handle_signal_process). */
static struct { pid_t pid; char id[64]; int input; char cgroup[128]; } monitors[MAX_MONITORS];

static void remember_monitor(pid_t pid, const struct spec *sp, int input)
{
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid == 0) {
            monitors[i].pid = pid;
            monitors[i].input = input;
            strcpy(monitors[i].id, sp->id);
            const char *base = sp->ncgroups > 0 ? strrchr(sp->cgroups[0], '/') : NULL;
            snprintf(monitors[i].cgroup, sizeof monitors[i].cgroup, "%s",
                     base && strlen(base + 1) < sizeof monitors[i].cgroup ? base + 1 : "");
            return;
        }
    if (input >= 0)
        close(input);
}

/* Exit 0: it reported "exited"; 1: it reported an error. Anything else: it was killed. */
static void monitor_ended(pid_t pid, int status)
{
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid == pid) {
            if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
                emit("%s error monitor %d the container's monitor died (%s %d)", monitors[i].id, ECHILD,
                     WIFSIGNALED(status) ? "signal" : "status",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            monitors[i].pid = 0;
            if (monitors[i].input >= 0)
                close(monitors[i].input);
            monitors[i].input = -1;
            return;
        }
}

/* cgroups the broker is about to create for a launch. Should the broker die before the
 * launch request arrives, the zygote removes them on its way out: no moment exists at
 * which a kill -9 of the broker leaves a cgroup behind. */
#define MAX_CLAIMS 64
static char *claims[MAX_CLAIMS];

/* op=claim adds the request's cgroups to the pending set, op=unclaim (the broker gave up
 * before launching) drops them. */
static void handle_claim(char *buf, size_t len, int add)
{
    size_t pos = 0;
    while (pos < len) {
        char *entry = buf + pos;
        pos += strnlen(entry, len - pos) + 1;
        if (strncmp(entry, "cgroup=", 7) || !is_nsx_cgroup_path(entry + 7))
            continue;
        const char *dir = entry + 7;
        int slot = -1;
        for (int i = 0; i < MAX_CLAIMS; i++) {
            if (claims[i] && !strcmp(claims[i], dir)) {
                free(claims[i]);
                claims[i] = NULL;
            }
            if (!claims[i] && slot < 0)
                slot = i;
        }
        if (!add)
            continue;
        if (slot < 0) {
            emit("- error claim %d too many pending cgroups", ENOSPC);
            return;
        }
        claims[slot] = strdup(dir);
    }
}

/* The launch request hands its cgroups to a monitor: they are no longer the zygote's to remove. */
static void release_claims(const struct spec *sp)
{
    for (int i = 0; i < MAX_CLAIMS; i++)
        for (int c = 0; claims[i] && c < sp->ncgroups; c++)
            if (!strcmp(claims[i], sp->cgroups[c])) {
                free(claims[i]);
                claims[i] = NULL;
            }
}

static void remove_claimed(void)
{
    for (int i = 0; i < MAX_CLAIMS; i++)
        if (claims[i])
            for (int tries = 0; tries < 100 && rmdir(claims[i]) < 0 && errno == EBUSY; tries++)
                sleep_ms(5);
}

/* The parent PID in /proc/PID/stat, or -1. */
static pid_t parent_of(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *in = fopen(path, "re");
    if (!in)
        return -1;
    char stat[1024];
    size_t n = fread(stat, 1, sizeof stat - 1, in);
    fclose(in);
    stat[n] = '\0';
    char *close_paren = strrchr(stat, ')');
    int ppid;
    if (!close_paren || sscanf(close_paren + 2, "%*c %d", &ppid) != 1)
        return -1;
    return ppid;
}

static pid_t monitor_of(const char *id)
{
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid && !strcmp(monitors[i].id, id))
            return monitors[i].pid;
    return 0;
}

/* op=signal: only the first process of the named container (the child of that container's
 * monitor) may be signalled. The pidfd, taken before the check, keeps a reused PID from
 * receiving the signal. */
static void handle_signal(char *buf, size_t len)
{
    struct small_request r;
    parse_small_request(buf, len, &r);
    const char *id = r.id;
    long long pid = r.pid, sig = r.sig;
    if (pid <= 1 || pid > 0x7fffffff || sig < 1 || sig > 64) {
        emit("%s error signal %d invalid pid or signal", id, EINVAL);
        return;
    }
    int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
    pid_t monitor = monitor_of(id);
    if (pidfd < 0 || monitor == 0 || parent_of((pid_t)pid) != monitor) {
        emit("%s error signal %d pid %lld is not that container's first process", id, ESRCH, pid);
        if (pidfd >= 0)
            close(pidfd);
        return;
    }
    if (syscall(SYS_pidfd_send_signal, pidfd, (int)sig, NULL, 0) < 0)
        emit("%s error signal %d kill", id, errno);
    close(pidfd);
}

/* Whether the text of /proc/PID/cgroup puts the process in the cgroup NAME (top level, as
 * ours are) or in one nested in it, in any hierarchy ("0::/nsx-1-2-3/sub", "4:memory:/nsx-1-2-3"). */
static int cgroup_text_names(const char *text, const char *name)
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

/* Reads the whole of a /proc file relative to DIRFD (several reads; a seq file may give one
 * page each) into BUF; returns its length, or -1 when unreadable or larger than BUF. */
static ssize_t read_whole_at(int dirfd, const char *name, char *buf, size_t cap)
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

/* NSpid of /proc/PID/status as "31337,5" (outermost first) into OUT; "-" when absent. */
static void nspids_of(const char *status, char *out, size_t cap)
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

/* op=signal-process id=P container=C pid=X sig=S: sends S to host process X, which must be
 * one of container C's own processes: in C's cgroup or one nested in it. That is the test
 * that holds with every switch: without a PID namespace the container's processes share the
 * host's, and a container that joined C's PID namespace has processes there that are not C's
 * (nor are C's its). Answered by "P probe signalled X NSPIDS COMM" or "P probe refused
 * no-container|no-process|not-member", then "P probe end".
 * No PID reuse can mislead it: the pidfd, taken first, pins the process; /proc/X opened after
 * it, while the pidfd's process still lives (checked after the open), is that process's
 * directory for good (it reads nothing once that process is gone); and the signal goes
 * through the pidfd, so it reaches that process or none. */
static void handle_signal_process(char *buf, size_t len)
{
    struct small_request r;
    parse_small_request(buf, len, &r);
    const char *id = r.id;
    if (r.pid < 1 || r.pid > 0x7fffffff || r.sig < 1 || r.sig > 64 || !r.container[0]) {
        emit("%s error signal-process %d invalid pid, signal or container", id, EINVAL);
        return;
    }
    const char *cgroup = NULL;
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid && !strcmp(monitors[i].id, r.container) && monitors[i].cgroup[0])
            cgroup = monitors[i].cgroup;
    if (!cgroup) {
        emit("%s probe refused no-container", id);
        emit("%s probe end", id);
        return;
    }
    int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)r.pid, 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld", r.pid);
    int dfd = pidfd < 0 ? -1 : open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    static char text[65536];
    char stat[1024], nspids[256] = "-", comm[3 * 64 + 1] = "-";
    char *open_paren = NULL, *close_paren = NULL;
    if (dfd >= 0 && read_at(dfd, "stat", stat, sizeof stat) > 0) {
        open_paren = strchr(stat, '(');
        close_paren = strrchr(stat, ')');
    }
    const char *refusal = NULL;
    /* A zombie has ended already (and is in no cgroup any more): nothing is left to signal. */
    if (dfd < 0 || !open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ' ||
        close_paren[2] == 'Z' || close_paren[2] == 'X' || syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0) {
        refusal = "no-process";
    } else if (read_whole_at(dfd, "cgroup", text, sizeof text) < 0 || !cgroup_text_names(text, cgroup)) {
        refusal = "not-member";
    } else {
        if (close_paren - open_paren > 1)
            encode(comm, sizeof comm, (unsigned char *)open_paren + 1, (size_t)(close_paren - open_paren - 1));
        if (read_at(dfd, "status", text, sizeof text) > 0)
            nspids_of(text, nspids, sizeof nspids);
        if (syscall(SYS_pidfd_send_signal, pidfd, (int)r.sig, NULL, 0) < 0) {
            if (errno == ESRCH) {
                refusal = "no-process";
            } else {
                emit("%s error signal-process %d kill", id, errno);
                close(dfd);
                close(pidfd);
                return;
            }
        }
    }
    if (dfd >= 0)
        close(dfd);
    if (pidfd >= 0)
        close(pidfd);
    if (refusal)
        emit("%s probe refused %s", id, refusal);
    else
        emit("%s probe signalled %lld %s %s", id, r.pid, nspids, comm);
    emit("%s probe end", id);
}

/* op=input id=ID data=HEX, op=resize id=ID rows=R cols=C: framed to that container's monitor. */
static void handle_terminal(char *buf, size_t len, int resize)
{
    char id[64] = "-";
    const char *hex = "";
    long long rows = 0, cols = 0;
    size_t pos = 0;
    while (pos < len) {
        char *entry = buf + pos;
        pos += strnlen(entry, len - pos) + 1;
        if (!strncmp(entry, "id=", 3) && valid_id(entry + 3))
            strcpy(id, entry + 3);
        else if (!strncmp(entry, "data=", 5))
            hex = entry + 5;
        else if (!strncmp(entry, "rows=", 5))
            parse_number(entry + 5, &rows);
        else if (!strncmp(entry, "cols=", 5))
            parse_number(entry + 5, &cols);
    }
    int target = -1;
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid && !strcmp(monitors[i].id, id))
            target = monitors[i].input;
    if (target < 0) {
        emit("%s error terminal %d no terminal for this container", id, ENOTTY);
        return;
    }
    unsigned char frame[3 + 65535];
    size_t n = 0;
    if (resize) {
        if (rows < 1 || rows > 1000 || cols < 1 || cols > 1000)
            return;
        unsigned char size[4] = { (unsigned char)(rows >> 8), (unsigned char)rows, (unsigned char)(cols >> 8),
                                  (unsigned char)cols };
        memcpy(frame + 3, size, 4);
        n = 4;
    } else {
        size_t hex_len = strlen(hex);
        for (size_t i = 0; i + 1 < hex_len && n < 65535; i += 2) {
            unsigned int byte;
            if (sscanf(hex + i, "%2x", &byte) != 1)
                return;
            frame[3 + n++] = (unsigned char)byte;
        }
    }
    frame[0] = resize ? FRAME_RESIZE : FRAME_INPUT;
    frame[1] = (unsigned char)(n >> 8);
    frame[2] = (unsigned char)n;
    ssize_t ignored = write(target, frame, 3 + n);
    (void)ignored;
}

static void handle_launch(char *buf, size_t len, int zygote_sfd)
{
    struct spec sp;
    const char *bad = parse_request(buf, len, &sp);
    if (!bad && !sp.stdio_null && !sp.stdio_pty && !caller_stdio_available)
        bad = "stdio";
    /* On the caller's terminal the container gets a pty of its own, relayed (see relay_caller_terminal). */
    if (!bad && !sp.stdio_null && !sp.stdio_pty &&
        (isatty(CALLER_STDIO) || isatty(CALLER_STDIO + 1) || isatty(CALLER_STDIO + 2)))
        sp.stdio_pty = sp.relay_caller = 1;
    if (!bad)
        release_claims(&sp);
    if (bad) {
        emit("%s error request %d invalid field %s", sp.id[0] ? sp.id : "-", EINVAL, bad);
        return;
    }
    /* Built once for each kind of container: the container itself only loads it. A failure here
     * shows as the child's "seccomp" step. */
    nsx_seccomp_prepare(sp.keep_caps, (sp.clone_flags & CLONE_NEWUSER) != 0);
    int input[2] = { -1, -1 };
    if (sp.stdio_pty && !sp.relay_caller && pipe2(input, O_CLOEXEC) < 0) {
        emit("%s error pipe %d terminal input", sp.id, errno);
        return;
    }
    if (input[1] >= 0)
        fcntl(input[1], F_SETFL, O_NONBLOCK); /* a stuck container drops keystrokes, never the zygote */
    pid_t zygote = getpid();
    sigset_t term, saved;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    /* Blocked from the fork on: a SIGTERM before the monitor's signalfd exists still counts. */
    sigprocmask(SIG_BLOCK, &term, &saved);
    pid_t pid = fork();
    if (pid != 0)
        sigprocmask(SIG_SETMASK, &saved, NULL);
    if (pid < 0) {
        emit("%s error fork %d monitor", sp.id, errno);
        if (input[0] >= 0) {
            close(input[0]);
            close(input[1]);
        }
        return;
    }
    if (pid == 0) {
        /* Keep fd 0 taken, so no pipe of the monitor can land there and be clobbered
         * when the child rewires its stdio. */
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null_fd < 0 || dup2(null_fd, REQUEST_FD) < 0)
            _exit(2);
        close(null_fd);
        close(zygote_sfd);
        if (input[1] >= 0)
            close(input[1]);
        monitor_input = input[0];
        monitor_main(&sp, zygote);
    }
    if (input[0] >= 0)
        close(input[0]);
    remember_monitor(pid, &sp, input[1]);
}

/* Takes the parent's fds 0-2 as CALLER_STDIO..+2: the same open files, not reopened. */
static int take_caller_stdio(pid_t parent)
{
    int pidfd = (int)syscall(SYS_pidfd_open, parent, 0);
    if (pidfd < 0 || getppid() != parent)
        return -1;
    int got[3];
    for (int fd = 0; fd < 3; fd++)
        if ((got[fd] = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0)) < 0)
            return -1;
    close(pidfd);
    /* got[] may sit on 3-5 themselves: move them above first, then into place. */
    for (int fd = 0; fd < 3; fd++) {
        int high = fcntl(got[fd], F_DUPFD_CLOEXEC, 16);
        if (high < 0)
            return -1;
        close(got[fd]);
        got[fd] = high;
    }
    for (int fd = 0; fd < 3; fd++) {
        if (dup3(got[fd], CALLER_STDIO + fd, O_CLOEXEC) < 0)
            return -1;
        close(got[fd]);
    }
    return 0;
}

/* --overlays DIR/overlay/nsx-PID-START-: what the names of the broker's overlay directories
 * start with. */
static const char *overlay_prefix;

/* Whether PREFIX can name overlay directories of ours: a plain absolute .../overlay/nsx-... */
static int is_overlay_prefix(const char *prefix)
{
    const char *base = strrchr(prefix, '/');
    return is_plain_absolute(prefix) && base && base - prefix >= 8 && !strncmp(base - 8, "/overlay", 8) &&
           !strncmp(base + 1, "nsx-", 4);
}

/* After a broker's death, once every monitor is gone: its overlay directories that no monitor
 * removed (made just before the broker died, or handed back to it at a container's end and
 * not yet removed or kept). Nobody is left to keep them. Never crosses into another file
 * system, never follows a symlink. */
static void remove_dead_brokers_overlays(void)
{
    if (!overlay_prefix)
        return;
    char root[4096];
    snprintf(root, sizeof root, "%s", overlay_prefix);
    char *name = strrchr(root, '/');
    *name++ = '\0';
    DIR *d = opendir(root);
    if (!d)
        return; /* no overlay was ever made */
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char dir[4096];
        if (strncmp(e->d_name, name, strlen(name)) ||
            snprintf(dir, sizeof dir, "%s/%s", root, e->d_name) >= (int)sizeof dir)
            continue;
        if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
            fprintf(stderr, "nsx-stage: removing the overlay directory %s: %s\n", dir, strerror(errno));
    }
    closedir(d);
}

/*
 * The broker's Java Process closes its end of our stdout once its direct child has exited
 * (it keeps what was buffered, then closes the pipe), so a monitor's "exited" written after a
 * crashed zygote would be lost. The anchor is that direct child instead: it returns in the
 * forked zygote, and itself waits until the zygote and every monitor are gone, which it
 * learns from a lifeline pipe whose write end only they hold (close-on-exec: containers drop it).
 */
static void keep_anchor(void)
{
    int pipe_fds[2], lifeline[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
        perror("nsx-stage: pipe");
        exit(1);
    }
    /* Above the fixed fds (requests, events, the caller's stdio at 3-5), which get closed or
     * rewired below: the pipe may not sit on any of them. */
    for (int i = 0; i < 2; i++) {
        if ((lifeline[i] = fcntl(pipe_fds[i], F_DUPFD_CLOEXEC, 16)) < 0) {
            perror("nsx-stage: lifeline");
            exit(1);
        }
        close(pipe_fds[i]);
    }
    pid_t anchor = getpid();
    /* The switch for the bridge (see join_switch): made before the fork, so that the zygote
     * has it from its first request on. A stage that cannot make one still runs; only bridge
     * containers then fail, saying why. */
    switch_netns = nsx_switch_create();
    pid_t broker = getppid();
    pid_t zygote = fork();
    if (zygote < 0) {
        perror("nsx-stage: fork");
        exit(1);
    }
    if (zygote == 0) {
        close(lifeline[0]);
        /* A killed anchor ends the zygote as the broker's death would (SIGTERM: see main). */
        prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        if (getppid() != anchor)
            _exit(1);
        return;
    }
    close(lifeline[1]);
    /* The anchor lives in the switch: it holds it for as long as the stage runs (the switch
     * goes with the anchor's end, even after kill -9, and the bridge and its ports with it), and
     * `nsenter -t <anchor> -n` shows the bridge. */
    int in_switch = switch_netns >= 0;
    if (in_switch) {
        if (nsx_netns_enter(switch_netns) < 0) {
            perror("nsx-stage: entering the switch's net namespace");
            exit(1);
        }
        close(switch_netns);
    }
    close(REQUEST_FD); /* the zygote alone sees the broker's EOF */
    if (caller_stdio_available)
        for (int fd = CALLER_STDIO; fd < CALLER_STDIO + 3; fd++)
            close(fd);
    char byte;
    while (read(lifeline[0], &byte, 1) < 0 && errno == EINTR)
        ;
    int status = 0;
    while (waitpid(zygote, &status, 0) < 0 && errno == EINTR)
        ;
    /* No container is left: the uplink goes now (its host end is the one interface of ours the
     * host sees), the switch and its bridge with the anchor. */
    char uplink[IFNAMSIZ];
    snprintf(uplink, sizeof uplink, "nsxsw%d", (int)anchor);
    if (in_switch)
        nsx_uplink_delete(UPLINK_PEER, uplink);
    /* Our interfaces are gone: their subnets are free (the broker gives them back too, unless
     * it was killed). */
    int err = nsx_reservations_drop(NSX_RESERVATIONS, anchor);
    if (err < 0)
        fprintf(stderr, "nsx-stage: dropping this stage's subnet reservations in %s: %s\n", NSX_RESERVATIONS,
                strerror(-err));
    /* The broker died (we were handed to another parent): remove the overlay directories it made
     * that no monitor removed. */
    if (getppid() != broker)
        remove_dead_brokers_overlays();
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

int main(int argc, char **argv)
{
    /* Nothing of the broker's beyond our stdio. */
    syscall(SYS_close_range, 3, ~0U, 0);
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && !strcmp(argv[i], "--inherit-stdio")) {
            long long parent;
            if (parse_number(argv[i + 1], &parent) || take_caller_stdio((pid_t)parent) < 0) {
                perror("nsx-stage: taking the caller's stdin, stdout and stderr");
                return 1;
            }
            caller_stdio_available = 1;
        } else if (i + 1 < argc && !strcmp(argv[i], "--overlays") && is_overlay_prefix(argv[i + 1])) {
            overlay_prefix = argv[i + 1];
        } else {
            fprintf(stderr, "nsx-stage: run by the nsx-helper broker, not by hand\n");
            return 2;
        }
    }
    fcntl(REQUEST_FD, F_SETFD, FD_CLOEXEC);
    fcntl(EVENT_FD, F_SETFD, FD_CLOEXEC);
    signal(SIGPIPE, SIG_IGN);
    keep_anchor();

    /* SIGTERM arrives when the anchor dies: treated as the broker's EOF. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        perror("nsx-stage: signalfd");
        return 1;
    }
    nsx_remove_stale_bridges();
    emit("ready %d", PROTOCOL_VERSION);

    char *buf = malloc(MAX_REQUEST + 1);
    if (!buf)
        return 1;
    for (;;) {
        struct pollfd fds[2] = { { REQUEST_FD, POLLIN, 0 }, { sfd, POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            int terminated = 0;
            while (read(sfd, &si, sizeof si) == sizeof si)
                terminated |= si.ssi_signo == SIGTERM;
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
                monitor_ended(pid, status);
            if (terminated)
                break;
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            unsigned char header[4];
            if (read_full(REQUEST_FD, header, sizeof header) < 0)
                break; /* broker gone: monitors get SIGTERM through PDEATHSIG */
            uint32_t len = header[0] | header[1] << 8 | header[2] << 16 | (uint32_t)header[3] << 24;
            if (len > MAX_REQUEST) {
                /* Skip it whole, so the next request is read from its start. */
                for (uint32_t left = len; left > 0;) {
                    uint32_t chunk = left > MAX_REQUEST ? MAX_REQUEST : left;
                    if (read_full(REQUEST_FD, buf, chunk) < 0)
                        goto broker_gone;
                    left -= chunk;
                }
                emit("- error request %d request larger than %d bytes", E2BIG, MAX_REQUEST);
                continue;
            }
            if (read_full(REQUEST_FD, buf, len) < 0)
                break;
            buf[len] = '\0';
            if (len >= 10 && !memcmp(buf, "op=signal", 10))
                handle_signal(buf, len);
            else if (len >= 18 && !memcmp(buf, "op=signal-process", 18))
                handle_signal_process(buf, len);
            else if (len >= 9 && !memcmp(buf, "op=claim", 9))
                handle_claim(buf, len, 1);
            else if (len >= 11 && !memcmp(buf, "op=unclaim", 11))
                handle_claim(buf, len, 0);
            else if (len >= 9 && !memcmp(buf, "op=probe", 9))
                handle_probe(buf, len);
            else if (len >= 8 && !memcmp(buf, "op=ping", 8))
                handle_ping(buf, len);
            else if (len >= 12 && !memcmp(buf, "op=loopback", 12))
                handle_loopback(buf, len);
            else if (len >= 9 && !memcmp(buf, "op=input", 9))
                handle_terminal(buf, len, 0);
            else if (len >= 10 && !memcmp(buf, "op=resize", 10))
                handle_terminal(buf, len, 1);
            else
                handle_launch(buf, len, sfd);
        }
    }
broker_gone:
    remove_claimed();
    return 0;
}
