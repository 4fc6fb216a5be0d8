/*
 * nsx-protocol: the stage's requests, read and checked in one place. Nothing here acts: it
 * reads frames, parses them into a struct spec (launch) or a struct small_request (the other
 * ops) and says whether they are acceptable, so the whole of it can be unit-tested
 * (src/test/c/protocol-test*.c). The ops and events are listed in nsx-stage.h.
 *
 * A frame is a little-endian u32 length, then that many bytes of NUL-terminated "key=value"
 * strings; the first names the op ("op=signal"), except for a launch, where "op=launch" may
 * come anywhere or not at all.
 */
#ifndef NSX_PROTOCOL_H
#define NSX_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROTOCOL_VERSION 2
#define MAX_REQUEST (256 * 1024)
#define MAX_LIST 512
#define MAX_CGROUPS 8
#define MAX_LAYERS 16
#define MAX_JOINS 4

/* A launch request, parsed. Its strings point into the request's buffer. */
struct spec {
    char id[64];
    unsigned long clone_flags;
    int new_cgroup_ns;
    int new_time_ns;
    const char *rootfs;
    int use_pivot;
    const char *hostname;
    int mount_proc, mount_dev, mount_tmp, mount_sys;
    long long tmp_size; /* /tmp's size in bytes; 0: tmpfs's own default */
    const char *cgroups[MAX_CGROUPS];
    int ncgroups;
    const char *uid_map;
    const char *gid_map;
    long long boottime, monotonic;
    int stdio_null;
    int stdio_pty;          /* a terminal: the monitor relays it as "output" events and input frames */
    int relay_caller;       /* ... or to the caller's own terminal (set by the zygote, never parsed) */
    long long rows, cols;
    uint64_t keep_caps;
    int host_root;          /* root inside keeps the host root's powers, asked for on purpose (--host-root) */
    int steps;              /* report each step's time (nsx-steps.h): ./nsx-helper bench asks */
    /* network: 0 none or isolated, else a veth pair ("veth") or a port of the stage's bridge */
    const char *net_mode;
    const char *host_if, *host_addr, *addr, *gateway, *bridge, *bridge_addr;
    int lo_up;
    /* namespaces joined from running containers: CLONE_NEW* flag and the PID whose namespace */
    struct { int type; pid_t pid; } joins[MAX_JOINS];
    int njoins;
    /* enter: a shell in every namespace of this running process (another's container) that
     * is not the stage's own, with no rootfs, mounts or network of its own; enter_uid (-1:
     * any) must own that process's user namespace, and every user namespace above it but the
     * host's */
    pid_t enter_pid;
    long long enter_start; /* when enter_pid started (clock ticks after boot), as the broker checked it */
    long long enter_uid;
    /* overlay: rootfs is the (empty) merged directory; lowers top first, base last */
    const char *lowers[MAX_LAYERS];
    int nlowers;
    const char *upper, *work;
    const char *path;
    char *argv[MAX_LIST + 1];
    int argc;
    char *envp[MAX_LIST + 1];
    int envc;
};

/* The fields of the small requests (every op but launch and claim); anything else in them is
 * ignored, and so is a field whose value is malformed (it keeps its default). */
struct small_request {
    char id[64];        /* "-" when absent or not a valid id */
    char container[64]; /* "" when absent or not a valid id */
    long long pid;
    long long sig;
    long long count;
    char what[64];
    char addr[64];
    const char *data;   /* input: hex, "" when absent; points into the request */
    long long rows, cols;
};

enum nsx_op {
    OP_LAUNCH, /* any request whose first entry names no other op */
    OP_SIGNAL,
    OP_SIGNAL_PROCESS,
    OP_CLAIM,
    OP_UNCLAIM,
    OP_PROBE,
    OP_PING,
    OP_LOOPBACK,
    OP_INPUT,
    OP_RESIZE,
};

/* What op=probe asks for. */
enum nsx_probe_kind {
    PROBE_NAMESPACES,         /* pid=PID: the prober */
    PROBE_PROCESSES,          /* what=processes: a scan of /proc */
    PROBE_PROCESSES_ELSEWHERE /* what=processes-outside-my-pid-namespace */
};

/* Reads one frame into BUF (MAX_REQUEST + 1 bytes), NUL-terminated at *LEN. Returns 0, 1
 * when the frame was larger than MAX_REQUEST (read whole and dropped, so the next one is
 * read from its start), or -1 at end of input or on a truncated frame. */
int nsx_read_request(int fd, char *buf, uint32_t *len);

/* The op of the request in BUF (LEN bytes). */
enum nsx_op nsx_request_op(const char *buf, size_t len);

/* Parses a launch request in BUF (LEN bytes, BUF[LEN] a NUL), in place: SP's strings point
 * into BUF. ANCHOR is the stage's anchor, whose bridge alone a container may use. Returns
 * NULL, or the key that is missing, malformed or at odds with another ("framing": the last
 * string has no NUL). */
const char *nsx_parse_request(char *buf, size_t len, pid_t anchor, struct spec *sp);

/* Parses a small request in BUF (LEN bytes, BUF[LEN] a NUL); never fails. */
void nsx_parse_small_request(const char *buf, size_t len, struct small_request *r);

/* Whether R's fields are within what op OP accepts (OP_CLAIM and OP_UNCLAIM: always). */
int nsx_small_request_valid(enum nsx_op op, const struct small_request *r);

enum nsx_probe_kind nsx_probe_kind(const struct small_request *r);

/* The next cgroup directory of a claim or unclaim request at or after *POS, or NULL at its
 * end; entries other than a cgroup=/sys/fs/cgroup/.../nsx-* are skipped. */
const char *nsx_next_claim(const char *buf, size_t len, size_t *pos);

/* The bytes that input's HEX stands for (pairs of hex digits; a last odd digit is ignored),
 * at most CAP of them, into OUT. Returns their count, or -1 when a pair is no hex number. */
ssize_t nsx_decode_hex(const char *hex, unsigned char *out, size_t cap);

/* Validation helpers, also used outside requests. */
int nsx_valid_id(const char *s);
/* An absolute path whose every step is a plain name: no "", "." or ".." (nor "/" itself). */
int nsx_is_plain_absolute(const char *path);
/* A whole decimal number within long long. Returns 0, or -1 leaving *OUT alone. */
int nsx_parse_number(const char *s, long long *out);
/* --overlays: what the names of the broker's overlay directories start with, a plain
 * absolute .../overlay/nsx-... */
int nsx_valid_overlay_prefix(const char *prefix);

#endif
