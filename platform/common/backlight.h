/* backlight.h — the panel's backlight, dimmed while the kiosk shows its
 * night screen and restored when the hours begin (or a touch wakes it),
 * through the kernel's backlight class (/sys/class/backlight/NAME/
 * brightness, writable by the welkom user through the udev rule
 * platform/pi/99-welkom-backlight.rules). A machine without a backlight
 * (an HDMI monitor, a laptop in a window) gets one log line and nothing
 * else. */
#ifndef PLATFORM_BACKLIGHT_H
#define PLATFORM_BACKLIGHT_H

#include "../../app/core/wk.h"

#define BACKLIGHT_CLASS_DIR "/sys/class/backlight"
/* At night the backlight goes to this share of its maximum (at least 1:
 * the panel stays readable to someone who walks up and touches it). */
#define BACKLIGHT_NIGHT_PERCENT 5

struct backlight;

/* The first backlight device of class_dir, or NULL (logged) if there is
 * none or it cannot be read. */
struct backlight *backlight_open(const char *class_dir);
/* Dims for the night or restores the day's brightness; writes only when
 * night changes. NULL is fine. */
void backlight_night(struct backlight *b, bool night);
/* Restores the day's brightness and frees. NULL is fine. */
void backlight_close(struct backlight *b);

#endif
