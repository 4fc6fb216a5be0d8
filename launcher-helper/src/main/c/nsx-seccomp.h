/*
 * nsx-seccomp: the system-call filter every container gets, Docker's default profile in
 * libseccomp calls (see nsx-seccomp.c for the profile and where it differs from Docker's).
 */
#ifndef NSX_SECCOMP_H
#define NSX_SECCOMP_H

#include <stdint.h>

/*
 * Builds the filter for containers that keep KEEP_CAPS (with OWN_USER_NS or not) and keeps it
 * for every later one of their kind: called in the zygote before it forks a monitor, so that
 * the container only loads it. Returns 0 or a negative errno (nsx_seccomp_apply tells which step).
 */
int nsx_seccomp_prepare(uint64_t keep_caps, int own_user_ns);

/*
 * Loads the filter into the calling process (built now if not prepared); it holds across execve and for every process
 * the container makes. KEEP_CAPS is the capability set the container keeps (bit N =
 * capability N): as in Docker, calls that a capability allows are allowed with it.
 * OWN_USER_NS says whether those capabilities hold only in the container's own user
 * namespace. Call it last, right before execve, after no_new_privs (which loading without
 * CAP_SYS_ADMIN requires) and the capability drop.
 * Returns 0, or a negative errno with *FAILED naming the call or step that failed.
 */
int nsx_seccomp_apply(uint64_t keep_caps, int own_user_ns, const char **failed);

#endif
