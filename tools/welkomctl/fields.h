/* fields.h — parsers for the values in content source files (fields.c). */
#ifndef CTL_FIELDS_H
#define CTL_FIELDS_H

#include "../../app/content/content.h"

#define CTL_MAX_ID 40
#define CTL_MSG_MAX 160

bool ctl_valid_id(const char *id);
int ctl_parse_bool(const char *v, bool *out);
int ctl_parse_int(const char *v, long lo, long hi, long *out);
/* "closed" or "HH:MM-HH:MM, ..." in order, not overlapping. */
int ctl_parse_ranges(const char *v, struct content_day_hours *out, char msg[CTL_MSG_MAX]);
/* "mon".."sun" → 0..6, else -1. */
int ctl_parse_weekday(const char *key);

#endif
