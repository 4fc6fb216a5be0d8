/* Small helpers every part of the stage may use. */
#ifndef NSX_UTIL_H
#define NSX_UTIL_H

#include <stddef.h>

/* Elements of a true array (not a pointer). */
#define N_ELEMENTS(a) (sizeof (a) / sizeof (a)[0])

/* A capability's bit in a 64-bit set (CAP_* from linux/capability.h). */
#define CAP_BIT(cap) (1ULL << (cap))

#endif
