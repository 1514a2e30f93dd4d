#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the in-guest tests in test.d/ and print TAP-style results and a final
# "LKST-GUEST-RESULT: N passed, M failed" line for the host harness.
# Kernel command line: lksttests=GLOB runs only test.d/GLOB.sh (say
# "2[23]-*"); lkstrepeat=N runs them N times (make check-repeat), and each
# test sees LKST_REPEAT_LEFT, the repetitions still to come.
cd "$(dirname "$0")" || exit 1
glob=$(sed -n 's/.*lksttests=\([^ ]*\).*/\1/p' /proc/cmdline)
repeat=$(sed -n 's/.*lkstrepeat=\([0-9]*\).*/\1/p' /proc/cmdline)
[ "${repeat:-1}" -ge 1 ] 2>/dev/null || repeat=1
pass=0
fail=0
n=0
run=1
while [ "$run" -le "${repeat:-1}" ]; do
	export LKST_REPEAT_LEFT=$((${repeat:-1} - run))
	for t in test.d/${glob:-*}.sh; do
		[ -e "$t" ] || continue
		n=$((n + 1))
		name=${t#test.d/}
		[ -n "$repeat" ] && name="$name (run $run)"
		desc=$(sed -n 's/^# description: //p' "$t")
		echo "# test $n: $name: $desc"
		# a command the initramfs lacks ("comm: not found") would make
		# its check compare an empty string: that fails the test
		started=$(cut -d' ' -f1 /proc/uptime)
		(cd test.d && sh "${t#test.d/}") 2> /tmp/test.err
		status=$?
		# guest seconds, for the CI budget (Documentation/testing.md)
		echo "# $name took $(awk -v a="$started" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
		cat /tmp/test.err >&2
		if grep -q ': not found$' /tmp/test.err; then
			echo "# $name: $(grep ': not found$' /tmp/test.err | head -n 1)"
			status=1
		fi
		if [ "$status" = 0 ]; then
			echo "ok $n - $name"
			pass=$((pass + 1))
		else
			echo "not ok $n - $name"
			fail=$((fail + 1))
		fi
	done
	run=$((run + 1))
done
if [ "$n" = 0 ]; then
	# a pattern that matches nothing must not pass as "0 failed"
	echo "not ok 1 - lksttests=$glob: no test.d/$glob.sh"
	fail=1
fi
echo "LKST-GUEST-RESULT: $pass passed, $fail failed"
