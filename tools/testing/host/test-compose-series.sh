#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: compose-series.py puts a base's variant file sections in place of the patch's own (Drops removes, Adds adds, stacked variants apply least specific first), adds the variant's words to the description, and refuses a variant that names no patch, an undeclared file, or a patch section changed since the variant was made (Base:)
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
compose=$top/scripts/compose-series.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

expect() { # DESC WANT GOT
	if [ "$2" = "$3" ]; then echo "#   ok: $1"; else printf '#   FAIL: %s: expected\n%s\n# got\n%s\n' "$1" "$2" "$3"; failed=1; fi
}

section() { # FILE OLD NEW: a one-hunk diff section
	printf -- '--- a/%s\n+++ b/%s\n@@ -1 +1 @@\n-%s\n+%s\n' "$1" "$1" "$2" "$3"
}
head_of() { printf 'From: A <a@b.c>\nSubject: [PATCH] %s\n\nbody\n\nSigned-off-by: A <a@b.c>\n---\n' "$1"; }

mkdir -p "$tmp/patches/v1" "$tmp/patches/v2" "$tmp/patches/v3"
printf '# a comment\none.patch\n\ntwo.patch\n' > "$tmp/series"
{ head_of one; section a.c a A; section b.c b B; section c.c c C; } > "$tmp/patches/one.patch"
{ head_of two; section d.c d D; } > "$tmp/patches/two.patch"
# v1: b.c differs, c.c moved to e.c on that line
{ printf 'v1 variant of one.patch: b.c differs, c.c is e.c.\n\nAdds: e.c\nDrops: c.c\n---\n'
  section b.c b2 B2; section e.c c C; } > "$tmp/patches/v1/one.patch"

python3 "$compose" "$tmp/patches" "$tmp/series" v1 "$tmp/out" > "$tmp/log" 2>&1
expect "a variant without Base: lines is refused" 1 "$(grep -c 'no "Base: b.c [0-9a-f]*" line' "$tmp/log")"
python3 "$compose" --update-base "$tmp/patches" "$tmp/series" v1 "$tmp/out" > "$tmp/log" 2>&1
expect "--update-base writes one Base: line per replaced or dropped file" 2 \
	"$(grep -c '^Base: [bc].c [0-9a-f]\{16\}$' "$tmp/patches/v1/one.patch")"
python3 "$compose" "$tmp/patches" "$tmp/series" v1 "$tmp/out" > "$tmp/log" 2>&1
expect "then it composes" 0 $?
expect "the series is copied as it is" "$(cat "$tmp/series")" "$(cat "$tmp/out/series")"
expect "a patch without a variant is the patch itself" \
	"$(cat "$tmp/patches/two.patch")" "$(cat "$tmp/out/two.patch")"
want=$( { printf 'From: A <a@b.c>\nSubject: [PATCH] one\n\nbody\n\nv1 variant of one.patch: b.c differs, c.c is e.c.\n\nSigned-off-by: A <a@b.c>\n---\n'
	section a.c a A; section b.c b2 B2; section e.c c C; } )
expect "sections replaced, dropped and added; the variant's words before the sign-off" \
	"$want" "$(cat "$tmp/out/one.patch")"
mkdir -p "$tmp/tree"
printf 'a\n' > "$tmp/tree/a.c"; printf 'b2\n' > "$tmp/tree/b.c"; printf 'c\n' > "$tmp/tree/e.c"
(cd "$tmp/tree" && patch -s -p1 --fuzz=0 < "$tmp/out/one.patch")
expect "the composed patch applies with --fuzz=0" "0 A B2 C" \
	"$? $(cat "$tmp/tree/a.c" "$tmp/tree/b.c" "$tmp/tree/e.c" | tr '\n' ' ' | sed 's/ $//')"
touch "$tmp/out/old.patch" "$tmp/out/.compose.other"
python3 "$compose" "$tmp/patches" "$tmp/series" v1 "$tmp/out" > /dev/null 2>&1
expect "a patch the series no longer has is removed, another run's temporary file kept" "no yes" \
	"$([ -e "$tmp/out/old.patch" ] && echo yes || echo no) $([ -e "$tmp/out/.compose.other" ] && echo yes || echo no)"

# drift: the patch's own b.c section changes (not only moves)
cp "$tmp/patches/one.patch" "$tmp/one.saved"
sed -i 's/^+B$/+BB/' "$tmp/patches/one.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v1 "$tmp/out" > "$tmp/log" 2>&1
expect "a variant made against an older section of its patch is refused" "1 1" \
	"$? $(grep -c 'one.patch changed its section for b.c since the variant was made' "$tmp/log")"
cp "$tmp/one.saved" "$tmp/patches/one.patch"
sed -i 's/^@@ -1 +1 @@$/@@ -7 +7 @@ func/' "$tmp/patches/one.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v1 "$tmp/out" > "$tmp/log" 2>&1
expect "but not when its hunks only moved" 0 $?
cp "$tmp/one.saved" "$tmp/patches/one.patch"

# stacked: v3 (more specific) on top of v1
{ printf 'v3 variant of one.patch: a.c differs too.\n\n---\n'; section a.c a3 A3; } > "$tmp/patches/v3/one.patch"
python3 "$compose" --update-base "$tmp/patches" "$tmp/series" "v3 v1" "$tmp/out3" > /dev/null 2>&1
python3 "$compose" "$tmp/patches" "$tmp/series" "v3 v1" "$tmp/out3" > "$tmp/log" 2>&1
expect "stacked variants: v1's sections, then v3's" "0 -a3 -b2 -c" \
	"$? $(grep '^-' "$tmp/out3/one.patch" | grep -v '^---' | tr '\n' ' ' | sed 's/ $//')"

# errors: each names the variant
{ printf 'v2 variant of three.patch: x\n---\n'; section a.c a A; } > "$tmp/patches/v2/three.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v2 "$tmp/out2" > "$tmp/log" 2>&1
expect "a variant of no patch in the series is refused" "1 1" \
	"$? $(grep -c 'v2/three.patch: no patch of that name' "$tmp/log")"
rm "$tmp/patches/v2/three.patch"
{ printf 'v2 variant of one.patch: x\n\nDrops: z.c\n---\n'; section a.c a A; } > "$tmp/patches/v2/one.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v2 "$tmp/out2" > "$tmp/log" 2>&1
expect "dropping a file the patch does not touch is refused" "1 1" \
	"$? $(grep -c 'v2/one.patch: Drops: z.c, which the patch does not touch' "$tmp/log")"
{ printf 'v2 variant of one.patch: x\n---\n'; section f.c f F; } > "$tmp/patches/v2/one.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v2 "$tmp/out2" > "$tmp/log" 2>&1
expect "a section for a file the patch does not touch, without Adds:, is refused" "1 1" \
	"$? $(grep -c 'a section for f.c, which the patch does not touch' "$tmp/log")"
{ printf 'something else\n---\n'; section a.c a A; } > "$tmp/patches/v2/one.patch"
python3 "$compose" "$tmp/patches" "$tmp/series" v2 "$tmp/out2" > "$tmp/log" 2>&1
expect "a variant that does not say what it is is refused" "1 1" \
	"$? $(grep -c 'the first line must say "LINE variant of one.patch' "$tmp/log")"
python3 "$compose" "$tmp/patches" "$tmp/series" v9 "$tmp/out2" > "$tmp/log" 2>&1
expect "a missing variant directory is refused" "1 1" "$? $(grep -c 'no variant directory' "$tmp/log")"

exit $failed
