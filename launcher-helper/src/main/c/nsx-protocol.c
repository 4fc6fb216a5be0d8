/* See nsx-protocol.h. Pure functions only (but nsx_read_request, which reads its fd). */
#define _GNU_SOURCE
#include "nsx-protocol.h"
#include "nsx-namespaces.h"
#include "nsx-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- validation helpers ---------- */

int nsx_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return 1;
}

int nsx_is_plain_absolute(const char *path)
{
    if (path[0] != '/' || !path[1])
        return 0;
    for (const char *slash = path; slash; slash = strchr(slash + 1, '/')) {
        const char *name = slash + 1;
        size_t n = strcspn(name, "/");
        if (n == 0 || (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.'))
            return 0;
    }
    return 1;
}

/* Only directories named nsx-* under /sys/fs/cgroup are ours to join, kill and remove. */
static int is_nsx_cgroup_path(const char *path)
{
    const char *base = strrchr(path, '/');
    return nsx_is_plain_absolute(path) && !strncmp(path, "/sys/fs/cgroup/", 15) && !strncmp(base + 1, "nsx-", 4);
}

int nsx_valid_overlay_prefix(const char *prefix)
{
    const char *base = strrchr(prefix, '/');
    return nsx_is_plain_absolute(prefix) && base && base - prefix >= 8 && !strncmp(base - 8, "/overlay", 8) &&
           !strncmp(base + 1, "nsx-", 4);
}

/* The most a container may keep, whatever a request says (see CapabilityPolicy). */
#define CAPS_ALLOWED (CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_FSETID) | \
                      CAP_BIT(CAP_KILL) | CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETPCAP) | \
                      CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_NET_ADMIN) | CAP_BIT(CAP_NET_RAW) | \
                      CAP_BIT(CAP_SYS_CHROOT) | CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) | \
                      CAP_BIT(CAP_AUDIT_WRITE) | CAP_BIT(CAP_SETFCAP))

/* uid_map/gid_map text: digits, spaces and newlines only (the kernel parses the rest). */
static int valid_map(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == ' ' || *s == '\n'))
            return 0;
    return 1;
}

int nsx_parse_number(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_namespaces(const char *list, struct spec *sp)
{
    char buf[256];
    if (strlen(list) >= sizeof buf)
        return -1;
    strcpy(buf, list);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const struct nsx_namespace *ns = nsx_namespace_named(tok, strlen(tok));
        if (!ns) {
            if (strcmp(tok, "none"))
                return -1;
        } else if (ns->flag == CLONE_NEWCGROUP) {
            sp->new_cgroup_ns = 1; /* unshared later, once in the container's cgroup */
        } else if (ns->flag == CLONE_NEWTIME) {
            sp->new_time_ns = 1;   /* unshared later: it applies to children only */
        } else {
            sp->clone_flags |= (unsigned long)ns->flag;
        }
    }
    return 0;
}

static int parse_mounts(const char *list, struct spec *sp)
{
    if (!strcmp(list, "proc")) sp->mount_proc = 1;
    else if (!strcmp(list, "dev")) sp->mount_dev = 1;
    else if (!strcmp(list, "tmp")) sp->mount_tmp = 1;
    else if (!strcmp(list, "sys")) sp->mount_sys = 1;
    else return -1;
    return 0;
}

/* Interface names the broker chooses: nsx..., at most 15 bytes of [a-z0-9-]. */
static int valid_host_if(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || n >= IFNAMSIZ || strncmp(s, "nsx", 3))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* The one bridge a stage may make or use: nsxbr<its anchor's pid>, which the anchor deletes. */
static int is_own_bridge(const char *s, pid_t anchor)
{
    char mine[IFNAMSIZ];
    snprintf(mine, sizeof mine, "nsxbr%d", (int)anchor);
    return !strcmp(s, mine);
}

/* An IPv4 address, with /prefix when CIDR. */
static int valid_ipv4(const char *s, int cidr)
{
    char text[32];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    if ((slash != NULL) != cidr || n >= sizeof text)
        return 0;
    memcpy(text, s, n);
    text[n] = '\0';
    struct in_addr a;
    long long prefix = 24;
    return inet_pton(AF_INET, text, &a) == 1 && (!cidr || (!nsx_parse_number(slash + 1, &prefix) && prefix >= 8 &&
                                                          prefix <= 30));
}

/* join=TYPE:PID, for net, ipc, uts and pid (the broker checked PID is a container's). */
static int parse_join(const char *val, struct spec *sp)
{
    const char *colon = strchr(val, ':');
    const struct nsx_namespace *ns = colon ? nsx_namespace_named(val, (size_t)(colon - val)) : NULL;
    long long pid;
    if (sp->njoins >= MAX_JOINS || !ns || !ns->joinable)
        return -1;
    if (nsx_parse_number(colon + 1, &pid) || pid <= 1 || pid > 0x7fffffff)
        return -1;
    for (int j = 0; j < sp->njoins; j++)
        if (sp->joins[j].type == ns->flag)
            return -1;
    sp->joins[sp->njoins].type = ns->flag;
    sp->joins[sp->njoins++].pid = (pid_t)pid;
    return 0;
}

/* Whether the container would reach something of the host's as root: the root directory
 * (chroot), the mounts, processes, network or IPC objects (own or another container's). */
static int shares_with_host(const struct spec *sp)
{
    unsigned long have = sp->clone_flags;
    for (int i = 0; i < sp->njoins; i++)
        have |= (unsigned long)sp->joins[i].type;
    return !sp->use_pivot || !(have & CLONE_NEWNS) || !(have & CLONE_NEWPID) || !(have & CLONE_NEWNET) ||
           !(have & CLONE_NEWIPC);
}

/* A shell in another's container (enter=PID) has nothing of its own but cgroups, a terminal,
 * capabilities and its command. Whether it may keep the host's user namespace (hostroot=1,
 * never with enteruid) is checked by the monitor, which alone sees the target's namespaces. */
static const char *check_enter(struct spec *sp)
{
    if (!sp->enter_pid) return "enter";
    if (sp->enter_start < 0) return "enterstart";
    if (sp->rootfs || sp->clone_flags || sp->new_cgroup_ns || sp->new_time_ns || sp->njoins || sp->hostname ||
        sp->mount_proc || sp->mount_dev || sp->mount_tmp || sp->mount_sys || sp->net_mode || sp->lo_up ||
        sp->uid_map || sp->gid_map || sp->boottime || sp->monotonic || sp->nlowers || sp->upper || sp->work)
        return "enter";
    if (sp->host_root && sp->enter_uid >= 0) return "enteruid";
    if (!sp->path) return "path";
    if (sp->argc == 0) return "arg";
    sp->use_pivot = 0;
    sp->argv[sp->argc] = NULL;
    sp->envp[sp->envc] = NULL;
    return NULL;
}

/* ---------- launch ---------- */

const char *nsx_parse_request(char *buf, size_t len, pid_t anchor, struct spec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->use_pivot = 1;
    sp->enter_uid = -1;
    sp->enter_start = -1;
    sp->stdio_null = 1;
    size_t pos = 0;
    while (pos < len) {
        char *entry = buf + pos;
        size_t n = strnlen(entry, len - pos);
        if (n == len - pos)
            return "framing";
        pos += n + 1;
        char *eq = strchr(entry, '=');
        if (!eq)
            return entry;
        *eq = '\0';
        const char *key = entry, *val = eq + 1;
        long long num;
        if (!strcmp(key, "op")) {
            if (strcmp(val, "launch"))
                return key;
        } else if (!strcmp(key, "id")) {
            if (!nsx_valid_id(val))
                return key;
            strcpy(sp->id, val);
        } else if (!strcmp(key, "ns")) {
            if (parse_namespaces(val, sp))
                return key;
        } else if (!strcmp(key, "rootfs")) {
            if (!nsx_is_plain_absolute(val))
                return key;
            sp->rootfs = val;
        } else if (!strcmp(key, "root")) {
            if (!strcmp(val, "pivot")) sp->use_pivot = 1;
            else if (!strcmp(val, "chroot")) sp->use_pivot = 0;
            else return key;
        } else if (!strcmp(key, "hostname")) {
            sp->hostname = val;
        } else if (!strcmp(key, "mount")) {
            if (parse_mounts(val, sp))
                return key;
        } else if (!strcmp(key, "tmpsize")) {
            if (nsx_parse_number(val, &num) || num < 4096)
                return key;
            sp->tmp_size = num;
        } else if (!strcmp(key, "cgroup")) {
            if (!is_nsx_cgroup_path(val) || sp->ncgroups >= MAX_CGROUPS)
                return key;
            sp->cgroups[sp->ncgroups++] = val;
        } else if (!strcmp(key, "uidmap")) {
            if (!valid_map(val))
                return key;
            sp->uid_map = val;
        } else if (!strcmp(key, "gidmap")) {
            if (!valid_map(val))
                return key;
            sp->gid_map = val;
        } else if (!strcmp(key, "boottime")) {
            if (nsx_parse_number(val, &num))
                return key;
            sp->boottime = num;
        } else if (!strcmp(key, "monotonic")) {
            if (nsx_parse_number(val, &num))
                return key;
            sp->monotonic = num;
        } else if (!strcmp(key, "stdio")) {
            if (!strcmp(val, "null")) sp->stdio_null = 1;
            else if (!strcmp(val, "inherit")) sp->stdio_null = 0;
            else if (!strcmp(val, "pty")) sp->stdio_null = 0, sp->stdio_pty = 1;
            else return key;
        } else if (!strcmp(key, "rows") || !strcmp(key, "cols")) {
            if (nsx_parse_number(val, &num) || num < 1 || num > 1000)
                return key;
            *(!strcmp(key, "rows") ? &sp->rows : &sp->cols) = num;
        } else if (!strcmp(key, "caps")) {
            char *end;
            errno = 0;
            sp->keep_caps = strtoull(val, &end, 16);
            if (errno || end == val || *end || val[0] == '-' || (sp->keep_caps & ~CAPS_ALLOWED))
                return key;
        } else if (!strcmp(key, "hostroot")) {
            if (strcmp(val, "1"))
                return key;
            sp->host_root = 1;
        } else if (!strcmp(key, "steps")) {
            if (strcmp(val, "1"))
                return key;
            sp->steps = 1;
        } else if (!strcmp(key, "net")) {
            if (strcmp(val, "veth") && strcmp(val, "bridge"))
                return key;
            sp->net_mode = val;
        } else if (!strcmp(key, "hostif")) {
            if (!valid_host_if(val))
                return key;
            sp->host_if = val;
        } else if (!strcmp(key, "hostaddr") || !strcmp(key, "addr") || !strcmp(key, "bridgeaddr")) {
            if (!valid_ipv4(val, 1))
                return key;
            *(!strcmp(key, "hostaddr") ? &sp->host_addr : !strcmp(key, "addr") ? &sp->addr : &sp->bridge_addr) = val;
        } else if (!strcmp(key, "gateway")) {
            if (!valid_ipv4(val, 0))
                return key;
            sp->gateway = val;
        } else if (!strcmp(key, "bridge")) {
            if (!is_own_bridge(val, anchor))
                return key;
            sp->bridge = val;
        } else if (!strcmp(key, "lo")) {
            if (strcmp(val, "up"))
                return key;
            sp->lo_up = 1;
        } else if (!strcmp(key, "join")) {
            if (parse_join(val, sp))
                return key;
        } else if (!strcmp(key, "enter")) {
            long long pid;
            if (nsx_parse_number(val, &pid) || pid <= 1 || pid > 0x7fffffff)
                return key;
            sp->enter_pid = (pid_t)pid;
        } else if (!strcmp(key, "enterstart")) {
            if (nsx_parse_number(val, &sp->enter_start) || sp->enter_start < 0)
                return key;
        } else if (!strcmp(key, "enteruid")) {
            if (nsx_parse_number(val, &sp->enter_uid) || sp->enter_uid < 0 || sp->enter_uid >= 0xffffffffLL)
                return key;
        } else if (!strcmp(key, "lower")) {
            if (!nsx_is_plain_absolute(val) || sp->nlowers >= MAX_LAYERS)
                return key;
            sp->lowers[sp->nlowers++] = val;
        } else if (!strcmp(key, "upper") || !strcmp(key, "work")) {
            if (!nsx_is_plain_absolute(val))
                return key;
            *(!strcmp(key, "upper") ? &sp->upper : &sp->work) = val;
        } else if (!strcmp(key, "path")) {
            if (val[0] != '/')
                return key;
            sp->path = val;
        } else if (!strcmp(key, "arg")) {
            if (sp->argc >= MAX_LIST)
                return key;
            sp->argv[sp->argc++] = (char *)val;
        } else if (!strcmp(key, "env")) {
            if (sp->envc >= MAX_LIST || !strchr(val, '='))
                return key;
            sp->envp[sp->envc++] = (char *)val;
        } else {
            return key;
        }
    }
    if (!sp->id[0]) return "id";
    if (sp->enter_pid || sp->enter_uid >= 0 || sp->enter_start >= 0)
        return check_enter(sp);
    if (!sp->rootfs) return "rootfs";
    if (!sp->path) return "path";
    if (sp->argc == 0) return "arg";
    if ((sp->clone_flags & CLONE_NEWUSER) && (!sp->uid_map || !sp->gid_map)) return "uidmap";
    if (sp->use_pivot && !(sp->clone_flags & CLONE_NEWNS)) return "root";
    if (sp->hostname && (!(sp->clone_flags & CLONE_NEWUTS) || strlen(sp->hostname) > 64)) return "hostname";
    /* Without a user namespace these would be the host's own: granted there only on purpose. */
    if (!(sp->clone_flags & CLONE_NEWUSER) && !sp->host_root && (sp->keep_caps & (CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD))))
        return "caps";
    if (sp->host_root && (sp->clone_flags & CLONE_NEWUSER)) return "hostroot";
    /* The broker's rule, checked again: a container that shares something with the host runs
     * in a user namespace, unless it keeps the host root's powers on purpose. */
    if (!(sp->clone_flags & CLONE_NEWUSER) && !sp->host_root && shares_with_host(sp)) return "ns";
    if ((sp->mount_proc || sp->mount_dev || sp->mount_tmp || sp->mount_sys) && !(sp->clone_flags & CLONE_NEWNS))
        return "mount";
    if (sp->net_mode || sp->lo_up) {
        if (!(sp->clone_flags & CLONE_NEWNET)) return "net";
    }
    if (sp->net_mode && (!sp->host_if || !sp->addr || !sp->gateway)) return "net";
    if (sp->net_mode && !strcmp(sp->net_mode, "veth") && (!sp->host_addr || sp->bridge)) return "hostaddr";
    if (sp->net_mode && !strcmp(sp->net_mode, "bridge") && (!sp->bridge || !sp->bridge_addr || sp->host_addr))
        return "bridge";
    for (int i = 0; i < sp->njoins; i++)
        if (sp->joins[i].type & (int)sp->clone_flags) return "join";
    if ((sp->nlowers || sp->upper || sp->work) && (!sp->nlowers || !sp->upper || !sp->work ||
                                                   !(sp->clone_flags & CLONE_NEWNS)))
        return "upper";
    sp->argv[sp->argc] = NULL;
    sp->envp[sp->envc] = NULL;
    return NULL;
}

/* ---------- the small requests ---------- */

static const struct {
    const char *name;
    enum nsx_op op;
} OPS[] = {
    { "signal", OP_SIGNAL }, { "signal-process", OP_SIGNAL_PROCESS }, { "claim", OP_CLAIM },
    { "unclaim", OP_UNCLAIM }, { "probe", OP_PROBE }, { "ping", OP_PING }, { "loopback", OP_LOOPBACK },
    { "input", OP_INPUT }, { "resize", OP_RESIZE },
};

enum nsx_op nsx_request_op(const char *buf, size_t len)
{
    for (size_t i = 0; i < N_ELEMENTS(OPS); i++) {
        size_t n = strlen(OPS[i].name) + 1; /* with its NUL: the whole first string */
        if (len >= 3 + n && !memcmp(buf, "op=", 3) && !memcmp(buf + 3, OPS[i].name, n))
            return OPS[i].op;
    }
    return OP_LAUNCH;
}

/* The entry at *POS, and *POS moved past it (BUF[LEN] is a NUL: the last may lack its own). */
static const char *next_entry(const char *buf, size_t len, size_t *pos)
{
    const char *entry = buf + *pos;
    *pos += strnlen(entry, len - *pos) + 1;
    return entry;
}

void nsx_parse_small_request(const char *buf, size_t len, struct small_request *r)
{
    memset(r, 0, sizeof *r);
    strcpy(r->id, "-");
    r->data = "";
    size_t pos = 0;
    while (pos < len) {
        const char *entry = next_entry(buf, len, &pos);
        if (!strncmp(entry, "id=", 3) && nsx_valid_id(entry + 3))
            strcpy(r->id, entry + 3);
        else if (!strncmp(entry, "container=", 10) && nsx_valid_id(entry + 10))
            strcpy(r->container, entry + 10);
        else if (!strncmp(entry, "pid=", 4))
            nsx_parse_number(entry + 4, &r->pid);
        else if (!strncmp(entry, "sig=", 4))
            nsx_parse_number(entry + 4, &r->sig);
        else if (!strncmp(entry, "what=", 5) && strlen(entry + 5) < sizeof r->what)
            strcpy(r->what, entry + 5);
        else if (!strncmp(entry, "count=", 6))
            nsx_parse_number(entry + 6, &r->count);
        else if (!strncmp(entry, "addr=", 5) && strlen(entry + 5) < sizeof r->addr)
            strcpy(r->addr, entry + 5);
        else if (!strncmp(entry, "data=", 5))
            r->data = entry + 5;
        else if (!strncmp(entry, "rows=", 5))
            nsx_parse_number(entry + 5, &r->rows);
        else if (!strncmp(entry, "cols=", 5))
            nsx_parse_number(entry + 5, &r->cols);
    }
}

enum nsx_probe_kind nsx_probe_kind(const struct small_request *r)
{
    if (!strcmp(r->what, "processes-outside-my-pid-namespace"))
        return PROBE_PROCESSES_ELSEWHERE;
    return !strcmp(r->what, "processes") ? PROBE_PROCESSES : PROBE_NAMESPACES;
}

#define MAX_PID 0x7fffffff

int nsx_small_request_valid(enum nsx_op op, const struct small_request *r)
{
    struct in_addr a;
    switch (op) {
    case OP_SIGNAL: /* the first process of a container: never PID 1 */
        return r->pid > 1 && r->pid <= MAX_PID && r->sig >= 1 && r->sig <= 64;
    case OP_SIGNAL_PROCESS:
        return r->pid >= 1 && r->pid <= MAX_PID && r->sig >= 1 && r->sig <= 64 && r->container[0];
    case OP_PROBE:
        return nsx_probe_kind(r) != PROBE_NAMESPACES || (r->pid >= 1 && r->pid <= MAX_PID);
    case OP_PING: /* pid 0: from the host */
        return r->pid >= 0 && r->pid <= MAX_PID && r->count >= 1 && r->count <= 10 &&
               inet_pton(AF_INET, r->addr, &a) == 1;
    case OP_LOOPBACK: /* never the host's own */
        return r->pid >= 2 && r->pid <= MAX_PID;
    case OP_RESIZE:
        return r->rows >= 1 && r->rows <= 1000 && r->cols >= 1 && r->cols <= 1000;
    default:
        return 1;
    }
}

const char *nsx_next_claim(const char *buf, size_t len, size_t *pos)
{
    while (*pos < len) {
        const char *entry = next_entry(buf, len, pos);
        if (!strncmp(entry, "cgroup=", 7) && is_nsx_cgroup_path(entry + 7))
            return entry + 7;
    }
    return NULL;
}

ssize_t nsx_decode_hex(const char *hex, unsigned char *out, size_t cap)
{
    size_t hex_len = strlen(hex), n = 0;
    for (size_t i = 0; i + 1 < hex_len && n < cap; i += 2) {
        unsigned int byte;
        if (sscanf(hex + i, "%2x", &byte) != 1)
            return -1;
        out[n++] = (unsigned char)byte;
    }
    return (ssize_t)n;
}

/* ---------- frames ---------- */

int nsx_read_request(int fd, char *buf, uint32_t *len)
{
    unsigned char header[4];
    if (read_full(fd, header, sizeof header) < 0)
        return -1;
    *len = header[0] | header[1] << 8 | header[2] << 16 | (uint32_t)header[3] << 24;
    if (*len > MAX_REQUEST) {
        for (uint32_t left = *len; left > 0;) {
            uint32_t chunk = left > MAX_REQUEST ? MAX_REQUEST : left;
            if (read_full(fd, buf, chunk) < 0)
                return -1;
            left -= chunk;
        }
        return 1;
    }
    if (read_full(fd, buf, *len) < 0)
        return -1;
    buf[*len] = '\0';
    return 0;
}
