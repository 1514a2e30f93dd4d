#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: lkst reports write errors (a full disk exits 4), keeps existing output files on failure, refuses paths as buffer numbers, and has --help, --version and list
set -uo pipefail
LKST_TOP=$(cd "$(dirname "$0")/../../.." && pwd)
tools=$LKST_TOP/build/tools
lkst=$tools/lkst/lkst
make -s -C "$LKST_TOP/tools" O="$tools" all || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trace=$LKST_TOP/tools/fuzz/corpus/trace-file/strings-stacks.lkst
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# stdout on a full disk: an error and a status, not silence and 0
"$lkst" print "$trace" >/dev/full 2>"$work/err"
st=$?
[ $st = 4 ] || bad "print > /dev/full exited $st, expected 4"
grep -q 'write error on standard output' "$work/err" || bad "print > /dev/full said: $(cat "$work/err")"
"$lkst" print "$trace" >/dev/null || bad "print > /dev/null failed"

# maskset save of a set that does not exist keeps FILE (it used to empty it)
printf 'maskset default\n# slot 0, current\nall record\n\n' >"$work/masksets"
echo "precious" >"$work/saved.ms"
LKST_MASKSETS=$work/masksets "$lkst" maskset save nosuchset "$work/saved.ms" 2>"$work/err"
st=$?
[ $st != 0 ] || bad "maskset save of a missing set exited 0"
[ "$(cat "$work/saved.ms")" = precious ] || bad "maskset save of a missing set changed the file"
LKST_MASKSETS=$work/masksets "$lkst" maskset save default "$work/saved.ms" ||
	bad "maskset save default failed"
grep -qx 'all record' "$work/saved.ms" || bad "maskset save default wrote: $(cat "$work/saved.ms")"
[ -z "$(ls "$work" | grep '\.tmp\.')" ] || bad "temporary files left: $(ls "$work")"

# crash extract of something that is not a dump keeps the -o file
echo "precious" >"$work/out.lkst"
"$lkst" crash extract "$trace" -o "$work/out.lkst" 2>/dev/null && bad "extract of a trace file succeeded"
[ "$(cat "$work/out.lkst")" = precious ] || bad "a failed extract changed the output file"

# "buffer delete ../../victim" once wrote "0" to $LKST_SYSFS/buffers/../../victim/records
mkdir -p "$work/sys/buffers/1" "$work/victim"
echo 8 >"$work/sys/buffers/1/records"	# a regular file: "0" overwrites, no truncation
echo keep >"$work/victim/records"
LKST_SYSFS=$work/sys "$lkst" buffer delete ../../victim 2>"$work/err"
st=$?
[ $st = 2 ] || bad "buffer delete ../../victim exited $st, expected 2 (usage)"
[ "$(cat "$work/victim/records")" = keep ] || bad "buffer delete wrote outside the buffers"
grep -q 'is not a buffer number' "$work/err" || bad "buffer delete ../../victim said: $(cat "$work/err")"
LKST_SYSFS=$work/sys "$lkst" buffer delete 1 || bad "buffer delete 1 failed"
[ "$(cat "$work/sys/buffers/1/records")" = 0 ] || bad "buffer delete 1 did not write 0"

# --help on every command (stdout, 0), --version, list
for c in status enable disable start stop record print list maskset handler buffer crash; do
	out=$("$lkst" $c --help 2>/dev/null)
	st=$?
	[ $st = 0 ] && [ "${out#usage: lkst $c}" != "$out" ] || bad "lkst $c --help: status $st, said '$out'"
done
[ "$("$lkst" --version)" = "lkst $(cat "$LKST_TOP/tools/VERSION")" ] || bad "lkst --version said: $("$lkst" --version)"
printf '0 EV_A CAT_ONE 1 a:u\n1 EV_B CAT_ONE 0 b:x,c:pid\n2 EV_C CAT_TWO 1 d:d\n' >"$work/etypes"
mkdir -p "$work/sys/categories"
echo partial >"$work/sys/categories/CAT_ONE"
echo 1 >"$work/sys/categories/CAT_TWO"
out=$(LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" list)
[ "$(echo "$out" | grep -c '^[0-9] *EV_')" = 3 ] || bad "lkst list said: $out"
echo "$out" | grep -q '^1 *EV_B *CAT_ONE *b:x,c:pid$' || bad "lkst list: EV_B line missing in: $out"
out=$(LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" list categories)
echo "$out" | grep -q '^CAT_ONE *2 (enabled: partial)$' || bad "lkst list categories said: $out"
echo "$out" | grep -q '^CAT_TWO *1 (enabled: all)$' || bad "lkst list categories said: $out"
LKST_ETYPES=$work/nosuch "$lkst" list 2>"$work/err"
[ $? = 3 ] && grep -q 'is this a CONFIG_LKST kernel' "$work/err" || bad "lkst list without LKST: $(cat "$work/err")"

[ $fail = 0 ] && echo PASS
exit $fail
