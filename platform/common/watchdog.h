/* watchdog.h — systemd's watchdog without libsystemd: "WATCHDOG=1" as one
 * datagram to $NOTIFY_SOCKET, at most once per WATCHDOG_MIN_INTERVAL_MS. */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include "../../app/core/wk.h"

#include <sys/socket.h>
#include <sys/un.h>

/* systemd wants a ping within WatchdogSec (tens of seconds in our unit);
 * the main loop may call us on every event, so once a second is plenty. */
#define WATCHDOG_MIN_INTERVAL_MS 1000

struct watchdog {
    bool enabled;                /* NOTIFY_SOCKET was set and usable */
    int fd;
    struct sockaddr_un addr;
    socklen_t addr_len;
    bool pinged;                 /* at least once, at last_ms */
    int64_t last_ms;
    bool warned;
    int interval_ms;             /* half of $WATCHDOG_USEC; 0: not asked */
};

/* Reads NOTIFY_SOCKET; a missing or unusable one leaves the watchdog off
 * (unusable ones are logged). Never fails. */
void watchdog_init(struct watchdog *wd);
void watchdog_close(struct watchdog *wd);
/* now_ms is the caller's monotonic clock (the fake one in headless). The
 * first ping also says READY=1, for Type=notify units. */
void watchdog_ping(struct watchdog *wd, int64_t now_ms);

#endif
