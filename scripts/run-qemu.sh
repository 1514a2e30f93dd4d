#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-qemu.sh [-s SMP] [-t TIMEOUT] [-b BOOT_TIMEOUT] [-a APPEND] [-l LOG] BZIMAGE INITRD [QEMU ARGS...]
#
# Boot a kernel under QEMU TCG (KVM does not work on these machines) with a
# serial console, no display and a hard timeout.  TCG runs all vCPUs in one
# host thread (thread=single): with one thread per vCPU, a guest crashed
# once in __schedule on an int3 left by text_poke_bp() while another vCPU
# patched a jump label, on a heavily loaded host.  The guest still has
# SMP CPUs that interleave; only the host-side parallelism goes.  The console goes to stdout
# and to LOG.  Exit status: 0 if the guest reached LKST-GUEST-DONE and, when
# it ran tests, none failed; 1 otherwise; 124 on timeout; 125 if
# BOOT_TIMEOUT was given and the guest's init had not started by then, or
# earlier if the boot stopped in the RCU-tasks self-test deadlock (below):
# the caller may boot it again rather than wait for TIMEOUT.  Two blank
# 32 MiB virtio disks are attached for the block and swap tests: /dev/vda
# (ext2) and /dev/vdb (swap).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

smp=2 timeout=300 boot_timeout=0 append="" logf=""
rcu_tasks_selftest='Running RCU-tasks wait API self tests'
while getopts "s:t:b:a:l:" o; do
	case $o in
	s) smp=$OPTARG ;;
	t) timeout=$OPTARG ;;
	b) boot_timeout=$OPTARG ;;
	a) append=$OPTARG ;;
	l) logf=$OPTARG ;;
	*) die "usage: run-qemu.sh [-s SMP] [-t TIMEOUT] [-b BOOT_TIMEOUT] [-a APPEND] [-l LOG] BZIMAGE INITRD" ;;
	esac
done
shift $((OPTIND - 1))
kernel=${1:?bzImage}
initrd=${2:?initrd}
shift 2
logf=${logf:-$LKST_BUILD/logs/qemu-$(date +%s).log}
mkdir -p "$(dirname "$logf")"
disks=$(mktemp -d "$LKST_BUILD/disks.XXXXXX")
trap 'rm -rf "$disks"' EXIT
truncate -s 32M "$disks/vda.img" "$disks/vdb.img"

: >"$logf"
watchdog=
if [ "$boot_timeout" -gt 0 ]; then
	(
		# 6.1.y's RCU-tasks self-test (PROVE_RCU kernels only) can
		# deadlock at boot: PID 1 sees no grace-period kthread yet and
		# goes for ->tasks_gp_mutex, but the kthread, started just
		# before, takes it first and sleeps holding it until callbacks
		# arrive, which only PID 1 would queue.  Mainline fixed it in
		# August 2023 ("rcu-tasks: Fix boot-time RCU tasks debug-only
		# deadlock": rcu_tasks_one_gp() drops the mutex while it waits;
		# 6.12 has the fix, 6.1.192 does not).  That boot never goes on, so
		# a console silent for a minute right after the self-test's
		# line ends it then, not after BOOT_TIMEOUT.  (A guest held
		# in QEMU's gdb stub there with -b given is ended too.)
		end=$((SECONDS + boot_timeout)) size=-1 still=0
		while [ $SECONDS -lt $end ]; do
			[ -e "$disks/ended" ] && exit 0
			sleep 2
			now=$(stat -c %s "$logf")
			if [ "$now" != "$size" ]; then
				size=$now still=$SECONDS
			elif [ $((SECONDS - still)) -ge 60 ] &&
				[ "$(grep . "$logf" | tail -n 1)" = "$rcu_tasks_selftest" ]; then
				touch "$disks/rcu-tasks-deadlock"
				break
			fi
		done
		if ! grep -q 'LKST-GUEST-START' "$logf"; then
			touch "$disks/boot-hung"
			kill "$(cat "$disks/qemu.pid")" 2>/dev/null
		fi
	) &
	watchdog=$!
fi
# tr line-buffered: the log on disk keeps up with the console (a full
# block stayed in tr's buffer, and a guest that hung left a log that
# stopped 3 KiB before where it hung)
timeout --foreground -k 5 "$timeout" \
	qemu-system-x86_64 -accel tcg,thread=single -machine q35 -cpu max -smp "$smp" -m "${LKST_QEMU_MEM:-512}" \
	-kernel "$kernel" -initrd "$initrd" \
	-drive file="$disks/vda.img",if=virtio,format=raw \
	-drive file="$disks/vdb.img",if=virtio,format=raw \
	-append "console=ttyS0 panic=-1 oops=panic $append" \
	-display none -serial stdio -monitor none -no-reboot -pidfile "$disks/qemu.pid" "$@" \
	</dev/null 2>&1 | stdbuf -oL tr -d '\r' | tee "$logf"
rc=${PIPESTATUS[0]}
touch "$disks/ended"
[ -z "$watchdog" ] || wait "$watchdog"
if [ -e "$disks/rcu-tasks-deadlock" ]; then
	log "guest stopped in the RCU-tasks self-test deadlock of 6.1.y (log: $logf)"
	exit 125
fi
if [ -e "$disks/boot-hung" ]; then
	log "guest's init had not started after ${boot_timeout}s (log: $logf)"
	exit 125
fi
if [ "$rc" = 124 ]; then
	log "guest timed out after ${timeout}s (log: $logf)"
	exit 124
fi
grep -q '^LKST-GUEST-DONE' "$logf" || { log "guest did not finish (log: $logf)"; exit 1; }
if grep -q '^LKST-GUEST-RESULT:' "$logf"; then
	grep -q '^LKST-GUEST-RESULT: [0-9]* passed, 0 failed' "$logf" || exit 1
fi
exit 0
