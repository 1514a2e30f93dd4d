#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-base-full.sh BASE: the series on one base, all the way: apply it
# to a fresh tree, build the test kernel, boot it under QEMU with the whole
# in-guest suite and KUnit, and run the kABI check against the base's
# Debian headers package.  One PASS:/FAIL: line per check, then a line
#   row: BUILD GUEST KABI
# for check-bases.sh -f's matrix (each "ok (N min)", "FAIL" or "-").
#
# Every base is built in the same scratch paths, build/bases/{tree,kbuild}:
# ccache then hits for every file that two bases share, which for the 6.1
# updates is nearly all of them.  The scratch trees (about 3 GB) are
# removed at the end, also after a failure (the logs stay, in
# build/logs/bases/BASE/); the primary base's own trees are not touched.
# The kABI check keeps its pristine objects per base (build/kabi-BASE).
set -uo pipefail
[ $# = 1 ] || { echo "usage: check-base-full.sh BASE" >&2; exit 2; }
export LKST_BASE=$1
# every script below works on the scratch tree (mkinitramfs.sh takes the
# ABI description the guest tests check from it)
export LKST_TREE=${LKST_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}/bases/tree
. "$(dirname "$0")/lib.sh"
. "$LKST_TOP/scripts/check-lib.sh"

scratch=$LKST_BUILD/bases
tree=$LKST_TREE
out=$scratch/kbuild
logs=$LKST_BUILD/logs/bases/$LKST_BASE
mkdir -p "$scratch" "$logs"
row_build=- row_guest=- row_kabi=-

minutes() { echo "$(( ($(date +%s) - $1 + 30) / 60 )) min"; }

cleanup() {
	rm -rf "$tree" "$out" "$scratch/kabi"
	# the pristine source is big; only the primary base keeps it
	[ "$LKST_BASE" = "$LKST_PRIMARY_BASE" ] || rm -rf "$LKST_BUILD/pristine-$LKST_BASE"
}
trap cleanup EXIT

end() {
	echo "row: $row_build | $row_guest | $row_kabi"
	[ "$fail" = 0 ]
	exit
}

# 1. a fresh tree with the series (the scratch tree may hold another base)
rm -rf "$tree" "$out" "$scratch/kabi"
if ! "$LKST_TOP/scripts/prepare-tree.sh" "$tree" >"$logs/prepare-tree.log" 2>&1; then
	result 1 "$LKST_BASE: series applies with --fuzz=0" "see $logs/prepare-tree.log"
	row_build=FAIL
	end
fi

# 2. the test kernel
t0=$(date +%s)
if LKST_KBUILD_OUT=$out "$LKST_TOP/scripts/build-kernel.sh" test "$tree" \
	>"$logs/build-test.log" 2>&1; then
	result 0 "$LKST_BASE: test kernel builds ($(minutes "$t0"))"
	row_build="ok ($(minutes "$t0"))"
else
	result 1 "$LKST_BASE: test kernel builds" "see $logs/build-test.log"
	grep -m 5 'error:' "$logs/build-test.log" | sed 's/^/    /'
	row_build=FAIL
	end
fi

# 3. the in-guest suite, with this base's own test module
t0=$(date +%s)
initrd=$scratch/initrd-base.cpio.gz
if LKST_TEST_MODULE=$out/kernel/lkst/lkst_test_events.ko \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$initrd" >"$logs/initramfs.log" 2>&1; then
	before=$fail
	guest_suite "$LKST_BASE: " "$out/arch/x86/boot/bzImage" "$initrd" \
		"$logs/guest-test.log" 900 "lkst_stress=10 lkst_ctlfuzz=500"
	n=$(grep -cE '^ok [0-9]+ - ' "$logs/guest-test.log")
	all=$(grep -cE '^(not )?ok [0-9]+ - ' "$logs/guest-test.log")
	if [ "$fail" = "$before" ]; then
		row_guest="ok, $n of $all ($(minutes "$t0"))"
	else
		row_guest="FAIL, $n of $all"
	fi
else
	result 1 "$LKST_BASE: test initramfs builds" "see $logs/initramfs.log"
	row_guest=FAIL
fi

# 4. kABI against the base's own Debian headers package
t0=$(date +%s)
if LKST_KABI_WORK=$scratch/kabi "$LKST_TOP/scripts/kabi-check.sh" "$tree" \
	>"$logs/kabi-check.log" 2>&1; then
	result 0 "$LKST_BASE: kABI: exported CRCs equal $BASE_HEADERS_PACKAGE's Module.symvers"
	row_kabi="ok ($(minutes "$t0"))"
else
	result 1 "$LKST_BASE: kABI against $BASE_HEADERS_PACKAGE" "see $logs/kabi-check.log"
	row_kabi=FAIL
fi
sed -n 's/^patched (CONFIG_LKST=y): /    /p' "$logs/kabi-check.log"
end
