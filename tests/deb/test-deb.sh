#!/usr/bin/env bash
# test-deb.sh — `make test-deb`: the packages of `make deb` on a fresh
# Debian 12 root (mmdebstrap minbase with systemd, as on Raspberry Pi OS
# Lite), the way a technician meets them: installed with apt (so their
# Depends must be complete: the kiosk then draws a frame there), upgraded
# from an older version with an enrolled config and a queue on disk,
# removed, purged; and platform/pi/setup.sh on a fresh root, twice.
# The host's architecture only (amd64 here): the arm64 packages are the
# same tree and scripts around the binaries `make test-arm64` tests.
#
# Needs root (chroot, mount) and the network (apt); takes a few minutes.
# Not part of `make test`. The root tarball is kept in /tmp (delete it for
# a new one). systemd does not run in a chroot: systemctl works offline
# there (enable, is-enabled), and `systemd-analyze verify` checks the units;
# starting the service is left to a Pi (see platform/pi/README.md).
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
[ "$(id -u)" -eq 0 ] || { echo "test-deb: needs root (chroot)"; exit 2; }
arch=$(dpkg --print-architecture)
tar=/tmp/welkom-test-deb-root.tar
log=/tmp/welkom-test-deb.log
: >"$log"
failed=0
R=""

ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() {   # check "what" command...: the command, in the root, succeeds
    what=$1; shift
    if inroot "$*" >>"$log" 2>&1; then ok "$what"; else fail "$what ($*)"; fi
}
inroot() { chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash -c "$1"; }
cleanup() {
    [ -n "$R" ] || return 0
    umount -l "$R/dev" "$R/proc" 2>/dev/null
    rm -rf "$R"; R=""
}
trap cleanup EXIT
fresh() {
    cleanup
    R=$(mktemp -d /tmp/welkom-test-deb.XXXX)
    tar -xf "$tar" -C "$R"
    cp /etc/resolv.conf "$R/etc/resolv.conf"
    mount -t proc proc "$R/proc"
    mount --rbind /dev "$R/dev"
    mkdir -p "$R/pkgs"
}

# The packages: this version, and an older one to upgrade from.
version=$(sed -n 's/^#define WELKOM_VERSION "\(.*\)"/\1/p' app/kiosk/config.h)
old=${version}~old1
echo "building the packages ($arch: $version and $old)"
packaging/deb.sh "$arch" >>"$log" 2>&1 || { echo "FAIL packaging/deb.sh (log $log)"; exit 1; }
DEB_VERSION=$old DEB_OUT=$top/build-deb/old packaging/deb.sh "$arch" >>"$log" 2>&1 || { echo "FAIL packaging/deb.sh old"; exit 1; }

if [ ! -s "$tar" ]; then
    echo "making a Debian 12 root ($tar)"
    mmdebstrap --variant=minbase --include=systemd,ca-certificates bookworm "$tar" >>"$log" 2>&1 ||
        { echo "FAIL mmdebstrap: $(tail -1 "$log")"; exit 1; }
fi

fresh
cp build-deb/old/*_"$arch".deb build-deb/*_"$version"_"$arch".deb "$R/pkgs/"
du_before=$(inroot "du -sxk / 2>/dev/null | cut -f1")

echo "1. install $old with apt"
check "apt installs welkom, welkom-hub and welkomctl $old with their Depends" \
    "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /pkgs/welkom_${old}_$arch.deb /pkgs/welkom-hub_${old}_$arch.deb /pkgs/welkomctl_${old}_$arch.deb"
du_after=$(inroot "du -sxk / 2>/dev/null | cut -f1")
check "a welkom system user, in video, render and input" "id -u welkom && [ \$(id -u welkom) -lt 1000 ] && id -nG welkom | grep -qw video && id -nG welkom | grep -qw render && id -nG welkom | grep -qw input"
check "a welkom-hub system user" "id -u welkom-hub"
check "/etc/welkom/welkom.conf is a conffile, 0640 root:welkom" \
    "dpkg-query -W -f='\${Conffiles}' welkom | grep -q /etc/welkom/welkom.conf && [ \"\$(stat -c '%a %U %G' /etc/welkom/welkom.conf)\" = '640 root welkom' ]"
check "/var/lib/welkom is 0700 welkom:welkom" "[ \"\$(stat -c '%a %U %G' /var/lib/welkom)\" = '700 welkom welkom' ]"
check "/var/lib/welkom-hub is 0700 welkom-hub:welkom-hub" "[ \"\$(stat -c '%a %U %G' /var/lib/welkom-hub)\" = '700 welkom-hub welkom-hub' ]"
check "welkom.service and welkom-hub.service are enabled" "systemctl is-enabled welkom.service && systemctl is-enabled welkom-hub.service"
check "systemd-analyze verify passes on both units" "systemd-analyze verify /lib/systemd/system/welkom.service /lib/systemd/system/welkom-hub.service"
# The installed kiosk, as the welkom user, with only what the package
# brought: its fonts, catalogs and demo bundle at /usr, and every library.
check "the installed kiosk draws the demo's home screen in Arabic as welkom" \
    "cd /tmp && setpriv --reuid=welkom --regid=welkom --init-groups welkom --screenshot /tmp/home.png --size 800x480 --lang ar --state-dir /tmp/st --script 'expect:العربية' && [ -s /tmp/home.png ]"
check "welkomctl and welkom-hub run" "welkomctl --help >/dev/null && welkom-hub --version"

echo "2. enrol, queue, upgrade to $version"
inroot "printf '\n[hub]\nurl = https://hub.example.org\ntoken = KEEP-THIS-TOKEN\n' >>/etc/welkom/welkom.conf && echo queued >/var/lib/welkom/state.db && chown welkom:welkom /var/lib/welkom/state.db" >>"$log" 2>&1
check "apt upgrades the three packages to $version" \
    "DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold /pkgs/welkom_${version}_$arch.deb /pkgs/welkom-hub_${version}_$arch.deb /pkgs/welkomctl_${version}_$arch.deb && [ \"\$(dpkg-query -W -f='\${Version}' welkom)\" = '$version' ]"
check "the enrolled config is kept, still 0640 root:welkom" \
    "grep -q '^token = KEEP-THIS-TOKEN' /etc/welkom/welkom.conf && [ \"\$(stat -c '%a %U %G' /etc/welkom/welkom.conf)\" = '640 root welkom' ]"
check "the queue on disk is kept" "grep -q queued /var/lib/welkom/state.db"
check "welkom.service is still enabled" "systemctl is-enabled welkom.service"

echo "3. remove, then purge"
check "apt removes welkom" "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q welkom && [ ! -e /usr/bin/welkom ] && [ ! -e /usr/share/welkom ]"
check "after remove, the config and the queue are still there" "grep -q KEEP-THIS-TOKEN /etc/welkom/welkom.conf && [ -e /var/lib/welkom/state.db ]"
check "apt purges welkom: config, queue and enablement gone" \
    "DEBIAN_FRONTEND=noninteractive apt-get purge -y -q welkom && [ ! -e /etc/welkom/welkom.conf ] && [ ! -e /var/lib/welkom ] && [ ! -e /etc/systemd/system/multi-user.target.wants/welkom.service ] && ! dpkg-query -W welkom 2>/dev/null"
check "apt purges welkom-hub and welkomctl" \
    "DEBIAN_FRONTEND=noninteractive apt-get purge -y -q welkom-hub welkomctl && [ ! -e /var/lib/welkom-hub ] && [ ! -e /usr/bin/welkom-hub ] && [ ! -e /usr/bin/welkomctl ]"

echo "4. platform/pi/setup.sh on a fresh root (a Pi OS image's /boot/firmware/cmdline.txt)"
fresh
cp build-deb/welkom_"$version"_"$arch".deb platform/pi/setup.sh "$R/pkgs/"
mkdir -p "$R/boot/firmware"
echo "console=serial0,115200 console=tty1 root=PARTUUID=abc-02 rootfstype=ext4 fsck.repair=yes rootwait" >"$R/boot/firmware/cmdline.txt"
key=XufaOoEVUKUewt2WAOU4T1wjuevW60rZhUdhqh8t2AY=
args="--hub-url https://hub.example.org --token RW1OniHW1SzOsBb-Fu4xrzlaOEKI3LPN9MZyj5tQqlk --hub-key $key"
check "setup.sh refuses an http:// hub, before changing anything" \
    "! /pkgs/setup.sh --hub-url http://hub --token t --hub-key $key && ! dpkg-query -W welkom 2>/dev/null"
check "setup.sh refuses a key that is not one" "! /pkgs/setup.sh --hub-url https://hub --token t --hub-key abc"
check "setup.sh installs, enrols, enables and turns off blanking" "apt-get update -q >/dev/null && /pkgs/setup.sh $args | tee /tmp/setup1.out"
inroot "cat /tmp/setup1.out" | sed 's/^/     /'
check "the package is installed" "[ \"\$(dpkg-query -W -f='\${Version}' welkom)\" = '$version' ]"
check "[hub] url, token and public_key are in the config, 0640 root:welkom" \
    "sed -n '/^\[hub\]/,/^\[/p' /etc/welkom/welkom.conf | grep -qx 'url = https://hub.example.org' && sed -n '/^\[hub\]/,/^\[/p' /etc/welkom/welkom.conf | grep -qx 'token = RW1OniHW1SzOsBb-Fu4xrzlaOEKI3LPN9MZyj5tQqlk' && sed -n '/^\[hub\]/,/^\[/p' /etc/welkom/welkom.conf | grep -qx 'public_key = $key' && [ \"\$(stat -c '%a %U %G' /etc/welkom/welkom.conf)\" = '640 root welkom' ]"
check "the token is never printed" "! grep -q RW1OniHW1SzOsBb /tmp/setup1.out"
check "the kiosk reads the enrolled config (it names the hub it sends to)" \
    "cd /tmp && setpriv --reuid=welkom --regid=welkom --init-groups welkom --screenshot /tmp/x.png --size 800x480 --state-dir /tmp/st -v 2>&1 | grep -q hub.example.org"
check "welkom.service is enabled" "systemctl is-enabled welkom.service"
check "consoleblank=0 and vt.global_cursor_default=0 on the kernel command line, on its one line" \
    "[ \$(wc -l </boot/firmware/cmdline.txt) = 1 ] && grep -q ' consoleblank=0' /boot/firmware/cmdline.txt && grep -q ' vt.global_cursor_default=0' /boot/firmware/cmdline.txt && grep -q '^console=serial0' /boot/firmware/cmdline.txt"
inroot "cp -a /etc/welkom/welkom.conf /tmp/conf1; cp /boot/firmware/cmdline.txt /tmp/cmdline1" >>"$log" 2>&1
check "setup.sh again changes nothing and says so" \
    "/pkgs/setup.sh $args >/tmp/setup2.out && cmp /etc/welkom/welkom.conf /tmp/conf1 && cmp /boot/firmware/cmdline.txt /tmp/cmdline1 && grep -q 'installed already' /tmp/setup2.out && grep -q 'already (token and keys unchanged)' /tmp/setup2.out && grep -q 'are off already' /tmp/setup2.out"
check "setup.sh with a new token replaces the old one, once" \
    "/pkgs/setup.sh --hub-url https://hub.example.org --token NEWTOKEN --hub-key $key >/dev/null && [ \$(grep -c '^token = ' /etc/welkom/welkom.conf) = 1 ] && grep -qx 'token = NEWTOKEN' /etc/welkom/welkom.conf && [ \"\$(stat -c '%a %U %G' /etc/welkom/welkom.conf)\" = '640 root welkom' ]"

echo
echo "installed size: welkom=$(dpkg-deb -f build-deb/welkom_"$version"_"$arch".deb Installed-Size) KiB, welkom-hub=$(dpkg-deb -f build-deb/welkom-hub_"$version"_"$arch".deb Installed-Size) KiB, welkomctl=$(dpkg-deb -f build-deb/welkomctl_"$version"_"$arch".deb Installed-Size) KiB"
echo "the three packages and what they pulled into a minbase+systemd root: $(( (du_after - du_before) / 1024 )) MiB (log $log)"
echo "$(( $(grep -c '^ok ' <<<"") )) " >/dev/null
[ "$failed" -eq 0 ] && echo "test-deb: all passed" || echo "test-deb: $failed failed (log $log)"
[ "$failed" -eq 0 ]
