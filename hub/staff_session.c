/* staff_session.c — the console's sessions, in the hub's memory only: a
 * restart ends them all, and the keys they unwrapped with them. A
 * session is found by the BLAKE2b-256 hash of its id (the cookie), never
 * by comparing the id itself; it ends after idle_s without a request, at
 * logout, or when its person is revoked, and its keys are wiped then.
 *
 * The keys are kept in memory from sodium_malloc (locked: never swapped
 * out, guard pages around it), readable only while hub_sessions_use_key
 * runs (sodium_mprotect_noaccess otherwise), and freed with
 * sodium_free, which wipes them. */
#include "staff.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct session {
    unsigned char hash[crypto_generichash_BYTES];       /* of the id */
    struct hub_session_view view;
    int64_t last_seen_ms;
    unsigned char *keys[HUB_KEY_KINDS];                 /* sodium_malloc; NULL: not held */
    bool used;
};

struct hub_sessions {
    pthread_mutex_t lock;
    int64_t idle_ms;
    struct session slots[HUB_SESSIONS_MAX];
};

int hub_sessions_new(int idle_s, struct hub_sessions **out)
{
    *out = NULL;
    if (idle_s < 1 || idle_s > HUB_SESSION_IDLE_MAX_S)
        return WK_EINVAL;
    struct hub_sessions *ss = wk_calloc(1, sizeof *ss);
    if (!ss)
        return WK_ENOMEM;
    pthread_mutex_init(&ss->lock, NULL);
    ss->idle_ms = (int64_t)idle_s * 1000;
    *out = ss;
    return 0;
}

/* Wipes a session and its keys; the slot is free again. */
static void end(struct session *s)
{
    for (int k = 0; k < HUB_KEY_KINDS; k++)
        if (s->keys[k])
            sodium_free(s->keys[k]);        /* makes it writable and wipes it */
    sodium_memzero(s, sizeof *s);
}

/* A session idle too long: ended, and said so (its person's name only). */
static void expired(struct session *s)
{
    wk_log(WK_LOG_INFO, "hub: %s's console session ended after its idle time", s->view.name);
    end(s);
}

void hub_sessions_free(struct hub_sessions *ss)
{
    if (!ss)
        return;
    for (int i = 0; i < HUB_SESSIONS_MAX; i++)
        if (ss->slots[i].used)
            end(&ss->slots[i]);
    pthread_mutex_destroy(&ss->lock);
    free(ss);
}

static void id_hash(const char *id, unsigned char hash[crypto_generichash_BYTES])
{
    crypto_generichash(hash, crypto_generichash_BYTES, (const unsigned char *)id, strlen(id), NULL, 0);
}

static void new_token(char out[HUB_TOKEN_CHARS + 1])
{
    unsigned char raw[HUB_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, HUB_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

int hub_sessions_open(struct hub_sessions *ss, const struct hub_staff_member *m,
                      const unsigned char *const keys[HUB_KEY_KINDS], int64_t now_ms,
                      char id[HUB_TOKEN_CHARS + 1], struct hub_session_view *view)
{
    struct session fresh = { .used = true, .last_seen_ms = now_ms };
    fresh.view.staff_id = m->id;
    fresh.view.role = m->role;
    snprintf(fresh.view.name, sizeof fresh.view.name, "%s", m->name);
    new_token(fresh.view.csrf);
    for (int k = 0; k < HUB_KEY_KINDS; k++) {
        if (!keys[k])
            continue;
        size_t size = hub_key_secret_size((enum hub_key_kind)k);
        if (!(fresh.keys[k] = sodium_malloc(size))) {
            end(&fresh);
            return WK_ENOMEM;
        }
        memcpy(fresh.keys[k], keys[k], size);
        sodium_mprotect_noaccess(fresh.keys[k]);
        fresh.view.keys[k] = true;
    }
    new_token(id);
    id_hash(id, fresh.hash);
    pthread_mutex_lock(&ss->lock);
    /* A free slot, or the one idle longest. */
    struct session *slot = NULL;
    for (int i = 0; i < HUB_SESSIONS_MAX; i++) {
        struct session *s = &ss->slots[i];
        if (s->used && now_ms - s->last_seen_ms > ss->idle_ms)
            expired(s);
        if (!s->used) {
            slot = s;
            break;
        }
        if (!slot || s->last_seen_ms < slot->last_seen_ms)
            slot = s;
    }
    if (slot->used)
        end(slot);
    *slot = fresh;
    *view = fresh.view;
    pthread_mutex_unlock(&ss->lock);
    sodium_memzero(&fresh, sizeof fresh);
    return 0;
}

/* The live session of id, under the lock; NULL if none. An idle one is
 * ended on the way. */
static struct session *find_locked(struct hub_sessions *ss, const char *id, int64_t now_ms)
{
    if (!id || !wk_token_ok(id))
        return NULL;
    unsigned char hash[crypto_generichash_BYTES];
    id_hash(id, hash);
    for (int i = 0; i < HUB_SESSIONS_MAX; i++) {
        struct session *s = &ss->slots[i];
        if (!s->used || sodium_memcmp(s->hash, hash, sizeof hash) != 0)
            continue;
        if (now_ms - s->last_seen_ms > ss->idle_ms) {
            expired(s);
            return NULL;
        }
        return s;
    }
    return NULL;
}

int hub_sessions_find(struct hub_sessions *ss, const char *id, int64_t now_ms, struct hub_session_view *view)
{
    pthread_mutex_lock(&ss->lock);
    struct session *s = find_locked(ss, id, now_ms);
    if (s) {
        s->last_seen_ms = now_ms;
        *view = s->view;
    }
    pthread_mutex_unlock(&ss->lock);
    return s ? 0 : WK_ENOTFOUND;
}

void hub_sessions_end(struct hub_sessions *ss, const char *id)
{
    pthread_mutex_lock(&ss->lock);
    struct session *s = find_locked(ss, id, INT64_MIN / 2);
    if (s)
        end(s);
    pthread_mutex_unlock(&ss->lock);
}

void hub_sessions_end_staff(struct hub_sessions *ss, int64_t staff_id)
{
    pthread_mutex_lock(&ss->lock);
    for (int i = 0; i < HUB_SESSIONS_MAX; i++)
        if (ss->slots[i].used && ss->slots[i].view.staff_id == staff_id)
            end(&ss->slots[i]);
    pthread_mutex_unlock(&ss->lock);
}

void hub_sessions_expire(struct hub_sessions *ss, int64_t now_ms)
{
    pthread_mutex_lock(&ss->lock);
    for (int i = 0; i < HUB_SESSIONS_MAX; i++)
        if (ss->slots[i].used && now_ms - ss->slots[i].last_seen_ms > ss->idle_ms)
            expired(&ss->slots[i]);
    pthread_mutex_unlock(&ss->lock);
}

int hub_sessions_use_key(struct hub_sessions *ss, const char *id, enum hub_key_kind kind,
                         int (*use)(void *user, const unsigned char *secret), void *user)
{
    pthread_mutex_lock(&ss->lock);
    struct session *s = find_locked(ss, id, INT64_MIN / 2);
    int rc = WK_ENOTFOUND;
    if (s && kind < HUB_KEY_KINDS && s->keys[kind]) {
        sodium_mprotect_readonly(s->keys[kind]);
        rc = use(user, s->keys[kind]);
        sodium_mprotect_noaccess(s->keys[kind]);
    }
    pthread_mutex_unlock(&ss->lock);
    return rc;
}

int hub_sessions_count(struct hub_sessions *ss)
{
    int n = 0;
    pthread_mutex_lock(&ss->lock);
    for (int i = 0; i < HUB_SESSIONS_MAX; i++)
        n += ss->slots[i].used;
    pthread_mutex_unlock(&ss->lock);
    return n;
}
