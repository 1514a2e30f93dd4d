# SPDX-License-Identifier: GPL-2.0
# Helpers for the in-guest tests; each test.d/*.sh sources this file.
# A test prints "# ..." notes and exits 0 (pass) or 1 (fail).

SYS=/sys/kernel/lkst
failed=0

# check DESCRIPTION EXPECTED ACTUAL: compare and print both values
check() {
	if [ "$2" = "$3" ]; then
		echo "#   ok: $1 (expected '$2', got '$3')"
	else
		echo "#   FAIL: $1 (expected '$2', got '$3')"
		failed=1
	fi
}

# check_ge DESCRIPTION MIN ACTUAL
check_ge() {
	if [ "$3" -ge "$2" ] 2>/dev/null; then
		echo "#   ok: $1 (at least $2, got $3)"
	else
		echo "#   FAIL: $1 (expected at least $2, got '$3')"
		failed=1
	fi
}

# check_le DESCRIPTION MAX ACTUAL
check_le() {
	if [ "$3" -le "$2" ] 2>/dev/null; then
		echo "#   ok: $1 (at most $2, got $3)"
	else
		echo "#   FAIL: $1 (expected at most $2, got '$3')"
		failed=1
	fi
}

# wait_for SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds;
# false after SECONDS.  Under TCG a background start can take longer than
# any fixed sleep.
wait_for() {
	local tries=$(($1 * 10))
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.1
	done
}

# running COMM: a process of that name exists
running() { cat /proc/[0-9]*/comm 2>/dev/null | grep -qx "$1"; }

stat_of() { # FILE NAME
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}

# The accounting invariant after a drain: written = read + overwritten + dropped
check_accounting() {
	s=$SYS/stats
	w=$(stat_of $s written); r=$(stat_of $s read)
	o=$(stat_of $s overwritten); d=$(stat_of $s dropped)
	e=$(stat_of $s entries); x=$(stat_of $s discarded)
	check "entries after drain" 0 "$e"
	check "written = read + overwritten + dropped + discarded" "$w" "$((r + o + d + x))"
}

# Stop, empty the buffers and enable every event but the locks (the boot
# default, LKST's "DEF" set): a known starting point.  Lock events come by
# the hundred thousand per second; the tests that want them say so.
reset_tracer() {
	echo 0 > $SYS/tracing
	echo 1 > $SYS/reset
	# only the boot set: a test starts from the same sets however many
	# tests ran before it, or how often (lkstrepeat=N)
	echo default > $SYS/masksets/current
	for s in $(lkst maskset list | sed 's/ (current)$//'); do
		[ "$s" = default ] || lkst maskset delete "$s"
	done
	lkst enable all
	lkst disable LOCK
}

done_test() { exit $failed; }
