#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-base-debian.sh BASE: the proof on the kernel users run, on any
# base.  Debian's own amd64 config of BASE with CONFIG_LKST=y is built (the
# bzImage and our two modules; about 40 minutes from a cold ccache on 2
# cores), then booted under QEMU beside Debian's own vmlinuz of the same
# upload.  Both load the same broad set of Debian's prebuilt modules, and
# ours runs the in-guest suite (scripts/debian-modules-test.sh).
#
# make check does this for the primary base in its "Debian" phase; this
# script is for the others (make check-base-debian BASE=...), too slow for
# the CI budget.  The tree and the build stay in build/ for a rerun.
set -uo pipefail
[ $# = 1 ] || { echo "usage: check-base-debian.sh BASE" >&2; exit 2; }
export LKST_BASE=$1
unset LKST_TREE	# the base's own tree, whatever a caller exported
. "$(dirname "$0")/lib.sh"

logs=$LKST_BUILD/logs/bases/$LKST_BASE
mkdir -p "$logs"
t0=$(date +%s)
if ! "$LKST_TOP/scripts/prepare-tree.sh" >"$logs/prepare-tree-debian.log" 2>&1; then
	echo "FAIL: $LKST_BASE: the series applies (see $logs/prepare-tree-debian.log)"
	exit 1
fi
if ! "$LKST_TOP/scripts/build-kernel.sh" debian >"$logs/build-debian.log" 2>&1; then
	echo "FAIL: $LKST_BASE: the Debian-config kernel builds (see $logs/build-debian.log)"
	grep -m 5 'error:' "$logs/build-debian.log" | sed 's/^/    /'
	exit 1
fi
echo "PASS: $LKST_BASE: the Debian-config kernel builds ($(( ($(date +%s) - t0 + 30) / 60 )) min)"
t0=$(date +%s)
"$LKST_TOP/scripts/debian-modules-test.sh" 2>&1 | tee "$logs/debian-modules.log" |
	grep -E '^(PASS|FAIL|modules loaded)'
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || grep -q '^FAIL' "$logs/debian-modules.log" ||
	echo "FAIL: $LKST_BASE: debian-modules-test.sh stopped (see $logs/debian-modules.log)"
echo "$LKST_BASE: Debian's modules and the in-guest suite took $(( ($(date +%s) - t0 + 30) / 60 )) min"
exit "$status"
