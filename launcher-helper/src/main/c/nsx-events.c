/* Event lines on the stage's stdout (see nsx-stage.h for the list). */
#define _GNU_SOURCE
#include "nsx-stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

size_t format_event(char *line, size_t cap, const char *fmt, va_list ap)
{
    int n = vsnprintf(line, cap - 1, fmt, ap);
    if (n < 0)
        return 0;
    if ((size_t)n > cap - 2)
        n = (int)(cap - 2);
    for (int i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[n++] = '\n';
    return (size_t)n;
}

/* One event, one write(): lines from several monitors never interleave. */
void emit(const char *fmt, ...)
{
    char line[EVENT_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    size_t n = format_event(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n == 0)
        return;
    ssize_t ignored = write(EVENT_FD, line, n);
    (void)ignored;
}

/* See nsx-stage.h. */
void encode(char *out, size_t cap, const unsigned char *in, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < cap; i++) {
        unsigned char c = in[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-' || c == ':') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}
