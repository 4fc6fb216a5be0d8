/* The monitor's own parts (see nsx-stage.h): nsx-monitor.c, its cgroups
 * (nsx-monitor-cgroups.c) and its terminal relay (nsx-monitor-terminal.c). */
#ifndef NSX_MONITOR_H
#define NSX_MONITOR_H

#include "nsx-protocol.h"
#include <sys/types.h>

/* Undoes what the monitor did so far (CHILD > 0: kills it), reports STEP and exits. */
void monitor_fail(const struct spec *sp, pid_t child, const char *step, int err, const char *detail)
    __attribute__((noreturn));

/* nsx-monitor-cgroups.c */
int join_cgroups(pid_t pid, const struct spec *sp, const char **failed);
/* cgroup v1: opens each of SP's cgroups' tasks file for writing into FDS, for the child to
 * join them itself; returns how many (all of them), or 0 when one has none (v2) or cannot be
 * opened: then the child is cloned into its cgroup, or join_cgroups moves it. */
int open_join_tasks(const struct spec *sp, int *fds);
/* Kills every process left in the container's cgroups and in cgroups nested in them. */
void kill_cgroup_members(const struct spec *sp);
/* The kernel's OOM-kill count for the container. */
long oom_kills(const struct spec *sp);
/* Removes the container's cgroups, each after the cgroups nested in it. */
void remove_cgroups(const struct spec *sp);

/* nsx-monitor-terminal.c */
/* A host pty sized as SP asks: the master (kept), the slave into *SLAVE (for the child). */
int open_pty(const struct spec *sp, int *slave);
/* The master the child sent on SOCKET_FD, or -1 when it failed first. */
int receive_master(int socket_fd);
/* Waits for terminal traffic or a signal on SFD. Returns 0 after relaying traffic, 1 when a
 * signal waits. relay_terminal: container output to events, the zygote's frames on *INPUT
 * (-1 once the zygote is gone) to the pty; relay_caller_terminal: to and from the caller's. */
int relay_terminal(const struct spec *sp, int sfd, int *master, int *input);
int relay_caller_terminal(int sfd, int *master);
/* The last output, relayed; closes MASTER. */
void drain_output(const struct spec *sp, int master);
/* The caller's terminal raw while a container has it, and back as it was. */
void take_caller_terminal(void);
void give_back_caller_terminal(void);
void follow_window_size(int master);

#endif
