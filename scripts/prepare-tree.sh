#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prepare-tree.sh [TREE]
#
# Fetch the pinned Debian kernel source, extract it into TREE (default
# build/linux-$LKST_BASE) and apply the series with quilt.  Re-running it is
# idempotent: an up-to-date tree is left alone, a tree whose series changed is
# popped and pushed again.  A tree that is not a pristine copy of the pinned
# base, or that holds unrefreshed changes, is refused.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$LKST_TREE}
stamp_base=$tree/.lkst-base
stamp_series=$tree/.lkst-series

series_hash() {
	(cat "$QUILT_SERIES" && grep -v '^\s*#' "$QUILT_SERIES" |
		awk -v d="$QUILT_PATCHES" 'NF { print d "/" $1 }' | xargs -r cat) | sha256sum |
		cut -d' ' -f1
}

extract() {
	local tarball
	tarball=$(base_tarball)
	log "extracting $BASE_SOURCE_PACKAGE $BASE_VERSION into $tree"
	rm -rf "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xf "$tarball" -C "$tree.tmp"
	mv "$tree.tmp/$BASE_TOPDIR" "$tree"
	rmdir "$tree.tmp"
	echo "$BASE_SOURCE_PACKAGE $BASE_VERSION" >"$stamp_base"
}

check_pristine() {
	local got
	got=$(cat "$stamp_base" 2>/dev/null || true)
	[ "$got" = "$BASE_SOURCE_PACKAGE $BASE_VERSION" ] ||
		die "$tree is not a pristine $BASE_SOURCE_PACKAGE $BASE_VERSION tree (found '${got:-no stamp}'); remove it"
	(cd "$tree" && make -s kernelversion 2>/dev/null | grep -qx "$BASE_KERNELVERSION") ||
		die "$tree: Makefile is not version $BASE_KERNELVERSION; remove it"
	if [ -n "$(cd "$tree" && quilt top 2>/dev/null)" ] &&
	   [ -n "$(cd "$tree" && quilt diff -z 2>/dev/null)" ]; then
		die "$tree has changes not refreshed into $(cd "$tree" && quilt top); refresh or remove them"
	fi
}

want=$(series_hash)
if [ ! -d "$tree" ]; then
	extract
else
	check_pristine
	if [ "$(cat "$stamp_series" 2>/dev/null)" = "$want" ]; then
		log "$tree is up to date"
		exit 0
	fi
	log "series changed: unapplying the old one"
	(cd "$tree" && { quilt pop -a -f -q >/dev/null 2>&1 || true; })
	rm -f "$stamp_series"
fi

"$LKST_TOP/scripts/apply-series.sh" "$tree"
echo "$want" >"$stamp_series"
