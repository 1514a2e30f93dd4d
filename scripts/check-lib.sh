# SPDX-License-Identifier: GPL-2.0
# The result bookkeeping of the test suites (check.sh, check-debug.sh,
# check-repeat.sh); source it, do not run it.  Every check counts as one
# test; finish prints "N passed, M failed".

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

# The console lines that mean the kernel found a bug in itself.
SPLATS='BUG:|WARNING:|KASAN|UBSAN|KCSAN|possible (recursive|circular) locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|Call Trace:|general protection fault|Kernel panic'

# The debug kernel boots with full preemption (Debian's default, and the
# test kernel's, is voluntary).  A debug run is where preemption at any
# point, not only at might_sleep(), should meet LKST's code.  It also
# narrows the window of 6.1.y's RCU-tasks self-test deadlock (run-qemu.sh).
# Under voluntary preemption a reschedule request raised after PID 1 woke
# the new grace-period kthread (by that wakeup or by a tick during the
# self-test's pr_info()) is honoured only at the might_sleep() at the
# start of mutex_lock(), just after PID 1 found no kthread: the kthread
# got the mutex first in 6 of 27 boots (two guests at once).  Under full
# preemption PID 1 yields at the next preempt_enable() or interrupt
# return, normally before it looks for the kthread; what is left is the
# few instructions between that look and the mutex: 0 of 40 boots stopped.
debug_append="preempt=full"

# guest_suite PREFIX BZIMAGE INITRD LOG TIMEOUT [APPEND]: boot, KUnit at
# boot, the in-guest tests, and a console free of splats
guest_suite() {
	local pfx=$1 kernel=$2 initrd=$3 logf=$4 tmo=$5 append=${6:-}
	local qemu_rc kunit line name want got splats

	# A boot that stops before init is booted again, four times at most.
	# Under voluntary preemption the debug kernel stopped in 1 boot of 5
	# or 6 (3 in a row once in CI) in a deadlock of 6.1.y's RCU-tasks
	# boot self-test, long before any LKST code runs; with preempt=full
	# (debug_append) in 0 of 40.  run-qemu.sh spots that deadlock after
	# a minute of silence (see there).
	for attempt in 1 2 3 4 5; do
		"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t "$tmo" -b $((tmo / 5)) \
			-a "$append" -l "$logf" "$kernel" "$initrd" >/dev/null 2>&1
		qemu_rc=$?
		[ $qemu_rc = 125 ] || break
		echo "    ${pfx}guest: boot $attempt stopped before init; the console ended with:"
		grep . "$logf" | tail -n 3 | sed 's/^/    | /'
		cp "$logf" "$logf.hung$attempt"
	done
	result $([ $qemu_rc = 0 ] || [ $qemu_rc = 1 ]; echo $?) \
		"${pfx}guest boots and finishes" "status $qemu_rc, see $logf"
	# a timeout (124) says little on its own: show where the guest was
	[ $qemu_rc = 0 ] || [ $qemu_rc = 1 ] || tail -n 15 "$logf" | sed 's/^/    | /'

	# KUnit: one result per case
	kunit=$(grep -E '^    (not )?ok [0-9]+ lkst_' "$logf")
	[ -n "$kunit" ] || result 1 "${pfx}KUnit lkst suite ran at boot" "see $logf"
	while read -r line; do
		[ -n "$line" ] || continue
		case $line in
		"not ok"*) result 1 "${pfx}kunit: ${line##* }" ;;
		*) result 0 "${pfx}kunit: ${line##* }" ;;
		esac
	done <<<"$kunit"

	# in-guest tests, with each test's notes on failure
	while read -r line; do
		case $line in
		"ok "*) result 0 "${pfx}guest: ${line#* - }" ;;
		"not ok "*)
			result 1 "${pfx}guest: ${line#* - }" "see $logf"
			name=${line#* - }
			sed -n "/: ${name}: /,/^\(not \)\?ok /p" "$logf" |
				grep 'FAIL' | sed 's/^/    /'
			;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+ - ' "$logf")
	case $append in
	*lksttests=*) ;;
	*)
		want=$(ls "$LKST_TOP"/tools/testing/guest/test.d/*.sh | wc -l)
		case $append in
		*lkstrepeat=*)
			rep=${append#*lkstrepeat=}
			want=$((want * ${rep%% *}))
			;;
		esac
		got=$(grep -cE '^(not )?ok [0-9]+ - ' "$logf")
		[ "$want" = "$got" ]
		result $? "${pfx}all $want in-guest tests ran" "$got reported, see $logf"
		;;
	esac

	# where the guest's time went (guest seconds)
	grep -E '^# [0-9][^ ]* took [0-9.]+ s$' "$logf" | sort -t' ' -k4 -n -r |
		head -n 4 | sed "s/^# /    ${pfx}slowest: /"

	splats=$(grep -E "$SPLATS" "$logf")
	[ -z "$splats" ]
	result $? "${pfx}console free of BUG/WARNING/KASAN/UBSAN/lockdep/RCU splats" "see $logf"
	[ -z "$splats" ] || echo "$splats" | head -n 20 | sed 's/^/    /'
}

# Mark the start of a section, with the time so far: where CI's time goes.
phase() { # NAME
	printf -- '--- %s (at %dm%02ds)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60))
}

finish() {
	phase "end"
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

