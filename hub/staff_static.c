/* staff_static.c — the console's pages: HTML, CSS, JavaScript modules and
 * JSON catalogs served as they are from one directory (hub/staff in the
 * checkout; PREFIX/share/welkom-hub/staff installed). A path is taken
 * only if it is made of plain names — letters, digits, '.', '_', '-' and
 * '/' between them, no name starting with '.' (so no "..", no hidden
 * file) — and what it names is a regular file inside the directory, not
 * reached through a symbolic link; anything else is 404. */
#include "staff_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef WELKOM_HUB_STAFF_DIR
#define WELKOM_HUB_STAFF_DIR "/usr/local/share/welkom-hub/staff"
#endif
/* The longest path a page is asked for; the console's are short. */
#define STAFF_PAGE_PATH_MAX 128

const char *hub_staff_default_dir(void)
{
#if defined(WELKOM_SOURCE_DIR) && defined(WELKOM_BUILD_DIR)
    if (wk_exe_in_dir(WELKOM_BUILD_DIR))
        return WELKOM_SOURCE_DIR "/hub/staff";
#endif
    return WELKOM_HUB_STAFF_DIR;
}

static const struct { const char *ext, *type; } types[] = {
    { ".html", "text/html; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" }, { ".json", "application/json; charset=utf-8" },
    { ".svg", "image/svg+xml" }, { ".png", "image/png" }, { ".ico", "image/x-icon" },
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < WK_ARRAY_LEN(types); i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return NULL;
}

/* Whether path is names of [A-Za-z0-9._-] between single slashes, none
 * starting with '.'. */
static bool path_ok(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > STAFF_PAGE_PATH_MAX || path[0] == '/' || path[n - 1] == '/')
        return false;
    bool name_start = true;
    for (const char *p = path; *p; p++) {
        char ch = *p;
        if (ch == '/') {
            if (name_start)
                return false;       /* "//" */
            name_start = true;
            continue;
        }
        if (name_start && ch == '.')
            return false;           /* "..", ".git", ".env" */
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-'))
            return false;
        name_start = false;
    }
    return true;
}

/* Opens dir/path one name at a time, refusing symbolic links on the way
 * (O_NOFOLLOW at each step), so nothing outside dir is ever opened. */
static int open_beneath(const char *dir, const char *path)
{
    char copy[STAFF_PAGE_PATH_MAX + 1];
    snprintf(copy, sizeof copy, "%s", path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *save = NULL;
    for (char *name = strtok_r(copy, "/", &save); fd >= 0 && name; name = strtok_r(NULL, "/", &save)) {
        int next = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = next;
    }
    return fd;
}

void hub_staff_static(struct hub_staff *st, const char *path, bool head, struct hub_reply *r)
{
    (void)head;                 /* libmicrohttpd sends no body for HEAD */
    r->staff = true;
    if (!path[0])
        path = "index.html";
    const char *type = type_of(path);
    if (!path_ok(path) || !type) {
        staff_error(r, 404, "no such page");
        return;
    }
    int fd = open_beneath(st->dir, path);
    struct stat s;
    if (fd < 0 || fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
        if (fd >= 0)
            close(fd);
        staff_error(r, 404, "no such page");
        return;
    }
    r->status = 200;
    r->file = true;
    r->fd = fd;
    r->file_size = (uint64_t)s.st_size;
    r->content_type = type;
}

int hub_staff_new(struct hub_store *store, const struct hub_staff_options *o, struct hub_staff **out,
                  char err[WK_ERR_MAX])
{
    *out = NULL;
    const char *dir = o->dir ? o->dir : hub_staff_default_dir();
    struct hub_staff *st = wk_calloc(1, sizeof *st);
    if (!st) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    st->store = store;
    st->tls = o->tls;
    if (!realpath(dir, st->dir)) {
        /* The hub still serves kiosks; the console answers 404. */
        wk_log(WK_LOG_WARN, "hub: the staff console's pages are not at %s (%s): the console is off", dir,
               strerror(errno));
        snprintf(st->dir, sizeof st->dir, "/nonexistent");
    }
    staff_kiosk_binary(o->kiosk_binary, st->kiosk_binary);
    /* The kiosk's pictograms, for the content checks: the checkout's
     * assets/ beside hub/staff, or PREFIX/share/welkom/assets beside
     * PREFIX/share/welkom-hub/staff. */
    const char *const assets[] = { "%s/../../assets", "%s/../../welkom/assets" };
    for (size_t i = 0; i < WK_ARRAY_LEN(assets) && !st->assets[0]; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, assets[i], st->dir);
        strncat(path, "/pictograms", sizeof path - strlen(path) - 1);
        if (access(path, R_OK) == 0)
            snprintf(st->assets, sizeof st->assets, assets[i], st->dir);
    }
    int rc = hub_sessions_new(o->session_idle_s ? o->session_idle_s : HUB_SESSION_IDLE_DEFAULT_S, &st->sessions);
    if (rc) {
        wk_seterr(err, "the session idle time must be 1 to %d seconds", HUB_SESSION_IDLE_MAX_S);
        free(st);
        return rc;
    }
    *out = st;
    return 0;
}

void hub_staff_free(struct hub_staff *st)
{
    if (!st)
        return;
    hub_sessions_free(st->sessions);
    free(st);
}
