/* test_core.c — the helpers every part of welkom shares (app/core): the
 * two clocks, and what the kiosk, the sync worker and the hub each
 * used to check or count in a copy of their own. */
#include "test.h"
#include "../app/core/wk.h"

#include <time.h>

#define MS_PER_S 1000

/* --- clocks ------------------------------------------------------------- */

TEST(the_wall_clock_is_milliseconds_since_1970_and_the_monotonic_one_never_goes_back)
{
    int64_t before_s = (int64_t)time(NULL);
    int64_t wall = wk_wall_ms();
    int64_t after_s = (int64_t)time(NULL);
    CHECK(wall >= before_s * MS_PER_S && wall < (after_s + 1) * MS_PER_S);

    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t mono = wk_mono_ms();
    CHECK(mono >= (int64_t)ts.tv_sec * MS_PER_S);
    for (int i = 0; i < 1000; i++) {
        int64_t next = wk_mono_ms();
        CHECK(next >= mono);
        mono = next;
    }
}
