#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the whole test suite ("make check").
#
#  1. host: unit tests of the tools (cmocka), tests of the scripts
#  2. series: applies with --fuzz=0, every patch has a kernel-style header
#     and is checkpatch --strict clean (each base's variant too, as the
#     patch it makes), exported CRCs equal Debian's (kabi-check.sh), the
#     event reference is current; the series applies to every 6.1 update
#     and the newest 6.12
#  3. static analysis of the added code: sparse, W=1 (static-check.sh)
#  4. test kernel: build, boot under QEMU TCG with 2 CPUs; KUnit at boot,
#     then the in-guest tests (a 45 s stress run among them), and no splat
#     on the console; with 1 CPU, on the TSC, KUnit and the clocksource
#     test again; the same on the debug kernel (KASAN, lockdep, ...);
#     a short fuzzing of the trace-file and mask-set parsers; kdump of
#     the test kernel, by a panic and by an oops, read back by lkst crash;
#     the last records on the console at a crash, without kdump;
#     a smoke run of make bench; the newest 6.12 base built, booted
#     through the whole in-guest suite and checked for kABI
#     the test kernel as .deb and .rpm packages, booted from the .deb;
#     the lkst-tools .deb (lintian-clean) and .rpm
#  5. Debian-config kernel with LKST: Debian's own modules load on it as on
#     Debian's kernel, and the in-guest tests pass on it; the series inside
#     Debian's linux source package (its patch and config steps, CheckAbi)
#
# Every check counts as one test; the last line is "N passed, M failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/check-lib.sh"

step "dependencies installed" "$logs/deps.log" "$LKST_TOP/scripts/deps.sh" || finish

# 1. host tests
phase "host tests"
if make -s -C "$LKST_TOP/tools" O="$LKST_BUILD/tools" all \
	>"$logs/tools-build.log" 2>&1; then
	result 0 "tools build with -Werror"
	make -s -C "$LKST_TOP/tools" O="$LKST_BUILD/tools" check \
		>"$logs/tools-check.log" 2>&1
	while read -r status name; do
		result "$status" "tools unit: $name"
	done < <(sed -n 's/^\[       OK \] \(.*\)$/0 \1/p; s/^\[  FAILED  \] \([a-z_]*\)$/1 \1/p' \
		"$logs/tools-check.log")
	grep -q '^\[  PASSED  \]' "$logs/tools-check.log" ||
		result 1 "tools unit tests ran" "see $logs/tools-check.log"
else
	result 1 "tools build with -Werror" "see $logs/tools-build.log"
fi
# the same unit tests under AddressSanitizer and UBSan
make -s -C "$LKST_TOP/tools" O="$LKST_BUILD/tools-asan" SANITIZE=1 check \
	>"$logs/tools-asan.log" 2>&1
result $? "tools unit tests under ASan and UBSan (make SANITIZE=1 check)" \
	"see $logs/tools-asan.log"
for t in "$LKST_TOP"/tools/testing/host/test-*.sh; do
	bash "$t" >"$logs/${t##*/}.log" 2>&1
	result $? "host: $(sed -n 's/^# description: //p' "$t")" "see $logs/${t##*/}.log"
done

# 2. the series
phase "the series"
step "series applies to $BASE_SOURCE_PACKAGE $BASE_VERSION with --fuzz=0" \
	"$logs/prepare-tree.log" "$LKST_TOP/scripts/prepare-tree.sh" || finish
for p in $(grep -v '^\s*#' "$QUILT_SERIES" | awk NF); do
	f=$QUILT_PATCHES/$p
	hdr_ok=0
	grep -q '^From: .* <.*@.*>$' "$f" && grep -q '^Subject: \[PATCH\] [a-z0-9/_-]*: [A-Z]' "$f" &&
		grep -q '^Signed-off-by: .* <.*@.*>$' "$f" || hdr_ok=1
	result $hdr_ok "$p: From/Subject/Signed-off-by header"
	"$LKST_TREE/scripts/checkpatch.pl" --strict --no-tree -q "$f" \
		>"$logs/checkpatch-$p.log" 2>&1
	result $? "$p: checkpatch --strict clean" "see $logs/checkpatch-$p.log"
done
# a variant (patches/<line>/, for the bases whose pin file names it) is
# checked as the whole patch it makes on those bases
for vdir in "$LKST_TOP"/patches/*/; do
	v=$(basename "$vdir")
	composed=$LKST_BUILD/patches.variant-$v
	python3 "$LKST_TOP/scripts/compose-series.py" "$LKST_TOP/patches" "$LKST_TOP/series" \
		"$v" "$composed" >"$logs/compose-$v.log" 2>&1
	result $? "patches/$v: each variant names a patch of the series and composes with it" \
		"see $logs/compose-$v.log"
	for f in "$vdir"*.patch; do
		p=${f##*/}
		"$LKST_TREE/scripts/checkpatch.pl" --strict --no-tree -q "$composed/$p" \
			>"$logs/checkpatch-$v-$p.log" 2>&1
		result $? "$v/$p: checkpatch --strict clean on its bases" \
			"see $logs/checkpatch-$v-$p.log"
	done
done
"$LKST_TOP/scripts/kabi-check.sh" >"$logs/kabi-check.log" 2>&1
result $? "kABI: exported CRCs equal Debian's Module.symvers (CONFIG_LKST=y)" \
	"see $logs/kabi-check.log"
sed 's/^/    /' "$logs/kabi-check.log"
# (the report alone: a first run's download of the headers package says more)
sed -n '/^kABI check against/,/^kabi-check: /p' "$logs/kabi-check.log" >"$logs/kabi-report.txt"
cmp -s "$logs/kabi-report.txt" "$LKST_TOP/Documentation/kabi-report.txt"
result $? "Documentation/kabi-report.txt is the kABI check's report" \
	"the series changed what it touches or exports: cp $logs/kabi-report.txt Documentation/kabi-report.txt"
"$LKST_TOP/scripts/gen-event-doc.sh" >"$logs/events.md" 2>&1 &&
	cmp -s "$logs/events.md" "$LKST_TOP/Documentation/events.md"
result $? "Documentation/events.md is generated from the event table" \
	"regenerate with scripts/gen-event-doc.sh > Documentation/events.md"

"$LKST_TOP/scripts/check-event-ids.sh" >"$logs/event-ids.log" 2>&1
result $? "event ids are as pinned in Documentation/event-ids.txt (ABI)" \
	"see $logs/event-ids.log"

# the other bases: every served 6.1 update and the newest 6.12 (make
# check-bases tries every 6.12 too); a base whose pin file says
# BASE_KNOWN_FAILURE is reported, not counted
mapfile -t ci_bases < <(cd "$LKST_TOP/scripts/bases" && ls debian-6.1*.conf |
	sed 's/\.conf$//' | grep -v '^debian-6\.12\.' | sort -V;
	cd "$LKST_TOP/scripts/bases" && ls debian-6.12.*.conf | sed 's/\.conf$//' | sort -V | tail -n 1)
"$LKST_TOP/scripts/check-bases.sh" "${ci_bases[@]}" >"$logs/check-bases.log" 2>&1
results_of series "see $logs/check-bases.log" <"$logs/check-bases.log"
grep -c '^| debian' "$logs/check-bases.log" | grep -qx "${#ci_bases[@]}"
result $? "bases: the series was tried on all ${#ci_bases[@]} bases" "see $logs/check-bases.log"
grep '^    known:' "$logs/check-bases.log" | cut -c1-150

# 3. the test kernel in QEMU
phase "the test kernel"
step "test kernel builds (tinyconfig + ci/test.config)" "$logs/build-test.log" \
	"$LKST_TOP/scripts/build-kernel.sh" test || finish
results_of static < <("$LKST_TOP/scripts/static-check.sh" test 2>&1)
step "test initramfs builds" "$logs/initramfs.log" \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-test.cpio.gz" || finish
guest_suite "" "$LKST_BUILD/kbuild-test/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-test.cpio.gz" "$logs/guest-test.log" 900 \
	"lkst_stress=${LKST_STRESS_SECONDS:-30} lkst_ctlfuzz=${LKST_CTLFUZZ:-1500}"
# The fast path reads the TSC inline, but with two CPUs under TCG the
# kernel finds the TSCs unsynchronized and takes the HPET: one CPU keeps
# the TSC, for KUnit's clock tests and test 33 (TSC, HPET, TSC again);
# tsc=reliable, so that the clocksource watchdog cannot take it away
"$LKST_TOP/scripts/run-qemu.sh" -s 1 -t 300 -b 60 -a "lksttests=33* tsc=reliable" \
	-l "$logs/guest-tsc.log" "$LKST_BUILD/kbuild-test/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-test.cpio.gz" >/dev/null 2>&1
grep -q '^# clocksource tsc,' "$logs/guest-tsc.log" &&
	grep -q '^    ok [0-9]* lkst_test_clock$' "$logs/guest-tsc.log" &&
	grep -q '^    ok [0-9]* lkst_test_fast_writer$' "$logs/guest-tsc.log" &&
	grep -q '^ok 1 - 33-clocksource.sh$' "$logs/guest-tsc.log"
result $? "one CPU on the TSC: the inline clock passes KUnit and test 33" \
	"see $logs/guest-tsc.log"

# 3b. the test kernel as packages (bindeb-pkg, binrpm-pkg), booted from
#     the .deb; the tools packages are a host test (test-packages.sh)
phase "kernel packages"
"$LKST_TOP/scripts/kernel-package-test.sh" >"$logs/kernel-package.log" 2>&1
results_of packages "see $logs/kernel-package.log" <"$logs/kernel-package.log"
grep -q '^PASS: kernel package: it runs as' "$logs/kernel-package.log"
result $? "kernel package: the test ran to the end" "see $logs/kernel-package.log"

# 4a. crash dumps: real kdump of the test kernel (kexec -p, a panic and
#     an oops, makedumpfile -d 31 in the capture kernel), then "lkst crash
#     extract" on the host
phase "crash dumps"
"$LKST_TOP/scripts/kdump-test.sh" >"$logs/kdump.log" 2>&1
results_of crash "see $logs/kdump.log" <"$logs/kdump.log"
[ "$(grep -c '^\(PASS\|FAIL\): kdump \(sysrq\|module\): the capture kernel' "$logs/kdump.log")" = 2 ]
result $? "crash: the kdump test ran both crashes" "see $logs/kdump.log"
grep '^# kdump' "$logs/kdump.log" | sed 's/^#/   /'
# ... and without kdump: the last records on the console (lkst_dump_on_oops)
"$LKST_TOP/scripts/panic-dump-test.sh" >"$logs/panic-dump.log" 2>&1
results_of crash "see $logs/panic-dump.log" <"$logs/panic-dump.log"
[ "$(grep -c '^\(PASS\|FAIL\): panic-dump \(idle\|sysrq\|oops\): the guest crashed' "$logs/panic-dump.log")" = 3 ]
result $? "crash: the console dump test ran its three crashes" "see $logs/panic-dump.log"

# 4a. the newest 6.12 base, all the way: its own variant series, the test
#     kernel, the in-guest suite with its own test module, kABI against its
#     own Debian headers (make check-bases does this for every base)
phase "the 6.12 line"
if [ -z "${LKST_SKIP_612:-}" ]; then
	newest_612=$(cd "$LKST_TOP/scripts/bases" && ls debian-6.12.*.conf |
		sed 's/\.conf$//' | sort -V | tail -n 1)
	"$LKST_TOP/scripts/check-base-full.sh" "$newest_612" >"$logs/base-612.log" 2>&1
	results_of "6.12" "see $logs/base-612.log" < <(grep -v '^row: ' "$logs/base-612.log")
	grep -q '^row: ok ([0-9]* min) | ok, ' "$logs/base-612.log"
	result $? "$newest_612: built and booted through the whole in-guest suite" \
		"see $logs/base-612.log"
	# and inside RHEL 10's own kernel.spec (CentOS Stream 10.0): its %prep
	# applies the 6.12 series (RHEL's check-kabi needs a Debian-config
	# 6.12 kernel, which make check does not build: make check-base-debian)
	env -u LKST_TREE -u LKST_SERIES -u LKST_PATCHES LKST_BASE="$newest_612" \
		"$LKST_TOP/scripts/check-integrate-rpm.sh" el10 >"$logs/integrate-rpm-el10.log" 2>&1
	results_of "rpm (RHEL 10)" "see $logs/integrate-rpm-el10.log" <"$logs/integrate-rpm-el10.log"
	# (8 where a Debian-config 6.12 kernel was built here before)
	case $(grep -c '^\(PASS\|FAIL\): integrate-rpm' "$logs/integrate-rpm-el10.log") in
	6|8) result 0 "rpm (RHEL 10): the kernel.spec integration check ran its %prep steps" ;;
	*) result 1 "rpm (RHEL 10): the kernel.spec integration check ran its %prep steps" \
		"see $logs/integrate-rpm-el10.log" ;;
	esac
fi

# 4b. the debug kernel: KASAN, KFENCE, lockdep, PROVE_RCU, UBSAN, ...; the
#     whole suite at boot and in the guest, and any splat fails it
phase "the debug kernel"
if [ -z "${LKST_SKIP_DEBUG:-}" ] &&
	step "debug kernel builds (test kernel + ci/debug.config)" "$logs/build-debug.log" \
		"$LKST_TOP/scripts/build-kernel.sh" debug &&
	step "debug initramfs builds" "$logs/initramfs-debug.log" env \
		LKST_TEST_MODULE="$LKST_BUILD/kbuild-debug/kernel/lkst/lkst_test_events.ko" \
		"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-debug.cpio.gz"; then
	guest_suite "debug " "$LKST_BUILD/kbuild-debug/arch/x86/boot/bzImage" \
		"$LKST_BUILD/initrd-debug.cpio.gz" "$logs/guest-debug.log" 1500 \
		"$debug_append lkst_stress=${LKST_DEBUG_STRESS_SECONDS:-20} lkst_ctlfuzz=${LKST_DEBUG_CTLFUZZ:-400} ${LKST_DEBUG_TESTS:+lksttests=$LKST_DEBUG_TESTS}"
	grep -q '^Dynamic Preempt: full' "$logs/guest-debug.log"
	result $? "debug guest ran with full preemption (6.1.y's RCU-tasks boot deadlock, testing.md)"
fi

# 4c. parser fuzzing: a short smoke from the committed corpus ("make fuzz"
#     runs longer)
phase "parser fuzzing"
"$LKST_TOP/scripts/fuzz.sh" "${LKST_FUZZ_SECONDS:-20}" >"$logs/fuzz.out" 2>"$logs/fuzz.log"
results_of parser <"$logs/fuzz.out"
grep -q '^PASS: fuzz maskset' "$logs/fuzz.out" && grep -q '^PASS: fuzz trace-file' "$logs/fuzz.out" &&
	grep -q '^PASS: fuzz dump' "$logs/fuzz.out"
result $? "parser fuzzing ran all three targets" "see $logs/fuzz.log"

# 4d. make bench, as a smoke: a fiftieth of the iterations on its three
#     kernels (CONFIG_LKST=n, =y, =y with ftrace's event tracing), the hook
#     audit and the fire profile; every figure is there and LKST recorded,
#     no timing is asserted (benchmarks are not tests)
phase "benchmark smoke"
step "make bench runs (smoke: every figure present, no timing asserted)" \
	"$logs/bench-smoke.log" "$LKST_TOP/scripts/bench.sh" -s

# 5. the kernel users run: Debian's config with CONFIG_LKST=y, booted with
#    Debian's own modules next to Debian's own kernel (set LKST_SKIP_DEBIAN=1
#    to skip it in a quick local run)
phase "the Debian-config kernel"
if [ -z "${LKST_SKIP_DEBIAN:-}" ]; then
	if step "Debian-config kernel with CONFIG_LKST=y builds" \
		"$logs/build-debian.log" "$LKST_TOP/scripts/build-kernel.sh" debian; then
		results_of debian "see $logs/debian-modules.log" < <(
			"$LKST_TOP/scripts/debian-modules-test.sh" 2>&1 |
			tee "$logs/debian-modules.log")
		grep '^modules loaded' "$logs/debian-modules.log" | sed 's/^/    /'
		results_of "static (Debian config)" < <(
			"$LKST_TOP/scripts/static-check.sh" debian 2>&1)
		# the series inside Debian's own source package: its patch and
		# config steps, and its ABI check on this kernel's exports
		"$LKST_TOP/scripts/check-integrate-debian.sh" >"$logs/integrate-debian.log" 2>&1
		results_of debian "see $logs/integrate-debian.log" <"$logs/integrate-debian.log"
		[ "$(grep -c '^\(PASS\|FAIL\): integrate-debian' "$logs/integrate-debian.log")" = 6 ]
		result $? "debian: the integration check ran its 6 steps" "see $logs/integrate-debian.log"
		# and inside a real RHEL-family kernel.spec: rpmbuild -bp, and
		# RHEL's check-kabi on the same exports
		"$LKST_TOP/scripts/check-integrate-rpm.sh" >"$logs/integrate-rpm.log" 2>&1
		results_of rpm "see $logs/integrate-rpm.log" <"$logs/integrate-rpm.log"
		[ "$(grep -c '^\(PASS\|FAIL\): integrate-rpm' "$logs/integrate-rpm.log")" = 8 ]
		result $? "rpm: the kernel.spec integration check ran its 8 steps" "see $logs/integrate-rpm.log"
	fi
fi

finish
