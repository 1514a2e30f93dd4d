#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apply-series.sh TREE
#
# Apply the whole series to an unpatched TREE with quilt push -a --fuzz=0.
# On failure, name the patch and the hunk that did not apply, and exit 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: apply-series.sh TREE}
[ -f "$tree/Makefile" ] || die "$tree is not a kernel tree"
cd "$tree"

if [ -n "$(quilt applied 2>/dev/null)" ]; then
	die "$tree already has patches applied: $(quilt applied | tr '\n' ' ')"
fi
if [ -z "$(grep -v '^\s*#' "$QUILT_SERIES" | awk NF)" ]; then
	log "series is empty"
	exit 0
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! quilt push -a --fuzz=0 >"$out" 2>&1; then
	patch=$(sed -n 's/^Applying patch \(.*\)$/\1/p' "$out" | tail -n 1)
	file=""
	while IFS= read -r line; do
		case $line in
		"patching file "*) file=${line#patching file } ;;
		Hunk*FAILED*) log "${patch##*/}: $file: $line" ;;
		*"can't find file"*|*"No file to patch"*|*"malformed patch"*)
			log "${patch##*/}: $line" ;;
		esac
	done <"$out"
	tail -n 3 "$out" >&2
	die "patch ${patch##*/} does not apply to $BASE_SOURCE_PACKAGE $BASE_VERSION (with --fuzz=0)"
fi
log "applied $(quilt applied | wc -l) patches; top is $(quilt top)"
