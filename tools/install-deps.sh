#!/bin/sh
# install-deps.sh — installs the Debian packages welkom needs to build, run
# and test, and only those that are missing. Quiet when everything is there.
#
#   tools/install-deps.sh           install what is missing (apt-get; sudo when not root)
#   tools/install-deps.sh --bench   the same and what `make bench` needs besides
#   tools/install-deps.sh --check   install nothing: name the missing build
#                                   packages and exit 1 (the Makefile runs this
#                                   when pkg-config cannot find a library)
set -eu

# What the compiler and the build need: libraries (by their -dev package),
# msgfmt for the catalogs, pkg-config to find the libraries.
BUILD_PACKAGES="build-essential pkg-config gettext
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libfribidi-dev libunibreak-dev libharfbuzz-dev libinih-dev
libsqlite3-dev libsodium-dev libqrencode-dev libcjson-dev
libcurl4-openssl-dev libmicrohttpd-dev libgnutls28-dev"
# What the tests and `make run` use besides: the sqlite3 shell, a QR
# decoder, openssl for test certificates, curl, an X server and a finger.
RUN_PACKAGES="sqlite3 zbar-tools openssl curl
xvfb xauth xdotool time"

# Only for `make bench`: the browser bench/peer compares the kiosk with,
# and XTest for bench/xwatch (the click it times).
BENCH_PACKAGES="chromium libxtst-dev"

missing_of() {
    missing=""
    for p in $1; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    echo "$missing"
}

if [ "${1:-}" = "--check" ]; then
    missing=$(missing_of "$BUILD_PACKAGES")
    [ -z "$missing" ] && exit 0
    echo "welkom: missing Debian packages:$missing" >&2
    echo "welkom: \`make deps\` installs them (or: sudo apt-get install$missing)" >&2
    exit 1
fi

wanted="$BUILD_PACKAGES $RUN_PACKAGES"
[ "${1:-}" = "--bench" ] && wanted="$wanted $BENCH_PACKAGES"
missing=$(missing_of "$wanted")
[ -z "$missing" ] && exit 0

echo "installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; as root: apt-get install$missing" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
