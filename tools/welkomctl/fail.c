/* fail.c — ctl_fail (welkomctl.h): the one line on stderr with which a
 * welkomctl command says why it did nothing. */
#include "welkomctl.h"

#include <stdarg.h>

int ctl_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "welkomctl: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}
