#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# static-check.sh [FLAVOUR]
#
# Static analysis of what the series adds, on a built test kernel tree:
#  - sparse (C=2) on every object the series touches: no warning on a line
#    the series added (lines that mention lkst) or in a new LKST file;
#  - W=1 on kernel/lkst/: no warning;
#  - Coccinelle: every in-tree semantic patch (make coccicheck MODE=report)
#    on kernel/lkst/: no report.
# Prints one "PASS:"/"FAIL:" line per check; exits 1 if any failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-test}
out=$(kbuild_dir "$flavour")
logs=$LKST_BUILD/logs
mkdir -p "$logs"
[ -f "$out/.config" ] || die "$out is not configured: run scripts/build-kernel.sh $flavour"
kmake() { make -C "$LKST_TREE" O="$out" CC="ccache gcc" -j"$(nproc)" "$@"; }

# objects of the .c files the series touches, and the new files
mapfile -t files < <(grep -v '^\s*#' "$QUILT_SERIES" | awk NF |
	sed "s|^|$QUILT_PATCHES/|" | xargs sed -n 's|^+++ b/\(.*\.c\)$|\1|p' | sort -u)
objs=()
for f in "${files[@]}"; do
	objs+=("${f%.c}.o")
done

status=0
kmake C=2 CHECK=sparse "${objs[@]}" >"$logs/sparse-$flavour.log" 2>&1 || {
	echo "FAIL: sparse run (see $logs/sparse-$flavour.log)"
	exit 1
}
# warnings on a new LKST file, or on a line that mentions lkst (the series'
# additions to existing files), count; the rest were there before us.
# Exception: sparse reports a lock "context imbalance" at a function's last
# statement, which in existing lock functions (spinlock.c, hrtimer.c) is
# now often our hook; hooks take no lock, so such a warning in an existing
# file is the function's own, from before the series.
treename=$(basename "$LKST_TREE")
new=0
while IFS=: read -r file line _; do
	rel=${file#*"$treename"/}
	case $rel in
	*lkst*) ;;
	*)
		sed -n "${line}p" "$LKST_TREE/$rel" 2>/dev/null | grep -q lkst || continue
		grep -F "$rel:$line:" "$logs/sparse-$flavour.log" |
			grep -qv 'context imbalance in' || continue
		;;
	esac
	new=$((new + 1))
	grep -F "$rel:$line:" "$logs/sparse-$flavour.log"
done < <(grep -E ':[0-9]+:[0-9]+: (warning|error):' "$logs/sparse-$flavour.log")
if [ "$new" = 0 ]; then
	echo "PASS: sparse: no warning on code the series adds (${#objs[@]} objects)"
else
	echo "FAIL: sparse: $new warnings on code the series adds (see $logs/sparse-$flavour.log)"
	status=1
fi

# only our files count: W=1 also rebuilds host tools, whose warnings are not
# ours; the objects go first so that W=1 compiles them whatever ran before
rm -f "$out"/kernel/lkst/*.o
if kmake W=1 kernel/lkst/ >"$logs/w1-$flavour.log" 2>&1 &&
   grep -q ' CC .*kernel/lkst/lkst_core.o' "$logs/w1-$flavour.log" &&
   ! grep -q 'kernel/lkst/[^:]*:[0-9]*:[0-9]*: warning:' "$logs/w1-$flavour.log"; then
	echo "PASS: W=1: kernel/lkst/ builds without warnings"
else
	echo "FAIL: W=1: kernel/lkst/ (see $logs/w1-$flavour.log)"
	status=1
fi
kmake coccicheck MODE=report M=kernel/lkst J="$(nproc)" >"$logs/coccicheck-$flavour.log" 2>&1
ncocci=$(grep -c '^/usr/bin/spatch' "$logs/coccicheck-$flavour.log" || true)
reports=$(grep -E '^[^ ]*kernel/lkst/[^:]*:[0-9]+' "$logs/coccicheck-$flavour.log" || true)
if [ "$ncocci" -gt 0 ] && [ -z "$reports" ]; then
	echo "PASS: coccicheck: $ncocci semantic patches, no report on kernel/lkst/"
else
	echo "FAIL: coccicheck: $ncocci semantic patches run (see $logs/coccicheck-$flavour.log)"
	[ -n "$reports" ] && echo "$reports" | sed 's/^/    /'
	status=1
fi
exit $status
