/* nsx-spare.c: the next container's monitor, forked ahead of its launch (see there). */
#ifndef NSX_SPARE_H
#define NSX_SPARE_H

#include "nsx-protocol.h"
#include <stdint.h>
#include <sys/types.h>

/* In the zygote: forks a spare unless one waits. BUF is the zygote's request buffer (the
 * spare reads its request into its own copy). Returns 0, or an errno value when it could not. */
int spare_fork(int zygote_sfd, int switch_netns, char *buf);
/* Hands the accepted launch request BUF (LEN bytes, parsed into SP) to the spare, which becomes
 * its monitor. Returns the monitor's PID with the write end of its terminal input in *INPUT
 * (or -1), or 0 when there was no live spare (or it died before it took the request). RECEIVED_NS and FORKED_NS (0: the spare waited)
 * are the zygote's step marks, passed on when SP asks for its steps. */
pid_t spare_take(const char *buf, uint32_t len, const struct spec *sp, long long received_ns,
                 long long forked_ns, int *input);
/* Whether PID, just reaped, was the spare (then forgotten). */
int spare_ended(pid_t pid);
/* Whether no spare waits. */
int spare_wanted(void);

#endif
