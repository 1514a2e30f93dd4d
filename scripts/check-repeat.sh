#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-repeat.sh [N] ("make check-repeat N=5"): find flaky tests.  Boots
# the test kernel once and runs the in-guest suite N times in a row while
# every host CPU is kept busy, so that the guest's timing differs from a
# quiet run.  Every repetition's results count; a test that fails even once
# is flaky (or broken).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/check-lib.sh"

n=${1:-5}
"$LKST_TOP/scripts/prepare-tree.sh" >"$logs/prepare-tree.log" 2>&1 ||
	{ result 1 "series applies" "see $logs/prepare-tree.log"; finish; }
step "test kernel builds" "$logs/build-test.log" \
	"$LKST_TOP/scripts/build-kernel.sh" test || finish
step "test initramfs builds" "$logs/initramfs.log" \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-test.cpio.gz" || finish

# host load: one busy loop per CPU, at low priority, for the whole run
hogs=()
for _ in $(seq "$(nproc)"); do
	nice -n 19 sh -c 'while :; do :; done' &
	hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null' EXIT

guest_suite "repeat " "$(kbuild_dir test)/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-test.cpio.gz" "$logs/guest-repeat.log" $((1200 * n)) \
	"lkstrepeat=$n lkst_stress=${LKST_STRESS_SECONDS:-45}"
finish
