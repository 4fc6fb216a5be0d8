/* The child's own parts (see nsx-stage.h): nsx-child.c and its mounts, nsx-child-mounts.c. */
#ifndef NSX_CHILD_H
#define NSX_CHILD_H

#include "nsx-protocol.h"
#include <sys/stat.h>

/* Reports STEP (with errno and DETAIL) to the monitor and exits. */
void fail(const char *step, const char *detail) __attribute__((noreturn));

/* The rootfs directory, reached from / without following any symlink; fails if it cannot. */
int open_rootfs(const char *rootfs, struct stat *st);
/* Makes the rootfs the working directory (bound onto itself and remounted nodev with a mount
 * namespace, on the overlay when there are layers); FIRST gets its identity. */
void enter_rootfs(const struct spec *sp, struct stat *first);
/* The mounts below the working directory (the rootfs): proc, dev, tmp, and sys when WITH_SYS. */
void mount_in_rootfs(const struct spec *sp, int with_sys);
/* A read-only sysfs, masked, below ROOTFD: it shows the mounter's net namespace. */
void mount_sys(int rootfd);
/* pivot_root into the working directory and detach the old root, or chroot into it. */
void leave_host_root(const struct spec *sp);
/* A container without a user namespace: its root is the host's, boxed in by its namespaces. */
void switch_root(const struct spec *sp);

#endif
