/* A launch's steps, timed on request (see nsx-steps.h). */
#define _GNU_SOURCE
#include "nsx-steps.h"
#include "nsx-stage.h"

#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

static const char *const step_names[STEP_COUNT] = {
    "received", "monitor", "clone", "child", "host-network", "cgroups-joined", "released", "rootfs",
    "mounts", "root-switched", "exec", "started", "reaped", "members-killed", "cgroups-removed", "cleaned",
};

/* NULL unless this launch asked for its steps. */
static long long *marks;

long long monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void steps_begin(int wanted, long long received_ns)
{
    if (!wanted)
        return;
    /* Shared, so the marks the child makes after the clone reach its monitor. */
    void *page = mmap(NULL, STEP_COUNT * sizeof *marks, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return; /* untimed, not failed */
    marks = page;
    marks[STEP_RECEIVED] = received_ns;
}

void steps_end_in_zygote(void)
{
    if (marks)
        munmap(marks, STEP_COUNT * sizeof *marks);
    marks = NULL;
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
