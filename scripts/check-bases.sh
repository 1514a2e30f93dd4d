#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-bases.sh [-w] [-f] [BASE...]: the series on every base in
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
# "<!-- apply matrix -->" markers.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

write_doc= full=
while [ $# -gt 0 ]; do
	case $1 in
	-w) write_doc=1 ;;
	-f) full=1 ;;
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
		echo "- | - | - |" > "$out/$base.full"
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
	echo "- | - | - |" > "$out/$base.full"
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

# -f: build, boot and kABI, one base at a time (each takes both cores)
if [ -n "$full" ]; then
	for base in "${bases[@]}"; do
		[ -e "$out/$base.applies" ] || continue
		"$LKST_TOP/scripts/check-base-full.sh" "$base" > "$out/$base.fullout" 2>&1
		grep -v '^row: ' "$out/$base.fullout" >> "$out/$base.out"
		sed -n 's/^row: \(.*\)$/\1 |/p' "$out/$base.fullout" > "$out/$base.full"
		[ -s "$out/$base.full" ] || {
			echo "FAIL: bases: $base: check-base-full.sh ended early: $(tail -n 2 "$out/$base.fullout" | tr '\n' ' ')" >> "$out/$base.out"
			echo "error | - | - |" > "$out/$base.full"
		}
	done
fi

matrix=$out/matrix
echo "| Base | Package | Apply (--fuzz=0) | Clean | Fuzz | Fail | Known | Build | Guest tests | kABI |" > "$matrix"
echo "|---|---|---|---|---|---|---|---|---|---|" >> "$matrix"
for base in "${bases[@]}"; do
	cat "$out/$base.out"
	[ -e "$out/$base.row" ] &&
		echo "$(cat "$out/$base.row") $(cat "$out/$base.full")" >> "$matrix"
done

echo
cat "$matrix"
if [ -n "$write_doc" ]; then
	doc=$LKST_TOP/Documentation/bases.md
	awk -v m="$matrix" '
		/<!-- apply matrix -->/ { print; while ((getline l < m) > 0) print l; skip = 1; next }
		/<!-- end of apply matrix -->/ { skip = 0 }
		!skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
	log "wrote the matrix into $doc"
fi
! grep -q '^FAIL:' "$out"/*.out
