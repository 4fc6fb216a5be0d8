/* The protocol tests' harness (protocol-test.c), shared with protocol-test-launch.c. */
#ifndef PROTOCOL_TEST_H
#define PROTOCOL_TEST_H

#include "nsx-protocol.h"

#include <stddef.h>

void check_str(const char *got, const char *want, const char *what, const char *file, int line);
void check_int(long long got, long long want, const char *what, const char *file, int line);

/* A verdict or a string field. NULL: accepted (or no such string). */
#define CHECK_STR(got, want) check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) check_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define CHECK(cond) check_int(!!(cond), 1, #cond, __FILE__, __LINE__)

struct req {
    char *buf;
    size_t len;
};

struct req req_raw(const char *bytes, size_t len);
/* ENTRIES (to a NULL), each with its NUL. */
struct req req_of(const char *const *entries);

#define RAW(literal) req_raw((literal), sizeof(literal) - 1)
#define REQ(...) req_of((const char *const[]){ __VA_ARGS__, NULL })

/* The anchor whose bridge the requests may name. */
#define ANCHOR 4242

/* The spec the last launch was parsed into; it points into that launch's buffer. */
extern struct spec sp;

/* BASE (an acceptable launch) without the keys in DROP (comma-separated), then EXTRA; its verdict. */
const char *launch_v(const char *drop, const char *const *extra);
const char *launch_raw(const char *bytes, size_t len);

#define LAUNCH(drop, ...) launch_v((drop), (const char *const[]){ __VA_ARGS__, NULL })
#define LAUNCH_RAW(literal) launch_raw((literal), sizeof(literal) - 1)

/* protocol-test-launch.c */
void test_launch_good(void);
void test_launch_hostile(void);
void test_launch_network(void);
void test_launch_joins_and_layers(void);
void test_launch_enter(void);

#endif
