/*
 * Unit tests of the stage's request parser (nsx-protocol.c), on good and hostile input: every
 * check compares what the parser answered (its verdict, the field it refused, the value it
 * parsed) with what it must answer. No root needed. Each request sits in a buffer of exactly
 * its length plus the reader's trailing NUL, so the sanitizer build sees any read past it.
 * Exit status 1 when a check failed. This file holds the harness, the frames, the small
 * requests and main; protocol-test-launch.c the launch requests.
 */
#define _GNU_SOURCE
#include "protocol-test.h"
#include "nsx-util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;

static void record(int ok, const char *file, int line, const char *what, const char *got, const char *want)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: FAILED: %s: got %s, want %s\n", file, line, what, got, want);
}

void check_str(const char *got, const char *want, const char *what, const char *file, int line)
{
    int ok = (!got && !want) || (got && want && !strcmp(got, want));
    record(ok, file, line, what, got ? got : "(null)", want ? want : "(null)");
}

void check_int(long long got, long long want, const char *what, const char *file, int line)
{
    char g[32], w[32];
    snprintf(g, sizeof g, "%lld", got);
    snprintf(w, sizeof w, "%lld", want);
    record(got == want, file, line, what, g, w);
}

/* ---------- requests ---------- */

/* LEN bytes as a frame's body, in a buffer of LEN + 1 bytes ending in the reader's NUL. */
struct req req_raw(const char *bytes, size_t len)
{
    struct req r = { malloc(len + 1), len };
    if (!r.buf)
        abort();
    memcpy(r.buf, bytes, len);
    r.buf[len] = '\0';
    return r;
}

/* ENTRIES (to a NULL), each with its NUL. */
struct req req_of(const char *const *entries)
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

/* A launch that is acceptable as it stands: a user namespace, pivot_root, the least. */
static const char *const BASE[] = {
    "op=launch", "id=c1", "ns=mnt,uts,ipc,net,pid,user", "rootfs=/var/lib/nsx/rootfs/debian",
    "uidmap=0 100000 65536", "gidmap=0 100000 65536", "path=/bin/sh", "arg=sh", NULL,
};

/* The spec of the last launch points into its buffer: kept until the next. */
static struct req last;
struct spec sp;

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
const char *launch_v(const char *drop, const char *const *extra)
{
    const char *entries[2 * MAX_LIST + 64];
    size_t n = 0;
    for (size_t i = 0; BASE[i]; i++)
        if (!dropped(BASE[i], drop))
            entries[n++] = BASE[i];
    for (size_t i = 0; extra[i]; i++) {
        if (n + 1 >= N_ELEMENTS(entries))
            abort();
        entries[n++] = extra[i];
    }
    entries[n] = NULL;
    free(last.buf);
    last = req_of(entries);
    return nsx_parse_request(last.buf, last.len, ANCHOR, &sp);
}

const char *launch_raw(const char *bytes, size_t len)
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
    test_launch_enter();
    test_small();
    test_small_valid();
    test_claims();
    test_hex();
    test_helpers();
    free(last.buf);
    printf("protocol-test: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
