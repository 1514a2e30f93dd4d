#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: kabi-check.sh fails on a deliberately ABI-breaking patch (a removed export, a changed CRC, a changed header) applied to a scratch copy of the series
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
. "$top/scripts/lib.sh"
scratch=$LKST_BUILD/kabi-break
rm -rf "$scratch"
mkdir -p "$scratch/patches"
trap 'rm -rf "$scratch"' EXIT
failed=0

expect() { # DESC PATTERN OUTPUT
	if grep -q -- "$2" <<<"$3"; then echo "#   ok: $1"; else echo "#   FAIL: $1: no '$2'"; failed=1; fi
}

cp "$QUILT_PATCHES"/*.patch "$scratch/patches/"
cp "$QUILT_SERIES" "$scratch/series"
cat > "$scratch/patches/zz-break-kabi.patch" <<'P'
Subject: [PATCH] test: Break the kABI on purpose (never part of the series)

--- a/kernel/sched/core.c
+++ b/kernel/sched/core.c
@@ -4375,7 +4375,6 @@ int wake_up_process(struct task_struct *
 {
 	return try_to_wake_up(p, TASK_NORMAL, 0);
 }
-EXPORT_SYMBOL(wake_up_process);
 
 int wake_up_state(struct task_struct *p, unsigned int state)
 {
--- a/include/uapi/linux/sched/types.h
+++ b/include/uapi/linux/sched/types.h
@@ -119,6 +119,7 @@ struct sched_attr {
 	/* Utilization hints */
 	__u32 sched_util_min;
 	__u32 sched_util_max;
+	__u32 lkst_kabi_break;
 
 };
 
P
echo "zz-break-kabi.patch" >> "$scratch/series"

export LKST_PATCHES=$scratch/patches LKST_SERIES=$scratch/series
"$top/scripts/prepare-tree.sh" "$scratch/tree" > "$scratch/prepare.log" 2>&1 ||
	{ echo "#   FAIL: scratch tree"; cat "$scratch/prepare.log"; exit 1; }
out=$(LKST_KABI_WORK=$scratch/kabi "$top/scripts/kabi-check.sh" "$scratch/tree" 2>&1)
rc=$?
echo "$out" | sed 's/^/#     /'
[ "$rc" = 1 ] && echo "#   ok: exit status 1" || { echo "#   FAIL: exit status $rc, expected 1"; failed=1; }
expect "the removed export is named" "^  wake_up_process$" "$out"
expect "the changed CRC is named with both values" "^  sched_setattr_nocheck: Debian 0x[0-9a-f]*, ours 0x[0-9a-f]*" "$out"
expect "the changed header is named" "^  include/uapi/linux/sched/types.h$" "$out"
expect "the verdict" "kabi-check: FAILED" "$out"
exit $failed
