#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fire-profile.sh [KBUILD [INITRD]]: where a recorded event's instructions go.
# Boots the test kernel (nokaslr, tracing from boot) under QEMU with its
# gdb stub, lets 200 system calls by, then single-steps the SYSCALL_ENTRY
# hook of do_syscall_64 from its call into lkst_event_fire() to the
# return, three times, and prints the instructions per function.  The
# first sample's instructions go to fire-profile.trace in
# $LKST_PROFILE_OUT (build/logs by default).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kb=${1:-$(kbuild_dir test)}
initrd=${2:-$LKST_BUILD/initrd-test.cpio.gz}
out=${LKST_PROFILE_OUT:-$LKST_BUILD/logs}
# (awk reads to the end: an early exit would be a SIGPIPE for objdump)
at=$(objdump -d --no-show-raw-insn "$kb/vmlinux" --disassemble=do_syscall_64 |
	awk '!at && /call.*<lkst_event_fire>/ { sub(":", "", $1); at = "0x" $1 } END { print at }')
[ -n "$at" ] || die "no hook site in do_syscall_64 of $kb/vmlinux"
port=$((20000 + RANDOM % 10000))
mkdir -p "$out"
rm -f "$out/fire-profile.trace"
# its own process group, so that nothing of it outlives this script
setsid "$LKST_TOP/scripts/run-qemu.sh" -s 1 -t 600 -a "nokaslr lkst=on lkstmode=bench quiet" \
	-l "$out/fire-profile-guest.log" "$kb/arch/x86/boot/bzImage" \
	"$initrd" -gdb "tcp:127.0.0.1:$port" -S >/dev/null 2>&1 &
qemu=$!
trap 'kill -- -$qemu 2>/dev/null || true' EXIT
# fire-profile.py retries the connection while QEMU starts
PROF_PORT=$port PROF_AT=$at PROF_SKIP=200 PROF_SAMPLES=3 \
PROF_TRACE=$out/fire-profile.trace \
	timeout 600 gdb -q -batch -x "$LKST_TOP/scripts/fire-profile.py" "$kb/vmlinux" \
	>"$out/fire-profile-gdb.log" 2>&1 || true
sed -n 's/^PROFILE //p' "$out/fire-profile-gdb.log"
grep -q '^PROFILE sample 0:' "$out/fire-profile-gdb.log" ||
	die "gdb profiled nothing (see $out/fire-profile-gdb.log)"
