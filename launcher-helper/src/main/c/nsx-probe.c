/* Probers (see nsx-stage.h): short-lived children of the zygote that report what a process
 * sees from inside its namespaces, scan /proc, or act in a container's net namespace (ping,
 * loopback). They run no program; only loopback changes anything. */
#define _GNU_SOURCE
#include "nsx-namespaces.h"
#include "nsx-net.h"
#include "nsx-proc.h"
#include "nsx-stage.h"
#include "nsx-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------- output: a prober's lines gathered into few writes ---------- */

/* Each write to the event pipe wakes the broker's reader: a prober's lines go out in writes of
 * whole lines under PIPE_BUF, so they stay atomic, and few. */
static char batch[4000];
static size_t batch_used;

static void batch_flush(void)
{
    if (batch_used > 0) {
        ssize_t ignored = write(EVENT_FD, batch, batch_used);
        (void)ignored;
        batch_used = 0;
    }
}

static void batch_write(const char *line, size_t len)
{
    if (len >= sizeof batch)
        return;
    if (batch_used + len > sizeof batch)
        batch_flush();
    memcpy(batch + batch_used, line, len);
    batch_used += len;
}

/* As emit(), into the batch. */
static void batch_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void batch_emit(const char *fmt, ...)
{
    char line[EVENT_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    size_t n = format_event(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        batch_write(line, n);
}

/* The batch, then LINE's error, then the end of this prober. */
static void fail_probe(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void fail_probe(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    batch_flush();
    emit("%s", line);
    _exit(1);
}

/* ---------- probes: what a process sees, read from inside its namespaces ---------- */

/* procfs sysctls and SysV IPC show the reader's namespaces, and interfaces are listed by a
 * netlink socket of the reader's net namespace: a short-lived prober joins the target's
 * UTS, IPC and net namespaces (setns is per process here, and the prober is single-threaded)
 * and reports what it sees. It runs no program and changes nothing. */

static void probe_link(struct nlmsghdr *nh, void *id)
{
    struct ifinfomsg *ifi = NLMSG_DATA(nh);
    int len = (int)IFLA_PAYLOAD(nh);
    char name[3 * IFNAMSIZ + 1] = "", mac[3 * 32 + 1] = "-";
    unsigned mtu = 0;
    int link = 0;
    for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFLA_IFNAME)
            encode(name, sizeof name, RTA_DATA(a), strnlen(RTA_DATA(a), RTA_PAYLOAD(a)));
        else if (a->rta_type == IFLA_MTU && RTA_PAYLOAD(a) >= 4)
            memcpy(&mtu, RTA_DATA(a), 4);
        else if (a->rta_type == IFLA_LINK && RTA_PAYLOAD(a) >= 4)
            memcpy(&link, RTA_DATA(a), 4);
        else if (a->rta_type == IFLA_ADDRESS && RTA_PAYLOAD(a) > 0 && RTA_PAYLOAD(a) <= 32) {
            unsigned char *b = RTA_DATA(a);
            size_t o = 0;
            for (size_t i = 0; i < RTA_PAYLOAD(a); i++)
                o += (size_t)snprintf(mac + o, sizeof mac - o, i ? ":%02x" : "%02x", b[i]);
        }
    }
    batch_emit("%s probe link %d %s %u %u %s %d", (const char *)id, ifi->ifi_index, name, ifi->ifi_flags, mtu, mac,
               link);
}

static void probe_addr(struct nlmsghdr *nh, void *id)
{
    struct ifaddrmsg *ifa = NLMSG_DATA(nh);
    int len = (int)IFA_PAYLOAD(nh);
    void *address = NULL, *local = NULL;
    for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFA_ADDRESS)
            address = RTA_DATA(a);
        else if (a->rta_type == IFA_LOCAL)
            local = RTA_DATA(a);
    }
    void *shown = local ? local : address; /* on point-to-point links IFA_LOCAL is ours */
    char text[INET6_ADDRSTRLEN];
    if (!shown || (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) ||
        !inet_ntop(ifa->ifa_family, shown, text, sizeof text))
        return;
    batch_emit("%s probe addr %u %d %s %u", (const char *)id, ifa->ifa_index, ifa->ifa_family == AF_INET ? 4 : 6,
               text, ifa->ifa_prefixlen);
}

/* /proc/sysvipc/KIND of the prober's (now the target's) IPC namespace, line by line. */
static void probe_sysvipc(const char *id, const char *kind)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
    FILE *in = fopen(path, "re");
    if (!in)
        return;
    char line[512];
    int header = 1;
    while (fgets(line, sizeof line, in)) {
        if (header) {
            header = 0;
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        batch_emit("%s probe %s %s", id, kind, line); /* numbers and spaces only */
    }
    fclose(in);
}

static void list_pid_namespace(const char *id, int pidns_fd);

static void prober_main(const char *id, pid_t pid) __attribute__((noreturn));

static void prober_main(const char *id, pid_t pid)
{
    /* The probe reads the hostname, the interfaces and the IPC objects: it joins these three.
     * It lists the processes of the PID namespace, which it never joins. */
    const struct nsx_namespace *kinds[] = {
        nsx_namespace_of_flag(CLONE_NEWUTS), nsx_namespace_of_flag(CLONE_NEWIPC), nsx_namespace_of_flag(CLONE_NEWNET),
    };
    int fds[N_ELEMENTS(kinds)];
    /* All are opened before joining any, so each names the target's own namespace. */
    char pidns_path[64];
    snprintf(pidns_path, sizeof pidns_path, "/proc/%d/ns/pid", pid);
    int pidns = open(pidns_path, O_RDONLY | O_CLOEXEC);
    if (pidns < 0)
        fail_probe("%s error probe %d %s", id, errno, pidns_path);
    for (size_t i = 0; i < N_ELEMENTS(kinds); i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/%s", pid, kinds[i]->ns_file);
        if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0)
            fail_probe("%s error probe %d /proc/%d/%s", id, errno, pid, kinds[i]->ns_file);
    }
    for (size_t i = 0; i < N_ELEMENTS(kinds); i++) {
        struct stat st;
        if (fstat(fds[i], &st) < 0 || setns(fds[i], kinds[i]->flag) < 0)
            fail_probe("%s error probe %d setns %s", id, errno, kinds[i]->name);
        batch_emit("%s probe ns %s %lu", id, kinds[i]->name, (unsigned long)st.st_ino);
        close(fds[i]);
    }
    list_pid_namespace(id, pidns);
    struct utsname u;
    if (uname(&u) == 0) {
        char node[3 * sizeof u.nodename + 1], domain[3 * sizeof u.domainname + 1];
        encode(node, sizeof node, (unsigned char *)u.nodename, strnlen(u.nodename, sizeof u.nodename));
        encode(domain, sizeof domain, (unsigned char *)u.domainname, strnlen(u.domainname, sizeof u.domainname));
        batch_emit("%s probe uts %s %s", id, node, domain);
    }
    int err;
    if ((err = nsx_netlink_dump(RTM_GETLINK, probe_link, (void *)id)) < 0 ||
        (err = nsx_netlink_dump(RTM_GETADDR, probe_addr, (void *)id)) < 0)
        batch_emit("%s error probe %d netlink", id, -err);
    probe_sysvipc(id, "shm");
    probe_sysvipc(id, "sem");
    probe_sysvipc(id, "msg");
    batch_emit("%s probe end", id);
    batch_flush();
    _exit(0);
}

/* ---------- process scans: /proc read in C, because a snapshot must be cheap ---------- */

/* The flag in /proc/PID/stat of a kernel thread (include/linux/sched.h). */
#define PF_KTHREAD 0x00200000

/* One process as "ID probe proc PID PPID UID STATE NSPIDS NS8 COMM CMDLINE"; 0 if it vanished. */
static int scan_process(const char *id, int procfd, const char *name, unsigned long self_pidns,
                        int only_other_pidns)
{
    int dfd = openat(procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return 0;
    unsigned long ns[N_ELEMENTS(NSX_NAMESPACES)];
    struct stat st;
    /* The PID namespace first: a container's scan skips the host's processes after one stat. */
    const struct nsx_namespace *pidns = nsx_namespace_of_flag(CLONE_NEWPID);
    size_t pid_index = nsx_namespace_index(pidns);
    ns[pid_index] = ns_inode_at(dfd, pidns->ns_file);
    if (only_other_pidns && (ns[pid_index] == self_pidns || ns[pid_index] == 0)) {
        close(dfd);
        return 0;
    }
    for (size_t i = 0; i < N_ELEMENTS(NSX_NAMESPACES); i++)
        if (i != pid_index)
            ns[i] = ns_inode_at(dfd, NSX_NAMESPACES[i].ns_file);
    char stat[1024], cmd[1025], line[4000];
    if (fstatat(dfd, "", &st, AT_EMPTY_PATH) < 0 || read_at(dfd, "stat", stat, sizeof stat) < 0) {
        close(dfd);
        return 0;
    }
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    char state;
    int ppid;
    unsigned flags;
    if (!open_paren || !close_paren ||
        sscanf(close_paren + 2, "%c %d %*d %*d %*d %*d %u", &state, &ppid, &flags) != 3) {
        close(dfd);
        return 0;
    }
    char comm[3 * 64 + 1];
    encode(comm, sizeof comm, (unsigned char *)open_paren + 1, (size_t)(close_paren - open_paren - 1));
    /* NSpid only differs from the PID outside the helper's PID namespace. */
    char nspids[256];
    snprintf(nspids, sizeof nspids, "%s", name);
    if (ns[pid_index] != self_pidns) {
        char status[4096];
        if (read_at(dfd, "status", status, sizeof status) > 0) {
            char *nspid = strstr(status, "\nNSpid:");
            if (nspid) {
                nspid += 7;
                size_t o = 0;
                while (*nspid && *nspid != '\n' && o + 1 < sizeof nspids) {
                    if (*nspid == '\t' || *nspid == ' ') {
                        if (o > 0 && nspids[o - 1] != ',')
                            nspids[o++] = ',';
                    } else {
                        nspids[o++] = *nspid;
                    }
                    nspid++;
                }
                if (o > 0 && nspids[o - 1] == ',')
                    o--;
                nspids[o] = '\0';
            }
        }
    }
    /* A kernel thread has no memory of its own, so no command line to read. */
    ssize_t n = flags & PF_KTHREAD ? 0 : read_at(dfd, "cmdline", cmd, sizeof cmd);
    close(dfd);
    char cmdline[3 * 1024 + 2] = "-";
    if (n > 0) {
        while (n > 0 && cmd[n - 1] == '\0')
            n--;
        for (ssize_t i = 0; i < n; i++)
            if (cmd[i] == '\0')
                cmd[i] = ' ';
        encode(cmdline, sizeof cmdline, (unsigned char *)cmd, (size_t)n);
        if (!cmdline[0])
            strcpy(cmdline, "-");
    }
    int len = snprintf(line, sizeof line, "%s probe proc %s %d %u %c %s %lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu %s %s\n",
                       id, name, ppid, (unsigned)st.st_uid, state, nspids, ns[0], ns[1], ns[2], ns[3], ns[4], ns[5],
                       ns[6], ns[7], comm[0] ? comm : "-", cmdline);
    if (len > 0 && (size_t)len < sizeof line)
        batch_write(line, (size_t)len);
    return 1;
}

/* What list_pid_namespace's walk needs for each process of the namespace. */
struct pid_namespace_walk {
    const char *id;
    int pidns_fd, procfd;
    unsigned long self_pidns;
    int count;
};

/* One process of the namespace, numbered NR there: its scan line, read under its host PID. */
static int scan_namespace_member(pid_t nr, void *ctx)
{
    struct pid_namespace_walk *walk = ctx;
    pid_t host_pid = pid_from_namespace(walk->pidns_fd, nr);
    if (host_pid == -ESRCH)
        return 0; /* ended since the listing */
    if (host_pid < 0)
        return host_pid;
    char name[16];
    snprintf(name, sizeof name, "%d", host_pid);
    walk->count += scan_process(walk->id, walk->procfd, name, walk->self_pidns, 0);
    return 0;
}

/* "ID probe ns pid INODE"; then, when that is not the stage's own PID namespace (the host's:
 * the scanner's job), the processes it shows, its own and those of namespaces nested in it, as
 * a scan's "proc" lines, and "ID probe listed COUNT". They are read from a procfs made for that
 * namespace, each one's host PID asked of the namespace: the host's other processes are never
 * read, and nothing joins the namespace. A kernel that cannot do this is told by "ID probe
 * unlisted ERRNO": the broker scans /proc instead. */
static void list_pid_namespace(const char *id, int pidns_fd)
{
    struct stat target, self;
    if (fstat(pidns_fd, &target) < 0 || stat("/proc/self/ns/pid", &self) < 0) {
        batch_emit("%s probe unlisted %d", id, errno);
        return;
    }
    batch_emit("%s probe ns pid %lu", id, (unsigned long)target.st_ino);
    if (target.st_ino == self.st_ino)
        return;
    struct pid_namespace_walk walk = { id, pidns_fd, open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC),
                                       (unsigned long)self.st_ino, 0 };
    int root = pid_namespace_procfs(pidns_fd);
    int err = root < 0 ? root : walk.procfd < 0 ? -errno : each_pid_entry(root, scan_namespace_member, &walk);
    if (root >= 0)
        close(root);
    if (walk.procfd >= 0)
        close(walk.procfd);
    if (err)
        batch_emit("%s probe unlisted %d", id, -err);
    else
        batch_emit("%s probe listed %d", id, walk.count);
}

/* A growing array of PIDs (list_pids). */
struct pid_list {
    pid_t *pids;
    long count, cap;
};

static int append_pid(pid_t pid, void *ctx)
{
    struct pid_list *list = ctx;
    if (list->count == list->cap) {
        long cap = list->cap ? 2 * list->cap : 1024;
        pid_t *more = realloc(list->pids, (size_t)cap * sizeof *more);
        if (!more)
            return -ENOMEM;
        list->pids = more;
        list->cap = cap;
    }
    list->pids[list->count++] = pid;
    return 0;
}

/* The PIDs /proc lists now, at *OUT; their count, or -1 (errno set). */
static long list_pids(int procfd, pid_t **out)
{
    struct pid_list list = { NULL, 0, 0 };
    int dir = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = dir < 0 ? -errno : each_pid_entry(dir, append_pid, &list);
    if (dir >= 0)
        close(dir);
    if (err) {
        free(list.pids);
        errno = -err;
        return -1;
    }
    *out = list.pids;
    return list.count;
}

static void scanner_main(const char *id, int only_other_pidns) __attribute__((noreturn));

static void scanner_main(const char *id, int only_other_pidns)
{
    struct stat self;
    unsigned long self_pidns = stat("/proc/self/ns/pid", &self) == 0 ? (unsigned long)self.st_ino : 0;
    int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    pid_t *pids = NULL;
    long count = procfd < 0 ? -1 : list_pids(procfd, &pids);
    if (count < 0) {
        emit("%s error probe %d /proc", id, errno);
        _exit(1);
    }
    /* One worker per CPU, this process the first, each taking every Nth PID of the one
     * listing: /proc reads cost CPU, not I/O. A worker that cannot be forked leaves its
     * share to this process. */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    int share = 0, unforked = 0;
    for (int w = 1; w < workers && share == 0; w++) {
        pid_t worker = fork();
        if (worker == 0)
            share = w;
        else if (worker < 0)
            unforked |= 1 << w;
    }
    for (int w = 0; w < workers; w++) {
        if (w != share && !(share == 0 && (unforked & (1 << w))))
            continue;
        for (long i = w; i < count; i += workers) {
            char name[16];
            snprintf(name, sizeof name, "%d", pids[i]);
            scan_process(id, procfd, name, self_pidns, only_other_pidns);
        }
    }
    batch_flush();
    if (share != 0)
        _exit(0);
    while (wait(NULL) > 0)
        ;
    emit("%s probe end", id);
    _exit(0);
}

/* Forks a prober: returns 0 in it once it is sure to die with the zygote, the prober's PID
 * in the zygote, or -1 after reporting why not. */
static pid_t fork_prober(const char *id)
{
    pid_t zygote = getpid();
    pid_t child = fork();
    if (child < 0) {
        emit("%s error probe %d fork", id, errno);
    } else if (child == 0 && set_parent_death_signal(SIGKILL, zygote) < 0) {
        emit("%s error probe %d parent-death-signal", id, errno);
        _exit(1);
    }
    return child;
}

/* What an op=probe asks for, done in this (forked) process. */
static void run_probe(const struct small_request *r) __attribute__((noreturn));

static void run_probe(const struct small_request *r)
{
    enum nsx_probe_kind kind = nsx_probe_kind(r);
    if (kind == PROBE_NAMESPACES)
        prober_main(r->id, (pid_t)r->pid);
    scanner_main(r->id, kind == PROBE_PROCESSES_ELSEWHERE);
}

/* A fork costs milliseconds on some VMs (the hypervisor keeps the page tables), most of a
 * container snapshot's time: so the zygote keeps one prober forked ahead of need, blocked on a
 * pipe, hands it the next op=probe, then forks the next. A burst of probes forks as before. */
static int spare_request_fd = -1;
_Static_assert(sizeof(struct small_request) <= PIPE_BUF, "a request reaches the spare in one write");

static void fork_spare(void)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0)
        return;
    pid_t zygote = getpid();
    pid_t child = fork();
    if (child == 0) {
        /* It may wait long: it keeps only the event pipe, stderr and its request, no fd of a monitor's. */
        int in = pipe_fds[0];
        struct small_request r;
        if (set_parent_death_signal(SIGKILL, zygote) < 0 || (in > 3 && syscall(SYS_close_range, 3, in - 1, 0) < 0) ||
            syscall(SYS_close_range, in + 1, ~0U, 0) < 0 || read_full(in, &r, sizeof r) < 0)
            _exit(0); /* the zygote, or its end of the pipe, is gone */
        close(in);
        r.data = ""; /* pointed into the zygote's request; probes never read it */
        run_probe(&r);
    }
    close(pipe_fds[0]);
    if (child < 0)
        close(pipe_fds[1]);
    else
        spare_request_fd = pipe_fds[1];
}

void probe_forget_spare(void)
{
    if (spare_request_fd >= 0)
        close(spare_request_fd);
    spare_request_fd = -1;
}

/* Whether the spare took R: it may have died meanwhile. Either way the zygote needs another. */
static int hand_to_spare(const struct small_request *r)
{
    if (spare_request_fd < 0)
        return 0;
    ssize_t n = write(spare_request_fd, r, sizeof *r); /* under PIPE_BUF: all or nothing */
    close(spare_request_fd);
    spare_request_fd = -1;
    return n == (ssize_t)sizeof *r;
}

/* op=probe id=ID pid=PID: a prober; its lines come tagged with ID, then "ID probe end".
 * op=probe id=ID what=processes[-outside-my-pid-namespace]: a scanner of /proc instead. */
void handle_probe(const struct small_request *r)
{
    if (!nsx_small_request_valid(OP_PROBE, r)) {
        emit("%s error probe %d invalid pid", r->id, EINVAL);
        return;
    }
    if (!hand_to_spare(r) && fork_prober(r->id) == 0)
        run_probe(r);
    fork_spare();
}

/* ---------- network actions inside a container's net namespace ---------- */

static void report_echo(int seq, long rtt_us, void *ctx)
{
    emit("%s probe ping %d %ld", (const char *)ctx, seq, rtt_us);
}

/* Joins the net namespace of PID (0: stays in the stage's, the host's), which must be a
 * container's, like join_namespaces. Returns -1 after reporting why not. */
static int enter_container_net(const char *id, pid_t pid)
{
    if (pid == 0)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
    /* As join_namespaces: the pidfd, taken first, shows the PID was not reused meanwhile. */
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    int fd = pidfd < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    int alive = fd >= 0 && in_nsx_container(pid) && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0;
    if (pidfd >= 0)
        close(pidfd);
    if (!alive || setns(fd, CLONE_NEWNET) < 0) {
        emit("%s error probe %d %s", id, !alive || errno == 0 ? ESRCH : errno, path);
        return -1;
    }
    close(fd);
    return 0;
}

/* Forks a child that enters the net namespace of container process PID (0: stays in the
 * host's) and runs ACTION there; the child reports and exits. */
static void in_container_net(const struct small_request *r, int (*action)(const struct small_request *))
{
    if (fork_prober(r->id) != 0)
        return;
    if (enter_container_net(r->id, (pid_t)r->pid) < 0)
        _exit(1);
    int err = action(r);
    if (err < 0)
        emit("%s error probe %d %s", r->id, -err, r->what[0] ? r->what : "net");
    else
        emit("%s probe end", r->id);
    _exit(0);
}

static int ping_action(const struct small_request *r)
{
    return nsx_ping(r->addr, (int)r->count, 1000, report_echo, (void *)r->id);
}

static int loopback_action(const struct small_request *r)
{
    (void)r;
    return nsx_link_up("lo");
}

/* op=ping id=P pid=X addr=A count=N: N echo requests from the net namespace of container
 * process X (0: the host) to A, reported as "P probe ping SEQ RTT_US" (-1: no reply). */
void handle_ping(const struct small_request *r)
{
    if (!nsx_small_request_valid(OP_PING, r)) {
        emit("%s error probe %d invalid ping", r->id, EINVAL);
        return;
    }
    in_container_net(r, ping_action);
}

/* op=loopback id=P pid=X: brings lo up in the net namespace of container process X. */
void handle_loopback(const struct small_request *r)
{
    if (!nsx_small_request_valid(OP_LOOPBACK, r)) {
        emit("%s error probe %d invalid pid", r->id, EINVAL);
        return;
    }
    in_container_net(r, loopback_action);
}
