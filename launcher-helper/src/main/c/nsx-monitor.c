/* The monitor: one per container (see nsx-stage.h). Its cgroups are in nsx-monitor-cgroups.c,
 * its terminal relay in nsx-monitor-terminal.c. */
#define _GNU_SOURCE
#include "nsx-monitor.h"
#include "nsx-namespaces.h"
#include "nsx-net.h"
#include "nsx-proc.h"
#include "nsx-stage.h"
#include "nsx-steps.h"
#include "nsx-util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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
    remove_tree(parent);
}

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
static void join_switch(const struct spec *sp, pid_t child, int switch_netns)
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
static void configure_host_network(const struct spec *sp, pid_t child, int switch_netns)
{
    if (!sp->net_mode)
        return;
    if (sp->bridge)
        join_switch(sp, child, switch_netns);
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

/* enter=PID: the namespaces of PID that are not the stage's own (-1 for the others), and its
 * root, opened for the child; the PID namespace entered here, as it holds only for children. */
static int enter_ns[N_ELEMENTS(NSX_NAMESPACES)] = { -1, -1, -1, -1, -1, -1, -1, -1 };
static int enter_root = -1;

static size_t namespace_slot(int flag)
{
    return nsx_namespace_index(nsx_namespace_of_flag(flag));
}

/* Whether UID owns the user namespace USER and every one above it but the host's: then its
 * root is no more than UID's own account (a namespace UID made inside one root made is not). */
static int owned_all_the_way(int user, uid_t uid)
{
    int fd = dup(user);
    while (fd >= 0) {
        uid_t owner;
        if (ioctl(fd, NS_GET_OWNER_UID, &owner) < 0 || owner != uid) {
            close(fd);
            return 0;
        }
        int parent = ioctl(fd, NS_GET_PARENT);
        close(fd);
        if (parent < 0)
            return 0;
        struct stat up, host;
        if (fstat(parent, &up) < 0 || stat("/proc/self/ns/user", &host) < 0) {
            close(parent);
            return 0;
        }
        if (up.st_dev == host.st_dev && up.st_ino == host.st_ino) {
            close(parent);
            return 1;
        }
        fd = parent;
    }
    return 0;
}

static void open_entered(const struct spec *sp)
{
    char path[64];
    /* As join_namespaces: the pidfd, taken first, shows the PID was not reused meanwhile; its
     * start time, that it is the process the broker checked. */
    int pidfd = (int)syscall(SYS_pidfd_open, sp->enter_pid, 0);
    if (pidfd < 0)
        monitor_fail(sp, 0, "enter", errno, "pidfd_open");
    if (start_ticks_of(sp->enter_pid) != sp->enter_start)
        monitor_fail(sp, 0, "enter", ESRCH, "start time");
    int any = 0;
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++) {
        char self[64];
        snprintf(path, sizeof path, "/proc/%d/%s", sp->enter_pid, NSX_NAMESPACES[i].ns_file);
        snprintf(self, sizeof self, "/proc/self/%s", NSX_NAMESPACES[i].ns_file);
        struct stat theirs, ours;
        if (stat(self, &ours) < 0)
            continue; /* a namespace type this kernel lacks */
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &theirs) < 0)
            monitor_fail(sp, 0, "enter", errno, path);
        if (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino) {
            close(fd);
            fd = -1;
        }
        enter_ns[i] = fd;
        any |= fd >= 0;
    }
    snprintf(path, sizeof path, "/proc/%d/root", sp->enter_pid);
    if ((enter_root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
        monitor_fail(sp, 0, "enter", errno, path);
    if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0)
        monitor_fail(sp, 0, "enter", ESRCH, "pid");
    close(pidfd);
    if (!any)
        monitor_fail(sp, 0, "enter-host", EPERM, "every namespace is the host's");
    /* The host's user namespace keeps root's uid: the broker asks for it (hostroot=1) only for
     * root and Docker's users, and never with the powers only a user namespace makes safe. */
    int user = enter_ns[namespace_slot(CLONE_NEWUSER)];
    if (user < 0 && !sp->host_root)
        monitor_fail(sp, 0, "enter-host-user", EPERM, "user");
    if (user >= 0 && sp->host_root)
        monitor_fail(sp, 0, "enter-host-user", EINVAL, "user");
    if (user < 0 && (sp->keep_caps & (CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_NET_ADMIN))))
        monitor_fail(sp, 0, "caps", EPERM, "CAP_SYS_ADMIN, CAP_MKNOD, CAP_NET_ADMIN");
    /* Any other caller: the user namespace must be theirs, all the way up. */
    if (sp->enter_uid >= 0 && (user < 0 || !owned_all_the_way(user, (uid_t)sp->enter_uid)))
        monitor_fail(sp, 0, "enter-owner", EPERM, "user");
    int pid_ns = enter_ns[namespace_slot(CLONE_NEWPID)];
    if (pid_ns >= 0 && setns(pid_ns, CLONE_NEWPID) < 0)
        monitor_fail(sp, 0, "enter", errno, "pid");
}

/* The child has them: the monitor keeps none open while the shell lives. */
static void close_entered(void)
{
    for (size_t i = 0; i < N_ELEMENTS(enter_ns); i++)
        if (enter_ns[i] >= 0)
            close(enter_ns[i]);
    if (enter_root >= 0)
        close(enter_root);
}

void monitor_fail(const struct spec *sp, pid_t child, const char *step, int err, const char *detail)
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

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* clone3's arguments as Linux 5.7 reads them (CLONE_ARGS_SIZE_VER2): our own, so that older
 * kernel headers, whose struct clone_args has no cgroup field, still build it. */
struct nsx_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* Clones the child with FLAGS. On cgroup v2 (one cgroup, no tasks files to join through) it
 * is born in its cgroup (clone3 with CLONE_INTO_CGROUP, Linux 5.7), so no migration waits for
 * the kernel's threadgroup lock: *BORN_IN says so. Any refusal of that (an older kernel, a
 * cgroup it will not take) falls back to a plain clone, and join_cgroups then moves it. */
static pid_t clone_child(const struct spec *sp, unsigned long flags, int njoin_tasks, int *born_in)
{
    *born_in = 0;
    if (!njoin_tasks && sp->ncgroups == 1) {
        int dir = open(sp->cgroups[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            struct nsx_clone_args args;
            memset(&args, 0, sizeof args);
            args.flags = flags | CLONE_INTO_CGROUP;
            args.exit_signal = SIGCHLD;
            args.cgroup = (uint64_t)dir;
            pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
            close(dir); /* in the child too: it needs none of it */
            if (pid >= 0) {
                *born_in = 1;
                return pid;
            }
        }
    }
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, NULL, NULL, 0);
}

/* The child ended before its go: the failure its error pipe ERRORS_FD holds, or "release"
 * with ERR when it said none. */
static __attribute__((noreturn)) void fail_as_the_child_says(const struct spec *sp, pid_t child, int errors_fd, int err)
{
    struct child_error ce;
    ssize_t n = RETRY_EINTR(read(errors_fd, &ce, sizeof ce));
    if (n > 0) {
        ce.step[sizeof ce.step - 1] = '\0';
        ce.detail[sizeof ce.detail - 1] = '\0';
        monitor_fail(sp, child, ce.step, ce.err, ce.detail);
    }
    monitor_fail(sp, child, "release", err, "");
}

/* Whether the child reported step BYTE on the progress pipe (not EOF, not another byte). */
static int await_child(int progress_fd, char byte)
{
    char got;
    return RETRY_EINTR(read(progress_fd, &got, 1)) == 1 && got == byte;
}

/* The monitor as the child's getppid() will show it: 0 when the child is in a PID namespace
 * the monitor is not in, its own or a joined one. */
static pid_t parent_seen_by_child(const struct spec *sp)
{
    if (sp->clone_flags & CLONE_NEWPID)
        return 0;
    if (sp->enter_pid && enter_ns[namespace_slot(CLONE_NEWPID)] >= 0)
        return 0;
    for (int i = 0; i < sp->njoins; i++)
        if (sp->joins[i].type == CLONE_NEWPID)
            return 0;
    return getpid();
}

int monitor_prepare(pid_t zygote)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    /* When the zygote dies (the broker died), SIGTERM tells us to clean up. Gone already:
     * no container was handed to us, so there is nothing to clean. */
    if (set_parent_death_signal(SIGTERM, zygote) < 0)
        _exit(0);
    /* Ctrl-C or a hang-up on the caller's terminal is the container's business, not ours:
     * the broker ends us through the zygote when it wants the container gone. */
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    /* Orphans of a container without a PID namespace come back to us to be reaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    return sfd;
}

void monitor_main(const struct spec *sp, pid_t zygote, int input, int switch_netns, int sfd)
{
    step_mark(STEP_MONITOR);
    if (sfd < 0)
        monitor_fail(sp, 0, "monitor", EBADF, "signalfd");
    join_namespaces(sp);
    if (sp->enter_pid)
        open_entered(sp);
    if (sp->new_time_ns && enter_time_namespace(sp) < 0)
        monitor_fail(sp, 0, "time-namespace", errno, "/proc/self/timens_offsets");

    int release[2], errors[2], progress[2];
    if (pipe2(release, O_CLOEXEC) < 0 || pipe2(errors, O_CLOEXEC) < 0 || pipe2(progress, O_CLOEXEC) < 0)
        monitor_fail(sp, 0, "pipe", errno, "");
    /* A user namespace is made later by the child itself (see switch_root_in_user_namespace),
     * and with it the namespaces it is to own: clone makes only the mount and PID ones. */
    int late_user = (sp->clone_flags & CLONE_NEWUSER) != 0;
    unsigned long clone_flags = late_user ? sp->clone_flags & (CLONE_NEWNS | CLONE_NEWPID) : sp->clone_flags;
    int master = -1, pty_slave = -1;
    int console[2] = { -1, -1 };
    if (sp->stdio_pty && sp->mount_dev) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) < 0)
            monitor_fail(sp, 0, "pty", errno, "socketpair");
    } else if (sp->stdio_pty) {
        master = open_pty(sp, &pty_slave);
    }

    /* On cgroup v1 the child writes 0 to each tasks file itself: a task moving itself takes no
     * global threadgroup lock, while writing its PID from here waits for an RCU grace period
     * (12.8 ms median in bench, behind the namespaces the last container left to free). */
    int join_tasks[MAX_CGROUPS];
    int njoin_tasks = open_join_tasks(sp, join_tasks);
    struct child_fds fds = { release[0], progress[1], errors[1], console[1], pty_slave, parent_seen_by_child(sp),
                             enter_ns, enter_root, join_tasks, njoin_tasks, 0 };
    step_mark(STEP_CLONE);
    int born_in_cgroup;
    pid_t child = clone_child(sp, clone_flags, njoin_tasks, &born_in_cgroup);
    if (child < 0)
        monitor_fail(sp, 0, "clone", errno, "CLONE_NEW*");
    if (child == 0) {
        fds.born_in_cgroup = born_in_cgroup;
        close(release[1]);
        close(errors[0]);
        close(progress[0]);
        close(sfd);
        if (console[0] >= 0)
            close(console[0]);
        child_main(sp, &fds);
    }
    close(release[0]);
    close(errors[1]);
    close(progress[1]);
    for (int i = 0; i < njoin_tasks; i++)
        close(join_tasks[i]);
    close_entered();
    if (pty_slave >= 0)
        close(pty_slave); /* the child has it; the master sees EOF once the container's side closes */
    if (console[1] >= 0)
        close(console[1]);

    if (!late_user)
        configure_host_network(sp, child, switch_netns);
    step_mark(STEP_HOST_NETWORK);
    if (!njoin_tasks && !born_in_cgroup) {
        const char *failed_cgroup = NULL;
        if (join_cgroups(child, sp, &failed_cgroup) < 0)
            monitor_fail(sp, child, "join-cgroup", errno, failed_cgroup);
        step_mark(STEP_CGROUPS_JOINED);
    }
    /* release[1] stays open while we live: the child's lifeline (see child_main). */
    if (write(release[1], "x", 1) != 1)
        fail_as_the_child_says(sp, child, errors[0], errno); /* it ended first: joining its cgroups, say */
    /* EOF on the progress pipe means the child failed first: its error pipe says how. */
    if (late_user && await_child(progress[0], 'u')) {
        if (write_user_maps(child, sp) < 0)
            monitor_fail(sp, child, "user-maps", errno, "uid_map/gid_map");
        if (write(release[1], "x", 1) != 1)
            monitor_fail(sp, child, "release", errno, "");
        if (await_child(progress[0], 'n')) {
            configure_host_network(sp, child, switch_netns);
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
    ssize_t n = RETRY_EINTR(read(errors[0], &ce, sizeof ce));
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
    step_mark(STEP_STARTED);
    emit("%s started %d", sp->id, child);

    int status = 0;
    for (;;) {
        if (master >= 0 && (sp->relay_caller ? relay_caller_terminal(sfd, &master) : relay_terminal(sp, sfd, &master, &input))
            == 0)
            continue; /* terminal traffic only: no signal to read yet */
        struct signalfd_siginfo si;
        if (RETRY_EINTR(read(sfd, &si, sizeof si)) != sizeof si || si.ssi_signo != SIGCHLD)
            kill(child, SIGKILL);
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
    step_mark(STEP_REAPED);
    give_back_caller_terminal();
    kill_cgroup_members(sp);
    step_mark(STEP_MEMBERS_KILLED);
    long kills = oom_kills(sp);
    remove_cgroups(sp);
    step_mark(STEP_CGROUPS_REMOVED);
    remove_host_end(sp);
    remove_orphaned_overlay(sp, zygote);
    step_mark(STEP_CLEANED);
    steps_report(sp->id);
    if (WIFSIGNALED(status))
        emit("%s exited signal %d oom %ld", sp->id, WTERMSIG(status), kills);
    else
        emit("%s exited status %d oom %ld", sp->id, WEXITSTATUS(status), kills);
    _exit(0);
}
