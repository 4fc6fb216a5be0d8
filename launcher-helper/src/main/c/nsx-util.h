/* Small helpers every part of the stage may use. */
#ifndef NSX_UTIL_H
#define NSX_UTIL_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

/* Elements of a true array (not a pointer). */
#define N_ELEMENTS(a) (sizeof (a) / sizeof (a)[0])

/* A capability's bit in a 64-bit set (CAP_* from linux/capability.h). */
#define CAP_BIT(cap) (1ULL << (cap))

/* EXPR (a call that answers -1 with errno) again while a signal interrupts it; its last
 * result, of its own type. Not nested: the inner result would shadow the outer. */
#define RETRY_EINTR(expr)                                                                          \
    __extension__({                                                                                \
        __typeof__(expr) retry_result_;                                                            \
        do                                                                                         \
            retry_result_ = (expr);                                                                \
        while (retry_result_ == -1 && errno == EINTR);                                             \
        retry_result_;                                                                             \
    })

/* Asks for SIG when the parent dies, then checks that the parent is still EXPECTED_PARENT as
 * getppid() shows it (0 when the parent is outside our PID namespace): a parent that died
 * before the request would never send it. Returns 0, or -1 with errno (ESRCH: parent gone). */
int set_parent_death_signal(int sig, pid_t expected_parent);

/* All LEN bytes, or -1 (end of file or error). */
int read_full(int fd, void *buf, size_t len);
/* Writes all LEN bytes (retrying short writes). Returns 0, or -1. */
int write_full(int fd, const void *buf, size_t len);
/* All LEN bytes as far as FD takes them (a terminal may take them in parts). */
void write_all(int fd, const void *data, size_t len);
/* DATA as the whole content of the existing file PATH (one write: a /proc or cgroup file). */
int write_file(const char *path, const char *data);
int write_file_at(const char *dir, const char *name, const char *data);
/* A small file relative to DIRFD (one read), NUL-terminated; its length or -1. */
ssize_t read_at(int dirfd, const char *name, char *buf, size_t cap);
void sleep_ms(long ms);
/* Removes DIR and everything below it, never crossing into another file system nor
 * following a symlink. Returns nftw's result. */
int remove_tree(const char *dir);

#endif
