#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bisect-check.sh: build the test kernel at every prefix of the series, in a
# scratch tree (build/bisect-$LKST_BASE), with ccache.  Too slow for every CI
# run; run it on demand before submitting a reordered or new patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$LKST_BUILD/bisect-$LKST_BASE
rm -rf "$tree"
"$LKST_TOP/scripts/prepare-tree.sh" "$tree" >/dev/null
cd "$tree"
quilt pop -a -q >/dev/null
n=0
for p in $(grep -v '^\s*#' "$QUILT_SERIES" | awk NF); do
	quilt push -q --fuzz=0 >/dev/null
	n=$((n + 1))
	if LKST_ALLOW_MISSING="CONFIG_LKST_KUNIT_TEST CONFIG_LKST_TEST_EVENTS CONFIG_SAMPLE_LKST" LKST_KBUILD_OUT=$LKST_BUILD/kbuild-bisect \
	   "$LKST_TOP/scripts/build-kernel.sh" test "$tree" >"$LKST_BUILD/logs/bisect-$n.log" 2>&1; then
		echo "PASS: builds with patches 1-$n (top: $p)"
	else
		echo "FAIL: does not build with patches 1-$n (top: $p), see $LKST_BUILD/logs/bisect-$n.log"
		exit 1
	fi
done
echo "every prefix of the series builds ($n patches)"
