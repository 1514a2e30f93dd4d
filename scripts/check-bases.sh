#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-bases.sh [-w] [-f] [-F] [BASE...]: the series on every base in
# scripts/bases/, or on the BASEs named.  For each base, scripts/rebase -n
# says patch by patch whether it applies cleanly, with fuzz, or not at all.
# With -f ("make check-bases") each base that applies is then built, booted
# with the in-guest suite and checked for kABI (scripts/check-base-full.sh),
# one base after another: about 10 to 25 minutes a base on 2 cores.
#
# A base must apply cleanly unless its pin file says BASE_KNOWN_FAILURE;
# a base that says so and applies cleanly is a stale pin file, and fails
# too.  One "PASS:/FAIL: bases: ..." line per base, and a matrix.  With -w
# the matrix is also written into Documentation/bases.md between its
# "<!-- apply matrix -->" markers; the rows of bases not tried stay.
#
# Each full result is stored in its matrix row with a hash of everything
# it depends on (inputs_of below).  A row whose hash is still current is
# the same check on the same inputs: -f keeps it instead of spending a
# quarter of an hour on it again (-F runs it anyway), so that the matrix
# can be completed over several sittings.  A stale row loses its result.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

write_doc= full= force=
while [ $# -gt 0 ]; do
	case $1 in
	-w) write_doc=1 ;;
	-f) full=1 ;;
	-F) full=1 force=1 ;;
	*) break ;;
	esac
	shift
done
if [ $# -gt 0 ]; then
	bases=("$@")
else
	mapfile -t bases < <(for f in "$LKST_TOP"/scripts/bases/*.conf; do
		basename "$f" .conf; done | sort -V)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
doc=$LKST_TOP/Documentation/bases.md

hashed_scripts=(scripts/{lib.sh,prepare-tree.sh,apply-series.sh,build-kernel.sh}
	scripts/{mkinitramfs.sh,run-qemu.sh,check-lib.sh}
	scripts/{check-base-full.sh,kabi-check.sh,compose-series.py})
# inputs_of BASE: a hash of what check-base-full.sh's result depends on:
# the base's composed series and pin file; the tools and tests the guest
# runs (tools/, ci/, and the documentation's mask-set examples, which
# mkinitramfs.sh packs for test 17), each file with its name; the scripts
# that build, boot and check; the compiler, C library, binutils, busybox
# and QEMU; and the settings that change a build or a boot
inputs_of() {
	(
		export LKST_BASE=$1
		# shellcheck source=lib.sh
		. "$LKST_TOP/scripts/lib.sh"
		cd "$LKST_TOP" || exit
		{
			sed -e 's/#.*//' "$QUILT_SERIES" | while read -r patch _; do
				[ -z "$patch" ] || cat "$QUILT_PATCHES/$patch"
			done
			cat "scripts/bases/$1.conf"
			git ls-files -co --exclude-standard -- tools ci ':!tools/testing/rpm' |
				LC_ALL=C sort | xargs -d '\n' sha256sum
			sha256sum "${hashed_scripts[@]}"
			awk '/^```/ { code = !code; first = 1; next }
			     code && first { first = 0; ms = /^maskset / }
			     code && ms' Documentation/*.md
			gcc --version | head -n 1
			ldd --version | head -n 1
			ld --version | head -n 1
			busybox | head -n 1
			qemu-system-x86_64 --version | head -n 1
			echo "LKST_QEMU_MEM=${LKST_QEMU_MEM:-} LKST_ALLOW_MISSING=${LKST_ALLOW_MISSING:-}"
		} | sha256sum | cut -c1-12
	)
}

# doc_row BASE: the base's row in the matrix of Documentation/bases.md
doc_row() {
	awk '/<!-- apply matrix -->/, /<!-- end of apply matrix -->/' "$doc" 2>/dev/null |
		grep -F "| $1 | " | head -n 1
}

# uncommitted: a file the hash covers differs from the commit
uncommitted() {
	[ -n "$(git -C "$LKST_TOP" --no-optional-locks status --porcelain -- patches series \
		tools ci ':!tools/testing/rpm' scripts/bases "${hashed_scripts[@]}")" ]
}

# try_base BASE: its result lines in $out/BASE.out, its matrix row in
# $out/BASE.row
try_base() {
	local base=$1 conf=$LKST_TOP/scripts/bases/$1.conf
	local start=$SECONDS report last clean fuzz failed verdict
	local BASE_KNOWN_FAILURE=
	exec > "$out/$base.out"
	[ -r "$conf" ] || { echo "FAIL: bases: $base: no $conf"; return; }
	# shellcheck disable=SC1090
	. "$conf"
	report=$("$LKST_TOP/scripts/rebase" -n "$base" 2>&1)
	last=$(echo "$report" | tail -n 1)
	read -r clean fuzz failed < <(echo "$last" |
		sed -n 's/.*: \([0-9]*\) clean, \([0-9]*\) fuzz, \([0-9]*\) fail$/\1 \2 \3/p')
	if [ -z "${clean:-}" ]; then
		echo "FAIL: bases: $base: rebase did not finish: $(echo "$report" | tail -n 3 | tr '\n' ' ')"
		echo "| $base | $BASE_SOURCE_PACKAGE $BASE_VERSION | error | | | | |" > "$out/$base.row"
		echo "- | - | - | - | - |" > "$out/$base.full"
		return
	fi
	verdict="not clean"
	[ "$fuzz" = 0 ] && [ "$failed" = 0 ] && verdict=clean
	if [ -z "$BASE_KNOWN_FAILURE" ] && [ "$verdict" = clean ]; then
		echo "PASS: bases: $base ($BASE_VERSION): all $clean patches apply with --fuzz=0 ($((SECONDS - start)) s)"
	elif [ -z "$BASE_KNOWN_FAILURE" ]; then
		echo "FAIL: bases: $base ($BASE_VERSION): $clean clean, $fuzz with fuzz, $failed fail (see build/rebase/$base.report)"
	elif [ "$verdict" = clean ]; then
		echo "FAIL: bases: $base ($BASE_VERSION) applies cleanly now: drop BASE_KNOWN_FAILURE from its pin file"
	else
		echo "    known: $base ($BASE_VERSION): $clean clean, $fuzz with fuzz, $failed fail: $BASE_KNOWN_FAILURE"
	fi
	echo "$report" | grep -E '^(FUZZ|FAIL) ' | sed 's/^/      /' | head -n 12
	echo "| $base | $BASE_SOURCE_PACKAGE $BASE_VERSION | $verdict | $clean | $fuzz | $failed | ${BASE_KNOWN_FAILURE:+yes} |" > "$out/$base.row"
	echo "- | - | - | - | - |" > "$out/$base.full"
	[ "$verdict" = clean ] && [ -z "$BASE_KNOWN_FAILURE" ] && touch "$out/$base.applies"
}

# two at a time: most of a try is one xz stream, one core each
running=0
for base in "${bases[@]}"; do
	if [ $running -ge 2 ]; then
		wait -n
		running=$((running - 1))
	fi
	try_base "$base" &
	running=$((running + 1))
done
wait

# The full columns: kept from the document while their inputs are
# current; with -f, run (check-base-full.sh) where they are not, one base
# at a time (each build takes both cores)
trim() { local x=${1#"${1%%[! ]*}"}; echo "${x%"${x##*[! ]}"}"; }
header="| Base | Package | Apply (--fuzz=0) | Clean | Fuzz | Fail | Known | Build | Guest tests | kABI | Run at | Inputs |
|---|---|---|---|---|---|---|---|---|---|---|---|"

# update_doc: every base's row into the document, in scripts/bases/ order:
# this run's where it has one, the document's otherwise.  After each full
# check, so that a stopped run keeps what it finished.
update_doc() {
	local base
	for f in "$LKST_TOP"/scripts/bases/*.conf; do basename "$f" .conf; done | sort -V |
	while read -r base; do
		if [ -e "$out/$base.row" ]; then
			echo "$(cat "$out/$base.row") $(cat "$out/$base.full")"
		else
			doc_row "$base"
		fi
	done > "$out/rows"
	awk -v h="$header" -v m="$out/rows" '
		/<!-- apply matrix -->/ { print; print h; while ((getline l < m) > 0) print l; skip = 1; next }
		/<!-- end of apply matrix -->/ { skip = 0 }
		!skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
}

for base in "${bases[@]}"; do
	[ -n "$full$write_doc" ] && [ -e "$out/$base.applies" ] || continue
	inputs=$(inputs_of "$base") || { echo "FAIL: bases: $base: cannot hash its inputs" >> "$out/$base.out"; continue; }
	# | base | package | apply | clean | fuzz | fail | known | build | guest | kabi | at | inputs |
	IFS='|' read -r _ _ _ _ _ _ _ _ o_build o_guest o_kabi o_at o_inputs _ <<<"$(doc_row "$base")"
	if [ -z "$force" ] && [ "${o_inputs// /}" = "$inputs" ] &&
	   [[ $o_build == " ok"* && $o_guest == " ok"* && $o_kabi == " ok"* ]]; then
		[ -z "$full" ] ||
			echo "PASS: bases: $base: build, guest tests and kABI as run at $(trim "$o_at") on the same inputs ($inputs)" >> "$out/$base.out"
		echo "$(trim "$o_build") | $(trim "$o_guest") | $(trim "$o_kabi") | $(trim "$o_at") | $inputs |" > "$out/$base.full"
		continue
	fi
	[ -n "$full" ] || continue
	commit=$(git -C "$LKST_TOP" rev-parse --short=7 HEAD)
	uncommitted && commit="$commit+"
	"$LKST_TOP/scripts/check-base-full.sh" "$base" > "$out/$base.fullout" 2>&1
	grep -v '^row: ' "$out/$base.fullout" >> "$out/$base.out"
	# an input changed while the check ran: the result is no one's
	[ "$(inputs_of "$base")" = "$inputs" ] || {
		echo "    note: $base: an input changed during the check: its row will not be kept" >> "$out/$base.out"
		inputs="changed during the run"
	}
	sed -n "s/^row: \(.*\)$/\1 | $commit | $inputs |/p" "$out/$base.fullout" > "$out/$base.full"
	[ -s "$out/$base.full" ] || {
		echo "FAIL: bases: $base: check-base-full.sh ended early: $(tail -n 2 "$out/$base.fullout" | tr '\n' ' ')" >> "$out/$base.out"
		echo "error | - | - | $commit | $inputs |" > "$out/$base.full"
	}
	[ -z "$write_doc" ] || update_doc
done

matrix=$out/matrix
echo "$header" > "$matrix"
for base in "${bases[@]}"; do
	cat "$out/$base.out"
	[ -e "$out/$base.row" ] &&
		echo "$(cat "$out/$base.row") $(cat "$out/$base.full")" >> "$matrix"
done

echo
cat "$matrix"
if [ -n "$write_doc" ]; then
	update_doc
	log "wrote the matrix into $doc"
fi
! grep -q '^FAIL:' "$out"/*.out
