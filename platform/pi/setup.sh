#!/bin/sh
# setup.sh — turns a fresh Raspberry Pi OS Lite (Debian 12, arm64) into a
# welkom kiosk, from the packages `make deb` built (no compiler on the Pi):
# installs the welkom package with what it depends on, enrols the kiosk
# with its hub (url, token, the hub's sealing key in /etc/welkom/welkom.conf,
# 0640 root:welkom), enables the service, turns off swap, console blanking
# and the text cursor. Says what it did; running it again changes nothing
# that is already so (a new token or hub replaces the old one).
#
#   sudo ./setup.sh --hub-url https://hub.example.org --token TOKEN \
#                   --hub-key BASE64 [--publisher-key BASE64] [--deb FILE]
#
# --deb defaults to the newest welkom_*_ARCH.deb beside this script.
set -eu

CONF=/etc/welkom/welkom.conf

usage() {
    sed -n "9,13p" "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() { echo "setup.sh: $*" >&2; exit 1; }
say() { echo "welkom setup: $*"; }

hub_url="" token="" hub_key="" publisher_key="" deb=""
while [ $# -gt 0 ]; do
    case $1 in
        --hub-url) hub_url=${2:-}; shift 2 || usage ;;
        --token) token=${2:-}; shift 2 || usage ;;
        --hub-key) hub_key=${2:-}; shift 2 || usage ;;
        --publisher-key) publisher_key=${2:-}; shift 2 || usage ;;
        --deb) deb=${2:-}; shift 2 || usage ;;
        -h|--help) usage ;;
        *) echo "setup.sh: unknown argument $1" >&2; usage ;;
    esac
done
[ -n "$hub_url" ] && [ -n "$token" ] && [ -n "$hub_key" ] || { echo "setup.sh: --hub-url, --token and --hub-key are needed" >&2; usage; }
[ "$(id -u)" -eq 0 ] || die "run it as root (sudo $0 ...)"
case $hub_url in
    https://?*) ;;
    *) die "--hub-url must be https://... (got $hub_url)" ;;
esac
# A value goes into an ini line: one line, no ';' or '#' that would start a
# comment, nothing but what a URL, a token or a base64 key holds.
for v in "$hub_url" "$token" "$hub_key" "$publisher_key"; do
    case $v in
        *[!A-Za-z0-9:/._~%?=+@-]*) die "a value holds a character a URL, token or key never does" ;;
    esac
done
# The keys are 32 bytes, 44 characters of base64.
[ ${#hub_key} -eq 44 ] || die "--hub-key is not a key (the last line of the hub's NAME.pub, 44 characters)"
[ -z "$publisher_key" ] || [ ${#publisher_key} -eq 44 ] || die "--publisher-key is not a key (the line of NAME.pub, 44 characters)"

# 1. The package, with what it depends on from the Pi OS archive.
arch=$(dpkg --print-architecture)
if [ -z "$deb" ]; then
    deb=$(ls "$(dirname "$0")"/welkom_*_"$arch".deb 2>/dev/null | sort -V | tail -1)
    [ -n "$deb" ] || die "no welkom_*_$arch.deb beside $0: give it with --deb FILE"
fi
[ -f "$deb" ] || die "no package at $deb"
want=$(dpkg-deb -f "$deb" Version)
have=$(dpkg-query -W -f='${Status} ${Version}' welkom 2>/dev/null | sed -n 's/^install ok installed //p')
if [ "$have" = "$want" ]; then
    say "welkom $want is installed already"
else
    case $deb in /*) ;; *) deb=./$deb ;; esac
    export DEBIAN_FRONTEND=noninteractive
    # Keep the config a previous setup enrolled (--force-confold).
    apt_install() {
        apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "$deb" >/tmp/welkom-setup.apt.log 2>&1
    }
    apt_install || { apt-get update -q >/dev/null 2>&1 && apt_install; } ||
        die "installing $deb failed (log: /tmp/welkom-setup.apt.log): $(tail -1 /tmp/welkom-setup.apt.log)"
    say "installed welkom $want${have:+ (was $have)}"
fi

# The installed package, kept for the firmware helper: welkom-update goes
# back to it when a package the hub offers shows no first frame.
keep=/var/lib/welkom-update/current.deb
if [ "$(dpkg-deb -f "$keep" Version 2>/dev/null)" = "$want" ]; then
    say "the installed package is kept for firmware rollbacks already ($keep)"
else
    install -d -m 0755 /var/lib/welkom-update
    install -m 0644 "$deb" "$keep.new" && mv "$keep.new" "$keep"
    say "kept welkom $want as $keep: a firmware update that fails goes back to it"
fi

# 2. Enrolment: [hub] url, token and public_key (and [content]
# publisher_key) set in the config, every other line kept. Written beside
# it and renamed, so a power cut leaves the old file or the new one.
# set_keys FILE SECTION KEY=VALUE...: FILE with those keys of SECTION set
# (the section added at the end if it has none), on stdout.
set_keys() {
    file=$1 section=$2; shift 2
    awk -v section="$section" -v pairs="$*" '
        BEGIN { n = split(pairs, kv, " ")
                for (i = 1; i <= n; i++) { p = index(kv[i], "="); key[i] = substr(kv[i], 1, p - 1); val[i] = substr(kv[i], p + 1) } }
        function emit() { for (i = 1; i <= n; i++) print key[i] " = " val[i]; done = 1 }
        /^\[/ { insec = ($0 == "[" section "]"); print; if (insec) emit(); next }
        insec { for (i = 1; i <= n; i++) if ($0 ~ "^[ \t]*" key[i] "[ \t]*=") next }
        { print }
        END { if (!done) { print ""; print "[" section "]"; emit() } }' "$file"
}
[ -f "$CONF" ] || die "$CONF is missing: the package did not install it"
tmp=$(mktemp "$CONF.XXXXXX")
trap 'rm -f "$tmp" "$tmp.2"' EXIT
set_keys "$CONF" hub "url=$hub_url" "token=$token" "public_key=$hub_key" >"$tmp"
if [ -n "$publisher_key" ]; then
    set_keys "$tmp" content "publisher_key=$publisher_key" >"$tmp.2"
    mv "$tmp.2" "$tmp"
fi
chown root:welkom "$tmp"
chmod 640 "$tmp"
if cmp -s "$tmp" "$CONF"; then
    rm -f "$tmp"
    say "enrolled with $hub_url already (token and keys unchanged)"
    enrolled=no
else
    mv "$tmp" "$CONF"
    say "enrolled with $hub_url: token and hub key written to $CONF (0640 root:welkom; the token is not shown)"
    enrolled=yes
fi
trap - EXIT

# 3. The service: enabled at boot; started (or restarted with the new
# enrolment) where systemd runs.
if [ -d /run/systemd/system ]; then
    systemctl enable --quiet welkom.service
    if [ "$enrolled" = yes ] || ! systemctl is-active --quiet welkom.service; then
        systemctl restart welkom.service
        say "welkom.service enabled and (re)started; logs: journalctl -u welkom -f"
    else
        say "welkom.service enabled and running already"
    fi
elif command -v systemctl >/dev/null; then
    systemctl enable --quiet welkom.service 2>/dev/null || die "systemctl enable welkom.service failed"
    say "welkom.service enabled; it starts at the next boot (systemd is not running here)"
else
    die "no systemctl: this is not Raspberry Pi OS"
fi

# 4. No swap: what a resident typed lives in the kiosk's memory until the
# session ends, and memory given back to the system could be written to
# a swap file on the SD card, where it would outlive the session. Pi OS
# makes its swap file with dphys-swapfile.
# Only dphys-swapfile's swap is touched (never `swapoff -a`: in a chroot
# or an image build that would be the build machine's).
if systemctl is-enabled --quiet dphys-swapfile.service 2>/dev/null || [ -e /var/swap ]; then
    if command -v dphys-swapfile >/dev/null; then
        dphys-swapfile swapoff 2>/dev/null || true
        dphys-swapfile uninstall 2>/dev/null || true
    fi
    rm -f /var/swap
    systemctl disable --quiet dphys-swapfile.service 2>/dev/null || true
    systemctl mask --quiet dphys-swapfile.service 2>/dev/null || true
    say "swap turned off (dphys-swapfile disabled and masked, /var/swap removed): typed words never reach the SD card"
else
    say "swap is off already (no dphys-swapfile swap)"
fi

# 5. The screen: no console blanking and no blinking text cursor, on the
# kernel command line (from the next boot) and on the console now.
cmdline=""
for f in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    [ -f "$f" ] && { cmdline=$f; break; }
done
if [ -z "$cmdline" ]; then
    say "no /boot/firmware/cmdline.txt (not a Raspberry Pi OS image?): console blanking left as it is"
else
    line=$(head -n1 "$cmdline")
    added=""
    for opt in consoleblank=0 vt.global_cursor_default=0; do
        case " $line " in
            *" $opt "*) ;;
            *) line="$line $opt"; added="$added $opt" ;;
        esac
    done
    if [ -n "$added" ]; then
        cp "$cmdline" "$cmdline.welkom-bak"
        printf '%s\n' "$line" >"$cmdline.new" && mv "$cmdline.new" "$cmdline"
        say "console blanking and cursor off from the next boot ($cmdline:$added; the old one in $cmdline.welkom-bak)"
    else
        say "console blanking and cursor are off already ($cmdline)"
    fi
fi
if [ -w /dev/tty1 ] && command -v setterm >/dev/null; then
    setterm --blank 0 --powersave off --cursor off >/dev/tty1 </dev/tty1 2>/dev/null || true
fi
say "done: this kiosk sends to $hub_url"
