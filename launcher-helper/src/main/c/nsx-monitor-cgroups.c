/* The monitor's cgroups (see nsx-stage.h): joined for the child, then emptied and removed
 * with every cgroup nested in them. */
#define _GNU_SOURCE
#include "nsx-monitor.h"
#include "nsx-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int join_cgroups(pid_t pid, const struct spec *sp, const char **failed)
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

int open_join_tasks(const struct spec *sp, int *fds)
{
    for (int i = 0; i < sp->ncgroups; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tasks", sp->cgroups[i]);
        fds[i] = open(path, O_WRONLY | O_CLOEXEC);
        if (fds[i] < 0) {
            while (i-- > 0)
                close(fds[i]);
            return 0;
        }
    }
    return sp->ncgroups;
}

/* The kernel's bound on PIDs (4M, include/linux/threads.h). */
#define PID_MAX_LIMIT 4194304L

/* Sends SIGKILL to every process listed in DIR/cgroup.procs; says whether there was one.
 * With read(), not stdio: this runs at every container's end, and fscanf costs milliseconds. */
static int kill_listed_members(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int found = 0;
    long pid = 0;
    char buf[4096];
    ssize_t n;
    while ((n = RETRY_EINTR(read(fd, buf, sizeof buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                if (pid <= PID_MAX_LIMIT)
                    pid = pid * 10 + (buf[i] - '0');
            } else if (buf[i] == '\n') {
                if (pid > 0 && pid <= PID_MAX_LIMIT) {
                    kill((pid_t)pid, SIGKILL);
                    found = 1;
                }
                pid = 0;
            }
        }
    }
    close(fd);
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

/* A directory's subdirectories, read with getdents64 into a buffer on the stack: opendir's
 * malloc would make a monitor, a copy-on-write fork, fault in pages at every container's end. */
struct subdirs {
    int fd;
    long pos, len;
    char buf[2048] __attribute__((aligned(8)));
};

static int open_subdirs(struct subdirs *s, const char *dir)
{
    s->pos = s->len = 0;
    s->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return s->fd;
}

/* The next subdirectory of S (whose path is DIR) into SUB; 0 at the end. */
static int next_subdir(struct subdirs *s, const char *dir, char *sub, size_t size)
{
    for (;;) {
        if (s->pos >= s->len) {
            s->len = syscall(SYS_getdents64, s->fd, s->buf, sizeof s->buf);
            s->pos = 0;
            if (s->len <= 0)
                return 0;
        }
        struct dirent64 *e = (struct dirent64 *)(s->buf + s->pos);
        s->pos += e->d_reclen;
        if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (snprintf(sub, size, "%s/%s", dir, e->d_name) < (int)size)
            return 1;
    }
}

/* Sends SIGKILL to every process in the cgroups nested in DIR; says whether there was one. */
static int kill_nested_members(const char *dir, int depth)
{
    struct subdirs s;
    if (depth >= MAX_CGROUP_DEPTH || open_subdirs(&s, dir) < 0)
        return 0;
    int found = 0;
    char sub[4096];
    while (next_subdir(&s, dir, sub, sizeof sub))
        found |= kill_listed_members(sub) | kill_nested_members(sub, depth + 1);
    close(s.fd);
    return found;
}

/* Kills every process left in the container's cgroups and in cgroups nested in them (v2:
 * cgroup.kill, the whole subtree at once; v1: freeze, kill, thaw, then each member left until
 * none is), reaping what comes back to us as subreaper. */
void kill_cgroup_members(const struct spec *sp)
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

/* The kernel's OOM-kill count for the container (v2 memory.events, v1 memory.oom_control):
 * the largest "oom_kill N" line. Read without stdio, as kill_listed_members. */
long oom_kills(const struct spec *sp)
{
    static const char *const files[] = { "memory.events", "memory.oom_control" };
    long kills = 0;
    for (int i = 0; i < sp->ncgroups; i++) {
        for (size_t f = 0; f < N_ELEMENTS(files); f++) {
            char path[4096], text[1024];
            snprintf(path, sizeof path, "%s/%s", sp->cgroups[i], files[f]);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            ssize_t n = RETRY_EINTR(read(fd, text, sizeof text - 1));
            close(fd);
            if (n <= 0)
                continue;
            text[n] = '\0';
            for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
                long value;
                if (sscanf(line, "oom_kill %ld", &value) == 1 && value > kills)
                    kills = value;
            }
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
    struct subdirs s;
    if (depth >= MAX_CGROUP_DEPTH)
        return 0; /* too deep to follow */
    if (open_subdirs(&s, dir) < 0)
        return 1; /* gone already */
    int gone = 1;
    char sub[4096];
    while (next_subdir(&s, dir, sub, sizeof sub))
        gone &= remove_nested_cgroups(sub, depth + 1) && remove_cgroup_dir(sub);
    close(s.fd);
    return gone;
}

/* Removes the container's cgroups, each after the cgroups nested in it. What cannot go (a
 * process that does not die) the broker tries again, and reports. */
void remove_cgroups(const struct spec *sp)
{
    for (int i = 0; i < sp->ncgroups; i++)
        if (remove_nested_cgroups(sp->cgroups[i], 0))
            remove_cgroup_dir(sp->cgroups[i]);
}
