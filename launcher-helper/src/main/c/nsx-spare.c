/*
 * The spare: the next container's monitor, forked by the zygote before the launch it will
 * serve, so that a launch does not wait for a fork (half a millisecond to two on a small
 * virtual machine, where every page-table copy traps). The spare sets up what every monitor
 * sets up, then waits on a pipe for its launch; the zygote hands it the request it accepted,
 * and it parses it again (it cannot fail: the same parser accepted the same bytes) and runs
 * as that container's monitor (nsx-monitor.c).
 *
 * The zygote forks the next spare once it has been idle a moment or a monitor has ended
 * (see spare_wanted), never while a launch is being set up; a launch that finds no spare
 * forks one on the spot.
 */
#define _GNU_SOURCE
#include "nsx-monitor.h"
#include "nsx-spare.h"
#include "nsx-stage.h"
#include "nsx-steps.h"
#include "nsx-util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* How much of its stack and of the request buffer a spare touches ahead (see touch_pages):
 * what a monitor uses, and most requests. */
#define STACK_TOUCHED (16 * 1024)
#define REQUEST_TOUCHED (8 * 1024)

/* What the zygote writes on the spare's pipe before the request's bytes. */
struct hand_over {
    uint32_t len;
    int relay_caller;
    int steps;
    long long zygote_marks[STEP_HANDED_OVER + 1]; /* see nsx-steps.h */
};

static struct {
    pid_t pid;   /* 0: none */
    int request; /* write end of its pipe */
    int input;   /* write end of its terminal input pipe */
} spare = { 0, -1, -1 };

/* Writes to the pages a monitor writes first, the stack and the request buffer, while no
 * launch waits: each first write to a page shared with the zygote copies it (a fault). */
static void touch_pages(char *buf)
{
    volatile char stack[STACK_TOUCHED];
    for (size_t i = 0; i < sizeof stack; i += 4096)
        stack[i] = 0;
    for (size_t i = 0; i < REQUEST_TOUCHED; i += 4096)
        buf[i] = 0;
}

static void spare_main(int request, int input, pid_t zygote, pid_t anchor, int switch_netns, char *buf)
{
    int sfd = monitor_prepare(zygote);
    steps_prepare();
    touch_pages(buf);
    struct hand_over h;
    if (read_full(request, &h, sizeof h) < 0 || h.len > MAX_REQUEST || read_full(request, buf, h.len) < 0)
        _exit(0); /* the zygote ended, or retired this spare */
    close(request);
    buf[h.len] = '\0';
    struct spec sp;
    const char *bad = nsx_parse_request(buf, h.len, anchor, &sp);
    if (bad) {
        emit("%s error request %d invalid field %s", sp.id[0] ? sp.id : "-", EINVAL, bad);
        _exit(1);
    }
    if (h.relay_caller)
        sp.stdio_pty = sp.relay_caller = 1;
    if (!sp.stdio_pty || sp.relay_caller) {
        close(input);
        input = -1;
    }
    steps_begin(h.steps, h.zygote_marks);
    monitor_main(&sp, zygote, input, switch_netns, sfd);
}

int spare_fork(int zygote_sfd, int switch_netns, char *buf)
{
    if (spare.pid)
        return 0;
    int request[2], input[2];
    if (pipe2(request, O_CLOEXEC) < 0)
        return errno;
    if (pipe2(input, O_CLOEXEC) < 0) {
        int err = errno;
        close(request[0]);
        close(request[1]);
        return err;
    }
    fcntl(input[1], F_SETFL, O_NONBLOCK); /* a stuck container drops keystrokes, never the zygote */
    pid_t zygote = getpid(), anchor = getppid();
    sigset_t term, saved;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    /* Blocked from the fork on: a SIGTERM before the monitor's signalfd exists still counts. */
    sigprocmask(SIG_BLOCK, &term, &saved);
    pid_t pid = fork();
    int fork_errno = errno;
    if (pid == 0) {
        /* Keep fd 0 taken, so no pipe of the monitor can land there and be clobbered
         * when the child rewires its stdio. */
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null_fd < 0 || dup2(null_fd, REQUEST_FD) < 0)
            _exit(2);
        close(null_fd);
        close(zygote_sfd);
        probe_forget_spare();
        close(request[1]);
        close(input[1]);
        spare_main(request[0], input[0], zygote, anchor, switch_netns, buf);
    }
    sigprocmask(SIG_SETMASK, &saved, NULL);
    close(request[0]);
    close(input[0]);
    if (pid < 0) {
        close(request[1]);
        close(input[1]);
        return fork_errno;
    }
    spare.pid = pid;
    spare.request = request[1];
    spare.input = input[1];
    return 0;
}

static void spare_retire(void)
{
    close(spare.request);
    close(spare.input);
    spare.pid = 0;
    spare.request = spare.input = -1;
}

pid_t spare_take(const char *buf, uint32_t len, const struct spec *sp, long long received_ns,
                 long long forked_ns, int *input)
{
    struct hand_over h = { len, sp->relay_caller, sp->steps, { 0 } };
    h.zygote_marks[STEP_RECEIVED] = received_ns;
    h.zygote_marks[STEP_SPARE_FORKED] = forked_ns;
    h.zygote_marks[STEP_HANDED_OVER] = sp->steps ? monotonic_ns() : 0;
    if (!spare.pid || RETRY_EINTR(write(spare.request, &h, sizeof h)) != (ssize_t)sizeof h ||
        write_full(spare.request, buf, len) < 0) {
        if (spare.pid)
            spare_retire(); /* it died: reaped as an unknown child */
        return 0;
    }
    pid_t pid = spare.pid;
    if (sp->stdio_pty && !sp->relay_caller) {
        *input = spare.input;
    } else {
        close(spare.input);
        *input = -1;
    }
    close(spare.request);
    spare.pid = 0;
    spare.request = spare.input = -1;
    return pid;
}

int spare_ended(pid_t pid)
{
    if (!spare.pid || pid != spare.pid)
        return 0;
    spare_retire();
    return 1;
}

int spare_wanted(void)
{
    return spare.pid == 0;
}
