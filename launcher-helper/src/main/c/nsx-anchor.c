/* The anchor (see nsx-stage.h): the broker's direct child, which outlives the zygote and every
 * monitor and then removes what only a stage-wide view can: the switch's uplink, the stage's
 * subnet reservations, and a dead broker's overlay directories. */
#define _GNU_SOURCE
#include "nsx-net.h"
#include "nsx-stage.h"
#include "nsx-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* After a broker's death, once every monitor is gone: its overlay directories that no monitor
 * removed (made just before the broker died, or handed back to it at a container's end and
 * not yet removed or kept). Nobody is left to keep them. Never crosses into another file
 * system, never follows a symlink. */
static void remove_dead_brokers_overlays(const char *overlay_prefix)
{
    if (!overlay_prefix)
        return;
    char root[4096];
    snprintf(root, sizeof root, "%s", overlay_prefix);
    char *name = strrchr(root, '/');
    *name++ = '\0';
    DIR *d = opendir(root);
    if (!d)
        return; /* no overlay was ever made */
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char dir[4096];
        if (strncmp(e->d_name, name, strlen(name)) ||
            snprintf(dir, sizeof dir, "%s/%s", root, e->d_name) >= (int)sizeof dir)
            continue;
        if (remove_tree(dir) < 0)
            fprintf(stderr, "nsx-stage: removing the overlay directory %s: %s\n", dir, strerror(errno));
    }
    closedir(d);
}

/*
 * The broker's Java Process closes its end of our stdout once its direct child has exited
 * (it keeps what was buffered, then closes the pipe), so a monitor's "exited" written after a
 * crashed zygote would be lost. The anchor is that direct child instead: it returns in the
 * forked zygote, and itself waits until the zygote and every monitor are gone, which it
 * learns from a lifeline pipe whose write end only they hold (close-on-exec: containers drop it).
 */
int keep_anchor(const char *overlay_prefix, int caller_stdio_available)
{
    int pipe_fds[2], lifeline[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
        perror("nsx-stage: pipe");
        exit(1);
    }
    /* Above the fixed fds (requests, events, the caller's stdio at 3-5), which get closed or
     * rewired below: the pipe may not sit on any of them. */
    for (int i = 0; i < 2; i++) {
        if ((lifeline[i] = fcntl(pipe_fds[i], F_DUPFD_CLOEXEC, 16)) < 0) {
            perror("nsx-stage: lifeline");
            exit(1);
        }
        close(pipe_fds[i]);
    }
    pid_t anchor = getpid();
    /* The switch for the bridge (see join_switch): made before the fork, so that the zygote
     * has it from its first request on. A stage that cannot make one still runs; only bridge
     * containers then fail, saying why. */
    int switch_netns = nsx_switch_create();
    pid_t broker = getppid();
    pid_t zygote = fork();
    if (zygote < 0) {
        perror("nsx-stage: fork");
        exit(1);
    }
    if (zygote == 0) {
        close(lifeline[0]);
        /* A killed anchor ends the zygote as the broker's death would (SIGTERM: see main). */
        if (set_parent_death_signal(SIGTERM, anchor) < 0)
            _exit(1);
        return switch_netns;
    }
    close(lifeline[1]);
    /* The anchor lives in the switch: it holds it for as long as the stage runs (the switch
     * goes with the anchor's end, even after kill -9, and the bridge and its ports with it), and
     * `nsenter -t <anchor> -n` shows the bridge. */
    int in_switch = switch_netns >= 0;
    if (in_switch) {
        if (nsx_netns_enter(switch_netns) < 0) {
            perror("nsx-stage: entering the switch's net namespace");
            exit(1);
        }
        close(switch_netns);
    }
    close(REQUEST_FD); /* the zygote alone sees the broker's EOF */
    if (caller_stdio_available)
        for (int fd = CALLER_STDIO; fd < CALLER_STDIO + 3; fd++)
            close(fd);
    char byte;
    RETRY_EINTR(read(lifeline[0], &byte, 1));
    int status = 0;
    RETRY_EINTR(waitpid(zygote, &status, 0));
    /* No container is left: the uplink goes now (its host end is the one interface of ours the
     * host sees), the switch and its bridge with the anchor. */
    char uplink[IFNAMSIZ];
    snprintf(uplink, sizeof uplink, "nsxsw%d", (int)anchor);
    if (in_switch)
        nsx_uplink_delete(UPLINK_PEER, uplink);
    /* Our interfaces are gone: their subnets are free (the broker gives them back too, unless
     * it was killed). */
    int err = nsx_reservations_drop(NSX_RESERVATIONS, anchor);
    if (err < 0)
        fprintf(stderr, "nsx-stage: dropping this stage's subnet reservations in %s: %s\n", NSX_RESERVATIONS,
                strerror(-err));
    /* The broker died (we were handed to another parent): remove the overlay directories it made
     * that no monitor removed. */
    if (getppid() != broker)
        remove_dead_brokers_overlays(overlay_prefix);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
