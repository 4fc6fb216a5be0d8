/* The monitor's terminal relay (see nsx-stage.h): a pty whose output becomes events and whose
 * input comes in the zygote's frames, or, for `run` on a terminal, the caller's own terminal. */
#define _GNU_SOURCE
#include "nsx-monitor.h"
#include "nsx-stage.h"
#include "nsx-util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

/* Opens the master (kept here) and the slave (for the child, in *SLAVE), sized ROWSxCOLS. */
int open_pty(const struct spec *sp, int *slave)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[64];
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof name))
        monitor_fail(sp, 0, "pty", errno, "posix_openpt");
    struct winsize size = { (unsigned short)(sp->rows ? sp->rows : 24), (unsigned short)(sp->cols ? sp->cols : 80),
                            0, 0 };
    ioctl(master, TIOCSWINSZ, &size);
    if ((*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
        monitor_fail(sp, 0, "pty", errno, name);
    fcntl(master, F_SETFL, O_NONBLOCK);
    return master;
}

/* Container output as "<id> output <hex>" lines (hex: any byte, and under PIPE_BUF a line). */
static int forward_output(const struct spec *sp, int master)
{
    unsigned char data[1500];
    ssize_t n = read(master, data, sizeof data);
    if (n <= 0)
        return (int)n;
    static const char hex[] = "0123456789abcdef";
    char line[64 + 2 * sizeof data + 2];
    /* The whole prefix fits (an id has at most 63 bytes): no unwritten byte is sent. */
    size_t o = (size_t)snprintf(line, sizeof line, "%s output ", sp->id);
    for (ssize_t i = 0; i < n; i++) {
        line[o++] = hex[data[i] >> 4];
        line[o++] = hex[data[i] & 15];
    }
    line[o++] = '\n';
    ssize_t ignored = write(EVENT_FD, line, o);
    (void)ignored;
    return (int)n;
}

/* Copies what FROM has (one read) to TO; returns the read's result. */
static int copy_some(int from, int to)
{
    unsigned char data[4096];
    ssize_t n = read(from, data, sizeof data);
    if (n > 0)
        write_all(to, data, (size_t)n);
    return (int)n;
}

void drain_output(const struct spec *sp, int master)
{
    if (sp->relay_caller)
        while (copy_some(master, CALLER_STDIO + 1) > 0)
            ;
    else
        while (forward_output(sp, master) > 0)
            ;
    close(master);
}

/*
 * With `run` on a terminal, the container gets a pty of its own and the monitor relays it to
 * the caller's terminal, as `docker run -it` does: a process inside never holds the caller's
 * terminal, so it cannot push keystrokes into the caller's shell (TIOCSTI). The caller's
 * terminal is raw meanwhile (the container's pty does the line editing) and restored after.
 */
static struct termios caller_termios;
static int caller_termios_saved;
static int caller_input = CALLER_STDIO;
static struct winsize caller_size;

void take_caller_terminal(void)
{
    if (isatty(CALLER_STDIO) && tcgetattr(CALLER_STDIO, &caller_termios) == 0) {
        struct termios raw = caller_termios;
        cfmakeraw(&raw);
        if (tcsetattr(CALLER_STDIO, TCSANOW, &raw) == 0)
            caller_termios_saved = 1;
    }
    caller_size.ws_row = 0;
}

void give_back_caller_terminal(void)
{
    if (caller_termios_saved)
        tcsetattr(CALLER_STDIO, TCSANOW, &caller_termios);
    caller_termios_saved = 0;
}

/* The caller's window size, passed on to the container's pty when it changed. */
void follow_window_size(int master)
{
    struct winsize now;
    for (int fd = CALLER_STDIO; fd < CALLER_STDIO + 3; fd++) {
        if (ioctl(fd, TIOCGWINSZ, &now) == 0 && now.ws_row > 0) {
            if (now.ws_row != caller_size.ws_row || now.ws_col != caller_size.ws_col) {
                caller_size = now;
                ioctl(master, TIOCSWINSZ, &now);
            }
            return;
        }
    }
}

/* As relay_terminal, between the container's pty and the caller's stdin and stdout. */
int relay_caller_terminal(int sfd, int *master)
{
    struct pollfd fds[3] = { { sfd, POLLIN, 0 }, { *master, POLLIN, 0 }, { caller_input, POLLIN, 0 } };
    int ready = poll(fds, 3, 250); /* a quarter second: the window size is followed as often */
    follow_window_size(*master);
    if (ready < 0)
        return errno == EINTR ? 0 : 1;
    if (fds[1].revents & POLLIN)
        copy_some(*master, CALLER_STDIO + 1);
    else if (fds[1].revents & (POLLHUP | POLLERR))
        fds[1].fd = -1;
    if ((fds[2].revents & POLLIN) && copy_some(caller_input, *master) <= 0)
        fds[2].revents |= POLLHUP;
    if (fds[2].revents & (POLLHUP | POLLERR)) {
        /* The caller's input ended: the container reads an end of file (^D) once. */
        write_all(*master, "\004", 1);
        caller_input = -1;
    }
    if (fds[1].fd < 0 && !(fds[0].revents & POLLIN)) {
        struct pollfd only = { sfd, POLLIN, 0 };
        poll(&only, 1, -1);
        return 1;
    }
    return (fds[0].revents & POLLIN) ? 1 : 0;
}

/* Applies the zygote's frames: keystrokes to the terminal, or a new window size. */
static void apply_input(int input, int master)
{
    unsigned char head[3];
    if (read_full(input, head, sizeof head) < 0)
        return;
    size_t len = (size_t)head[1] << 8 | head[2];
    unsigned char data[65535];
    if (len > 0 && read_full(input, data, len) < 0)
        return;
    if (head[0] == FRAME_INPUT) {
        ssize_t ignored = write(master, data, len);
        (void)ignored;
    } else if (head[0] == FRAME_RESIZE && len == 4) {
        struct winsize size = { (unsigned short)(data[0] << 8 | data[1]), (unsigned short)(data[2] << 8 | data[3]),
                                0, 0 };
        ioctl(master, TIOCSWINSZ, &size);
    }
}

/* Waits for terminal traffic or a signal. Returns 0 after relaying traffic, 1 when a signal waits. */
int relay_terminal(const struct spec *sp, int sfd, int *master, int *input)
{
    struct pollfd fds[3] = { { sfd, POLLIN, 0 }, { *master, POLLIN, 0 }, { *input, POLLIN, 0 } };
    if (poll(fds, 3, -1) < 0)
        return errno == EINTR ? 0 : 1;
    if (fds[1].revents & POLLIN)
        forward_output(sp, *master);
    else if (fds[1].revents & (POLLHUP | POLLERR))
        fds[1].fd = -1; /* the container closed its side; keep the master for the last read */
    if (fds[2].revents & POLLIN)
        apply_input(*input, *master);
    else if (fds[2].revents & POLLHUP)
        *input = -1; /* the zygote is gone: SIGTERM follows */
    if (fds[1].fd < 0 && !(fds[0].revents & POLLIN)) {
        /* Output ended: wait for the signal alone from now on. */
        struct pollfd only = { sfd, POLLIN, 0 };
        poll(&only, 1, -1);
        return 1;
    }
    return (fds[0].revents & POLLIN) ? 1 : 0;
}

/* The master the child sent, or -1 when it failed first (its error pipe tells why). */
int receive_master(int socket_fd)
{
    char byte;
    struct iovec iov = { &byte, 1 };
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    if (recvmsg(socket_fd, &msg, MSG_CMSG_CLOEXEC) != 1)
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
        return -1;
    int master;
    memcpy(&master, CMSG_DATA(cmsg), sizeof(int));
    fcntl(master, F_SETFL, O_NONBLOCK);
    return master;
}
