# Makefile — builds the welkom kiosk, welkom-hub, welkomctl, the tests and
# benchmarks, installs the Debian packages they need, and installs them.
# `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
# ARCH=arm64: the cross build into build-arm64/ (packaging/packaging.mk).
include packaging/packaging.mk

PKGS := sdl2 SDL2_ttf SDL2_image fribidi libunibreak harfbuzz inih sqlite3 libsodium libqrencode libcjson libcurl
# Compiled against, not linked: app/speech opens libespeak-ng and
# libopusfile when first needed (dlopen), so a kiosk starts without them.
DLOPEN_PKGS := espeak-ng opusfile
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) $(DLOPEN_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. \
              -DWELKOM_DATADIR='"$(PREFIX)/share/welkom"' \
              -DWELKOM_LOCALEDIR='"$(PREFIX)/share/locale"'
LDLIBS  := $(PKG_LIBS) -lm -pthread
# welkom-hub alone links libmicrohttpd, and GnuTLS (libmicrohttpd's TLS) to
# check its certificate at start; the kiosk never does. libqrencode makes
# the badges' QR codes (hub/staff_volunteers.c).
HUB_PKGS := libmicrohttpd gnutls sqlite3 libsodium libcjson inih libqrencode
HUB_LIBS := $(shell $(PKG_CONFIG) --libs $(HUB_PKGS) 2>/dev/null) -lm -pthread

# The kiosk is the app, the platform backends and main; tests and benchmarks
# link the same objects without main.
LIB_SRC   := $(wildcard app/*/*.c) $(wildcard platform/*/*.c)
MAIN_SRC  := app/main.c
TEST_SRC  := $(wildcard tests/*.c)
BENCH_SRC := $(wildcard bench/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
# welkomctl, the staff tool: its commands in a library (tests and benchmarks
# build bundles with it too) and its main.
CTL_SRC   := $(filter-out tools/welkomctl/main.c,$(wildcard tools/welkomctl/*.c))
CTL_OBJ   := $(CTL_SRC:%.c=$(BUILD)/%.o)
# welkom-hub: its parts in a library (welkomctl reads and writes the hub's
# database through hub/store.c) and its main.
HUB_SRC   := $(filter-out hub/main.c,$(wildcard hub/*.c))
HUB_OBJ   := $(HUB_SRC:%.c=$(BUILD)/%.o)
DEPFILES  := $(LIB_OBJ:.o=.d) $(CTL_OBJ:.o=.d) $(HUB_OBJ:.o=.d) $(BUILD)/hub/main.d \
             $(BUILD)/app/main.d $(BUILD)/tools/welkomctl/main.d \
             $(TEST_SRC:%.c=$(BUILD)/%.d) $(BENCH_SRC:%.c=$(BUILD)/%.d)

# The demo bundle the firmware ships, signed with the test key (docs/bundle.md).
DEMO_SRC := $(shell find assets/demo -name '*.ini' 2>/dev/null)
DEMO     := $(BUILD)/demo/bundle.db
TEST_KEY := assets/demo/keys/test-publisher.key

LANGS := $(basename $(notdir $(wildcard locales/*.po)))
MO    := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/welkom.mo)

.PHONY: all deps missing-deps run run-headless test asan tsan valgrind bench soak crash install clean help pot fuzz fuzz-build translations-report
all: $(BUILD)/welkom $(BUILD)/welkomctl $(BUILD)/welkom-hub $(BUILD)/welkom-update $(MO) $(DEMO)

help:
	@echo "make deps     install missing Debian packages (apt-get)"
	@echo "make          build build/welkom, build/welkom-hub, build/welkomctl, build/welkom-update and the translations"
	@echo "make run      deps + build + a local hub + the kiosk enrolled to it, in a window"
	@echo "make test     build and run every test"
	@echo "make asan     the same under AddressSanitizer + UBSan (build-asan/)"
	@echo "make bench    run the benchmarks, name=value lines"
	@echo "make valgrind the headless scenario suite under valgrind (no error, no definite leak)"
	@echo "make tsan     the threaded tests under ThreadSanitizer (build-tsan/)"
	@echo "make fuzz     FUZZ_SECONDS=N: each libFuzzer target of tests/fuzz for N s (build-fuzz/)"
	@echo "make soak     a monkey on the kiosk for SOAK_SECONDS (1800); SOAK_SEED=N replays a run"
	@echo "make crash    the power-cut loops, each for CRASH_SECONDS (120); CRASH_SEED=N replays a run"
	@echo "make install  DESTDIR= PREFIX= (default $(PREFIX))"

deps:
	@tools/install-deps.sh

# pkg-config is asked once, when make reads this file. Where it cannot find
# a library, every compile waits for missing-deps, which names the Debian
# packages to install instead of letting the compiler stop at a header.
# `make run` and `make test` install first and then build in a new make,
# which reads this file again with the packages in place.
PKG_FOUND := $(shell $(PKG_CONFIG) --exists $(PKGS) $(DLOPEN_PKGS) $(HUB_PKGS) 2>/dev/null && echo yes)
DEPS_GUARD := $(if $(PKG_FOUND),,missing-deps)

missing-deps:
	@tools/install-deps.sh --check
	@echo "welkom: pkg-config does not find:$(foreach p,$(PKGS) $(DLOPEN_PKGS) $(HUB_PKGS),$(if $(shell $(PKG_CONFIG) --exists $p 2>/dev/null && echo y),, $p))" >&2
	@exit 1

# `make V=1` shows the whole compiler lines.
Q := $(if $(V),,@)

$(BUILD)/%.o: %.c | $(DEPS_GUARD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libwelkom.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/welkom: $(BUILD)/app/main.o $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

$(BUILD)/libwelkomctl.a: $(CTL_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(HUB_OBJ) $(BUILD)/hub/main.o: ALL_CFLAGS += $(shell $(PKG_CONFIG) --cflags libmicrohttpd gnutls 2>/dev/null)

$(BUILD)/libwelkomhub.a: $(HUB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

# The console builds bundles with welkomctl's builder (hub/staff_content.c),
# which reads app/content and app/i18n: the linker takes only what is used.
$(BUILD)/welkom-hub: $(BUILD)/hub/main.o $(BUILD)/libwelkomhub.a $(BUILD)/libwelkomctl.a $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(HUB_LIBS) $(LDFLAGS)

$(BUILD)/welkomctl: $(BUILD)/tools/welkomctl/main.o $(BUILD)/libwelkomctl.a $(BUILD)/libwelkomhub.a $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

$(DEMO): $(BUILD)/welkomctl $(DEMO_SRC) $(TEST_KEY)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BUNDLE $@")
	$(Q)$(TARGET_EXEC)$(BUILD)/welkomctl bundle build assets/demo -o $@ --quiet
	$(Q)$(TARGET_EXEC)$(BUILD)/welkomctl bundle sign $@ --key $(TEST_KEY) --quiet
	$(Q)cp $(TEST_KEY:.key=.pub) $(dir $@)publisher.pub

$(BUILD)/locale/%/LC_MESSAGES/welkom.mo: locales/%.po | $(DEPS_GUARD)
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

$(BUILD)/tests/run: $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libwelkomctl.a $(BUILD)/libwelkomhub.a $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

# The fault-injecting TCP proxy the shell tests put in front of the hub
# (tests/shell/faultproxy.sh); one file, not linked into tests/run. Never
# under ThreadSanitizer: it stops on SIGTERM through pselect's atomic
# unmasking, which TSan's deferred signal delivery turns into a hang; it
# is a test tool, not what `make tsan` looks at.
NO_TSAN = $(filter-out -fsanitize=thread,$(1))
$(BUILD)/tests/faultproxy: tests/tools/faultproxy.c | $(DEPS_GUARD)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(call NO_TSAN,$(ALL_CFLAGS)) -o $@ $< -pthread $(call NO_TSAN,$(LDFLAGS))

$(BUILD)/bench/run: $(BENCH_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libwelkomctl.a $(BUILD)/libwelkomhub.a $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

# hubload, the load tool of bench/hub.sh: simulated kiosks posting to a
# hub at once (libcurl, which only tools/ and app/sync/ may use). Built
# for `make bench`, not by `all`.
$(BUILD)/tools/hubload/hubload.o: ALL_CFLAGS += $(shell $(PKG_CONFIG) --cflags libcurl 2>/dev/null)

# xwatch, bench/run.sh's and bench/peer's eye on the X screen (Xlib and
# XTest, which `make bench` installs). Built for `make bench` only.
$(BUILD)/xwatch: bench/xwatch/xwatch.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $@")
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -o $@ $< $(shell pkg-config --cflags --libs x11 xtst 2>/dev/null) $(LDFLAGS)

$(BUILD)/hubload: $(BUILD)/tools/hubload/hubload.o $(BUILD)/app/core/wk.o $(BUILD)/app/core/ids.o
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs libcurl libsodium 2>/dev/null) -pthread $(LDFLAGS)

-include $(BUILD)/tools/hubload/hubload.d

# welkom-update, the kiosk's root helper for firmware updates: the
# firmware checks of libwelkom and inih, nothing of the screen.
$(BUILD)/welkom-update: $(BUILD)/tools/welkom-update/main.o $(BUILD)/libwelkom.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ -Wl,--as-needed $(LDLIBS) $(LDFLAGS)

-include $(BUILD)/tools/welkom-update/main.d

# A binary run from its build tree finds the fonts, catalogs and demo of
# the checkout it was built from (app/kiosk/paths.c); installed, it uses
# PREFIX.
$(BUILD)/app/kiosk/paths.o: ALL_CFLAGS += -DWELKOM_SOURCE_DIR='"$(CURDIR)"' \
                                          -DWELKOM_BUILD_DIR='"$(abspath $(BUILD))"'

# welkom-hub serves the staff console's pages from the checkout when it
# runs from this build tree, else from PREFIX/share/welkom-hub/staff.
$(BUILD)/hub/staff_static.o: ALL_CFLAGS += -DWELKOM_SOURCE_DIR='"$(CURDIR)"' \
                                           -DWELKOM_BUILD_DIR='"$(abspath $(BUILD))"' \
                                           -DWELKOM_HUB_STAFF_DIR='"$(PREFIX)/share/welkom-hub/staff"'

# The README's two commands work as the first on a fresh machine: each
# installs what is missing, then builds in a new make (see PKG_FOUND).
# A local hub, a kiosk enrolled to it, and the kiosk (tools/run-local.sh).
run:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) tools/run-local.sh $(RUN_ARGS)

# `make test J=4` runs 4 cases at once (default: one per core); V=1 also
# shows the output of the cases that pass.
test:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory all $(BUILD)/tests/run $(BUILD)/tests/faultproxy
	@WELKOM_BUILD=$(BUILD) $(BUILD)/tests/run $(if $(J),-j $(J)) $(if $(V),-v) $(TESTS)

asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" test

# The libFuzzer harnesses (tests/fuzz/fuzz_*.c), built by clang with
# AddressSanitizer + UBSan into build-fuzz/fuzz/, each run for
# FUZZ_SECONDS from its committed seeds (tests/fuzz/corpus/NAME/) by
# tests/fuzz/run.sh; what they find goes to build-fuzz/crashes/.
FUZZ_SRC     := $(filter-out tests/fuzz/fuzz_common.c,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(basename $(notdir $(FUZZ_SRC)))
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
DEPFILES     += $(FUZZ_SRC:%.c=$(BUILD)/%.d) $(BUILD)/tests/fuzz/fuzz_common.d

$(BUILD)/tests/fuzz/%.o: ALL_CFLAGS += -DFUZZ_ROOT='"$(CURDIR)"'

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/fuzz_common.o $(BUILD)/libwelkomctl.a \
                 $(BUILD)/libwelkomhub.a $(BUILD)/libwelkom.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS) $(HUB_LIBS) $(LDFLAGS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
.SECONDARY: $(FUZZ_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/fuzz/fuzz_common.o

fuzz:
	@tools/install-deps.sh --checks
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	         LDFLAGS="-fsanitize=address,undefined" fuzz-build
	@tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ThreadSanitizer (clang) over the cases that run threads: the sync
# worker beside the UI loop (test_sync*, test_kiosk's hub cases,
# kiosk_hub.sh, test_crash_sync's power cuts of delivery and download),
# the hub's libmicrohttpd threads, its guard and its store (test_hub*,
# hub_*.sh). The submit and install power cuts (test_crash.c) run a
# kiosk with no hub and so no second thread; ASan has them. A race stops
# the case. tests/tsan.supp holds what is suppressed, each with its reason.
TSAN_TESTS := test_sync test_hub hub_ kiosk_hub test_crash_sync
tsan:
	@tools/install-deps.sh --checks
	TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
	$(MAKE) BUILD=build-tsan CC=clang CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
	        LDFLAGS="-fsanitize=thread" test TESTS="$(or $(TESTS),$(TSAN_TESTS))"

# valgrind's memcheck over the headless scenario suite and the kiosk
# binary (tests/valgrind/run.sh): no error, no definitely lost block.
valgrind:
	@tools/install-deps.sh --checks
	@$(MAKE) --no-print-directory all $(BUILD)/tests/run
	@VALGRIND_CASES="$(VALGRIND_CASES)" tests/valgrind/run.sh $(BUILD)

# Every benchmark; the figures in bench/results.txt (name=value) and
# bench/results.md (a table, the kiosk beside Chromium: bench/peer).
bench:
	@tools/install-deps.sh --bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/run $(BUILD)/hubload $(BUILD)/xwatch
	@WELKOM_BUILD=$(BUILD) bench/run.sh

# Per language: strings changed since their native-speaker review, the
# untranslated ones and the glossary mismatches (docs/translations.md).
translations-report:
	@tools/i18n/translations-report.sh $(LANGS_REPORT)
# The monkey on the real kiosk, with the hub going up and down and content
# republished; memory and descriptors must stay flat (bench/soak.sh).
SOAK_SECONDS ?= 1800
soak:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory all
	@WELKOM_BUILD=$(BUILD) bench/soak.sh $(SOAK_SECONDS)

# The power-cut loops (SIGKILL during submit, delivery, download, install
# and the hub's store: tests/test_crash*.c), each for CRASH_SECONDS rather
# than the few seconds make test gives them, two at once; what each did is
# printed. CRASH_SEED=N replays a run's random choices.
CRASH_SECONDS ?= 120
crash:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory all $(BUILD)/tests/run $(BUILD)/tests/faultproxy
	@CRASH_SECONDS=$(CRASH_SECONDS) $(if $(CRASH_SEED),CRASH_SEED=$(CRASH_SEED)) WELKOM_BUILD=$(BUILD) \
	 $(BUILD)/tests/run -j 2 -v sigkill_

pot:
	xgettext --from-code=UTF-8 -ktr:2 -ktrn:2,3 -ktr_in:3 -kN_ --add-comments=TRANSLATORS: -o locales/welkom.pot \
	  --package-name=welkom --msgid-bugs-address=- $(sort $(wildcard app/*/*.c))

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/welkom/fonts \
	           $(DESTDIR)$(PREFIX)/share/welkom/assets/pictograms
	install -m 755 $(BUILD)/welkom $(DESTDIR)$(PREFIX)/bin/welkom
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/welkom/fonts/
	install -m 644 assets/pictograms/*.svg $(DESTDIR)$(PREFIX)/share/welkom/assets/pictograms/
	install -D -m 644 -t $(DESTDIR)$(PREFIX)/share/welkom/demo $(DEMO) $(DEMO).sig $(dir $(DEMO))publisher.pub
	install -m 755 $(BUILD)/welkomctl $(DESTDIR)$(PREFIX)/bin/welkomctl
	install -m 755 $(BUILD)/welkom-hub $(DESTDIR)$(PREFIX)/bin/welkom-hub
	install -D -m 755 $(BUILD)/welkom-update $(DESTDIR)$(PREFIX)/sbin/welkom-update
	cd hub/staff && find . -type f | while read -r f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(PREFIX)/share/welkom-hub/staff/$$f"; done
	for l in $(LANGS); do \
	  install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/welkom.mo \
	    $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/welkom.mo; done

clean:
	rm -rf build build-asan build-fuzz build-tsan

-include $(DEPFILES)
