/* Readers of /proc for the zygote, monitors and probers: they change nothing. */
#ifndef NSX_PROC_H
#define NSX_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* The whole of a /proc file relative to DIRFD (a seq file may give one page per read) into
 * BUF, NUL-terminated; its length, or -1 when unreadable or larger than BUF. */
ssize_t read_whole_at(int dirfd, const char *name, char *buf, size_t cap);
/* The inode a /proc/PID/ns link names; 0 when unreadable. */
unsigned long ns_inode_at(int dirfd, const char *name);
/* The parent PID in /proc/PID/stat, or -1. */
pid_t parent_of(pid_t pid);
/* When PID started, in clock ticks after boot (field 22 of /proc/PID/stat), or -1: with the
 * PID, it names one process for good. */
long long start_ticks_of(pid_t pid);
/* Whether PID is in one of our containers: a top-level cgroup nsx-PID-START-N. */
int in_nsx_container(pid_t pid);
/* Whether the text of /proc/PID/cgroup puts the process in the cgroup NAME or one nested in it. */
int cgroup_text_names(const char *text, const char *name);
/* A procfs showing the PID namespace PIDNS_FD, mounted nowhere: its entries are the processes
 * that namespace shows, numbered as it numbers them. Its root's fd, or -errno (EINVAL: this
 * kernel lacks procfs's pidns= option). */
int pid_namespace_procfs(int pidns_fd);
/* The PID in the caller's namespace of process NR of PID namespace PIDNS_FD, or -errno (ESRCH:
 * gone; EINVAL or ENOTTY: this kernel lacks the ioctl). */
pid_t pid_from_namespace(int pidns_fd, pid_t nr);
/* Calls EACH(PID, CTX) for every entry of the procfs directory DIRFD that names a process,
 * until EACH returns non-zero, which it then returns; 0 at the end, or -errno when the
 * directory cannot be read. */
int each_pid_entry(int dirfd, int (*each)(pid_t pid, void *ctx), void *ctx);
/* NSpid of /proc/PID/status as "31337,5" (outermost first) into OUT; "-" when absent. */
void nspids_of(const char *status, char *out, size_t cap);

#endif
