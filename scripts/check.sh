#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the whole test suite ("make check").
#
#  1. host: unit tests of the tools (cmocka), tests of the scripts
#  2. series: applies with --fuzz=0, every patch has a kernel-style header
#     and is checkpatch --strict clean, exported CRCs equal Debian's
#     (kabi-check.sh), the event reference is current
#  3. static analysis of the added code: sparse, W=1 (static-check.sh)
#  4. test kernel: build, boot under QEMU TCG with 2 CPUs; KUnit at boot,
#     then the in-guest tests
#  5. Debian-config kernel with LKST: Debian's own modules load on it as on
#     Debian's kernel, and the in-guest tests pass on it
#
# Every check counts as one test; the last line is "N passed, M failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

logs=$LKST_BUILD/logs
mkdir -p "$logs"
pass=0
fail=0

result() { # STATUS NAME [DETAIL]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "PASS: $2"
	else
		fail=$((fail + 1))
		echo "FAIL: $2${3:+ ($3)}"
	fi
}

# Run a step whose failure leaves nothing else to test.
step() { # NAME LOG CMD...
	local name=$1 logf=$2
	shift 2
	if "$@" >"$logf" 2>&1; then
		result 0 "$name"
		return 0
	fi
	result 1 "$name" "see $logf"
	tail -n 20 "$logf" | sed 's/^/    /'
	return 1
}

# Count the PASS:/FAIL: lines a sub-check prints on stdin as results.
results_of() { # PREFIX [DETAIL]
	local line
	while read -r line; do
		case $line in
		PASS:*) result 0 "$1: ${line#PASS: }" ;;
		FAIL:*) result 1 "$1: ${line#FAIL: }" "${2:-}" ;;
		esac
	done
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

step "dependencies installed" "$logs/deps.log" "$LKST_TOP/scripts/deps.sh" || finish

# 1. host tests
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
for t in "$LKST_TOP"/tools/testing/host/test-*.sh; do
	bash "$t" >"$logs/${t##*/}.log" 2>&1
	result $? "host: $(sed -n 's/^# description: //p' "$t")" "see $logs/${t##*/}.log"
done

# 2. the series
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
"$LKST_TOP/scripts/kabi-check.sh" >"$logs/kabi-check.log" 2>&1
result $? "kABI: exported CRCs equal Debian's Module.symvers (CONFIG_LKST=y)" \
	"see $logs/kabi-check.log"
sed 's/^/    /' "$logs/kabi-check.log"
"$LKST_TOP/scripts/gen-event-doc.sh" >"$logs/events.md" 2>&1 &&
	cmp -s "$logs/events.md" "$LKST_TOP/Documentation/events.md"
result $? "Documentation/events.md is generated from the event table" \
	"regenerate with scripts/gen-event-doc.sh > Documentation/events.md"

# 3. the test kernel in QEMU
step "test kernel builds (tinyconfig + ci/test.config)" "$logs/build-test.log" \
	"$LKST_TOP/scripts/build-kernel.sh" test || finish
results_of static < <("$LKST_TOP/scripts/static-check.sh" test 2>&1)
step "test initramfs builds" "$logs/initramfs.log" \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-test.cpio.gz" || finish
"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 600 -l "$logs/guest-test.log" \
	"$LKST_BUILD/kbuild-test/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-test.cpio.gz" >/dev/null 2>&1
qemu_rc=$?
result $([ $qemu_rc = 0 ] || [ $qemu_rc = 1 ]; echo $?) "guest boots and finishes" \
	"status $qemu_rc, see $logs/guest-test.log"

# KUnit: one result per case, plus the suite summary
kunit=$(grep -E '^    (not )?ok [0-9]+ lkst_' "$logs/guest-test.log")
[ -n "$kunit" ] || result 1 "KUnit lkst suite ran at boot" "see $logs/guest-test.log"
while read -r line; do
	[ -n "$line" ] || continue
	case $line in
	"not ok"*) result 1 "kunit: ${line##* }" ;;
	*) result 0 "kunit: ${line##* }" ;;
	esac
done <<<"$kunit"

# in-guest tests, with each test's notes on failure
while read -r line; do
	case $line in
	"ok "*) result 0 "guest: ${line#* - }" ;;
	"not ok "*)
		result 1 "guest: ${line#* - }" "see $logs/guest-test.log"
		name=${line#* - }
		sed -n "/: ${name}: /,/^\(not \)\?ok /p" "$logs/guest-test.log" |
			grep 'FAIL' | sed 's/^/    /'
		;;
	esac
done < <(grep -E '^(not )?ok [0-9]+ - ' "$logs/guest-test.log")
want=$(ls "$LKST_TOP"/tools/testing/guest/test.d/*.sh | wc -l)
got=$(grep -cE '^(not )?ok [0-9]+ - ' "$logs/guest-test.log")
[ "$want" = "$got" ]
result $? "all $want in-guest tests ran" "$got reported, see $logs/guest-test.log"

# 5. the kernel users run: Debian's config with CONFIG_LKST=y, booted with
#    Debian's own modules next to Debian's own kernel (set LKST_SKIP_DEBIAN=1
#    to skip it in a quick local run)
if [ -z "${LKST_SKIP_DEBIAN:-}" ]; then
	if step "Debian-config kernel with CONFIG_LKST=y builds" \
		"$logs/build-debian.log" "$LKST_TOP/scripts/build-kernel.sh" debian; then
		results_of debian "see $logs/debian-modules.log" < <(
			"$LKST_TOP/scripts/debian-modules-test.sh" 2>&1 |
			tee "$logs/debian-modules.log")
		grep '^modules loaded' "$logs/debian-modules.log" | sed 's/^/    /'
		results_of "static (Debian config)" < <(
			"$LKST_TOP/scripts/static-check.sh" debian 2>&1)
	fi
fi

finish
