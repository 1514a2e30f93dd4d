#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh [test|test-nolkst] [TREE]
#
# Build a bzImage from the patched tree, with ccache, out of tree in
# build/kbuild-<flavour>.  "test" is tinyconfig plus ci/test.config;
# "test-nolkst" is the same with CONFIG_LKST=n, the reference for overhead
# measurements.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-test}
tree=${2:-$LKST_TREE}
out=${LKST_KBUILD_OUT:-$LKST_BUILD/kbuild-$flavour}
mkdir -p "$out"
export CCACHE_BASEDIR=$LKST_BUILD
kmake() { make -C "$tree" O="$out" CC="ccache gcc" -j"$(nproc)" "$@"; }

case $flavour in
test|test-nolkst)
	kmake -s tinyconfig >/dev/null
	cat "$LKST_TOP/ci/test.config" >>"$out/.config"
	if [ "$flavour" = test-nolkst ]; then
		echo "# CONFIG_LKST is not set" >>"$out/.config"
	fi
	kmake -s olddefconfig >/dev/null 2>&1
	# every line of the fragment must have taken effect
	grep '^CONFIG_' "$LKST_TOP/ci/test.config" | while IFS= read -r opt; do
		[ "$flavour" = test-nolkst ] && case $opt in CONFIG_LKST*) continue ;; esac
		# bisect builds of a series prefix may lack later options
		case " ${LKST_ALLOW_MISSING:-} " in *" ${opt%%=*} "*) continue ;; esac
		grep -qx "$opt" "$out/.config" || die "$opt did not take effect in $out/.config"
	done
	;;
*)
	die "unknown flavour '$flavour' (test, test-nolkst)"
	;;
esac

start=$(date +%s)
kmake -s bzImage
log "built $out/arch/x86/boot/bzImage in $(( $(date +%s) - start ))s"
