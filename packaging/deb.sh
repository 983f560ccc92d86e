#!/bin/sh
# deb.sh — builds the Debian packages welkom, welkom-hub and welkomctl for
# each architecture named (amd64, arm64) into build-deb/, from this source
# tree, without debhelper: each is built with `make install PREFIX=/usr`
# into a stage (hardened with dpkg-buildflags, stripped), split into the
# three packages, its Depends computed by dpkg-shlibdeps from the binaries,
# and checked with lintian (packaging/lintian-overrides explains what it
# still says).
#
#   packaging/deb.sh amd64 arm64           run by `make deb`
#   DEB_VERSION=0.0.9 packaging/deb.sh amd64
#                                          another version (tests/deb/ builds an
#                                          older one to upgrade from)
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
version=${DEB_VERSION:-$(sed -n 's/^#define WELKOM_VERSION "\(.*\)"/\1/p' app/kiosk/config.h)}
out=${DEB_OUT:-$top/build-deb}
[ $# -gt 0 ] || set -- "$(dpkg --print-architecture)"

# Writes DEBIAN/control of package $1 in tree $2 for architecture $3, with
# the Depends the shared libraries of its binaries need plus $4.
control() {
    pkg=$1 root=$2 arch=$3 extra=$4 desc=$5
    shlibs=""
    bins=$(find "$root/usr/bin" "$root/usr/sbin" -type f 2>/dev/null || true)
    if [ -n "$bins" ]; then
        # dpkg-shlibdeps wants a debian/ of its own; shlibs.local names the
        # package of the arm64 libunibreak that install-deps.sh unpacked
        # beside dpkg (see there), which dpkg does not know.
        work=$(mktemp -d)
        mkdir -p "$work/debian"
        printf 'Source: welkom\n\nPackage: %s\nArchitecture: any\n' "$pkg" >"$work/debian/control"
        echo "libunibreak 1 libunibreak1 (>= 1.1)" >"$work/debian/shlibs.local"
        # shellcheck disable=SC2086
        shlibs=$(cd "$work" && DEB_HOST_ARCH=$arch dpkg-shlibdeps -O -l/opt/welkom-cross/arm64/usr/lib \
                     $(for b in $bins; do printf ' -e%s' "$b"; done) 2>"$work/err" |
                 sed -n 's/^shlibs:Depends=//p') || { cat "$work/err" >&2; rm -rf "$work"; exit 1; }
        grep -v "binaries to analyze should already be installed in their package" "$work/err" >&2 || true
        rm -rf "$work"
    fi
    depends=$(printf '%s' "$shlibs${shlibs:+${extra:+, }}$extra")
    size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
    mkdir -p "$root/DEBIAN"
    {
        echo "Package: $pkg"
        echo "Source: welkom"
        echo "Version: $version"
        echo "Architecture: $arch"
        echo "Maintainer: welkom maintainers <welkom@welkom.invalid>"
        echo "Installed-Size: $size"
        [ -z "$depends" ] || echo "Depends: $depends"
        echo "Section: misc"
        echo "Priority: optional"
        printf 'Description: %s\n' "$desc"
    } >"$root/DEBIAN/control"
}

# The documentation every package carries: copyright and a changelog.
docs() {
    pkg=$1 root=$2
    install -d "$root/usr/share/doc/$pkg"
    install -m 644 packaging/copyright "$root/usr/share/doc/$pkg/copyright"
    printf 'welkom (%s) unstable; urgency=medium\n\n  * Built from the welkom source tree (see the project'"'"'s git log).\n\n -- welkom maintainers <welkom@welkom.invalid>  %s\n' \
        "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" |
        gzip -9n >"$root/usr/share/doc/$pkg/changelog.gz"
    chmod 644 "$root/usr/share/doc/$pkg/changelog.gz"
}

scripts() {
    root=$1 dir=$2
    for s in postinst prerm postrm; do
        [ -f "$dir/$s" ] && install -m 755 "$dir/$s" "$root/DEBIAN/$s"
    done
    return 0
}

for arch in "$@"; do
    case $arch in
        amd64|arm64) ;;
        *) echo "deb.sh: unknown architecture $arch (amd64, arm64)" >&2; exit 2 ;;
    esac
    strip=strip
    [ "$arch" = "$(dpkg --print-architecture)" ] || strip=aarch64-linux-gnu-strip
    build=$out/$arch/build
    stage=$out/$arch/stage
    rm -rf "$stage" "$out/$arch/welkom" "$out/$arch/welkom-hub" "$out/$arch/welkomctl"
    # Debian's hardening flags for this architecture (the Makefile reads
    # no CPPFLAGS: the fortify define goes with CFLAGS).
    flags="$(DEB_HOST_ARCH=$arch dpkg-buildflags --get CFLAGS) $(DEB_HOST_ARCH=$arch dpkg-buildflags --get CPPFLAGS)"
    ldflags=$(DEB_HOST_ARCH=$arch dpkg-buildflags --get LDFLAGS)
    make --no-print-directory -j2 ARCH="$arch" BUILD="$build" PREFIX=/usr \
         CFLAGS="$flags" LDFLAGS="$ldflags" install DESTDIR="$stage" >/dev/null
    for b in welkom welkom-hub welkomctl; do
        $strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/$b"
    done

    # welkom: the kiosk, its fonts, pictograms, demo bundle and catalogs,
    # the unit, and the config (a conffile, 0640: it will hold the token).
    k=$out/$arch/welkom
    install -d "$k/usr/bin" "$k/usr/sbin" "$k/usr/share" "$k/lib/systemd/system" "$k/etc/welkom"
    cp -a "$stage/usr/bin/welkom" "$k/usr/bin/"
    # The root helper that installs firmware packages at night, its unit and timer.
    $strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/sbin/welkom-update"
    cp -a "$stage/usr/sbin/welkom-update" "$k/usr/sbin/"
    install -m 644 platform/pi/welkom-update.service platform/pi/welkom-update.timer "$k/lib/systemd/system/"
    # The udev rule that lets the kiosk dim the backlight at night.
    install -D -m 644 platform/pi/99-welkom-backlight.rules "$k/lib/udev/rules.d/99-welkom-backlight.rules"
    cp -a "$stage/usr/share/welkom" "$stage/usr/share/locale" "$k/usr/share/"
    install -m 644 platform/pi/welkom.service "$k/lib/systemd/system/welkom.service"
    install -m 640 platform/pi/welkom.conf "$k/etc/welkom/welkom.conf"
    docs welkom "$k"
    install -d "$k/usr/share/lintian/overrides"
    install -m 644 packaging/lintian-overrides/welkom "$k/usr/share/lintian/overrides/welkom"
    # libespeak-ng1 and libopusfile0 are opened by name (dlopen) at the
    # first read-aloud, so dpkg-shlibdeps does not see them.
    control welkom "$k" "$arch" "adduser, libespeak-ng1, espeak-ng-data, libopusfile0" \
        "touch-screen kiosk for reception centres for asylum seekers
 The firmware of a kiosk in a hallway: residents pick their language,
 browse the services of the centre and the city, see what is on, sign up
 for activities and leave requests that are sealed on the kiosk and sent
 to the centre's hub. Eleven languages, shaped and mirrored where the
 script needs it. Runs on kmsdrm without X (Raspberry Pi OS Lite) or in a
 window. Ships its fonts, catalogs, a signed demo bundle and a unit."
    echo /etc/welkom/welkom.conf >"$k/DEBIAN/conffiles"
    scripts "$k" packaging/welkom

    # welkom-hub: the hub and its unit (the installed binary's path).
    h=$out/$arch/welkom-hub
    install -d "$h/usr/bin" "$h/lib/systemd/system"
    cp -a "$stage/usr/bin/welkom-hub" "$h/usr/bin/"
    sed 's|^ExecStart=/usr/local/bin/welkom-hub --config /etc/welkom/hub.conf$|ExecStart=/usr/bin/welkom-hub|' \
        hub/systemd/welkom-hub.service >"$h/lib/systemd/system/welkom-hub.service"
    chmod 644 "$h/lib/systemd/system/welkom-hub.service"
    docs welkom-hub "$h"
    install -d "$h/usr/share/lintian/overrides"
    install -m 644 packaging/lintian-overrides/welkom-hub "$h/usr/share/lintian/overrides/welkom-hub"
    control welkom-hub "$h" "$arch" "adduser" \
        "server for welkom kiosks: submissions, heartbeats and content
 Receives the sealed submissions of the centre's welkom kiosks, their
 heartbeats, and serves them signed content bundles. Staff read what was
 sent with welkomctl. Listens on 127.0.0.1 behind a reverse proxy, or with
 its own TLS (/etc/welkom/hub.conf)."
    scripts "$h" packaging/welkom-hub

    # welkomctl: the staff tool.
    c=$out/$arch/welkomctl
    install -d "$c/usr/bin"
    cp -a "$stage/usr/bin/welkomctl" "$c/usr/bin/"
    docs welkomctl "$c"
    install -d "$c/usr/share/lintian/overrides"
    install -m 644 packaging/lintian-overrides/welkomctl "$c/usr/share/lintian/overrides/welkomctl"
    control welkomctl "$c" "$arch" "" \
        "staff tool for welkom: keys, content bundles, kiosks, exports
 Makes the keys of a centre, builds and signs content bundles, adds kiosks
 to a hub and exports what residents sent (opened with the centre's key)."

    for p in welkom welkom-hub welkomctl; do
        dpkg-deb --root-owner-group -Zxz --build "$out/$arch/$p" "$out/${p}_${version}_$arch.deb" >/dev/null
        echo "built $out/${p}_${version}_$arch.deb"
    done
done
