/*
 * nsx-stage: the small C stage of the Namespace Explorer helper.
 *
 * The Java broker validates every request and decides every policy; this program only
 * performs the system calls a multithreaded JVM cannot make safely (clone with
 * CLONE_NEW*, mounts inside a new mount namespace, pivot_root, setns-free set-up).
 *
 * Process model (one stage per broker, started by it with stdin and stdout as pipes), and
 * the files that hold each process's code:
 *   anchor   nsx-anchor.c. The broker's direct child: forks the zygote, then only waits until
 *            the zygote and every monitor are gone (see keep_anchor). If the broker died, it
 *            then removes the broker's overlay directories that no monitor removed (--overlays).
 *   zygote   nsx-zygote.c (main). Reads requests on stdin, hands each launch to a spare
 *            monitor (nsx-spare.c: forked ahead, when the zygote is idle, so that a launch does
 *            not wait for a fork), forks a short-lived prober per probe, reaps monitors, and
 *            exits when stdin reaches EOF (the broker closed it or died). Started with --inherit-stdio PID, it first
 *            takes its parent's fds 0-2 (pidfd_getfd) for containers that run on the
 *            caller's terminal.
 *   monitor  nsx-monitor.c, nsx-monitor-cgroups.c, nsx-monitor-terminal.c. One per container:
 *            clones the child into its cgroups, writes the user maps, makes the host's side of
 *            its network, releases it, reports "started", relays its terminal, waits for it,
 *            kills what is left in its cgroups, reads the OOM count, removes the cgroups and
 *            reports "exited". When its zygote dies (parent-death signal) it kills the
 *            container and cleans up.
 *   child    nsx-child.c, nsx-child-mounts.c. The container's first process: mounts, root
 *            switch, hostname, capability drop, seccomp filter (nsx-seccomp.c), execve.
 *            Failures are sent to the monitor as (step, errno, detail).
 *   prober   nsx-probe.c. Forked by the zygote for op=probe, ping and loopback: joins a
 *            container's namespaces, or scans /proc, reports and exits.
 * Shared by them: nsx-protocol.c (the requests, parsed and checked without side effects),
 * nsx-events.c (event lines), nsx-steps.c (a launch's steps, timed), nsx-proc.c (/proc readers), nsx-net.c (rtnetlink), nsx-util.c.
 *
 * Requests (stdin): a little-endian u32 length, then that many bytes of NUL-terminated
 * "key=value" strings (see nsx-protocol.h). The ops, by the first string:
 *   op=launch          (or any other first string) a container; see nsx_parse_request. With
 *                      enter=PID, a shell in PID's namespaces instead (nsenter --all --root)
 *   op=signal          id pid sig: the first process of container id (handle_signal)
 *   op=signal-process  id container pid sig: one process of a container (handle_signal_process)
 *   op=claim, op=unclaim  cgroup...: the cgroups the broker is about to create for a launch,
 *                      removed by the zygote if the broker dies first; unclaim drops them
 *   op=probe           id pid: what that process sees (prober); or id what=processes or
 *                      what=processes-outside-my-pid-namespace: a scan of /proc
 *   op=ping            id pid addr count: echo requests from a container's net namespace
 *   op=loopback        id pid: brings lo up in a container's net namespace
 *   op=input           id data=HEX: keystrokes for a container's terminal
 *   op=resize          id rows cols: that terminal's new size
 * Events (stdout): one text line per event, each written with a single write() so
 * processes never interleave (lines < PIPE_BUF):
 *   ready 2                             (the protocol's version)
 *   <id> started <host-pid>
 *   <id> output <hex>                   (a container's terminal)
 *   <id> error <step> <errno> <detail>  (- as id when the request named none)
 *   <id> steps <step>=<ns> ...          (a launch with steps=1, before exited; nsx-steps.h)
 *   <id> exited status|signal <n> oom <kills>
 *   <id> probe <kind> ...  then <id> probe end   (probe, ping, loopback, signal-process)
 */
#ifndef NSX_STAGE_H
#define NSX_STAGE_H

#include "nsx-protocol.h"
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define REQUEST_FD 0
#define EVENT_FD 1
/* With --inherit-stdio, the caller's stdin, stdout and stderr wait here for containers. */
#define CALLER_STDIO 3

/* The frames the zygote sends a monitor for its container's terminal: a kind, a big-endian
 * u16 length, the data. */
#define FRAME_INPUT 'i'
#define FRAME_RESIZE 'r'

/* The switch's end of the bridge uplink (see join_switch). */
#define UPLINK_PEER "uplink"

/* nsx-events.c: one event line, one write() (newlines in it become spaces). */
void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The longest event line, its newline included. */
#define EVENT_LINE_MAX 1024
/* An event line from FMT into LINE (CAP bytes), newlines in it made spaces, ending in one;
 * returns its length (0: nothing to send). */
size_t format_event(char *line, size_t cap, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* Percent-encodes anything but [A-Za-z0-9._:-] into OUT: names set in a container are hostile. */
void encode(char *out, size_t cap, const unsigned char *in, size_t len);

/* nsx-anchor.c: forks the zygote and returns in it, with the switch's net namespace (an fd,
 * or -errno); the anchor itself never returns. */
int keep_anchor(const char *overlay_prefix, int caller_stdio_available);

/* nsx-monitor.c: what every monitor sets up before its container is known (signals, parent
 * death, subreaper); returns its signalfd (-1: none). Exits when ZYGOTE is gone already. */
int monitor_prepare(pid_t zygote);
/* The monitor of container SP, forked by ZYGOTE. INPUT: the zygote's terminal frames for it, or
 * -1; SWITCH_NETNS: the switch for bridge mode, or -errno; SFD: from monitor_prepare. */
void monitor_main(const struct spec *sp, pid_t zygote, int input, int switch_netns, int sfd)
    __attribute__((noreturn));

/* What the monitor hands the child it cloned. */
struct child_fds {
    int release;        /* read end: the monitor's go for each step; EOF when it died */
    int progress;       /* write end: the child's steps done */
    int errors;         /* write end: a struct child_error when a step fails */
    int console_socket; /* pty mode with /dev: the child sends the master of its own pty here */
    int pty_slave;      /* pty mode without /dev: a host pty opened by the monitor */
    pid_t parent;       /* the monitor as the child's getppid() shows it (0 in another PID namespace) */
    const int *enter_ns; /* enter=PID: an fd per NSX_NAMESPACES entry, -1 where PID's is the stage's own */
    int enter_root;     /* enter=PID: PID's root directory (O_PATH) */
    const int *join_tasks; /* cgroup v1: each cgroup's tasks file, open for writing: the child joins itself */
    int njoin_tasks;       /* 0: born in its cgroup (v2), or the monitor puts it there */
    int born_in_cgroup;    /* v2: cloned straight into its cgroup (CLONE_INTO_CGROUP) */
};

/* What the child sends its monitor when a step fails before execve. */
struct child_error {
    int err;
    char step[48];
    char detail[200];
};

/* nsx-child.c */
void child_main(const struct spec *sp, const struct child_fds *fds) __attribute__((noreturn));

/* nsx-probe.c: the ops the zygote hands to a forked prober; R was parsed from the request. */
void handle_probe(const struct small_request *r);
/* In a child the zygote forked: closes the spare prober's pipe, which is the zygote's alone. */
void probe_forget_spare(void);
void handle_ping(const struct small_request *r);
void handle_loopback(const struct small_request *r);

#endif
