#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: apply-series.sh names the patch and the hunk that does not apply, and prepare-tree.sh refuses a tree that is not pristine
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

expect() { # DESC WANT GOT
	if [ "$2" = "$3" ]; then echo "#   ok: $1 ($3)"; else echo "#   FAIL: $1: expected '$2', got '$3'"; failed=1; fi
}

mkdir -p "$tmp/tree" "$tmp/patches"
printf 'VERSION = 6\nPATCHLEVEL = 1\n' > "$tmp/tree/Makefile"
printf 'one\ntwo\nthree\n' > "$tmp/tree/file.c"
cat > "$tmp/patches/good.patch" <<'P'
Subject: [PATCH] good

--- a/file.c
+++ b/file.c
@@ -1,3 +1,3 @@
 one
-two
+TWO
 three
P
cat > "$tmp/patches/bad.patch" <<'P'
Subject: [PATCH] bad

--- a/file.c
+++ b/file.c
@@ -1,3 +1,3 @@
 one
-zwei
+ZWEI
 three
P
printf '# Section: test\ngood.patch\nbad.patch\n' > "$tmp/series"

out=$(LKST_PATCHES=$tmp/patches LKST_SERIES=$tmp/series \
	"$top/scripts/apply-series.sh" "$tmp/tree" 2>&1)
rc=$?
echo "$out" | sed 's/^/#     /'
expect "apply-series exit status" 1 "$rc"
expect "message names the patch and the hunk" 1 \
	"$(echo "$out" | grep -c '^apply-series.sh: bad.patch: file.c: Hunk #1 FAILED')"
expect "message says it does not apply" 1 \
	"$(echo "$out" | grep -c 'patch bad.patch does not apply')"

mkdir -p "$tmp/other"
printf 'VERSION = 5\n' > "$tmp/other/Makefile"
out=$(LKST_PATCHES=$tmp/patches LKST_SERIES=$tmp/series \
	"$top/scripts/prepare-tree.sh" "$tmp/other" 2>&1)
rc=$?
echo "$out" | sed 's/^/#     /'
expect "prepare-tree refuses a foreign tree" 1 "$rc"
expect "and says why" 1 "$(echo "$out" | grep -c 'is not a pristine linux-source-6.1')"
expect "the foreign tree is untouched" "VERSION = 5" "$(cat "$tmp/other/Makefile")"
exit $failed
