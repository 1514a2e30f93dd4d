#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kabi-check.sh [PATCHED_TREE]
#
# Prove that the series changes no exported symbol CRC of Debian's kernel:
#  1. take Debian's .config and Module.symvers from the linux-headers package
#     of the pinned version;
#  2. on the pristine tree, build the objects the series modifies with that
#     config and check that every CRC equals Debian's (this validates the
#     method; if it fails, the check cannot judge);
#  3. on the patched tree, with CONFIG_LKST=y, build every object the series
#     touches and compare every CRC with Debian's: any changed or removed
#     symbol fails, added symbols are listed;
#  4. the series must modify no existing header (new headers are allowed),
#     so no other object can see a changed type.
# The report goes to stdout; the exit status is 0 only if kABI is intact.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

patched=${1:-$LKST_TREE}
pristine=$LKST_BUILD/pristine-$LKST_BASE
ref=$LKST_DL/$BASE_HEADERS_PACKAGE-$BASE_VERSION
hdrdir=$ref/usr/src/$BASE_HEADERS_PACKAGE
work=${LKST_KABI_WORK:-$LKST_BUILD/kabi}
mkdir -p "$work"

# Debian's reference
if [ ! -f "$hdrdir/Module.symvers" ]; then
	deb=$(fetch_deb "$BASE_HEADERS_PACKAGE" "$BASE_VERSION")
	rm -rf "$ref"
	dpkg-deb -x "$deb" "$ref"
fi

# The pristine tree, for validating the method
if [ ! -f "$pristine/Makefile" ]; then
	tarball=$(base_tarball)
	rm -rf "$pristine.tmp" && mkdir -p "$pristine.tmp"
	tar -xf "$tarball" -C "$pristine.tmp"
	mv "$pristine.tmp/$BASE_TOPDIR" "$pristine" && rmdir "$pristine.tmp"
fi

series_files() { # the files the series touches: "new" (created by some
		 # patch, maybe changed by later ones) or "modified"
	grep -v '^\s*#' "$QUILT_SERIES" | awk NF | sed "s|^|$QUILT_PATCHES/|" |
		xargs awk '/^--- / { from = $2 } /^\+\+\+ b\// {
			f = substr($2, 3); seen[f] = 1; if (from == "/dev/null") created[f] = 1 }
			END { for (f in seen) print (f in created ? "new" : "modified"), f }' |
		sort -u
}

mapfile -t modified < <(series_files | awk '$1 == "modified" { print $2 }')
mapfile -t added < <(series_files | awk '$1 == "new" { print $2 }')
headers=$(printf '%s\n' "${modified[@]}" | grep '\.h$' || true)
objs_old=$(printf '%s\n' "${modified[@]}" | sed -n 's/\.c$/.o/p')
objs_all=$( (printf '%s\n' "${modified[@]}" "${added[@]}") | sed -n 's/\.c$/.o/p' | sort -u)

configure() { # TREE OUT LKST
	local tree=$1 out=$2
	mkdir -p "$out"
	cp "$hdrdir/.config" "$out/.config"
	"$tree/scripts/config" --file "$out/.config" \
		--set-str MODULE_SIG_KEY certs/signing_key.pem \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
	if [ "$3" = y ]; then
		"$tree/scripts/config" --file "$out/.config" --enable LKST
	fi
	make -C "$tree" O="$out" -s olddefconfig >/dev/null 2>&1
	if [ "$3" = y ]; then
		grep -q '^CONFIG_LKST=y' "$out/.config" || die "CONFIG_LKST=y did not take"
	fi
}

# build OBJS and print "symbol crc object" for every #SYMVER they carry
crcs() { # TREE OUT OBJS...
	local tree=$1 out=$2 o
	shift 2
	make -C "$tree" O="$out" CC="ccache gcc" -j"$(nproc)" -s prepare >/dev/null 2>&1 ||
		die "make prepare failed in $out"
	make -C "$tree" O="$out" CC="ccache gcc" -j"$(nproc)" -s "$@" >"$out/objs.log" 2>&1 ||
		die "building objects failed in $out (see $out/objs.log)"
	for o in "$@"; do
		sed -n "s|^#SYMVER \([^ ]*\) \(0x[0-9a-f]*\)$|\1 \2 $o|p" \
			"$out/$(dirname "$o")/.$(basename "$o").cmd"
	done | sort
}

declare -A debian
while read -r crc sym _; do
	debian[$sym]=$crc
done <"$hdrdir/Module.symvers"

compare() { # FILE: "sym crc obj" lines; prints mismatches, returns counts
	local sym crc obj
	same=0 changed=0 new=0 total=0
	changed_list="" new_list=""
	while read -r sym crc obj; do
		total=$((total + 1))
		if [ -z "${debian[$sym]+x}" ]; then
			# with its CRC: the report pins LKST's own exports too
			new=$((new + 1)); new_list+="  $sym $crc ($obj)"$'\n'
		elif [ "$((debian[$sym]))" = "$((crc))" ]; then
			same=$((same + 1))
		else
			changed=$((changed + 1))
			changed_list+="  $sym: Debian ${debian[$sym]}, ours $crc ($obj)"$'\n'
		fi
	done <"$1"
}

echo "kABI check against $BASE_HEADERS_PACKAGE $BASE_VERSION ($(wc -l <"$hdrdir/Module.symvers") exported symbols)"
status=0

# 1. validate the method on the pristine tree
# the pristine build is shared by every run on this base, whatever
# patched tree is checked (another base has its own)
pwork=$LKST_BUILD/kabi
[ "$LKST_BASE" = "$LKST_PRIMARY_BASE" ] || pwork=$LKST_BUILD/kabi-$LKST_BASE
mkdir -p "$pwork"
configure "$pristine" "$pwork/pristine" n
# shellcheck disable=SC2086
crcs "$pristine" "$pwork/pristine" $objs_old >"$work/pristine.crc"
compare "$work/pristine.crc"
echo "pristine: $(echo $objs_old | wc -w) objects, $total symbols, $same equal to Debian's, $changed differ, $new unknown"
if [ "$changed" != 0 ] || [ "$new" != 0 ] || [ "$total" = 0 ]; then
	printf '%s%s' "$changed_list" "$new_list"
	echo "kabi-check: CANNOT JUDGE: the unpatched tree does not reproduce Debian's CRCs"
	exit 2
fi

# 2. the patched tree with CONFIG_LKST=y
configure "$patched" "$work/patched" y
# shellcheck disable=SC2086
crcs "$patched" "$work/patched" $objs_all >"$work/patched.crc"
compare "$work/patched.crc"
removed=$(comm -23 <(awk '{ print $1 }' "$work/pristine.crc") \
		   <(awk '{ print $1 }' "$work/patched.crc"))
echo "patched (CONFIG_LKST=y): $(echo $objs_all | wc -w) objects, $total symbols, $same unchanged, $changed changed, $(echo -n "$removed" | grep -c . || true) removed, $new added"
if [ "$changed" != 0 ]; then
	echo "changed CRCs (symbol: Debian's, ours):"
	printf '%s' "$changed_list"
	status=1
fi
if [ -n "$removed" ]; then
	echo "removed exports:"
	echo "$removed" | sed 's/^/  /'
	status=1
fi
if [ "$new" != 0 ]; then
	echo "added exports (allowed):"
	printf '%s' "$new_list"
fi

# 3. no existing header may change
if [ -n "$headers" ]; then
	echo "existing headers changed by the series (not allowed):"
	echo "$headers" | sed 's/^/  /'
	status=1
else
	echo "existing headers changed by the series: none (${#added[@]} new files)"
fi

if [ "$status" = 0 ]; then
	echo "kabi-check: OK, kABI intact"
else
	echo "kabi-check: FAILED, the series breaks Debian's kABI"
fi
exit $status
