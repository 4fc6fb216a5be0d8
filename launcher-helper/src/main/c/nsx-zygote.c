/* The zygote (see nsx-stage.h for the process model, the ops and the events): main, the
 * request loop, and the ops it answers itself; a launch forks a monitor (nsx-monitor.c), a
 * probe a prober (nsx-probe.c). */
#define _GNU_SOURCE
#include "nsx-net.h"
#include "nsx-proc.h"
#include "nsx-seccomp.h"
#include "nsx-spare.h"
#include "nsx-stage.h"
#include "nsx-steps.h"
#include "nsx-util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int caller_stdio_available;

/* How long the zygote waits, idle, before it forks the next spare monitor (nsx-spare.c). */
#define SPARE_AFTER_IDLE_MS 20

/* The stage's switch: the net namespace its bridge lives in (an fd made by keep_anchor and
 * passed on to each monitor), or -errno when it could not be made. */
static int switch_netns = -ENOENT;

/* Which container each live monitor serves, so a monitor that dies without its "exited"
 * line (killed from outside) is still reported. The broker runs at most 64 containers
 * (Engine.MAX_RUNNING); the rest is room for monitors still ending. Kept small: every page of
 * it the zygote has touched is copied into each monitor and each container's first process. */
#define MAX_MONITORS 256
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
static void handle_claim(const char *buf, size_t len, int add)
{
    size_t pos = 0;
    for (const char *dir; (dir = nsx_next_claim(buf, len, &pos));) {
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
static void handle_signal(const struct small_request *r)
{
    const char *id = r->id;
    long long pid = r->pid, sig = r->sig;
    if (!nsx_small_request_valid(OP_SIGNAL, r)) {
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
static void handle_signal_process(const struct small_request *r)
{
    const char *id = r->id;
    if (!nsx_small_request_valid(OP_SIGNAL_PROCESS, r)) {
        emit("%s error signal-process %d invalid pid, signal or container", id, EINVAL);
        return;
    }
    const char *cgroup = NULL;
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid && !strcmp(monitors[i].id, r->container) && monitors[i].cgroup[0])
            cgroup = monitors[i].cgroup;
    if (!cgroup) {
        emit("%s probe refused no-container", id);
        emit("%s probe end", id);
        return;
    }
    int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)r->pid, 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld", r->pid);
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
        if (syscall(SYS_pidfd_send_signal, pidfd, (int)r->sig, NULL, 0) < 0) {
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
        emit("%s probe signalled %lld %s %s", id, r->pid, nspids, comm);
    emit("%s probe end", id);
}

/* op=input id=ID data=HEX, op=resize id=ID rows=R cols=C: framed to that container's monitor. */
static void handle_terminal(const struct small_request *r, int resize)
{
    int target = -1;
    for (int i = 0; i < MAX_MONITORS; i++)
        if (monitors[i].pid && !strcmp(monitors[i].id, r->id))
            target = monitors[i].input;
    if (target < 0) {
        emit("%s error terminal %d no terminal for this container", r->id, ENOTTY);
        return;
    }
    unsigned char frame[3 + 65535];
    size_t n = 0;
    if (resize) {
        if (!nsx_small_request_valid(OP_RESIZE, r))
            return;
        unsigned char size[4] = { (unsigned char)(r->rows >> 8), (unsigned char)r->rows, (unsigned char)(r->cols >> 8),
                                  (unsigned char)r->cols };
        memcpy(frame + 3, size, 4);
        n = 4;
    } else {
        ssize_t got = nsx_decode_hex(r->data, frame + 3, 65535);
        if (got < 0)
            return;
        n = (size_t)got;
    }
    frame[0] = resize ? FRAME_RESIZE : FRAME_INPUT;
    frame[1] = (unsigned char)(n >> 8);
    frame[2] = (unsigned char)n;
    ssize_t ignored = write(target, frame, 3 + n);
    (void)ignored;
}

static void handle_launch(char *buf, size_t len, int zygote_sfd, long long received_ns)
{
    /* The parser splits its buffer in place: the spare is handed the bytes as they came. */
    static char as_received[MAX_REQUEST + 1];
    memcpy(as_received, buf, len + 1);
    struct spec sp;
    const char *bad = nsx_parse_request(buf, len, getppid(), &sp); /* our parent: the anchor */
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
    /* No spare waiting (a burst of launches, or one died): forked now, then handed the launch. */
    int input = -1;
    pid_t pid = spare_take(as_received, (uint32_t)len, &sp, received_ns, 0, &input);
    int err = 0;
    if (!pid && (err = spare_fork(zygote_sfd, switch_netns, buf)) == 0)
        pid = spare_take(as_received, (uint32_t)len, &sp, received_ns, monotonic_ns(), &input);
    if (!pid) {
        /* err 0: the spare forked on the spot died before it took the launch (killed from outside). */
        emit("%s error fork %d monitor", sp.id, err ? err : EAGAIN);
        return;
    }
    remember_monitor(pid, &sp, input);
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

/* One request, read whole into BUF (BUF[LEN] a NUL), to the handler of its op. */
static void handle_request(char *buf, size_t len, int sfd, long long received_ns)
{
    enum nsx_op op = nsx_request_op(buf, len);
    if (op == OP_LAUNCH) {
        handle_launch(buf, len, sfd, received_ns);
        return;
    }
    if (op == OP_CLAIM || op == OP_UNCLAIM) {
        handle_claim(buf, len, op == OP_CLAIM);
        return;
    }
    struct small_request r;
    nsx_parse_small_request(buf, len, &r);
    switch (op) {
    case OP_SIGNAL: handle_signal(&r); break;
    case OP_SIGNAL_PROCESS: handle_signal_process(&r); break;
    case OP_PROBE: handle_probe(&r); break;
    case OP_PING: handle_ping(&r); break;
    case OP_LOOPBACK: handle_loopback(&r); break;
    case OP_INPUT: handle_terminal(&r, 0); break;
    case OP_RESIZE: handle_terminal(&r, 1); break;
    default: break;
    }
}

int main(int argc, char **argv)
{
    /* Nothing of the broker's beyond our stdio. */
    syscall(SYS_close_range, 3, ~0U, 0);
    const char *overlay_prefix = NULL;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && !strcmp(argv[i], "--inherit-stdio")) {
            long long parent;
            if (nsx_parse_number(argv[i + 1], &parent) || take_caller_stdio((pid_t)parent) < 0) {
                perror("nsx-stage: taking the caller's stdin, stdout and stderr");
                return 1;
            }
            caller_stdio_available = 1;
        } else if (i + 1 < argc && !strcmp(argv[i], "--overlays") && nsx_valid_overlay_prefix(argv[i + 1])) {
            overlay_prefix = argv[i + 1];
        } else {
            fprintf(stderr, "nsx-stage: run by the nsx-helper broker, not by hand\n");
            return 2;
        }
    }
    fcntl(REQUEST_FD, F_SETFD, FD_CLOEXEC);
    fcntl(EVENT_FD, F_SETFD, FD_CLOEXEC);
    signal(SIGPIPE, SIG_IGN);
    switch_netns = keep_anchor(overlay_prefix, caller_stdio_available);

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
        int ready = RETRY_EINTR(poll(fds, 2, spare_wanted() ? SPARE_AFTER_IDLE_MS : -1));
        if (ready < 0)
            return 1;
        if (ready == 0) {
            spare_fork(sfd, switch_netns, buf); /* failing, it is tried again at the next launch */
            continue;
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            int terminated = 0;
            while (read(sfd, &si, sizeof si) == sizeof si)
                terminated |= si.ssi_signo == SIGTERM;
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
                if (!spare_ended(pid))
                    monitor_ended(pid, status);
            /* A container just ended: a moment when no launch is being set up. */
            if (spare_wanted() && !terminated)
                spare_fork(sfd, switch_netns, buf);
            if (terminated)
                break;
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            uint32_t len;
            int got = nsx_read_request(REQUEST_FD, buf, &len);
            long long received_ns = monotonic_ns();
            if (got < 0)
                break; /* broker gone: monitors get SIGTERM, their parent-death signal */
            if (got > 0)
                emit("- error request %d request larger than %d bytes", E2BIG, MAX_REQUEST);
            else
                handle_request(buf, len, sfd, received_ns);
        }
    }
    remove_claimed();
    return 0;
}
