# build_missing_deps.sh — `make` on a machine without a library names the
# Debian package to install and compiles nothing, instead of stopping at a
# missing header. The machine here has every package, so the test hides
# one from both sides the Makefile asks: pkg-config (a search path without
# sdl2.pc) and dpkg (libsdl2-dev reported as not installed).
set -u
T=$TEST_TMPDIR
fail() { echo "  $*"; exit 1; }

mkdir -p $T/pc $T/bin
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
    [ -d "$d" ] && cp -n "$d"/*.pc $T/pc/ 2>/dev/null
done
rm -f $T/pc/sdl2.pc
real=$(command -v dpkg-query)
cat > $T/bin/dpkg-query <<SH
#!/bin/sh
for a; do [ "\$a" = libsdl2-dev ] && exit 1; done
exec $real "\$@"
SH
chmod +x $T/bin/dpkg-query

PATH=$T/bin:$PATH PKG_CONFIG_LIBDIR=$T/pc make --no-print-directory BUILD=$T/build all >$T/out 2>&1; rc=$?
[ $rc -ne 0 ] || fail "make succeeded without SDL2"
grep -q "missing Debian packages: libsdl2-dev" $T/out || fail "the package is not named: $(tail -5 $T/out)"
grep -q "make deps" $T/out || fail "no hint to run make deps: $(tail -5 $T/out)"
grep -q "fatal error" $T/out && fail "the compiler ran into a missing header: $(grep -m1 'fatal error' $T/out)"
[ -z "$(find $T/build -name '*.o' 2>/dev/null)" ] || fail "objects were compiled without the library"
exit 0
