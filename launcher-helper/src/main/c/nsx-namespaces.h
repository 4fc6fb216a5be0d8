/* The eight namespaces, written once for every site of the stage: the name the broker sends
 * and /proc/PID/ns/ names, the clone flag, and whether a new container may join a running
 * one's (a pod: net, ipc, uts, pid). The order is that of a process scan's eight inodes, which
 * the broker reads in the same order (Namespace.values()). */
#ifndef NSX_NAMESPACES_H
#define NSX_NAMESPACES_H

#include "nsx-util.h"
#include <sched.h>
#include <stddef.h>
#include <string.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct nsx_namespace {
    const char *name;    /* as the broker and /proc/PID/ns/ name it */
    const char *ns_file; /* relative to /proc/PID */
    int flag;            /* CLONE_NEW* */
    int joinable;        /* may a new container share a running one's */
};

static const struct nsx_namespace NSX_NAMESPACES[] = {
    { "mnt", "ns/mnt", CLONE_NEWNS, 0 },
    { "uts", "ns/uts", CLONE_NEWUTS, 1 },
    { "ipc", "ns/ipc", CLONE_NEWIPC, 1 },
    { "net", "ns/net", CLONE_NEWNET, 1 },
    { "pid", "ns/pid", CLONE_NEWPID, 1 },
    { "user", "ns/user", CLONE_NEWUSER, 0 },
    { "cgroup", "ns/cgroup", CLONE_NEWCGROUP, 0 },
    { "time", "ns/time", CLONE_NEWTIME, 0 },
};

/* The namespace called NAME (LEN bytes of it), or NULL. */
static inline const struct nsx_namespace *nsx_namespace_named(const char *name, size_t len)
{
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++)
        if (strlen(NSX_NAMESPACES[i].name) == len && !strncmp(NSX_NAMESPACES[i].name, name, len))
            return &NSX_NAMESPACES[i];
    return NULL;
}

/* The namespace of clone flag FLAG, or NULL. */
static inline const struct nsx_namespace *nsx_namespace_of_flag(int flag)
{
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++)
        if (NSX_NAMESPACES[i].flag == flag)
            return &NSX_NAMESPACES[i];
    return NULL;
}

/* Its index in NSX_NAMESPACES (the scan's order). */
static inline size_t nsx_namespace_index(const struct nsx_namespace *ns)
{
    return (size_t)(ns - NSX_NAMESPACES);
}

#endif
