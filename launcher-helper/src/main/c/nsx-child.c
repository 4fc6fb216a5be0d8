/* The child: becomes the container's first process (see nsx-stage.h). Its mounts are in
 * nsx-child-mounts.c. */
#define _GNU_SOURCE
#include "nsx-child.h"
#include "nsx-namespaces.h"
#include "nsx-net.h"
#include "nsx-seccomp.h"
#include "nsx-stage.h"
#include "nsx-steps.h"
#include "nsx-util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int error_pipe = -1; /* to the monitor, closed by a successful execve */

void fail(const char *step, const char *detail)
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

/* With a user namespace, the child becomes its root (the mapped ids) only once it stands in
 * its rootfs: until then it keeps the ids it was cloned with, the host's root, so the
 * helper's root-only store (0700) can be passed on the way there. */
static void become_container_root(const struct child_fds *fds)
{
    if (setresgid(0, 0, 0) < 0)
        fail("setresgid", "0");
    if (setresuid(0, 0, 0) < 0)
        fail("setresuid", "0");
    /* A change of uid clears the parent-death signal: arm it again, then make sure the
     * monitor did not die in between. In a PID namespace getppid() cannot tell (0 either
     * way): the release pipe does, which the monitor holds open while it lives. */
    if (set_parent_death_signal(SIGKILL, fds->parent) < 0)
        _exit(1);
    struct pollfd lifeline = { fds->release, POLLIN, 0 };
    if (poll(&lifeline, 1, 0) > 0 && (lifeline.revents & POLLHUP))
        _exit(1);
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
static void switch_root_in_user_namespace(const struct spec *sp, const struct child_fds *fds)
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
    handshake(fds->progress, fds->release, 'u', "user-namespace"); /* the monitor writes uid_map and gid_map */
    int flags = (int)(sp->clone_flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET));
    if (sp->new_cgroup_ns)
        flags |= CLONE_NEWCGROUP;
    if (flags && unshare(flags) < 0)
        fail("unshare", "mnt, uts, ipc, net, cgroup");
    handshake(fds->progress, fds->release, 'n', "namespaces"); /* the monitor makes the veth pair */
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
    become_container_root(fds);
}

/* Capabilities a shell in another's container gives up beyond the spec's (see enter_namespaces). */
static uint64_t enter_drop;

/*
 * enter=PID, as nsenter does it: PID's namespaces but the PID one (the monitor entered that
 * for us), then PID's root (the root of its mount namespace only if it pivoted), the user
 * namespace last, where the child becomes its root: the caller's own account outside.
 */
static void enter_namespaces(const struct child_fds *fds)
{
    int user = -1;
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++) {
        int flag = NSX_NAMESPACES[i].flag;
        if (fds->enter_ns[i] < 0 || flag == CLONE_NEWPID)
            continue;
        if (flag == CLONE_NEWUSER)
            user = fds->enter_ns[i];
        else if (setns(fds->enter_ns[i], flag) < 0)
            fail("enter", NSX_NAMESPACES[i].name);
    }
    /* Root of the host's user namespace in a process that chrooted rather than pivoted would
     * climb out of its chroot to the mount namespace's root (chroot-escape.c): not with
     * CAP_SYS_CHROOT gone. */
    struct stat ns_root, their_root;
    if (stat("/", &ns_root) < 0 || fstat(fds->enter_root, &their_root) < 0)
        fail("enter-root", "/");
    if (user < 0 && (ns_root.st_dev != their_root.st_dev || ns_root.st_ino != their_root.st_ino))
        enter_drop |= CAP_BIT(CAP_SYS_CHROOT);
    if (fchdir(fds->enter_root) < 0 || chroot(".") < 0 || chdir("/") < 0)
        fail("enter-root", "/");
    /* Not the stage's supplementary groups (root's): none, as in a container of ours. */
    if (setgroups(0, NULL) < 0)
        fail("setgroups", "");
    if (user >= 0) {
        if (setns(user, CLONE_NEWUSER) < 0)
            fail("enter", "user");
        become_container_root(fds);
    }
}

static int entered_user_namespace(const struct spec *sp, const struct child_fds *fds)
{
    return sp->enter_pid && fds->enter_ns[nsx_namespace_index(nsx_namespace_of_flag(CLONE_NEWUSER))] >= 0;
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
static void confine_syscalls(const struct spec *sp, int own_user_ns)
{
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
        fail("session-keyring", "KEYCTL_JOIN_SESSION_KEYRING");
    const char *failed = "";
    int err = nsx_seccomp_apply(sp->keep_caps, own_user_ns, &failed);
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

/* A pty from the container's own devpts (so ttyname, ps and tty name it as the container
 * sees it): the child opens it after the root switch and hands the master to the monitor. */
static int open_own_pty(const struct spec *sp, int console_socket)
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

void child_main(const struct spec *sp, const struct child_fds *fds)
{
    step_mark(STEP_CHILD);
    error_pipe = fds->errors;
    /* The container never outlives its monitor. */
    if (set_parent_death_signal(SIGKILL, fds->parent) < 0)
        _exit(1); /* the monitor is gone already */
    /* Into the container's cgroups before anything else it does (see the monitor's join_tasks). */
    for (int i = 0; i < fds->njoin_tasks; i++) {
        if (write(fds->join_tasks[i], "0", 1) != 1)
            fail("join-cgroup", sp->cgroups[i]);
        close(fds->join_tasks[i]);
    }
    if (fds->njoin_tasks || fds->born_in_cgroup)
        step_mark(STEP_CGROUPS_JOINED);
    char go;
    if (read_full(fds->release, &go, 1) < 0)
        _exit(1); /* monitor gone before release */
    step_mark(STEP_RELEASED);

    int null_fd = -1;
    if (sp->stdio_null && (null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        fail("open", "/dev/null");
    if (sp->enter_pid) {
        enter_namespaces(fds);
    } else if (sp->clone_flags & CLONE_NEWUSER) {
        switch_root_in_user_namespace(sp, fds);
    } else {
        /* Joined the cgroups before this point, so the new cgroup namespace is rooted there. */
        if (sp->new_cgroup_ns && unshare(CLONE_NEWCGROUP) < 0)
            fail("unshare-cgroup", "CLONE_NEWCGROUP");
        configure_container_network(sp);
        switch_root(sp);
    }
    close(fds->release);
    close(fds->progress);
    int pty_slave = fds->pty_slave;
    if (fds->console_socket >= 0)
        pty_slave = open_own_pty(sp, fds->console_socket);

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
    drop_capabilities(sp->keep_caps & ~enter_drop);
    reset_signals();
    /* Only 0, 1 and 2 reach the container; the error pipe closes on a successful exec. */
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        fail("close_range", "");
    confine_syscalls(sp, (sp->clone_flags & CLONE_NEWUSER) != 0 || entered_user_namespace(sp, fds));
    step_mark(STEP_EXEC);
    execve(sp->path, sp->argv, sp->envp);
    fail("execve", sp->path);
}
