/* fuzz_hub_api.c — the hub's endpoints with any request body
 * (hub/api.c, hub/bundle.c, the token lookup of hub/store.c), called
 * the way hub/http.c calls them once libmicrohttpd has read a request,
 * on a real hub database with one kiosk and one published bundle.
 *
 * The first byte chooses the endpoint; the rest up to the first newline
 * is the header it takes (Idempotency-Key, the bundle's NAME) and what
 * follows is the body (If-None-Match for a bundle):
 *   0 POST /v1/submissions   1 POST /v1/heartbeat
 *   2 GET /v1/bundle/NAME    3 HEAD /v1/bundle/NAME   4 a bearer token
 * Every answer must be a status of the protocol with a JSON body or
 * none. The seeds are the requests of docs/protocol.md. */
#include "fuzz.h"
#include "../../hub/hub.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ENDPOINT_SUBMISSION, ENDPOINT_HEARTBEAT, ENDPOINT_BUNDLE, ENDPOINT_BUNDLE_HEAD, ENDPOINT_TOKEN,
       ENDPOINT_COUNT };

static void check_reply(const struct hub_reply *r)
{
    if (r->status < 200 || r->status > 599)
        abort();
    if (r->json) {
        cJSON *j = cJSON_Parse(r->json);
        if (!cJSON_IsObject(j))
            abort();
        cJSON_Delete(j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct hub_store *store;
    static struct hub_kiosk kiosk;
    if (!store) {
        char token[64], err[WK_ERR_MAX];
        fuzz_quiet();
        store = fuzz_hub_store(token);
        if (hub_store_kiosk_by_token(store, token, &kiosk, err))
            abort();
    }
    if (size < 1)
        return 0;
    int endpoint = data[0] % ENDPOINT_COUNT;
    size_t n = size - 1;
    char *body = malloc(n + 1);
    if (!body)
        return 0;
    memcpy(body, data + 1, n);
    body[n] = '\0';
    char *head = NULL, *rest = body;
    size_t rest_size = n;
    char *nl = memchr(body, '\n', n);
    if (nl) {
        *nl = '\0';
        head = body;
        rest = nl + 1;
        rest_size = n - (size_t)(rest - body);
    }

    struct hub_reply r = { 0 };
    char err[WK_ERR_MAX];
    struct hub_kiosk who;
    switch (endpoint) {
    case ENDPOINT_SUBMISSION:
        hub_api_submission(store, &kiosk, head, rest, rest_size, &r);
        break;
    case ENDPOINT_HEARTBEAT:
        hub_api_heartbeat(store, &kiosk, body, n, &r);
        break;
    case ENDPOINT_BUNDLE:
    case ENDPOINT_BUNDLE_HEAD:
        hub_api_bundle(store, &kiosk, head ? head : body, head ? rest : NULL,
                       endpoint == ENDPOINT_BUNDLE_HEAD, &r);
        break;
    default:
        if (hub_store_kiosk_by_token(store, body, &who, err) == 0 && who.id != kiosk.id)
            abort();
        free(body);
        return 0;
    }
    check_reply(&r);
    hub_reply_free(&r);
    free(body);
    return 0;
}
