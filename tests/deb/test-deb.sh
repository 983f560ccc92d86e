#!/usr/bin/env bash
# test-deb.sh — `make test-deb`: the packages of `make deb` on a fresh
# Debian 12 root (mmdebstrap minbase with systemd, as on Raspberry Pi OS
# Lite), the way a technician meets them: installed with apt (so their
# Depends must be complete: the kiosk then draws a frame there), upgraded
# from an older version with an enrolled config and a queue on disk,
# removed, purged; platform/pi/setup.sh on a fresh root, twice (and
# swap turned off); and welkom-update installing a firmware package whose
# kiosk shows no first frame (rolled back) and one whose kiosk does.
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

check "setup.sh kept the installed package for firmware rollbacks" \
    "[ \"\$(dpkg-deb -f /var/lib/welkom-update/current.deb Version)\" = '$version' ]"
check "welkom-update.timer is enabled, and its units verify" \
    "systemctl is-enabled welkom-update.timer && systemd-analyze verify /lib/systemd/system/welkom-update.service /lib/systemd/system/welkom-update.timer"

echo "5. no swap: setup.sh turns off dphys-swapfile's swap file, once"
# A stand-in for Pi OS's dphys-swapfile: its unit, enabled, and its file
# (never a real swap here: setup.sh must not touch the machine's own).
inroot "printf '[Service]\nType=oneshot\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' >/lib/systemd/system/dphys-swapfile.service && systemctl enable dphys-swapfile.service && head -c 4096 /dev/zero >/var/swap" >>"$log" 2>&1
check "setup.sh turns swap off, masking dphys-swapfile and removing /var/swap" \
    "/pkgs/setup.sh $args >/tmp/setup3.out && grep -q 'swap turned off' /tmp/setup3.out && [ ! -e /var/swap ] && [ \"\$(systemctl is-enabled dphys-swapfile.service)\" = masked ]"
check "setup.sh again says swap is off already" "/pkgs/setup.sh $args | grep -q 'swap is off already'"

echo "6. firmware updates: one that shows no first frame goes back, one that does stays"
# Two newer packages made from this one: +fw1, whose kiosk stops before
# its first frame (as a build that crashes at start would), and +fw2, the
# real kiosk. Signed as firmware 1 and 2 with the demo's test key, which
# the kiosk is made to trust; left where the kiosk's sync worker leaves a
# package it downloaded (the download itself: tests/test_firmware.c).
fw=build-deb/fw
rm -rf "$fw" && mkdir -p "$fw"
repack() {  # repack VERSION BROKEN: $fw/welkom_VERSION.deb
    rm -rf "$fw/tree" && dpkg-deb -R build-deb/welkom_"$version"_"$arch".deb "$fw/tree" &&
    sed -i "s/^Version: .*/Version: $1/" "$fw/tree/DEBIAN/control" &&
    if [ "$2" = broken ]; then printf '#!/bin/sh\necho "welkom: this build stops before its first frame" >&2\nexit 1\n' >"$fw/tree/usr/bin/welkom"; fi &&
    dpkg-deb --root-owner-group -Zxz --build "$fw/tree" "$fw/welkom_$1.deb" >/dev/null
}
{ repack "$version+fw1" broken && repack "$version+fw2" good &&
  build/welkomctl firmware sign "$fw/welkom_$version+fw1.deb" --version 1 --key assets/demo/keys/test-publisher.key &&
  build/welkomctl firmware sign "$fw/welkom_$version+fw2.deb" --version 2 --key assets/demo/keys/test-publisher.key; } >>"$log" 2>&1 ||
    { echo "FAIL making the firmware packages (log $log)"; failed=$((failed + 1)); }
cp "$fw"/welkom_*.deb* "$R/pkgs/"
cp assets/demo/keys/test-publisher.pub "$R/pkgs/"
inroot "printf '\n[content]\npublisher_key = %s\n' \"\$(grep -v '^#' /pkgs/test-publisher.pub)\" >>/etc/welkom/welkom.conf" >>"$log" 2>&1
# systemd does not run here: the helper restarts the kiosk as the welkom
# user itself, headless, the one it started before stopped by its pid.
restart='[ -f /tmp/kiosk.pid ] && kill $(cat /tmp/kiosk.pid) 2>/dev/null; sleep 0.2; cd /tmp && setpriv --reuid=welkom --regid=welkom --init-groups welkom --headless --size 800x480 >>/tmp/kiosk.log 2>&1 & echo $! >/tmp/kiosk.pid'
pending() {  # pending VERSION: the package waits as the kiosk leaves it
    inroot "install -d -o welkom -g welkom -m 0755 /var/lib/welkom/firmware && install -o welkom -g welkom -m 0644 /pkgs/welkom_$1.deb /var/lib/welkom/firmware/welkom.deb && install -o welkom -g welkom -m 0644 /pkgs/welkom_$1.deb.sig /var/lib/welkom/firmware/welkom.deb.sig"
}
pending "$version+fw1" >>"$log" 2>&1
check "welkom-update installs +fw1, sees no first frame in 10 s, and goes back to $version" \
    "! welkom-update --timeout 10 --restart '$restart' >/tmp/update1.out 2>&1 && [ \"\$(dpkg-query -W -f='\${Version}' welkom)\" = '$version' ]"
inroot "cat /tmp/update1.out" | sed 's/^/     /'
check "the failure is recorded for the kiosk and staff, and the old kiosk draws again" \
    "grep -qx 'result failed' /var/lib/welkom-update/status && grep -q 'no first frame within 10 s; the previous package runs again' /var/lib/welkom-update/status && [ -s /var/lib/welkom/first-frame ] && [ \"\$(cat /var/lib/welkom-update/version)\" = 1 ]"
check "the kiosk reports the failed update as its last error" \
    "cd /tmp && setpriv --reuid=welkom --regid=welkom --init-groups welkom --screenshot /tmp/y.png --size 800x480 2>&1 | grep -q 'firmware 1 failed: no first frame'"
pending "$version+fw2" >>"$log" 2>&1
check "welkom-update installs +fw2, whose kiosk reports its first frame, and keeps it" \
    "welkom-update --restart '$restart' >/tmp/update2.out 2>&1 && [ \"\$(dpkg-query -W -f='\${Version}' welkom)\" = '$version+fw2' ] && grep -qx 'result installed' /var/lib/welkom-update/status"
inroot "cat /tmp/update2.out" | sed 's/^/     /'
check "+fw2 is the kept package now, $version the one before it" \
    "[ \"\$(dpkg-deb -f /var/lib/welkom-update/current.deb Version)\" = '$version+fw2' ] && [ \"\$(dpkg-deb -f /var/lib/welkom-update/previous.deb Version)\" = '$version' ]"
pending "$version+fw1" >>"$log" 2>&1
check "firmware 1 offered again is refused before dpkg, $version+fw2 stays" \
    "! welkom-update --restart '$restart' >/tmp/update3.out 2>&1 && grep -q 'firmware 1 is not newer than 2' /var/lib/welkom-update/status && [ \"\$(dpkg-query -W -f='\${Version}' welkom)\" = '$version+fw2' ]"
first_frame=$(inroot "sed -n 's/.*installed: first frame \\([0-9]*\\) ms after the install began/\\1/p' /tmp/update2.out")
inroot '[ -f /tmp/kiosk.pid ] && kill $(cat /tmp/kiosk.pid) 2>/dev/null; true'

echo
echo "firmware update: first frame ${first_frame:-?} ms after dpkg -i began (install, restart, first-frame report)"
echo "installed size: welkom=$(dpkg-deb -f build-deb/welkom_"$version"_"$arch".deb Installed-Size) KiB, welkom-hub=$(dpkg-deb -f build-deb/welkom-hub_"$version"_"$arch".deb Installed-Size) KiB, welkomctl=$(dpkg-deb -f build-deb/welkomctl_"$version"_"$arch".deb Installed-Size) KiB"
echo "the three packages and what they pulled into a minbase+systemd root: $(( (du_after - du_before) / 1024 )) MiB (log $log)"
echo "$(( $(grep -c '^ok ' <<<"") )) " >/dev/null
[ "$failed" -eq 0 ] && echo "test-deb: all passed" || echo "test-deb: $failed failed (log $log)"
[ "$failed" -eq 0 ]
