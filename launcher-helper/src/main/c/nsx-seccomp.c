/*
 * See nsx-seccomp.h. The profile is Docker's default (moby profiles/seccomp/default.json as
 * of Docker 28: io_uring_* left it in 2023, the Linux 6.5-6.13 calls came in 2024-2025),
 * with the same shape: every call not listed fails with EPERM, a listed one is allowed for
 * everyone or only with a capability the container keeps, a few only with harmless
 * arguments, clone3 without CAP_SYS_ADMIN answers ENOSYS (so that libc falls back to clone,
 * whose flags can be checked), and calls newer than the profile answer ENOSYS, as runc
 * answers them (libc then falls back to the older call).
 *
 * Where it differs from Docker's, and why:
 *   - CAP_SYS_ADMIN here is only ever the container's own user namespace's. The calls that
 *     the kernel checks against the initial namespace (bpf, perf_event_open, syslog,
 *     quotactl, fanotify_init, lookup_dcookie, lsm_*) stay blocked with it: the capability
 *     cannot grant them there, so allowing them would only open the kernel's unprivileged
 *     paths (unprivileged BPF, perf events), which Docker's default container never gets.
 *   - pivot_root is allowed with CAP_SYS_ADMIN (Docker never allows it): with the mount
 *     calls allowed, a container may build a container inside its own mount namespace.
 *   - Only the native architecture's calls: a 32-bit or x32 call kills the process (Docker
 *     filters them with the same list). The helper refuses 32-bit programs before launch.
 *   - Names this machine's libseccomp does not know are left out (runc does the same), so
 *     they count as newer than the profile and answer ENOSYS.
 */
#define _GNU_SOURCE
#include "nsx-seccomp.h"
#include "nsx-util.h"

#include <errno.h>
#include <malloc.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* The namespace flags clone() may not carry without CAP_SYS_ADMIN (Docker's 2114060288). */
#define CLONE_NAMESPACE_FLAGS                                                                                          \
    ((uint64_t)(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |          \
                CLONE_NEWNET))

/* Allowed for every container. */
static const char *const ALLOWED[] = {
    "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat", "capget", "capset", "chdir",
    "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64",
    "clock_gettime", "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range",
    "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl",
    "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "execve",
    "execveat", "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate",
    "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl",
    "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat",
    "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex", "futex_requeue",
    "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat", "getcpu", "getcwd", "getdents",
    "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
    "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid",
    "getresgid32", "getresuid", "getresuid32", "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname",
    "getsockopt", "get_thread_area", "gettid", "gettimeofday", "getuid", "getuid32", "getxattr", "getxattrat",
    "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy",
    "io_getevents", "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup", "io_submit",
    "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown", "lchown32",
    "lgetxattr", "link", "linkat", "listen", "listmount", "listxattr", "listxattrat", "llistxattr", "_llseek",
    "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise", "map_shadow_stack", "membarrier",
    "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2", "mlockall",
    "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
    "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink", "mremap", "mseal", "msgctl",
    "msgget", "msgrcv", "msgsnd", "msync", "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep",
    "newfstatat", "_newselect", "open", "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe",
    "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl", "pread64",
    "preadv", "preadv2", "prlimit64", "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev",
    "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
    "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "removexattrat", "rename", "renameat",
    "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
    "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
    "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_get_priority_max",
    "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
    "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "select",
    "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg",
    "sendmsg", "sendto", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups",
    "setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32", "setresgid", "setresgid32",
    "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit", "set_robust_list", "setsid", "setsockopt",
    "set_thread_area", "set_tid_address", "setuid", "setuid32", "setxattr", "setxattrat", "shmat", "shmctl", "shmdt",
    "shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn", "socketcall",
    "socketpair", "splice", "stat", "stat64", "statfs", "statfs64", "statmount", "statx", "symlink", "symlinkat",
    "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create", "timer_delete",
    "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64", "timerfd_create",
    "timerfd_gettime", "timerfd_gettime64", "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate",
    "truncate64", "ugetrlimit", "umask", "uname", "unlink", "unlinkat", "uretprobe", "utime", "utimensat",
    "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4", "waitid", "waitpid", "write", "writev",
    /* Safe since Linux 4.8 checks seccomp again after a tracer changed a call. */
    "ptrace", "process_vm_readv", "process_vm_writev",
    /* One architecture's own calls; each exists only where Docker allows it. */
    "arch_prctl", "modify_ldt", "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
    "cacheflush", "set_tls", "swapcontext", "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr",
    "riscv_flush_icache", "riscv_hwprobe",
};

/* personality(): Linux, 32-bit Linux, the 2.6-style uname of each, and the query (0xffffffff). */
static const uint64_t PERSONAS[] = { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff };

/* What a capability the container keeps allows, as in Docker. */
static const char *const WITH_DAC_READ_SEARCH[] = { "open_by_handle_at" };
/* The mount calls and namespaces: the kernel checks CAP_SYS_ADMIN in the namespace's owner. */
static const char *const WITH_SYS_ADMIN[] = {
    "clone", "clone3", "fsconfig", "fsmount", "fsopen", "fspick", "mount", "mount_setattr", "move_mount", "open_tree",
    "pivot_root", "setdomainname", "sethostname", "setns", "umount", "umount2", "unshare",
};
/* The kernel checks these against the initial user namespace: only the host's CAP_SYS_ADMIN counts. */
static const char *const WITH_HOST_SYS_ADMIN[] = {
    "bpf", "fanotify_init", "lookup_dcookie", "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr",
    "perf_event_open", "quotactl", "quotactl_fd", "syslog",
};
static const char *const WITH_SYS_BOOT[] = { "reboot" };
static const char *const WITH_SYS_CHROOT[] = { "chroot" };
static const char *const WITH_SYS_MODULE[] = { "delete_module", "init_module", "finit_module" };
static const char *const WITH_SYS_PACCT[] = { "acct" };
static const char *const WITH_SYS_PTRACE[] = { "kcmp", "pidfd_getfd", "process_madvise" };
static const char *const WITH_SYS_RAWIO[] = { "iopl", "ioperm" };
static const char *const WITH_SYS_TIME[] = { "settimeofday", "stime", "clock_settime", "clock_settime64" };
static const char *const WITH_SYS_TTY_CONFIG[] = { "vhangup" };
static const char *const WITH_SYS_NICE[] = { "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node" };
static const char *const WITH_SYSLOG[] = { "syslog" };
static const char *const WITH_BPF[] = { "bpf" };
static const char *const WITH_PERFMON[] = { "perf_event_open" };

struct cap_group {
    int cap;
    int host_only; /* the capability counts only when it is the host's (no user namespace) */
    const char *const *names;
    size_t count;
};

#define GROUP(cap, host_only, names) { cap, host_only, names, N_ELEMENTS(names) }

static const struct cap_group CAP_GROUPS[] = {
    GROUP(CAP_DAC_READ_SEARCH, 1, WITH_DAC_READ_SEARCH),
    GROUP(CAP_SYS_ADMIN, 0, WITH_SYS_ADMIN),
    GROUP(CAP_SYS_ADMIN, 1, WITH_HOST_SYS_ADMIN),
    GROUP(CAP_SYS_BOOT, 1, WITH_SYS_BOOT),
    GROUP(CAP_SYS_CHROOT, 0, WITH_SYS_CHROOT),
    GROUP(CAP_SYS_MODULE, 1, WITH_SYS_MODULE),
    GROUP(CAP_SYS_PACCT, 1, WITH_SYS_PACCT),
    GROUP(CAP_SYS_PTRACE, 0, WITH_SYS_PTRACE),
    GROUP(CAP_SYS_RAWIO, 1, WITH_SYS_RAWIO),
    GROUP(CAP_SYS_TIME, 1, WITH_SYS_TIME),
    GROUP(CAP_SYS_TTY_CONFIG, 0, WITH_SYS_TTY_CONFIG),
    GROUP(CAP_SYS_NICE, 0, WITH_SYS_NICE),
    GROUP(CAP_SYSLOG, 1, WITH_SYSLOG),
    GROUP(CAP_BPF, 1, WITH_BPF),
    GROUP(CAP_PERFMON, 1, WITH_PERFMON),
};

struct filter {
    scmp_filter_ctx ctx;
    const char *failed; /* the call whose rule could not be added */
};

/* Adds ACTION for NAME when CMP (COUNT comparisons) holds. A name this architecture or this
 * libseccomp does not know is left out: it answers as a call newer than the profile. */
static int add_rule(struct filter *f, uint32_t action, const char *name, unsigned count,
                    const struct scmp_arg_cmp *cmp)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr < 0)
        return 0; /* __NR_SCMP_ERROR, or a pseudo-number: not a call of the native architecture */
    int rc = seccomp_rule_add_array(f->ctx, action, nr, count, cmp);
    if (rc < 0)
        f->failed = name;
    return rc;
}

static int highest_of(const char *const *names, size_t count, int highest)
{
    for (size_t i = 0; i < count; i++) {
        int nr = seccomp_syscall_resolve_name(names[i]);
        if (nr > highest)
            highest = nr;
    }
    return highest;
}

/* The profile's highest call number on this architecture, whatever the container keeps:
 * a call the profile names is refused (EPERM), only a newer one is missing (ENOSYS). */
static int profile_highest(void)
{
    static const char *const WITH_ARGUMENTS[] = { "socket", "personality", "clone", "clone3" };
    int highest = highest_of(ALLOWED, N_ELEMENTS(ALLOWED), -1);
    highest = highest_of(WITH_ARGUMENTS, N_ELEMENTS(WITH_ARGUMENTS), highest);
    for (size_t i = 0; i < N_ELEMENTS(CAP_GROUPS); i++)
        highest = highest_of(CAP_GROUPS[i].names, CAP_GROUPS[i].count, highest);
    return highest;
}

static int allow_all(struct filter *f, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int rc = add_rule(f, SCMP_ACT_ALLOW, names[i], 0, NULL);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int has_cap(uint64_t caps, int cap)
{
    return cap >= 0 && cap < 64 && (caps & CAP_BIT(cap));
}

/* The rules with arguments: socket, personality, and clone/clone3 without CAP_SYS_ADMIN. */
static int add_argument_rules(struct filter *f, int sys_admin)
{
    /* vsock reaches the hypervisor's host, outside any net namespace. */
    struct scmp_arg_cmp not_vsock = SCMP_A0_32(SCMP_CMP_NE, AF_VSOCK);
    int rc = add_rule(f, SCMP_ACT_ALLOW, "socket", 1, &not_vsock);
    for (size_t i = 0; rc == 0 && i < N_ELEMENTS(PERSONAS); i++) {
        struct scmp_arg_cmp persona = SCMP_A0_64(SCMP_CMP_EQ, PERSONAS[i]);
        rc = add_rule(f, SCMP_ACT_ALLOW, "personality", 1, &persona);
    }
    if (rc < 0 || sys_admin)
        return rc;
#if defined(__s390__) || defined(__s390x__)
    struct scmp_arg_cmp no_namespace = SCMP_A1_64(SCMP_CMP_MASKED_EQ, CLONE_NAMESPACE_FLAGS, 0);
#else
    struct scmp_arg_cmp no_namespace = SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_NAMESPACE_FLAGS, 0);
#endif
    rc = add_rule(f, SCMP_ACT_ALLOW, "clone", 1, &no_namespace);
    if (rc == 0)
        rc = add_rule(f, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL); /* its flags sit in memory: unfilterable */
    return rc;
}

static int build(struct filter *f, uint64_t keep_caps, int own_user_ns)
{
    int rc;
    /* Another architecture's calls (32-bit, x32) are not checked by this list: they end the process. */
    if ((rc = seccomp_attr_set(f->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0) {
        f->failed = "bad-architecture action";
        return rc;
    }
    /* A binary tree of call numbers: a few comparisons a call instead of hundreds (libseccomp >= 2.5). */
    seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if ((rc = allow_all(f, ALLOWED, N_ELEMENTS(ALLOWED))) < 0)
        return rc;
    for (size_t i = 0; i < N_ELEMENTS(CAP_GROUPS); i++) {
        const struct cap_group *g = &CAP_GROUPS[i];
        if (has_cap(keep_caps, g->cap) && !(g->host_only && own_user_ns) &&
            (rc = allow_all(f, g->names, g->count)) < 0)
            return rc;
    }
    return add_argument_rules(f, has_cap(keep_caps, CAP_SYS_ADMIN));
}

/* ---------- built once per kind of container, loaded by each ---------- */

/* A profile as classic BPF. libseccomp takes milliseconds to build one (a launch takes about
 * as long), so the zygote builds each kind once and every child of it only loads the code. */
struct built {
    uint64_t caps; /* the kept capabilities the profile looks at */
    int own_user_ns;
    struct sock_filter *code;
    unsigned short len;
    int highest; /* the profile's highest call number */
};

static struct built built_kinds[8];
static int built_count;

static uint64_t caps_in_profile(void)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < N_ELEMENTS(CAP_GROUPS); i++)
        mask |= CAP_BIT(CAP_GROUPS[i].cap);
    return mask;
}

/* The filter's code, as libseccomp exports it (through a memfd: 2.5 has no export to memory). */
static int export_code(scmp_filter_ctx ctx, struct built *out, const char **failed)
{
    int fd = memfd_create("nsx-seccomp", MFD_CLOEXEC);
    if (fd < 0) {
        *failed = "memfd_create";
        return -errno;
    }
    int rc = seccomp_export_bpf(ctx, fd);
    off_t size = rc < 0 ? -1 : lseek(fd, 0, SEEK_END);
    if (rc < 0 || size <= 0 || size % (off_t)sizeof(struct sock_filter) ||
        size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
        close(fd);
        *failed = "seccomp_export_bpf";
        return rc < 0 ? rc : -E2BIG;
    }
    out->code = malloc((size_t)size);
    if (!out->code || pread(fd, out->code, (size_t)size, 0) != size) {
        free(out->code);
        close(fd);
        *failed = "seccomp_export_bpf";
        return -ENOMEM;
    }
    close(fd);
    out->len = (unsigned short)(size / (off_t)sizeof(struct sock_filter));
    return 0;
}

/* The profile for KEEP_CAPS and OWN_USER_NS, built now unless built before. */
static int find_or_build(uint64_t keep_caps, int own_user_ns, const struct built **found, const char **failed)
{
    uint64_t caps = keep_caps & caps_in_profile();
    for (int i = 0; i < built_count; i++) {
        if (built_kinds[i].caps == caps && built_kinds[i].own_user_ns == own_user_ns) {
            *found = &built_kinds[i];
            return 0;
        }
    }
    static struct built spare; /* when every place is taken: built again for each launch */
    struct built *b = built_count < (int)N_ELEMENTS(built_kinds) ? &built_kinds[built_count] : &spare;
    if (b == &spare) {
        free(spare.code);
        spare.code = NULL;
    }
    struct filter f = { seccomp_init(SCMP_ACT_ERRNO(EPERM)), NULL };
    if (!f.ctx) {
        *failed = "seccomp_init";
        return -ENOMEM;
    }
    int rc = build(&f, caps, own_user_ns);
    if (rc == 0)
        rc = export_code(f.ctx, b, &f.failed);
    seccomp_release(f.ctx);
    /* libseccomp leaves the heap strewn with small free chunks. Every fork shares them
     * copy-on-write, and the first malloc of each monitor would gather them up, faulting in a
     * copy of each page (2 ms a container): gathered once, here. */
    malloc_trim(0);
    if (rc < 0) {
        *failed = f.failed;
        return rc;
    }
    b->caps = caps;
    b->own_user_ns = own_user_ns;
    b->highest = profile_highest();
    if (b != &spare)
        built_count++;
    *found = b;
    return 0;
}

int nsx_seccomp_prepare(uint64_t keep_caps, int own_user_ns)
{
    const struct built *b;
    const char *failed;
    return find_or_build(keep_caps, own_user_ns, &b, &failed);
}

static int load(const struct sock_filter *code, unsigned short len)
{
    struct sock_fprog prog = { len, (struct sock_filter *)code };
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0 ? -errno : 0;
}

/* A second filter: numbers above the profile's highest call answer ENOSYS, not EPERM, as
 * runc answers them: libc falls back from a call it finds missing (fchmodat2 to fchmodat,
 * say), never from one it finds refused. Of two filters' errors the kernel returns the
 * newer filter's, and a kill (another architecture) beats both. */
static int load_newer_calls(int highest)
{
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, seccomp_arch_native(), 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* another architecture: the profile ends it */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)highest, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* the profile decides */
    };
    return load(code, (unsigned short)N_ELEMENTS(code));
}

int nsx_seccomp_apply(uint64_t keep_caps, int own_user_ns, const char **failed)
{
    const struct built *b;
    int rc = find_or_build(keep_caps, own_user_ns, &b, failed);
    if (rc < 0)
        return rc;
    if ((rc = load(b->code, b->len)) < 0) {
        *failed = "the profile";
        return rc;
    }
    if ((rc = load_newer_calls(b->highest)) < 0)
        *failed = "calls newer than the profile";
    return rc;
}
