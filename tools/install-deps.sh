#!/bin/sh
# install-deps.sh — installs the Debian packages welkom needs to build, run
# and test, and only those that are missing. Quiet when everything is there.
set -eu

PACKAGES="build-essential pkg-config gettext
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libfribidi-dev libunibreak-dev libharfbuzz-dev libinih-dev
libsqlite3-dev libsodium-dev libqrencode-dev libcjson-dev
libcurl4-openssl-dev libmicrohttpd-dev libgnutls28-dev
sqlite3 zbar-tools openssl curl
xvfb xauth xdotool time"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
