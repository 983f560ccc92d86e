/* watchdog.c — sd_notify("WATCHDOG=1") by hand. The protocol is one
 * datagram on the AF_UNIX socket named by $NOTIFY_SOCKET; a name starting
 * with '@' is in the abstract namespace (a leading NUL byte, no file). */
#include "watchdog.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WATCHDOG_MESSAGE "WATCHDOG=1"
#define WATCHDOG_FIRST_MESSAGE "READY=1\nWATCHDOG=1"

void watchdog_init(struct watchdog *wd)
{
    *wd = (struct watchdog){ .fd = -1 };
    const char *name = getenv("NOTIFY_SOCKET");
    if (!name || !*name)
        return;
    size_t len = strlen(name);
    if ((name[0] != '/' && name[0] != '@') || len >= sizeof wd->addr.sun_path) {
        wk_log(WK_LOG_WARN, "NOTIFY_SOCKET is not a usable socket name; watchdog off");
        return;
    }
    wd->addr.sun_family = AF_UNIX;
    memcpy(wd->addr.sun_path, name, len);
    if (name[0] == '@')
        wd->addr.sun_path[0] = '\0';
    /* Abstract names are not NUL-terminated: the length is the name. */
    wd->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
                               (name[0] == '@' ? 0 : 1));
    wd->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (wd->fd < 0) {
        wk_log(WK_LOG_WARN, "cannot make a socket for the watchdog: %s", strerror(errno));
        return;
    }
    wd->enabled = true;
    /* systemd sets WATCHDOG_USEC to WatchdogSec; ping at twice that rate. */
    const char *usec = getenv("WATCHDOG_USEC");
    long long us = usec ? atoll(usec) : 0;
    wd->interval_ms = us > 0 ? (int)WK_CLAMP(us / 2000, WATCHDOG_MIN_INTERVAL_MS, 3600 * 1000) : 0;
}

void watchdog_close(struct watchdog *wd)
{
    if (wd->fd >= 0)
        close(wd->fd);
    wd->fd = -1;
    wd->enabled = false;
}

void watchdog_ping(struct watchdog *wd, int64_t now_ms)
{
    if (!wd->enabled)
        return;
    if (wd->pinged && now_ms - wd->last_ms < WATCHDOG_MIN_INTERVAL_MS)
        return;
    const char *message = wd->pinged ? WATCHDOG_MESSAGE : WATCHDOG_FIRST_MESSAGE;
    ssize_t n = sendto(wd->fd, message, strlen(message),
                       MSG_NOSIGNAL | MSG_DONTWAIT,
                       (const struct sockaddr *)&wd->addr, wd->addr_len);
    if (n < 0) {
        /* Warn once; systemd will restart us if it really cannot hear us. */
        if (!wd->warned)
            wk_log(WK_LOG_WARN, "watchdog ping failed: %s", strerror(errno));
        wd->warned = true;
        return;
    }
    wd->pinged = true;
    wd->last_ms = now_ms;
}
