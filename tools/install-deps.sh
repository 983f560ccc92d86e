#!/bin/sh
# install-deps.sh — installs the Debian packages welkom needs to build, run
# and test, and only those that are missing. Quiet when everything is there.
#
#   tools/install-deps.sh           install what is missing (apt-get; sudo when not root)
#   tools/install-deps.sh --checks  also what `make fuzz`, `make tsan` and
#                                   `make valgrind` need (CHECK_PACKAGES)
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
# decoder, openssl for test certificates, curl, an X server and a finger,
# and a browser for the staff console's tests (driven by puppeteer-core,
# which the test target installs from npm into the build tree).
RUN_PACKAGES="sqlite3 zbar-tools openssl curl
xvfb xauth xdotool time chromium"
# What the deeper checks use, installed by --checks (.ci/run, make fuzz,
# tsan, valgrind): clang with libFuzzer and the sanitizer runtimes
# (libclang-rt-14-dev is only recommended by clang, so it is named), and
# valgrind.
CHECK_PACKAGES="clang libclang-rt-14-dev valgrind"
# Node.js and npm run puppeteer-core. Debian 12's come from apt; a
# machine that has a node and npm of its own (NodeSource's nodejs carries
# npm, and conflicts with Debian's npm package) keeps them.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    RUN_PACKAGES="$RUN_PACKAGES nodejs npm"
fi

# Installed for this machine's architecture (or for all): a held package
# counts, and so does one that also has a copy for another architecture.
NATIVE=$(dpkg --print-architecture)
installed() {
    dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$1" 2>/dev/null \
        | grep -qE "^installed ($NATIVE|all)\$"
}

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

wanted="$BUILD_PACKAGES $RUN_PACKAGES"
[ "${1:-}" = "--checks" ] && wanted="$wanted $CHECK_PACKAGES"
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
