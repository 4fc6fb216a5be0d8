/*
 * Unit tests of the stage's request parser (nsx-protocol.c), on good and hostile input: every
 * check compares what the parser answered (its verdict, the field it refused, the value it
 * parsed) with what it must answer. No root needed. Each request sits in a buffer of exactly
 * its length plus the reader's trailing NUL, so the sanitizer build sees any read past it.
 * Exit status 1 when a check failed.
 */
#define _GNU_SOURCE
#include "nsx-protocol.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;

static void record(int ok, int line, const char *what, const char *got, const char *want)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "protocol-test.c:%d: FAILED: %s: got %s, want %s\n", line, what, got, want);
}

static void check_str(const char *got, const char *want, const char *what, int line)
{
    int ok = (!got && !want) || (got && want && !strcmp(got, want));
    record(ok, line, what, got ? got : "(null)", want ? want : "(null)");
}

static void check_int(long long got, long long want, const char *what, int line)
{
    char g[32], w[32];
    snprintf(g, sizeof g, "%lld", got);
    snprintf(w, sizeof w, "%lld", want);
    record(got == want, line, what, g, w);
}

/* A verdict or a string field. NULL: accepted (or no such string). */
#define CHECK_STR(got, want) check_str((got), (want), #got, __LINE__)
#define CHECK_INT(got, want) check_int((long long)(got), (long long)(want), #got, __LINE__)
#define CHECK(cond) check_int(!!(cond), 1, #cond, __LINE__)

/* ---------- requests ---------- */

struct req {
    char *buf;
    size_t len;
};

/* LEN bytes as a frame's body, in a buffer of LEN + 1 bytes ending in the reader's NUL. */
static struct req req_raw(const char *bytes, size_t len)
{
    struct req r = { malloc(len + 1), len };
    if (!r.buf)
        abort();
    memcpy(r.buf, bytes, len);
    r.buf[len] = '\0';
    return r;
}

/* ENTRIES (to a NULL), each with its NUL. */
static struct req req_of(const char *const *entries)
{
    char body[MAX_REQUEST];
    size_t len = 0;
    for (size_t i = 0; entries[i]; i++) {
        size_t n = strlen(entries[i]) + 1;
        if (len + n > sizeof body)
            abort();
        memcpy(body + len, entries[i], n);
        len += n;
    }
    return req_raw(body, len);
}

#define RAW(literal) req_raw((literal), sizeof(literal) - 1)
#define REQ(...) req_of((const char *const[]){ __VA_ARGS__, NULL })

/* The anchor whose bridge the requests may name. */
#define ANCHOR 4242

/* A launch that is acceptable as it stands: a user namespace, pivot_root, the least. */
static const char *const BASE[] = {
    "op=launch", "id=c1", "ns=mnt,uts,ipc,net,pid,user", "rootfs=/var/lib/nsx/rootfs/debian",
    "uidmap=0 100000 65536", "gidmap=0 100000 65536", "path=/bin/sh", "arg=sh", NULL,
};

/* The spec of the last launch points into its buffer: kept until the next. */
static struct req last;
static struct spec sp;

static int dropped(const char *entry, const char *drop)
{
    size_t key = strcspn(entry, "=");
    for (const char *d = drop; d && *d; d += strcspn(d, ",") + (d[strcspn(d, ",")] == ',')) {
        size_t n = strcspn(d, ",");
        if (n == key && !strncmp(d, entry, n))
            return 1;
    }
    return 0;
}

/* BASE without the keys in DROP (comma-separated), then EXTRA; its verdict. */
static const char *launch_v(const char *drop, const char *const *extra)
{
    const char *entries[2 * MAX_LIST + 64];
    size_t n = 0;
    for (size_t i = 0; BASE[i]; i++)
        if (!dropped(BASE[i], drop))
            entries[n++] = BASE[i];
    for (size_t i = 0; extra[i]; i++) {
        if (n + 1 >= sizeof entries / sizeof entries[0])
            abort();
        entries[n++] = extra[i];
    }
    entries[n] = NULL;
    free(last.buf);
    last = req_of(entries);
    return nsx_parse_request(last.buf, last.len, ANCHOR, &sp);
}

#define LAUNCH(drop, ...) launch_v((drop), (const char *const[]){ __VA_ARGS__, NULL })

#define LAUNCH_RAW(literal) launch_raw((literal), sizeof(literal) - 1)

static const char *launch_raw(const char *bytes, size_t len)
{
    free(last.buf);
    last = req_raw(bytes, len);
    return nsx_parse_request(last.buf, last.len, ANCHOR, &sp);
}

/* ---------- frames ---------- */

/* Writes LEN bytes of DATA into a pipe from a child (a pipe holds less than a large frame),
 * then closes it; answers the read end. */
static int feed(const void *data, size_t len)
{
    int p[2];
    if (pipe(p) < 0)
        abort();
    pid_t writer = fork();
    if (writer < 0)
        abort();
    if (writer == 0) {
        close(p[0]);
        const char *d = data;
        while (len > 0) {
            ssize_t n = write(p[1], d, len);
            if (n <= 0)
                _exit(1);
            d += n;
            len -= (size_t)n;
        }
        _exit(0);
    }
    close(p[1]);
    return p[0];
}

static void reap(int fd)
{
    close(fd);
    while (wait(NULL) > 0)
        ;
}

/* A frame's header for LEN. */
static size_t put_header(unsigned char *at, uint32_t len)
{
    at[0] = (unsigned char)len;
    at[1] = (unsigned char)(len >> 8);
    at[2] = (unsigned char)(len >> 16);
    at[3] = (unsigned char)(len >> 24);
    return 4;
}

static void test_frames(void)
{
    static char buf[MAX_REQUEST + 1];
    static unsigned char stream[2 * MAX_REQUEST + 64];
    uint32_t len = 12345;
    size_t o;
    int fd;

    /* one good frame, then the end */
    o = put_header(stream, 9);
    memcpy(stream + o, "op=probe\0", 9);
    fd = feed(stream, o + 9);
    CHECK_INT(nsx_read_request(fd, buf, &len), 0);
    CHECK_INT(len, 9);
    CHECK(!memcmp(buf, "op=probe\0", 9) && buf[9] == '\0');
    CHECK_INT(nsx_read_request(fd, buf, &len), -1);
    reap(fd);

    /* little-endian length */
    o = put_header(stream, 256);
    memset(stream + o, 'a', 256);
    fd = feed(stream, o + 256);
    CHECK_INT(nsx_read_request(fd, buf, &len), 0);
    CHECK_INT(len, 256);
    CHECK_INT(buf[256], '\0');
    reap(fd);

    /* an empty frame */
    o = put_header(stream, 0);
    fd = feed(stream, o);
    buf[0] = 'x';
    CHECK_INT(nsx_read_request(fd, buf, &len), 0);
    CHECK_INT(len, 0);
    CHECK_INT(buf[0], '\0');
    reap(fd);

    /* nothing at all, a truncated header, a truncated body */
    fd = feed("", 0);
    CHECK_INT(nsx_read_request(fd, buf, &len), -1);
    reap(fd);
    fd = feed("\x05\x00", 2);
    CHECK_INT(nsx_read_request(fd, buf, &len), -1);
    reap(fd);
    o = put_header(stream, 10);
    memcpy(stream + o, "op=p", 4);
    fd = feed(stream, o + 4);
    CHECK_INT(nsx_read_request(fd, buf, &len), -1);
    reap(fd);

    /* exactly the largest */
    o = put_header(stream, MAX_REQUEST);
    memset(stream + o, 'b', MAX_REQUEST);
    fd = feed(stream, o + MAX_REQUEST);
    CHECK_INT(nsx_read_request(fd, buf, &len), 0);
    CHECK_INT(len, MAX_REQUEST);
    CHECK_INT(buf[MAX_REQUEST], '\0');
    reap(fd);

    /* one byte too large: dropped whole, and the next frame is read from its start */
    o = put_header(stream, MAX_REQUEST + 1);
    memset(stream + o, 'c', MAX_REQUEST + 1);
    o += MAX_REQUEST + 1;
    o += put_header(stream + o, 8);
    memcpy(stream + o, "op=ping\0", 8);
    fd = feed(stream, o + 8);
    CHECK_INT(nsx_read_request(fd, buf, &len), 1);
    CHECK_INT(nsx_read_request(fd, buf, &len), 0);
    CHECK_INT(len, 8);
    CHECK(!memcmp(buf, "op=ping\0", 8));
    reap(fd);

    /* a huge length with little behind it: the end, not a wait for 4 GiB nor an allocation */
    o = put_header(stream, 0xffffffffu);
    memset(stream + o, 'd', 100);
    fd = feed(stream, o + 100);
    CHECK_INT(nsx_read_request(fd, buf, &len), -1);
    reap(fd);
}

/* ---------- ops ---------- */

static enum nsx_op op_of(const char *bytes, size_t len)
{
    struct req r = req_raw(bytes, len);
    enum nsx_op op = nsx_request_op(r.buf, r.len);
    free(r.buf);
    return op;
}

#define OP(literal) op_of((literal), sizeof(literal) - 1)

static void test_ops(void)
{
    CHECK_INT(OP("op=signal\0id=a\0"), OP_SIGNAL);
    CHECK_INT(OP("op=signal-process\0"), OP_SIGNAL_PROCESS);
    CHECK_INT(OP("op=claim\0"), OP_CLAIM);
    CHECK_INT(OP("op=unclaim\0"), OP_UNCLAIM);
    CHECK_INT(OP("op=probe\0"), OP_PROBE);
    CHECK_INT(OP("op=ping\0"), OP_PING);
    CHECK_INT(OP("op=loopback\0"), OP_LOOPBACK);
    CHECK_INT(OP("op=input\0"), OP_INPUT);
    CHECK_INT(OP("op=resize\0"), OP_RESIZE);
    CHECK_INT(OP("op=launch\0"), OP_LAUNCH);
    /* only a whole first string names an op */
    CHECK_INT(OP("op=signal"), OP_LAUNCH);
    CHECK_INT(OP("op=signalx\0"), OP_LAUNCH);
    CHECK_INT(OP("op=Signal\0"), OP_LAUNCH);
    CHECK_INT(OP("op=probe-everything\0"), OP_LAUNCH);
    CHECK_INT(OP("id=a\0op=signal\0"), OP_LAUNCH);
    CHECK_INT(OP(""), OP_LAUNCH);
    CHECK_INT(OP("op="), OP_LAUNCH);
}

/* ---------- launch ---------- */

static void test_launch_good(void)
{
    CHECK_STR(LAUNCH(NULL, NULL), NULL);
    CHECK_STR(sp.id, "c1");
    CHECK_INT(sp.clone_flags, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUSER);
    CHECK_STR(sp.rootfs, "/var/lib/nsx/rootfs/debian");
    CHECK_STR(sp.path, "/bin/sh");
    CHECK_INT(sp.argc, 1);
    CHECK_STR(sp.argv[0], "sh");
    CHECK_STR(sp.argv[1], NULL);
    CHECK_INT(sp.envc, 0);
    CHECK_STR(sp.envp[0], NULL);
    CHECK_STR(sp.uid_map, "0 100000 65536");
    CHECK_STR(sp.gid_map, "0 100000 65536");
    CHECK_INT(sp.use_pivot, 1);
    CHECK_INT(sp.stdio_null, 1);
    CHECK_INT(sp.stdio_pty, 0);
    CHECK_INT(sp.keep_caps, 0);
    CHECK_INT(sp.ncgroups, 0);
    CHECK_STR(sp.net_mode, NULL);

    /* "op=launch" is optional and may come anywhere */
    CHECK_STR(LAUNCH("op", "op=launch"), NULL);
    CHECK_STR(LAUNCH("op", NULL), NULL);

    /* many fields at once */
    CHECK_STR(LAUNCH(NULL, "hostname=box", "mount=proc", "mount=dev", "mount=tmp", "mount=sys", "tmpsize=1048576",
                     "cgroup=/sys/fs/cgroup/nsx-1-2-3", "cgroup=/sys/fs/cgroup/memory/nsx-1-2-3", "stdio=pty",
                     "rows=50", "cols=132", "caps=a80425fb", "lo=up", "env=A=1", "env=PATH=/bin", "arg=-c", "arg=",
                     "boottime=-5", "monotonic=7"),
              NULL);
    CHECK_STR(sp.hostname, "box");
    CHECK(sp.mount_proc && sp.mount_dev && sp.mount_tmp && sp.mount_sys);
    CHECK_INT(sp.tmp_size, 1048576);
    CHECK_INT(sp.ncgroups, 2);
    CHECK_STR(sp.cgroups[1], "/sys/fs/cgroup/memory/nsx-1-2-3");
    CHECK_INT(sp.stdio_pty, 1);
    CHECK_INT(sp.stdio_null, 0);
    CHECK_INT(sp.rows, 50);
    CHECK_INT(sp.cols, 132);
    CHECK_INT(sp.keep_caps, 0xa80425fbULL);
    CHECK_INT(sp.lo_up, 1);
    CHECK_INT(sp.envc, 2);
    CHECK_STR(sp.envp[1], "PATH=/bin");
    CHECK_STR(sp.envp[2], NULL);
    CHECK_INT(sp.argc, 3);
    CHECK_STR(sp.argv[2], "");
    CHECK_INT(sp.boottime, -5);
    CHECK_INT(sp.monotonic, 7);

    /* cgroup and time namespaces are made later, not by clone */
    CHECK_STR(LAUNCH("ns", "ns=mnt,pid,user,cgroup,time"), NULL);
    CHECK_INT(sp.clone_flags, CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER);
    CHECK_INT(sp.new_cgroup_ns, 1);
    CHECK_INT(sp.new_time_ns, 1);

    /* stdio */
    CHECK_STR(LAUNCH(NULL, "stdio=inherit"), NULL);
    CHECK_INT(sp.stdio_null, 0);
    CHECK_INT(sp.stdio_pty, 0);
    CHECK_STR(LAUNCH(NULL, "stdio=null"), NULL);
    CHECK_INT(sp.stdio_null, 1);

    /* a repeated key: the last one counts */
    CHECK_STR(LAUNCH(NULL, "id=c2", "id=c3"), NULL);
    CHECK_STR(sp.id, "c3");
    CHECK_STR(LAUNCH(NULL, "rootfs=/srv/other"), NULL);
    CHECK_STR(sp.rootfs, "/srv/other");
    CHECK_STR(LAUNCH(NULL, "root=chroot", "root=pivot"), NULL);
    CHECK_INT(sp.use_pivot, 1);

    /* limits: 63 bytes of id, 64 of hostname, 512 args */
    CHECK_STR(LAUNCH("id", "id=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), NULL);
    CHECK_INT(strlen(sp.id), 63);
    CHECK_STR(LAUNCH(NULL, "hostname=0123456789012345678901234567890123456789012345678901234567890123"), NULL);
}

static void test_launch_hostile(void)
{
    /* framing */
    CHECK_STR(LAUNCH_RAW(""), "id");
    CHECK_STR(LAUNCH_RAW("id=c1"), "framing");
    CHECK_STR(LAUNCH_RAW("id=c1\0rootfs=/x"), "framing");
    CHECK_STR(LAUNCH_RAW("id=c1\0\0"), ""); /* an empty string has no key */
    CHECK_STR(LAUNCH(NULL, "garbage"), "garbage");
    CHECK_STR(LAUNCH(NULL, "=value"), "");
    CHECK_STR(LAUNCH(NULL, "unknown=1"), "unknown");
    CHECK_STR(LAUNCH(NULL, "ID=c1"), "ID");
    CHECK_STR(LAUNCH(NULL, "op=destroy"), "op");
    CHECK_STR(LAUNCH(NULL, "op=signal"), "op");

    /* missing fields */
    CHECK_STR(LAUNCH("id", NULL), "id");
    CHECK_STR(LAUNCH("rootfs", NULL), "rootfs");
    CHECK_STR(LAUNCH("path", NULL), "path");
    CHECK_STR(LAUNCH("arg", NULL), "arg");
    CHECK_STR(LAUNCH("uidmap", NULL), "uidmap");
    CHECK_STR(LAUNCH("gidmap", NULL), "uidmap");

    /* ids */
    CHECK_STR(LAUNCH("id", "id=../x"), "id");
    CHECK_STR(LAUNCH("id", "id="), "id");
    CHECK_STR(LAUNCH("id", "id=a b"), "id");
    CHECK_STR(LAUNCH("id", "id=a/b"), "id");
    CHECK_STR(LAUNCH("id", "id=caf\xc3\xa9"), "id");
    CHECK_STR(LAUNCH("id", "id=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"), "id");
    CHECK_STR(LAUNCH(NULL, "id=../../etc"), "id");

    /* paths: absolute, every step a plain name */
    CHECK_STR(LAUNCH("rootfs", "rootfs=var/lib/x"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs="), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/../etc"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/lib/.."), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/./lib"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var//lib"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/lib/"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/.../lib"), NULL); /* "..." is a plain name */
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/..lib"), NULL);
    CHECK_STR(LAUNCH("path", "path=bin/sh"), "path");
    CHECK_STR(LAUNCH("path", "path="), "path");

    /* namespaces */
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,net,pid,user,bogus"), "ns");
    CHECK_STR(LAUNCH("ns", "ns=MNT,user"), "ns");
    CHECK_STR(LAUNCH("ns", "ns=mount"), "ns");
    {
        char longlist[300] = "ns=user";
        while (strlen(longlist) < 270)
            strcat(longlist, ",net");
        CHECK_STR(LAUNCH("ns", longlist), "ns");
    }
    /* without a mount namespace there is nothing to pivot into */
    CHECK_STR(LAUNCH("ns", "ns=uts,ipc,net,pid,user"), "root");
    CHECK_STR(LAUNCH("ns", "ns=none"), "root");
    CHECK_INT(sp.clone_flags, 0);

    /* the host's rule: a container that shares something runs in a user namespace */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid"), NULL);
    CHECK_INT(sp.host_root, 0);
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,pid,net"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,pid"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "root=chroot"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net", "hostroot=1"), NULL);
    CHECK_INT(sp.host_root, 1);
    CHECK_STR(LAUNCH(NULL, "hostroot=1"), "hostroot");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net", "hostroot=yes"), "hostroot");
    /* a joined namespace counts as one of its own */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,pid", "join=net:1234"), NULL);
    CHECK_INT(sp.njoins, 1);
    CHECK_INT(sp.joins[0].type, CLONE_NEWNET);
    CHECK_INT(sp.joins[0].pid, 1234);

    /* root */
    CHECK_STR(LAUNCH(NULL, "root=jail"), "root");
    CHECK_STR(LAUNCH(NULL, "root=chroot"), NULL);
    CHECK_INT(sp.use_pivot, 0);

    /* maps: digits, spaces and newlines */
    CHECK_STR(LAUNCH("uidmap", "uidmap=0 100000 65536\n65536 0 1"), NULL);
    CHECK_STR(LAUNCH("uidmap", "uidmap="), "uidmap");
    CHECK_STR(LAUNCH("uidmap", "uidmap=0 0 1; rm -rf /"), "uidmap");
    CHECK_STR(LAUNCH("gidmap", "gidmap=0 -1 1"), "gidmap");
    CHECK_STR(LAUNCH("gidmap", "gidmap=0\t0\t1"), "gidmap");

    /* numbers */
    CHECK_STR(LAUNCH(NULL, "mount=tmp", "tmpsize=4096"), NULL);
    CHECK_INT(sp.tmp_size, 4096);
    CHECK_STR(LAUNCH(NULL, "mount=tmp", "tmpsize=4095"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=-1"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=99999999999999999999"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=12k"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize="), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=0x1000"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "boottime=9223372036854775807"), NULL);
    CHECK_INT(sp.boottime, 9223372036854775807LL);
    CHECK_STR(LAUNCH(NULL, "boottime=9223372036854775808"), "boottime");
    CHECK_STR(LAUNCH(NULL, "monotonic=-9223372036854775809"), "monotonic");
    CHECK_STR(LAUNCH(NULL, "monotonic=1e3"), "monotonic");
    CHECK_STR(LAUNCH(NULL, "rows=0"), "rows");
    CHECK_STR(LAUNCH(NULL, "rows=1001"), "rows");
    CHECK_STR(LAUNCH(NULL, "rows=1000"), NULL);
    CHECK_STR(LAUNCH(NULL, "cols=-80"), "cols");
    CHECK_STR(LAUNCH(NULL, "cols=4294967376"), "cols");

    /* capabilities: hex, within the allowed set; the host's own only on purpose */
    CHECK_STR(LAUNCH(NULL, "caps=10000"), "caps");             /* CAP_SYS_MODULE */
    CHECK_STR(LAUNCH(NULL, "caps=8000000000000000"), "caps");  /* bit 63 */
    CHECK_STR(LAUNCH(NULL, "caps=-1"), "caps");
    CHECK_STR(LAUNCH(NULL, "caps=1ffffffffffffffff"), "caps"); /* more than 64 bits */
    CHECK_STR(LAUNCH(NULL, "caps=xyz"), "caps");
    CHECK_STR(LAUNCH(NULL, "caps="), "caps");
    CHECK_STR(LAUNCH(NULL, "caps=200000"), NULL); /* CAP_SYS_ADMIN in its own user namespace */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=200000"), "caps");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=8000000"), "caps"); /* CAP_MKNOD */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=200000", "hostroot=1"), NULL);
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=3000"), NULL); /* net admin, raw */

    /* hostname: only with a UTS namespace, at most 64 bytes */
    CHECK_STR(LAUNCH(NULL, "hostname=0123456789012345678901234567890123456789012345678901234567890123x"),
              "hostname");
    CHECK_STR(LAUNCH("ns", "ns=mnt,ipc,net,pid,user", "hostname=box"), "hostname");

    /* mounts: one name a key, and only with a mount namespace */
    CHECK_STR(LAUNCH(NULL, "mount=proc,dev"), "mount");
    CHECK_STR(LAUNCH(NULL, "mount=etc"), "mount");
    CHECK_STR(LAUNCH("ns", "ns=uts,ipc,net,pid,user", "root=chroot", "mount=proc"), "mount");
    CHECK_STR(LAUNCH(NULL, "stdio=file"), "stdio");

    /* cgroups: /sys/fs/cgroup/.../nsx-*, eight at most */
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/user.slice"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/a/../nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1/../../../etc"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/tmp/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroupx/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=sys/fs/cgroup/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1", "cgroup=/sys/fs/cgroup/nsx-2", "cgroup=/sys/fs/cgroup/nsx-3",
                     "cgroup=/sys/fs/cgroup/nsx-4", "cgroup=/sys/fs/cgroup/nsx-5", "cgroup=/sys/fs/cgroup/nsx-6",
                     "cgroup=/sys/fs/cgroup/nsx-7", "cgroup=/sys/fs/cgroup/nsx-8"),
              NULL);
    CHECK_INT(sp.ncgroups, 8);
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1", "cgroup=/sys/fs/cgroup/nsx-2", "cgroup=/sys/fs/cgroup/nsx-3",
                     "cgroup=/sys/fs/cgroup/nsx-4", "cgroup=/sys/fs/cgroup/nsx-5", "cgroup=/sys/fs/cgroup/nsx-6",
                     "cgroup=/sys/fs/cgroup/nsx-7", "cgroup=/sys/fs/cgroup/nsx-8", "cgroup=/sys/fs/cgroup/nsx-9"),
              "cgroup");

    /* lists: 512 args and envs at most; an env has its '=' */
    {
        static char args[MAX_LIST + 1][24];
        const char *extra[MAX_LIST + 2];
        for (int i = 0; i < MAX_LIST; i++) {
            snprintf(args[i], sizeof args[i], "arg=%d", i);
            extra[i] = args[i];
        }
        extra[MAX_LIST - 1] = NULL; /* with BASE's own arg: 512 */
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.argc, MAX_LIST);
        CHECK_STR(sp.argv[MAX_LIST - 1], "510");
        CHECK_STR(sp.argv[MAX_LIST], NULL);
        extra[MAX_LIST - 1] = args[MAX_LIST - 1];
        extra[MAX_LIST] = NULL;
        CHECK_STR(launch_v(NULL, extra), "arg");
        for (int i = 0; i < MAX_LIST + 1; i++) {
            snprintf(args[i], sizeof args[i], "env=E%d=", i);
            extra[i] = args[i];
        }
        extra[MAX_LIST] = NULL;
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.envc, MAX_LIST);
        extra[MAX_LIST] = args[MAX_LIST];
        extra[MAX_LIST + 1] = NULL;
        CHECK_STR(launch_v(NULL, extra), "env");
    }
    CHECK_STR(LAUNCH(NULL, "env=NOEQUALS"), "env");
}

static void test_launch_network(void)
{
    const char *veth[] = { "net=veth", "hostif=nsx1a", "hostaddr=10.200.0.1/24", "addr=10.200.0.2/24",
                           "gateway=10.200.0.1" };
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3], veth[4]), NULL);
    CHECK_STR(sp.net_mode, "veth");
    CHECK_STR(sp.host_if, "nsx1a");
    CHECK_STR(sp.host_addr, "10.200.0.1/24");
    CHECK_STR(sp.addr, "10.200.0.2/24");
    CHECK_STR(sp.gateway, "10.200.0.1");
    CHECK_STR(sp.bridge, NULL);
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242", "bridgeaddr=10.200.0.1/24"),
              NULL);
    CHECK_STR(sp.bridge, "nsxbr4242");
    CHECK_STR(sp.bridge_addr, "10.200.0.1/24");

    /* modes and what each needs */
    CHECK_STR(LAUNCH(NULL, "net=macvlan"), "net");
    CHECK_STR(LAUNCH(NULL, "net=veth"), "net");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[3], veth[4]), "hostaddr");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3]), "net");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3], veth[4], "bridge=nsxbr4242"), "hostaddr");
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242"),
              "bridge");
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242", "bridgeaddr=10.200.0.1/24", "hostaddr=10.200.0.3/24"),
              "bridge");
    /* only this stage's bridge */
    CHECK_STR(LAUNCH(NULL, "bridge=nsxbr4243"), "bridge");
    CHECK_STR(LAUNCH(NULL, "bridge=docker0"), "bridge");
    CHECK_STR(LAUNCH(NULL, "bridge=nsxbr42420"), "bridge");
    /* a network needs a net namespace */
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,pid,user", veth[0], veth[1], veth[2], veth[3], veth[4]), "net");
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,pid,user", "lo=up"), "net");
    CHECK_STR(LAUNCH(NULL, "lo=down"), "lo");

    /* interface names: nsx..., 15 bytes of [a-z0-9-] at most */
    CHECK_STR(LAUNCH(NULL, "hostif=eth0"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsxA"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx/../x"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx012345678901"), NULL); /* 15 bytes */
    CHECK_STR(LAUNCH(NULL, "hostif=nsx0123456789012"), "hostif");

    /* IPv4, with a prefix of 8 to 30 where one is due */
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/31"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/7"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/8"), NULL);
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/30"), NULL);
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/24x"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/-24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/99999999999999999999"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=300.1.1.1/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=fd00::2/64"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "hostaddr=10.200.0.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1/24"), "hostaddr");
    CHECK_STR(LAUNCH(NULL, "bridgeaddr=10.200.0.1/2/4"), "bridgeaddr");
    CHECK_STR(LAUNCH(NULL, "gateway=10.200.0.1/24"), "gateway");
    CHECK_STR(LAUNCH(NULL, "gateway=::1"), "gateway");
    CHECK_STR(LAUNCH(NULL, "gateway="), "gateway");
}

static void test_launch_joins_and_layers(void)
{
    const char *const own = "ns,uidmap,gidmap";
    const char *const ns = "ns=mnt,user";
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=ipc:101", "join=uts:102",
                     "join=pid:103"),
              NULL);
    CHECK_INT(sp.njoins, 4);
    CHECK_INT(sp.joins[3].type, CLONE_NEWPID);
    CHECK_INT(sp.joins[3].pid, 103);
    /* the same namespace twice; a fifth */
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=net:101"), "join");
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=ipc:101", "join=uts:102",
                     "join=pid:103", "join=net:104"),
              "join");
    /* joinable ones only, real PIDs, not PID 1 */
    CHECK_STR(LAUNCH(NULL, "join=mnt:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=user:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=bogus:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:1"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:0"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:-100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:2147483648"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:0x64"), "join");
    /* not a namespace the container makes too */
    CHECK_STR(LAUNCH(NULL, "join=net:100"), "join");

    /* overlay: all three or none, with a mount namespace */
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1", "lower=/s/l0", "upper=/s/o/upper", "work=/s/o/work"), NULL);
    CHECK_INT(sp.nlowers, 2);
    CHECK_STR(sp.lowers[0], "/s/l1");
    CHECK_STR(sp.upper, "/s/o/upper");
    CHECK_STR(sp.work, "/s/o/work");
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1"), "upper");
    CHECK_STR(LAUNCH(NULL, "upper=/s/o/upper", "work=/s/o/work"), "upper");
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1", "upper=/s/o/upper"), "upper");
    CHECK_STR(LAUNCH(NULL, "lower=s/l1"), "lower");
    CHECK_STR(LAUNCH(NULL, "lower=/s/../l1"), "lower");
    CHECK_STR(LAUNCH(NULL, "upper=/s/o/upper/.."), "upper");
    CHECK_STR(LAUNCH(NULL, "work=/s/./work"), "work");
    {
        const char *extra[MAX_LAYERS + 4];
        for (int i = 0; i <= MAX_LAYERS; i++)
            extra[i] = "lower=/s/l";
        extra[MAX_LAYERS] = "upper=/s/o/upper";
        extra[MAX_LAYERS + 1] = "work=/s/o/work";
        extra[MAX_LAYERS + 2] = NULL;
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.nlowers, MAX_LAYERS);
        extra[MAX_LAYERS] = "lower=/s/l";
        extra[MAX_LAYERS + 1] = NULL;
        CHECK_STR(launch_v(NULL, extra), "lower");
    }
}

/* ---------- the small requests ---------- */

static struct small_request small;

static void parse_small(struct req r)
{
    nsx_parse_small_request(r.buf, r.len, &small);
}

static void test_small(void)
{
    struct req r = REQ("op=probe");
    parse_small(r);
    CHECK_STR(small.id, "-");
    CHECK_STR(small.container, "");
    CHECK_INT(small.pid, 0);
    CHECK_INT(small.sig, 0);
    CHECK_INT(small.count, 0);
    CHECK_STR(small.what, "");
    CHECK_STR(small.addr, "");
    CHECK_STR(small.data, "");
    CHECK_INT(small.rows, 0);
    free(r.buf);

    r = REQ("op=signal", "id=p1", "container=c1", "pid=123", "sig=15", "what=processes", "count=3",
            "addr=10.0.0.1", "data=6869", "rows=24", "cols=80", "unknown=1", "garbage");
    parse_small(r);
    CHECK_STR(small.id, "p1");
    CHECK_STR(small.container, "c1");
    CHECK_INT(small.pid, 123);
    CHECK_INT(small.sig, 15);
    CHECK_STR(small.what, "processes");
    CHECK_INT(small.count, 3);
    CHECK_STR(small.addr, "10.0.0.1");
    CHECK_STR(small.data, "6869");
    CHECK_INT(small.rows, 24);
    CHECK_INT(small.cols, 80);
    free(r.buf);

    /* malformed fields keep their defaults (or the last good value) */
    r = REQ("id=../x", "container=a/b", "pid=12abc", "sig=99999999999999999999", "count=",
            "what=0123456789012345678901234567890123456789012345678901234567890123",
            "addr=0123456789012345678901234567890123456789012345678901234567890123");
    parse_small(r);
    CHECK_STR(small.id, "-");
    CHECK_STR(small.container, "");
    CHECK_INT(small.pid, 0);
    CHECK_INT(small.sig, 0);
    CHECK_INT(small.count, 0);
    CHECK_STR(small.what, "");
    CHECK_STR(small.addr, "");
    free(r.buf);
    r = REQ("id=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", "pid=5", "pid=x", "pid=-7");
    parse_small(r);
    CHECK_STR(small.id, "-");
    CHECK_INT(small.pid, -7);
    free(r.buf);
    r = REQ("pid=5", "pid=x", "id=a", "id=", "what=012345678901234567890123456789012345678901234567890123456789012");
    parse_small(r);
    CHECK_INT(small.pid, 5);
    CHECK_STR(small.id, "a");
    CHECK_INT(strlen(small.what), 63);
    free(r.buf);

    /* a last string without its NUL is read up to the buffer's end, no further */
    r = RAW("op=probe\0id=p9");
    parse_small(r);
    CHECK_STR(small.id, "p9");
    free(r.buf);
    r = RAW("op=probe\0pid=42");
    parse_small(r);
    CHECK_INT(small.pid, 42);
    free(r.buf);
    r = RAW("op=input\0data=41\0\0\0id=t");
    parse_small(r);
    CHECK_STR(small.data, "41");
    CHECK_STR(small.id, "t");
    free(r.buf);
}

static int valid(enum nsx_op op, const char *const *entries)
{
    struct req r = req_of(entries);
    nsx_parse_small_request(r.buf, r.len, &small);
    int ok = nsx_small_request_valid(op, &small);
    free(r.buf);
    return ok;
}

#define VALID(op, ...) valid((op), (const char *const[]){ __VA_ARGS__, NULL })

static void test_small_valid(void)
{
    /* signal: a container's first process, never PID 1, signals 1 to 64 */
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=2", "sig=15"), 1);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=1", "sig=15"), 0);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=-1", "sig=9"), 0);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=2147483648", "sig=9"), 0);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=2147483647", "sig=64"), 1);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=100", "sig=0"), 0);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=100", "sig=65"), 0);
    CHECK_INT(VALID(OP_SIGNAL, "id=c1", "pid=100"), 0);
    /* signal-process: names its container */
    CHECK_INT(VALID(OP_SIGNAL_PROCESS, "id=p", "container=c1", "pid=1", "sig=9"), 1);
    CHECK_INT(VALID(OP_SIGNAL_PROCESS, "id=p", "pid=100", "sig=9"), 0);
    CHECK_INT(VALID(OP_SIGNAL_PROCESS, "id=p", "container=../c1", "pid=100", "sig=9"), 0);
    CHECK_INT(VALID(OP_SIGNAL_PROCESS, "id=p", "container=c1", "pid=0", "sig=9"), 0);
    CHECK_INT(VALID(OP_SIGNAL_PROCESS, "id=p", "container=c1", "pid=100", "sig=-9"), 0);
    /* probe: a PID, or a scan */
    CHECK_INT(VALID(OP_PROBE, "id=p", "pid=1"), 1);
    CHECK_INT(VALID(OP_PROBE, "id=p", "pid=0"), 0);
    CHECK_INT(VALID(OP_PROBE, "id=p", "pid=4294967296"), 0);
    CHECK_INT(VALID(OP_PROBE, "id=p", "what=processes"), 1);
    CHECK_INT(nsx_probe_kind(&small), PROBE_PROCESSES);
    CHECK_INT(VALID(OP_PROBE, "id=p", "what=processes-outside-my-pid-namespace"), 1);
    CHECK_INT(nsx_probe_kind(&small), PROBE_PROCESSES_ELSEWHERE);
    CHECK_INT(VALID(OP_PROBE, "id=p", "what=everything"), 0);
    CHECK_INT(nsx_probe_kind(&small), PROBE_NAMESPACES);
    /* ping: from the host (0) or a container, 1 to 10 echoes, to an IPv4 address */
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=10.0.0.1", "count=1"), 1);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=77", "addr=10.0.0.1", "count=10"), 1);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=-1", "addr=10.0.0.1", "count=1"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=10.0.0.1", "count=0"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=10.0.0.1", "count=11"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=10.0.0.1/24", "count=1"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=localhost", "count=1"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "addr=::1", "count=1"), 0);
    CHECK_INT(VALID(OP_PING, "id=p", "pid=0", "count=1"), 0);
    /* loopback: a container's, never the host's */
    CHECK_INT(VALID(OP_LOOPBACK, "id=p", "pid=2"), 1);
    CHECK_INT(VALID(OP_LOOPBACK, "id=p", "pid=1"), 0);
    CHECK_INT(VALID(OP_LOOPBACK, "id=p", "pid=0"), 0);
    /* resize: 1 to 1000 each way */
    CHECK_INT(VALID(OP_RESIZE, "id=c", "rows=1", "cols=1000"), 1);
    CHECK_INT(VALID(OP_RESIZE, "id=c", "rows=0", "cols=80"), 0);
    CHECK_INT(VALID(OP_RESIZE, "id=c", "rows=24", "cols=1001"), 0);
    CHECK_INT(VALID(OP_RESIZE, "id=c", "rows=24"), 0);
    CHECK_INT(VALID(OP_RESIZE, "id=c", "rows=65560", "cols=80"), 0);
}

static void test_claims(void)
{
    struct req r = REQ("op=claim", "cgroup=/sys/fs/cgroup/nsx-1-2-3", "cgroup=/etc", "foo=bar",
                       "cgroup=/sys/fs/cgroup/nsx-1/../../../etc", "cgroup=/sys/fs/cgroup/memory/nsx-1-2-3",
                       "cgroup=/sys/fs/cgroup/memory/user", "cgroup=");
    size_t pos = 0;
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), "/sys/fs/cgroup/nsx-1-2-3");
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), "/sys/fs/cgroup/memory/nsx-1-2-3");
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), NULL);
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), NULL);
    CHECK_INT(pos, r.len);
    free(r.buf);
    r = RAW("op=unclaim\0cgroup=/sys/fs/cgroup/nsx-9");
    pos = 0;
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), "/sys/fs/cgroup/nsx-9");
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), NULL);
    free(r.buf);
    r = RAW("");
    pos = 0;
    CHECK_STR(nsx_next_claim(r.buf, r.len, &pos), NULL);
    free(r.buf);
}

static void test_hex(void)
{
    unsigned char out[8];
    memset(out, 0xee, sizeof out);
    CHECK_INT(nsx_decode_hex("6869", out, sizeof out), 2);
    CHECK(out[0] == 'h' && out[1] == 'i' && out[2] == 0xee);
    CHECK_INT(nsx_decode_hex("0A0b", out, sizeof out), 2);
    CHECK(out[0] == 0x0a && out[1] == 0x0b);
    CHECK_INT(nsx_decode_hex("686", out, sizeof out), 1); /* a last odd digit is ignored */
    CHECK_INT(nsx_decode_hex("", out, sizeof out), 0);
    CHECK_INT(nsx_decode_hex("zz", out, sizeof out), -1);
    CHECK_INT(nsx_decode_hex("41zz", out, sizeof out), -1);
    memset(out, 0xee, sizeof out);
    CHECK_INT(nsx_decode_hex("010203040506", out, 3), 3); /* no more than fits */
    CHECK(out[2] == 3 && out[3] == 0xee);
}

static void test_helpers(void)
{
    CHECK_INT(nsx_valid_id("c-1_A"), 1);
    CHECK_INT(nsx_valid_id(""), 0);
    CHECK_INT(nsx_valid_id("a.b"), 0);
    CHECK_INT(nsx_valid_id("a\n"), 0);
    CHECK_INT(nsx_is_plain_absolute("/a/b"), 1);
    CHECK_INT(nsx_is_plain_absolute("/a/b/.."), 0);
    CHECK_INT(nsx_is_plain_absolute("//a"), 0);
    CHECK_INT(nsx_is_plain_absolute("."), 0);
    long long n = 77;
    CHECK_INT(nsx_parse_number("", &n), -1);
    CHECK_INT(nsx_parse_number("12 ", &n), -1);
    CHECK_INT(nsx_parse_number("-9223372036854775809", &n), -1);
    CHECK_INT(n, 77);
    CHECK_INT(nsx_parse_number("-9223372036854775808", &n), 0);
    CHECK_INT(n, -9223372036854775807LL - 1);
    /* --overlays */
    CHECK_INT(nsx_valid_overlay_prefix("/var/lib/nsx-explorer/overlay/nsx-12-34-"), 1);
    CHECK_INT(nsx_valid_overlay_prefix("/overlay/nsx-1"), 1);
    CHECK_INT(nsx_valid_overlay_prefix("/var/lib/overlays/nsx-1"), 0);
    CHECK_INT(nsx_valid_overlay_prefix("/var/lib/overlay/x-1"), 0);
    CHECK_INT(nsx_valid_overlay_prefix("var/overlay/nsx-1"), 0);
    CHECK_INT(nsx_valid_overlay_prefix("/var/../overlay/nsx-1"), 0);
    CHECK_INT(nsx_valid_overlay_prefix("/nsx-1"), 0);
}

int main(void)
{
    test_frames();
    test_ops();
    test_launch_good();
    test_launch_hostile();
    test_launch_network();
    test_launch_joins_and_layers();
    test_small();
    test_small_valid();
    test_claims();
    test_hex();
    test_helpers();
    free(last.buf);
    printf("protocol-test: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
