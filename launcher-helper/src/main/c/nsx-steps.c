/* A launch's steps, timed on request (see nsx-steps.h). */
#define _GNU_SOURCE
#include "nsx-steps.h"
#include "nsx-stage.h"

#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

static const char *const step_names[STEP_COUNT] = {
    "received", "spare-forked", "handed-over", "monitor", "clone", "child", "host-network", "cgroups-joined", "released", "rootfs",
    "mounts", "root-switched", "exec", "started", "reaped", "members-killed", "cgroups-removed", "cleaned",
};

/* The page a monitor shares with its child; MARKS is it, when this launch asked for its steps. */
static long long *page;
static long long *marks;

long long monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void steps_prepare(void)
{
    /* Shared, so the marks the child makes after the clone reach its monitor. */
    void *p = mmap(NULL, STEP_COUNT * sizeof *page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    page = p == MAP_FAILED ? NULL : p; /* then untimed, not failed */
}

void steps_begin(int wanted, const long long *zygote_marks)
{
    if (!wanted || !page)
        return;
    marks = page;
    for (int i = STEP_RECEIVED; i <= STEP_HANDED_OVER; i++)
        marks[i] = zygote_marks[i];
}

void step_mark(enum launch_step step)
{
    if (marks)
        marks[step] = monotonic_ns();
}

void steps_report(const char *id)
{
    if (!marks)
        return;
    char line[900];
    int n = snprintf(line, sizeof line, "%s steps", id);
    for (int i = 0; i < STEP_COUNT && n > 0 && (size_t)n < sizeof line; i++)
        if (marks[i])
            n += snprintf(line + n, sizeof line - (size_t)n, " %s=%lld", step_names[i], marks[i]);
    emit("%s", line);
}
