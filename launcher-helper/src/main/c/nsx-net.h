/*
 * nsx-net: the network steps of a container, made with rtnetlink in the calling process's
 * net namespace: a veth pair whose peer lands in the container, a bridge between
 * containers, addresses, links up, a default route, dumps of links and addresses for probes,
 * and an ICMP echo for "ping".
 * Every function returns 0 or a negative errno.
 */
#ifndef NSX_NET_H
#define NSX_NET_H

#include <sys/types.h>

/* HOST_END here, PEER inside the net namespace of PEER_PID. */
int nsx_veth_create(const char *host_end, const char *peer, pid_t peer_pid);
/* HERE in this net namespace, PEER in the one open as fd PEER_NETNS. */
int nsx_veth_create_into(const char *here, const char *peer, int peer_netns);
/* Creates bridge NAME; an existing one is fine. */
int nsx_bridge_ensure(const char *name);
int nsx_link_set_master(const char *name, const char *master);
int nsx_link_up(const char *name);
/* CIDR as a.b.c.d/len; an address already there is fine. */
int nsx_addr_add(const char *name, const char *cidr);
int nsx_route_default(const char *gateway);
int nsx_link_delete(const char *name);
/* Whether an interface of that name is (still) there. */
int nsx_link_exists(const char *name);
/*
 * The switch: a new net namespace for a stage's bridge, where the host's firewall does not
 * reach (iptables and the br_netfilter switches are per net namespace, and a new one has no
 * rules). Made without moving the caller: answers an fd on it (close-on-exec, 16 or above).
 */
int nsx_switch_create(void);
/* Moves the calling process into the net namespace open as fd NETNS. */
int nsx_netns_enter(int netns);
/* Deletes the veth pair of the switch's uplink (PEER here, in the switch) and waits until its
 * HOST_END is gone from the host's /sys/class/net. */
void nsx_uplink_delete(const char *peer, const char *host_end);
/* The subnet reservations (a file that every helper edits under flock, removed when empty; see
 * SubnetReservations.java): drops the lines of the stage whose anchor is STAGE. */
#define NSX_RESERVATIONS "/run/nsx-explorer-subnets"
int nsx_reservations_drop(const char *path, long stage);
/* Deletes bridges named nsxbr<pid> whose nsx-stage anchor no longer runs (older stages made
 * them on the host). */
void nsx_remove_stale_bridges(void);

/* One RTM_GET* dump (RTM_GETLINK, RTM_GETADDR) of this net namespace: each answer is handed to
 * HANDLE with CTX. */
struct nlmsghdr;
int nsx_netlink_dump(int type, void (*handle)(struct nlmsghdr *nh, void *ctx), void *ctx);

/* COUNT echo requests to ADDRESS, five per second at most; REPORT gets each sequence number
 * with its round trip in microseconds, or -1 when no reply came within TIMEOUT_MS. */
int nsx_ping(const char *address, int count, int timeout_ms, void (*report)(int seq, long rtt_us, void *ctx),
             void *ctx);

#endif
