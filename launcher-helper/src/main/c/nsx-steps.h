/*
 * nsx-steps: a launch's steps, timed when its request asks for it (steps=1), for the
 * breakdown `./nsx-helper bench` prints. Each mark is CLOCK_MONOTONIC in nanoseconds, the
 * clock of Java's System.nanoTime, so the broker lines them up with its own marks (in a new
 * time namespace the child's marks would be offset: the bench uses none).
 *
 * Each monitor maps one page that the child it clones shares; both write their marks there,
 * and the monitor reports them all in one event, "<id> steps NAME=NS ...", just before
 * "exited". Without steps=1 every call is a no-op.
 */
#ifndef NSX_STEPS_H
#define NSX_STEPS_H

/* In the order they happen; the names are the event's, and the bench's. */
enum launch_step {
    STEP_RECEIVED,        /* zygote: the request read */
    STEP_SPARE_FORKED,    /* zygote: no spare monitor waited, one forked now (else unmarked) */
    STEP_HANDED_OVER,     /* zygote: the request checked, handed to the spare monitor */
    STEP_MONITOR,         /* monitor: the request read and parsed again */
    STEP_CLONE,           /* monitor: namespaces joined, pipes made, about to clone */
    STEP_CHILD,           /* child: running, in its new namespaces */
    STEP_HOST_NETWORK,    /* monitor: the host's end of the network made */
    STEP_CGROUPS_JOINED,  /* the child in its cgroups: it joined (v1), was born there (v2) or was moved */
    STEP_RELEASED,        /* child: the monitor's go read */
    STEP_ROOTFS,          /* child: in the rootfs (bind-mounted, private) */
    STEP_MOUNTS,          /* child: proc, dev, tmp, sys and the masks mounted */
    STEP_ROOT_SWITCHED,   /* child: pivot_root and the old root detached, or chroot */
    STEP_EXEC,            /* child: hostname, stdio, capabilities, seccomp done; execve next */
    STEP_STARTED,         /* monitor: execve succeeded, "started" said */
    STEP_REAPED,          /* monitor: the first process reaped */
    STEP_MEMBERS_KILLED,  /* monitor: what was left in the cgroups killed */
    STEP_CGROUPS_REMOVED, /* monitor: the OOM count read, the cgroups removed */
    STEP_CLEANED,         /* monitor: the host's end of the network and the overlay gone */
    STEP_COUNT
};

/* In a spare monitor, before its launch arrives: maps the page it will share with its child. */
void steps_prepare(void);
/* In the monitor, once its launch arrived: WANTED is the request's steps=1; ZYGOTE_MARKS
 * the zygote's (STEP_RECEIVED .. STEP_HANDED_OVER, 0 for unmarked). */
void steps_begin(int wanted, const long long *zygote_marks);
void step_mark(enum launch_step step);
/* The monitor's "<id> steps ..." event. */
void steps_report(const char *id);
long long monotonic_ns(void);

#endif
