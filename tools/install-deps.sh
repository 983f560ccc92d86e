#!/bin/sh
# install-deps.sh — installs the Debian packages welkom needs to build, run
# and test, and only those that are missing. Quiet when everything is there.
#
#   tools/install-deps.sh           install what is missing (apt-get; sudo when not root)
#   tools/install-deps.sh --checks  also what `make fuzz`, `make tsan` and
#                                   `make valgrind` need (CHECK_PACKAGES)
#   tools/install-deps.sh --bench   also what `make bench` needs (BENCH_PACKAGES)
#   tools/install-deps.sh --check   install nothing: name the missing build
#                                   packages and exit 1 (the Makefile runs this
#                                   when pkg-config cannot find a library)
#   tools/install-deps.sh --arch arm64
#                                   the cross compiler, the arm64 -dev packages
#                                   (dpkg multiarch: adds the arm64 architecture)
#                                   and qemu-user for `make ARCH=arm64` and
#                                   `make test-arm64`; never part of the default
#   tools/install-deps.sh --deb     what `make deb` and `make test-deb` use
#                                   (lintian, fakeroot, mmdebstrap)
set -eu

# What the compiler and the build need: libraries (by their -dev package),
# msgfmt for the catalogs, pkg-config to find the libraries.
BUILD_PACKAGES="build-essential pkg-config gettext
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libfribidi-dev libunibreak-dev libharfbuzz-dev libinih-dev
libsqlite3-dev libsodium-dev libqrencode-dev libcjson-dev
libcurl4-openssl-dev libmicrohttpd-dev libgnutls28-dev libespeak-ng-dev libopusfile-dev"
# What the tests and `make run` use besides: the sqlite3 shell, a QR
# decoder, openssl for test certificates, curl, an X server and a finger,
# and a browser for the staff console's tests (chromium, driven through
# chromedriver's WebDriver protocol by a Node.js script: nothing from npm).
# espeak-ng-data holds the voices read-aloud speaks with; sox measures
# that what it renders is not silence; opusenc (opus-tools) makes the
# Ogg/Opus recording a test puts in a bundle.
RUN_PACKAGES="sqlite3 zbar-tools openssl curl
xvfb xauth xdotool time chromium chromium-driver espeak-ng-data sox opus-tools"
# What the deeper checks use, installed by --checks (.ci/run, make fuzz,
# tsan, valgrind): clang with libFuzzer and the sanitizer runtimes
# (libclang-rt-14-dev is only recommended by clang, so it is named), and
# valgrind.
CHECK_PACKAGES="clang libclang-rt-14-dev valgrind"
# Node.js (18 or later, for fetch) runs the browser test's script.
# Debian 12's comes from apt; a machine that has a node of its own keeps it.
if ! command -v node >/dev/null 2>&1; then
    RUN_PACKAGES="$RUN_PACKAGES nodejs"
fi

# Installed for this machine's architecture (or for all; PKG:ARCH for
# another): a held package counts, and so does one that also has a copy
# for another architecture.
NATIVE=$(dpkg --print-architecture)
installed() {
    case "$1" in
        *:*) arch=${1#*:} ;;
        *) arch="$NATIVE|all" ;;
    esac
    dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$1" 2>/dev/null \
        | grep -qE "^installed ($arch)\$"
}

# The arm64 build: the cross toolchain, the same libraries as BUILD_PACKAGES
# for arm64 (they are Multi-Arch: same, so they sit beside the amd64 ones),
# and qemu-user to run the arm64 tests here. libunibreak is the exception:
# Debian 12 does not package it for multiarch (installing its arm64 package
# removes the amd64 one), so its two arm64 packages are unpacked into
# CROSS_ROOT instead, and the Makefile finds them there.
ARM64_PACKAGES="crossbuild-essential-arm64 qemu-user
libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libsdl2-image-dev:arm64
libfribidi-dev:arm64 libharfbuzz-dev:arm64 libinih-dev:arm64
libsqlite3-dev:arm64 libsodium-dev:arm64 libqrencode-dev:arm64 libcjson-dev:arm64
libcurl4-openssl-dev:arm64 libmicrohttpd-dev:arm64 libgnutls28-dev:arm64
libespeak-ng-dev:arm64 libopusfile-dev:arm64"
# The packages: dpkg-deb, dpkg-shlibdeps and dpkg-gencontrol come with
# dpkg-dev (build-essential); lintian checks them, mmdebstrap makes the
# chroot `make test-deb` installs them in.
DEB_PACKAGES="dpkg-dev fakeroot lintian mmdebstrap"
CROSS_ROOT=/opt/welkom-cross/arm64
CROSS_UNPACKED="libunibreak1 libunibreak-dev"

# Only for `make bench`: the browser bench/peer compares the kiosk with,
# and XTest for bench/xwatch (the click it times).
BENCH_PACKAGES="chromium libxtst-dev"

missing_of() {
    missing=""
    for p in $1; do
        installed "$p" || missing="$missing $p"
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

want="$BUILD_PACKAGES $RUN_PACKAGES"
new_arch=""
case "${1:-}" in
    --arch)
        [ "${2:-}" = arm64 ] || { echo "install-deps: --arch knows only arm64" >&2; exit 2; }
        want="$BUILD_PACKAGES $ARM64_PACKAGES"
        dpkg --print-foreign-architectures | grep -qx arm64 || new_arch=arm64 ;;
    --deb) want="$BUILD_PACKAGES $DEB_PACKAGES" ;;
    --checks) want="$want $CHECK_PACKAGES" ;;
    --bench) want="$want $BENCH_PACKAGES" ;;
    "") ;;
    *) echo "install-deps: unknown option $1 (--check, --checks, --bench, --arch arm64, --deb)" >&2; exit 2 ;;
esac

# The arm64 libunibreak, unpacked beside the system (see ARM64_PACKAGES),
# its pkg-config file pointed at where it is.
unpack_cross() {
    [ -s "$CROSS_ROOT/usr/lib/pkgconfig/libunibreak.pc" ] && return 0
    dl=$(mktemp -d); chmod 755 "$dl"
    (cd "$dl" && for p in $CROSS_UNPACKED; do apt-get download -qq "$p:arm64"; done)
    $SUDO mkdir -p "$CROSS_ROOT"
    for d in "$dl"/*.deb; do $SUDO dpkg-deb -x "$d" "$CROSS_ROOT"; done
    $SUDO sed -i "s|^prefix=.*|prefix=$CROSS_ROOT/usr|" "$CROSS_ROOT/usr/lib/pkgconfig/libunibreak.pc"
    rm -rf "$dl"
    echo "unpacked arm64: $CROSS_UNPACKED into $CROSS_ROOT"
}

missing=$(missing_of "$want")
if [ -z "$missing" ] && [ -z "$new_arch" ]; then
    if [ "${1:-}" = --arch ]; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        unpack_cross
    fi
    exit 0
fi

echo "installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; as root: apt-get install$missing" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
[ -z "$new_arch" ] || $SUDO dpkg --add-architecture "$new_arch"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
# --no-remove: a package that cannot sit beside what is installed (another
# architecture's) stops the install instead of removing the other.
$SUDO apt-get install -y -qq --no-install-recommends --no-remove $missing
[ "${1:-}" != --arch ] || unpack_cross
