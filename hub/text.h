/* text.h — text a kiosk sends that staff read in a terminal (a
 * heartbeat's last_error in `welkomctl status`): made safe to print. The
 * hub cleans it when it stores it, and welkomctl again when it prints
 * it, for rows written by an older hub or by hand. */
#ifndef HUB_TEXT_H
#define HUB_TEXT_H

#include "../app/core/wk.h"

/* in as printable UTF-8 into out (size bytes with the NUL), cut at a
 * character: C0 and C1 controls and DEL become a space, the bidi
 * controls that reorder what follows (U+202A-202E, U+2066-2069) and the
 * direction marks (U+200E, U+200F, U+061C) are dropped, and each byte
 * that is not part of well-formed UTF-8 becomes U+FFFD. Returns out. */
char *hub_text_clean(char *out, size_t size, const char *in);

#endif
