# packaging.mk — the targets for a Raspberry Pi, included by the Makefile
# before it asks pkg-config for anything; without ARCH (or with the
# machine's own) it changes nothing of the default build.
#   make ARCH=arm64     the kiosk, the hub and welkomctl for Pi OS Lite
#                       (Debian 12 arm64), cross-built into build-arm64/
#   make test-arm64     their C test cases under qemu (test-arm64-ci: CI's part)
#   make deb            .deb packages for amd64 and arm64 in build-deb/
#   make test-deb       install, upgrade, remove and purge them in a Debian 12
#                       chroot, and platform/pi/setup.sh there (root, minutes)
#
# The cross compiler and the arm64 libraries come from
# `tools/install-deps.sh --arch arm64` (dpkg multiarch), which this file
# runs by itself the first time: the stamp below is a makefile make must
# remake before it reads the rest, and make starts again once it is made,
# now with the arm64 packages pkg-config looks for.

# The arm64 libunibreak that install-deps.sh unpacks beside the system
# (Debian 12 does not package it for multiarch).
CROSS_ROOT := /opt/welkom-cross/arm64
# How an arm64 program of this machine is run: qemu-user, called directly
# (no binfmt registration: that would change the whole machine), with the
# unpacked libraries on the guest's library path.
QEMU_ARM64 := qemu-aarch64 -E LD_LIBRARY_PATH=$(CROSS_ROOT)/usr/lib

PKG_CONFIG ?= pkg-config
# A built program the build itself runs (welkomctl building the demo
# bundle): directly, or under qemu for another architecture.
TARGET_EXEC :=

ifeq ($(ARCH),arm64)
ifneq ($(shell dpkg --print-architecture),arm64)
BUILD       := build-arm64
CC          := aarch64-linux-gnu-gcc
PKG_CONFIG  := PKG_CONFIG_PATH=$(CROSS_ROOT)/usr/lib/pkgconfig aarch64-linux-gnu-pkg-config
TARGET_EXEC := $(QEMU_ARM64) 
# The Pi 4 and 5 are Cortex-A72 and A76: armv8-a code runs on both.
CFLAGS      ?= -O2 -g
CROSS_STAMP := $(BUILD)/.arm64-deps
include $(CROSS_STAMP)
# The stamp rule below is not the goal of a plain `make ARCH=arm64`.
.DEFAULT_GOAL := all
$(CROSS_STAMP):
	@tools/install-deps.sh --arch arm64
	@mkdir -p $(dir $@)
	@echo "# tools/install-deps.sh --arch arm64 ran" >$@
endif
else ifneq ($(ARCH),)
ifneq ($(ARCH),$(shell dpkg --print-architecture))
$(error ARCH=$(ARCH): only ARCH=arm64 is known (or this machine's own))
endif
endif

# A plain `make` still builds all: the rules below come before the
# Makefile's own.
.DEFAULT_GOAL := all

.PHONY: test-arm64
# The C test cases of the arm64 build (unit and headless), run under qemu
# on this machine, so an arm64-only fault (char signedness, alignment,
# byte order in the bundle or the protocol) fails here. The programs a
# case starts (welkom-hub, the fault proxy, welkomctl) and the demo bundle
# and catalogs are this machine's build's: an arm64 kiosk library talking
# to an amd64 hub, reading a bundle signed on amd64 (and the demo bundle
# the arm64 welkomctl builds under qemu must be the amd64 one, byte for
# byte). The shell scripts only
# drive those programs, so they are left out (the filter "test_" selects
# the C cases by their file); TESTS=substring narrows as in `make test`.
test-arm64:
	@$(MAKE) --no-print-directory ARCH=arm64 all build-arm64/tests/run
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory ARCH= BUILD=build all build/tests/faultproxy
	@cmp build/demo/bundle.db build-arm64/demo/bundle.db && cmp build/demo/bundle.db.sig build-arm64/demo/bundle.db.sig \
	  && echo "ok   the demo bundle and its signature made by the arm64 welkomctl are byte for byte the amd64 ones"
	@WELKOM_BUILD=build $(QEMU_ARM64) build-arm64/tests/run $(if $(J),-j $(J)) $(if $(V),-v) $(or $(TESTS),test_)

# The part CI runs (.ci/run): the byte-level code where an arm64 fault
# would live (the bundle and its signature, the outbox and sealing, the
# hub's store, the core helpers), about 40 s under qemu on 2 cores against
# about 130 s for every case.
ARM64_CI_TESTS := test_core test_content test_outbox test_sync_bundles test_hub
.PHONY: test-arm64-ci clean-arm64
test-arm64-ci:
	@$(MAKE) --no-print-directory test-arm64 TESTS="$(ARM64_CI_TESTS)"

clean: clean-arm64
clean-arm64:
	rm -rf build-arm64

.PHONY: deb test-deb clean-deb
# DEB_ARCHS=amd64 builds one architecture only.
DEB_ARCHS ?= amd64 arm64
deb:
	@tools/install-deps.sh --deb
	@$(if $(filter arm64,$(DEB_ARCHS)),tools/install-deps.sh --arch arm64)
	@packaging/deb.sh $(DEB_ARCHS)
	@lintian --info --fail-on error,warning $(foreach a,$(DEB_ARCHS),build-deb/*_$(a).deb) && echo "lintian: no warnings (packaging/lintian-overrides says why for the rest)"

test-deb:
	@tools/install-deps.sh --deb
	@tests/deb/test-deb.sh

clean: clean-deb
clean-deb:
	rm -rf build-deb
