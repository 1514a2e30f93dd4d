# SPDX-License-Identifier: GPL-2.0
# lkst: the LKST patch series for Debian 12's linux-source-6.1, its tools
# and its tests.
#
#   make try     fetch the Debian source, apply the series, build a test
#                kernel, boot it under QEMU and show a real trace
#   make check   run the whole test suite; ends with "N passed, M failed"
#   make bench   LKST's overhead in guest instructions against LKST=n and
#                ftrace: five workloads (syscalls to a tcc build), OFF,
#                DEF and ALL, the off-path audit, a recorded event
#                single-stepped (Documentation/performance.md)
#   make bench-debian   the same workloads on our Debian-config kernel
#                against Debian's own kernel of the same upload
#   make tools   build the lkst tool (tools/, into build/tools)
#   make tools-deb, make tools-rpm   the lkst-tools packages (lintian-clean
#                .deb, .rpm) into build/packages
#   make kernel-deb, make kernel-rpm [KCONFIG=test|debian]   the patched
#                kernel (-lkst1) by bindeb-pkg / binrpm-pkg, into
#                build/packages
#   make check-debug        the debug kernel (KASAN, lockdep, ...) with the
#                           whole suite and a 10-minute stress run
#   make check-repeat N=5   the in-guest suite N times under host load
#   make check-kdump-tools  Debian's kdump-tools end to end in a debootstrapped
#                           Debian 12 on the Debian-config kernel
#   make check-integrate-debian [TEST_PATCHES=1] [SYMVERS=FILE]   the series
#                           inside Debian's own linux source package: its
#                           patch and config steps, its ABI check (every
#                           export with the SYMVERS of a build with all
#                           modules), its test-patches
#   make check-bases        the series on every base of scripts/bases/: apply,
#                           build, in-guest suite and kABI on each (hours);
#                           writes the matrix into Documentation/bases.md,
#                           keeping the rows whose inputs have not changed
#                           (FORCE=1 runs them all again)
#   make check-base-debian BASE=NAME   Debian's own config of another base
#                           with CONFIG_LKST=y, booted with Debian's own
#                           prebuilt modules of that upload (make check
#                           does it for the primary base)
#   make rebase BASE=NAME   try the series on a base, patch by patch, and
#                           leave a quilt tree to fix in build/rebase/NAME
#   make check-integrate-rpm [RHEL=10]  the series inside a real RHEL-family
#                           kernel.spec (OpenELA 9.2 on the 6.1 base, or
#                           CentOS Stream 10.0 on the newest 6.12 base):
#                           rpmbuild -bp, RHEL's check-kabi
#   make fuzz [FUZZ_SECONDS=300]   libFuzzer on the trace-file and mask-set
#                           parsers, from the committed corpus
#   make estimate-modules [SAMPLE_SECONDS=1200]   the time and disk that all
#                           the modules of the Debian config need on this
#                           machine, estimated from a sample of directories

N ?= 5
KCONFIG ?= test
FUZZ_SECONDS ?= 300
SAMPLE_SECONDS ?= 1200

.PHONY: try check estimate-modules check-bases check-base-debian rebase check-debug check-kdump-tools check-integrate-debian check-integrate-rpm check-repeat fuzz bench bench-debian tools \
	tools-deb tools-rpm kernel-deb kernel-rpm clean

try:
	scripts/try.sh

check:
	scripts/check.sh

check-debug:
	scripts/check-debug.sh

estimate-modules:
	scripts/build-kernel.sh debian
	scripts/estimate-modules-build.sh $(SAMPLE_SECONDS)

check-kdump-tools:
	scripts/kdump-tools-test.sh

check-integrate-debian:
	scripts/check-integrate-debian.sh $(if $(TEST_PATCHES),-t) $(if $(SYMVERS),-a $(SYMVERS))

check-bases:
	scripts/check-bases.sh -w $(if $(filter 1,$(FORCE)),-F,-f)

check-base-debian:
	scripts/check-base-debian.sh $(BASE)

rebase:
	scripts/rebase $(BASE)

check-integrate-rpm:
	scripts/check-integrate-rpm.sh el$(or $(RHEL),9)

check-repeat:
	scripts/check-repeat.sh $(N)

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	scripts/bench.sh

bench-debian:
	scripts/bench.sh -d

tools:
	$(MAKE) -C tools O=$(CURDIR)/build/tools

tools-deb:
	scripts/package-tools.sh deb

tools-rpm:
	scripts/package-tools.sh rpm

kernel-deb:
	scripts/package-kernel.sh -c $(KCONFIG) deb

kernel-rpm:
	scripts/package-kernel.sh -c $(KCONFIG) rpm

clean:
	rm -rf build
