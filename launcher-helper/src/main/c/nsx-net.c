/* See nsx-net.h. Plain rtnetlink, as `ip link add ... type veth peer ... netns PID` sends it. */
#define _GNU_SOURCE
#include "nsx-net.h"
#include "nsx-util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <netinet/ip_icmp.h>
#include <linux/if_link.h>
#include <netinet/ip.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------- building and sending one request ---------- */

struct nl_msg {
    union {
        struct nlmsghdr nh;
        char buf[1024];
    } u;
};

static struct nlmsghdr *msg_start(struct nl_msg *m, int type, int flags)
{
    memset(m, 0, sizeof *m);
    m->u.nh.nlmsg_len = NLMSG_LENGTH(0);
    m->u.nh.nlmsg_type = (unsigned short)type;
    m->u.nh.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
    m->u.nh.nlmsg_seq = 1;
    return &m->u.nh;
}

/* Appends LEN bytes of a fixed header (ifinfomsg, ifaddrmsg, rtmsg) to the message. */
static void *msg_put(struct nl_msg *m, size_t len)
{
    void *at = m->u.buf + NLMSG_ALIGN(m->u.nh.nlmsg_len);
    if (NLMSG_ALIGN(m->u.nh.nlmsg_len) + NLMSG_ALIGN(len) > sizeof m->u.buf)
        return NULL;
    m->u.nh.nlmsg_len = (unsigned)(NLMSG_ALIGN(m->u.nh.nlmsg_len) + NLMSG_ALIGN(len));
    return at;
}

static struct rtattr *attr_put(struct nl_msg *m, int type, const void *data, size_t len)
{
    struct rtattr *a = msg_put(m, RTA_LENGTH(len));
    if (!a)
        return NULL;
    a->rta_type = (unsigned short)type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    if (len)
        memcpy(RTA_DATA(a), data, len);
    return a;
}

static void nest_end(struct nl_msg *m, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)((m->u.buf + m->u.nh.nlmsg_len) - (char *)nest);
}

/* Sends the message and returns the kernel's answer: 0 or a negative errno. */
static int msg_send(struct nl_msg *m)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -errno;
    int result = -EIO;
    if (send(fd, m->u.buf, m->u.nh.nlmsg_len, 0) < 0) {
        result = -errno;
    } else {
        char reply[4096] __attribute__((aligned(4)));
        ssize_t n = RETRY_EINTR(recv(fd, reply, sizeof reply, 0));
        struct nlmsghdr *nh = (struct nlmsghdr *)reply;
        if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) && nh->nlmsg_type == NLMSG_ERROR)
            result = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
        else if (n < 0)
            result = -errno;
    }
    close(fd);
    return result;
}

static int index_of(const char *name)
{
    unsigned index = if_nametoindex(name);
    return index ? (int)index : -ENODEV;
}

/* ---------- dumps ---------- */

int nsx_netlink_dump(int type, void (*handle)(struct nlmsghdr *nh, void *ctx), void *ctx)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -errno;
    struct {
        struct nlmsghdr nh;
        struct rtgenmsg g;
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = sizeof req;
    req.nh.nlmsg_type = (unsigned short)type;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.nh.nlmsg_seq = 1;
    req.g.rtgen_family = AF_UNSPEC;
    int result = -EIO;
    static char buf[32768] __attribute__((aligned(4)));
    if (send(fd, &req, sizeof req, 0) < 0) {
        result = -errno;
        goto done;
    }
    for (;;) {
        ssize_t n = RETRY_EINTR(recv(fd, buf, sizeof buf, 0));
        if (n <= 0) {
            result = n < 0 ? -errno : -EIO;
            goto done;
        }
        for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
            if (nh->nlmsg_type == NLMSG_DONE) {
                result = 0;
                goto done;
            }
            if (nh->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(nh);
                if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof *e) && e->error < 0)
                    result = e->error;
                goto done;
            }
            handle(nh, ctx);
        }
    }
done:
    close(fd);
    return result;
}

/* ---------- links ---------- */

/* A veth pair: HOST_END here, PEER in the net namespace that NS_ATTR (IFLA_NET_NS_PID or
 * IFLA_NET_NS_FD) names by VALUE. */
static int veth_create(const char *host_end, const char *peer, unsigned short ns_attr, unsigned value)
{
    struct nl_msg m;
    msg_start(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    msg_put(&m, sizeof(struct ifinfomsg));
    attr_put(&m, IFLA_IFNAME, host_end, strlen(host_end) + 1);
    struct rtattr *info = attr_put(&m, IFLA_LINKINFO, NULL, 0);
    attr_put(&m, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = attr_put(&m, IFLA_INFO_DATA, NULL, 0);
    struct rtattr *peer_info = attr_put(&m, VETH_INFO_PEER, NULL, 0);
    msg_put(&m, sizeof(struct ifinfomsg));
    attr_put(&m, IFLA_IFNAME, peer, strlen(peer) + 1);
    attr_put(&m, ns_attr, &value, sizeof value);
    nest_end(&m, peer_info);
    nest_end(&m, data);
    nest_end(&m, info);
    return msg_send(&m);
}

int nsx_veth_create(const char *host_end, const char *peer, pid_t peer_pid)
{
    return veth_create(host_end, peer, IFLA_NET_NS_PID, (unsigned)peer_pid);
}

int nsx_veth_create_into(const char *here, const char *peer, int peer_netns)
{
    return veth_create(here, peer, IFLA_NET_NS_FD, (unsigned)peer_netns);
}

int nsx_bridge_ensure(const char *name)
{
    struct nl_msg m;
    msg_start(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    msg_put(&m, sizeof(struct ifinfomsg));
    attr_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
    struct rtattr *info = attr_put(&m, IFLA_LINKINFO, NULL, 0);
    attr_put(&m, IFLA_INFO_KIND, "bridge", 6);
    nest_end(&m, info);
    int result = msg_send(&m);
    return result == -EEXIST ? 0 : result;
}

/* RTM_NEWLINK on an existing link: flags and attributes change, nothing is created. */
static int link_change(const char *name, unsigned flags, unsigned change, int master)
{
    int index = index_of(name);
    if (index < 0)
        return index;
    struct nl_msg m;
    msg_start(&m, RTM_NEWLINK, 0);
    struct ifinfomsg *ifi = msg_put(&m, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    ifi->ifi_flags = flags;
    ifi->ifi_change = change;
    if (master > 0)
        attr_put(&m, IFLA_MASTER, &master, sizeof master);
    return msg_send(&m);
}

int nsx_link_set_master(const char *name, const char *master)
{
    int master_index = index_of(master);
    return master_index < 0 ? master_index : link_change(name, 0, 0, master_index);
}

int nsx_link_up(const char *name)
{
    return link_change(name, IFF_UP, IFF_UP, 0);
}

int nsx_link_exists(const char *name)
{
    /* Unregistering takes the name out of the kernel's index at once, but its sysfs entry
     * (what `ip link` and /sys/class/net show) only later: gone means gone from both. */
    char path[64];
    snprintf(path, sizeof path, "/sys/class/net/%s", name);
    return if_nametoindex(name) != 0 || access(path, F_OK) == 0;
}

int nsx_link_delete(const char *name)
{
    int index = index_of(name);
    if (index < 0)
        return index;
    struct nl_msg m;
    msg_start(&m, RTM_DELLINK, 0);
    struct ifinfomsg *ifi = msg_put(&m, sizeof *ifi);
    ifi->ifi_index = index;
    return msg_send(&m);
}

/* ---------- addresses and routes ---------- */

static int parse_cidr(const char *cidr, struct in_addr *addr, int *prefix)
{
    char text[32];
    const char *slash = strchr(cidr, '/');
    if (!slash || (size_t)(slash - cidr) >= sizeof text)
        return -EINVAL;
    memcpy(text, cidr, (size_t)(slash - cidr));
    text[slash - cidr] = '\0';
    char *end;
    long len = strtol(slash + 1, &end, 10);
    if (*end || end == slash + 1 || len < 1 || len > 30 || inet_pton(AF_INET, text, addr) != 1)
        return -EINVAL;
    *prefix = (int)len;
    return 0;
}

int nsx_addr_add(const char *name, const char *cidr)
{
    struct in_addr addr;
    int prefix;
    int index = index_of(name);
    if (index < 0)
        return index;
    if (parse_cidr(cidr, &addr, &prefix) < 0)
        return -EINVAL;
    struct nl_msg m;
    msg_start(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg *ifa = msg_put(&m, sizeof *ifa);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = (unsigned char)prefix;
    ifa->ifa_index = (unsigned)index;
    attr_put(&m, IFA_LOCAL, &addr, sizeof addr);
    attr_put(&m, IFA_ADDRESS, &addr, sizeof addr);
    int result = msg_send(&m);
    return result == -EEXIST ? 0 : result;
}

int nsx_route_default(const char *gateway)
{
    struct in_addr via;
    if (inet_pton(AF_INET, gateway, &via) != 1)
        return -EINVAL;
    struct nl_msg m;
    msg_start(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    struct rtmsg *rt = msg_put(&m, sizeof *rt);
    rt->rtm_family = AF_INET;
    rt->rtm_table = RT_TABLE_MAIN;
    rt->rtm_protocol = RTPROT_BOOT;
    rt->rtm_scope = RT_SCOPE_UNIVERSE;
    rt->rtm_type = RTN_UNICAST;
    attr_put(&m, RTA_GATEWAY, &via, sizeof via);
    return msg_send(&m);
}

/* ---------- the switch: a net namespace of the stage's own for its bridge ---------- */

int nsx_switch_create(void)
{
    int host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (host < 0)
        return -errno;
    int result = 0;
    if (unshare(CLONE_NEWNET) < 0) {
        result = -errno;
    } else {
        int made = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (made < 0) {
            result = -errno;
        } else {
            /* Above the stage's fixed fds (see keep_anchor), which get closed or rewired. */
            result = fcntl(made, F_DUPFD_CLOEXEC, 16);
            if (result < 0)
                result = -errno;
            close(made);
        }
        /* Back home: only the anchor (and monitors, for a moment) may live in the switch. */
        if (setns(host, CLONE_NEWNET) < 0) {
            perror("nsx-stage: back to the host's net namespace");
            _exit(1);
        }
    }
    close(host);
    return result;
}

int nsx_netns_enter(int netns)
{
    return setns(netns, CLONE_NEWNET) < 0 ? -errno : 0;
}

void nsx_uplink_delete(const char *peer, const char *host_end)
{
    nsx_link_delete(peer);
    /* Gone from the host when /sys/class/net (mounted in the host's net namespace, so
     * showing its interfaces wherever we are) no longer lists it: 5 s at most. */
    char path[64];
    snprintf(path, sizeof path, "/sys/class/net/%s", host_end);
    for (int i = 0; i < 500 && access(path, F_OK) == 0; i++) {
        struct timespec pause = { 0, 10 * 1000 * 1000L };
        nanosleep(&pause, NULL);
    }
}

/* ---------- the subnet reservations every helper shares ---------- */

/* Keeps the lines of TEXT (LEN bytes) whose fourth field is not STAGE; answers the new length. */
static size_t drop_stage_lines(char *text, size_t len, long stage)
{
    size_t out = 0;
    for (size_t at = 0; at < len;) {
        char *end = memchr(text + at, '\n', len - at);
        size_t line_len = end ? (size_t)(end - (text + at)) + 1 : len - at;
        char line[256];
        long owner_stage = -1;
        if (line_len < sizeof line) {
            memcpy(line, text + at, line_len);
            line[line_len] = '\0';
            char subnet[64];
            long pid, start;
            if (sscanf(line, "%63s %ld %ld %ld", subnet, &pid, &start, &owner_stage) != 4)
                owner_stage = -1;
        }
        if (owner_stage != stage) {
            memmove(text + out, text + at, line_len);
            out += line_len;
        }
        at += line_len;
    }
    return out;
}

int nsx_reservations_drop(const char *path, long stage)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return errno == ENOENT ? 0 : -errno;
        struct stat held, named;
        int err = 0;
        if (RETRY_EINTR(flock(fd, LOCK_EX)) < 0)
            err = -errno;
        /* Removed (or replaced) by its last user while we waited: our lock guards nothing. */
        if (!err && (fstat(fd, &held) < 0 || lstat(path, &named) < 0 || held.st_dev != named.st_dev ||
                     held.st_ino != named.st_ino)) {
            close(fd);
            continue;
        }
        char text[65536];
        ssize_t n = err ? 0 : pread(fd, text, sizeof text, 0);
        if (!err && (n < 0 || n == (ssize_t)sizeof text))
            err = n < 0 ? -errno : -EFBIG;
        if (!err) {
            size_t kept = drop_stage_lines(text, (size_t)n, stage);
            if (kept == 0) {
                if (unlink(path) < 0)
                    err = -errno;
            } else if (kept < (size_t)n && (pwrite(fd, text, kept, 0) != (ssize_t)kept || ftruncate(fd, (off_t)kept) < 0)) {
                err = -errno;
            }
        }
        close(fd); /* releases the lock */
        return err;
    }
    return -EAGAIN;
}

/* ---------- leftovers of a stage that was killed ---------- */

static int anchor_alive(long pid)
{
    char path[64], comm[32] = "";
    snprintf(path, sizeof path, "/proc/%ld/comm", pid);
    FILE *in = fopen(path, "re");
    if (!in)
        return 0;
    int alive = fgets(comm, sizeof comm, in) && !strncmp(comm, "nsx-stage", 9);
    fclose(in);
    return alive;
}

void nsx_remove_stale_bridges(void)
{
    DIR *dir = opendir("/sys/class/net");
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        char *end;
        if (strncmp(e->d_name, "nsxbr", 5))
            continue;
        long pid = strtol(e->d_name + 5, &end, 10);
        if (!*end && end != e->d_name + 5 && !anchor_alive(pid))
            nsx_link_delete(e->d_name);
    }
    closedir(dir);
}

/* ---------- ping ---------- */

/* ping -i 0.2: quick enough for a class, still one echo at a time. */
#define PING_INTERVAL_US 200000L

static unsigned short checksum(const void *data, size_t len)
{
    const unsigned char *b = data;
    unsigned long sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (unsigned)(b[i] << 8 | b[i + 1]);
    if (len & 1)
        sum += (unsigned)(b[len - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return htons((unsigned short)~sum);
}

static long elapsed_us(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000000L + (now.tv_nsec - since->tv_nsec) / 1000;
}

/* Waits for the echo reply with ID and SEQ: its round trip, or -1 after TIMEOUT_MS. */
static long await_reply(int fd, unsigned short id, unsigned short seq, const struct timespec *sent, int timeout_ms)
{
    for (;;) {
        long left = timeout_ms - elapsed_us(sent) / 1000;
        struct pollfd p = { fd, POLLIN, 0 };
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return -1;
        unsigned char packet[1500];
        ssize_t n = recv(fd, packet, sizeof packet, 0);
        if (n < (ssize_t)sizeof(struct iphdr))
            continue;
        size_t header = (size_t)(((struct iphdr *)packet)->ihl * 4);
        if ((size_t)n < header + sizeof(struct icmphdr))
            continue;
        struct icmphdr *reply = (struct icmphdr *)(packet + header);
        if (reply->type == ICMP_ECHOREPLY && ntohs(reply->un.echo.id) == id &&
            ntohs(reply->un.echo.sequence) == seq)
            return elapsed_us(sent);
    }
}

int nsx_ping(const char *address, int count, int timeout_ms, void (*report)(int seq, long rtt_us, void *ctx),
             void *ctx)
{
    struct sockaddr_in to = { .sin_family = AF_INET };
    if (inet_pton(AF_INET, address, &to.sin_addr) != 1)
        return -EINVAL;
    int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0)
        return -errno;
    unsigned short id = (unsigned short)getpid();
    for (int seq = 1; seq <= count; seq++) {
        struct { struct icmphdr h; char payload[56]; } echo;
        memset(&echo, 0, sizeof echo);
        echo.h.type = ICMP_ECHO;
        echo.h.un.echo.id = htons(id);
        echo.h.un.echo.sequence = htons((unsigned short)seq);
        memcpy(echo.payload, "nsx-explorer ping", 17);
        echo.h.checksum = checksum(&echo, sizeof echo);
        struct timespec sent;
        clock_gettime(CLOCK_MONOTONIC, &sent);
        long rtt = -1;
        if (sendto(fd, &echo, sizeof echo, 0, (struct sockaddr *)&to, sizeof to) >= 0)
            rtt = await_reply(fd, id, (unsigned short)seq, &sent, timeout_ms);
        report(seq, rtt, ctx);
        if (seq < count && rtt >= 0 && rtt < PING_INTERVAL_US) {
            struct timespec pause = { 0, (PING_INTERVAL_US - rtt) * 1000L };
            nanosleep(&pause, NULL);
        }
    }
    close(fd);
    return 0;
}
