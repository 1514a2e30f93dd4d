#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-debug.sh ("make check-debug"): the full debug run.  The debug kernel
# (the test kernel plus KASAN, KFENCE, PROVE_LOCKING, PROVE_RCU,
# DEBUG_ATOMIC_SLEEP, DEBUG_PREEMPT, UBSAN and the static key self-test:
# ci/debug.config) runs KUnit and the whole in-guest suite with a long
# stress run (LKST_STRESS_SECONDS, default 600); any splat on its console
# fails.  "make check" runs the same with a 20 s stress and 400 control-fuzz writes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/check-lib.sh"

stress=${LKST_STRESS_SECONDS:-600}
# a long run's trace needs room in the guest's tmpfs
export LKST_QEMU_MEM=${LKST_QEMU_MEM:-1536}
"$LKST_TOP/scripts/prepare-tree.sh" >"$logs/prepare-tree.log" 2>&1 ||
	{ result 1 "series applies" "see $logs/prepare-tree.log"; finish; }
step "debug kernel builds (test kernel + ci/debug.config)" "$logs/build-debug.log" \
	"$LKST_TOP/scripts/build-kernel.sh" debug || finish
step "debug initramfs builds" "$logs/initramfs-debug.log" env \
	LKST_TEST_MODULE="$LKST_BUILD/kbuild-debug/kernel/lkst/lkst_test_events.ko" \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-debug.cpio.gz" || finish
start=$(date +%s)
guest_suite "debug " "$LKST_BUILD/kbuild-debug/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-debug.cpio.gz" "$logs/guest-debug-full.log" \
	$((3600 + stress)) "$debug_append lkst_stress=$stress"
grep -q '^Dynamic Preempt: full' "$logs/guest-debug-full.log"
result $? "debug guest ran with full preemption (6.1.y's RCU-tasks boot deadlock, testing.md)"
echo "debug run: $(( $(date +%s) - start )) s of wall time"
grep '^# stress:\|^# cpu[0-9]* buf' "$logs/guest-debug-full.log" | sed 's/^/    /'
finish
