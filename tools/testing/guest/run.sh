#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every in-guest test in test.d/ and print TAP-style results and a final
# "LKST-GUEST-RESULT: N passed, M failed" line for the host harness.
cd "$(dirname "$0")" || exit 1
pass=0
fail=0
n=0
for t in test.d/*.sh; do
	n=$((n + 1))
	desc=$(sed -n 's/^# description: //p' "$t")
	echo "# test $n: ${t#test.d/}: $desc"
	if (cd test.d && sh "${t#test.d/}"); then
		echo "ok $n - ${t#test.d/}"
		pass=$((pass + 1))
	else
		echo "not ok $n - ${t#test.d/}"
		fail=$((fail + 1))
	fi
done
echo "LKST-GUEST-RESULT: $pass passed, $fail failed"
