#!/bin/sh
# setup.sh — turns a fresh Pi OS Lite (arm64) into a welkom kiosk: installs
# the packages, builds and installs welkom, adds an unprivileged user and the
# systemd unit. Run from the source tree as root: sudo platform/pi/setup.sh
set -eu
cd "$(dirname "$0")/../.."
tools/install-deps.sh
make -j"$(nproc)"
make install PREFIX=/usr/local
id welkom >/dev/null 2>&1 || useradd --system --home /var/lib/welkom --shell /usr/sbin/nologin welkom
usermod -a -G video,input,render welkom 2>/dev/null || usermod -a -G video,input welkom
install -d -m 755 /etc/welkom
# The config holds the kiosk's hub token: root writes it, the kiosk reads it,
# nobody else does (also for a config left by an older setup).
[ -f /etc/welkom/welkom.conf ] || install -m 640 -o root -g welkom platform/pi/welkom.conf /etc/welkom/welkom.conf
chown root:welkom /etc/welkom/welkom.conf
chmod 640 /etc/welkom/welkom.conf
install -m 644 platform/pi/welkom.service /etc/systemd/system/welkom.service
systemctl daemon-reload
systemctl enable --now welkom.service
echo "welkom is running; logs: journalctl -u welkom -f"
