#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fire-profile.sh [KBUILD [INITRD]]: where a recorded event's instructions go.
# Boots the test kernel (nokaslr, tracing from boot) under QEMU with its
# gdb stub, lets 200 system calls by, then single-steps the SYSCALL_ENTRY
# hook of do_syscall_64 from its call into lkst_event_fire() to the
# return, three times, and prints the instructions per function.  The
# first sample's instructions go to build/logs/fire-profile.trace.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kb=${1:-$LKST_BUILD/kbuild-test}
initrd=${2:-$LKST_BUILD/initrd-test.cpio.gz}
at=$(objdump -d --no-show-raw-insn "$kb/vmlinux" --disassemble=do_syscall_64 |
	awk '/call.*<lkst_event_fire>/ { sub(":", "", $1); print "0x" $1; exit }')
[ -n "$at" ] || die "no hook site in do_syscall_64 of $kb/vmlinux"
port=$((20000 + RANDOM % 10000))
mkdir -p "$LKST_BUILD/logs"
rm -f "$LKST_BUILD/logs/fire-profile.trace"
"$LKST_TOP/scripts/run-qemu.sh" -s 1 -t 600 -a "nokaslr lkst=on lkstmode=bench quiet" \
	-l "$LKST_BUILD/logs/fire-profile-guest.log" "$kb/arch/x86/boot/bzImage" \
	"$initrd" -gdb "tcp:127.0.0.1:$port" -S >/dev/null 2>&1 &
qemu=$!
sleep 2
PROF_PORT=$port PROF_AT=$at PROF_SKIP=200 PROF_SAMPLES=3 \
PROF_TRACE=$LKST_BUILD/logs/fire-profile.trace \
	timeout 600 gdb -q -batch -x "$LKST_TOP/scripts/fire-profile.py" "$kb/vmlinux" 2>&1 |
	sed -n 's/^PROFILE //p'
wait "$qemu" || true
