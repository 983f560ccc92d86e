/* volunteers_demo.h — DEMO/TEST ONLY: the check-in codes of the demo
 * roster (assets/demo/volunteers.ini), so that tests can check in as a
 * demo volunteer. They are invented, belong to no person, and are in no
 * file of the bundle (test_volunteer_bundle.c greps the built bundle for
 * every one of them and for the names). Never give a real volunteer one
 * of these codes. */
#ifndef WK_VOLUNTEERS_DEMO_H
#define WK_VOLUNTEERS_DEMO_H

struct demo_volunteer { const char *code, *name, *organisation; };

static const struct demo_volunteer DEMO_VOLUNTEERS[] = {
    { "0001-48213907", "Amina", "refu-interim" },
    { "0002-73014629", "Jonas", "centre-volunteers" },
    { "0003-19573840", "Sara", "centre-volunteers" },
};
#define DEMO_VOLUNTEER_COUNT 3

#endif
