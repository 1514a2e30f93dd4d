#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: lkst reports write errors (a full disk exits 4), keeps existing output files on failure, refuses paths as buffer numbers, has --help, --version and list, and print filters and counts
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

# code addresses from a symbol file: --kallsyms as it is, --system-map
# plus the trace's KASLR offset (none here: said, and used as it is)
printf 'ffffffff81000000 T first_fn\nffffffff81000008 D a_variable\nffffffff81000010 t second_fn\nffffffff81000100 T _etext\n' >"$work/kallsyms"
# (return addresses: each is named by the call before it, as %pB does;
# the first has none before it in the file)
want='stack=0xffffffff81000000,first_fn+0x10/0x10,second_fn+0x10/0xf0,second_fn+0x20/0xf0'
out=$("$lkst" print --kallsyms "$work/kallsyms" "$trace" 2>"$work/err")
[ $? = 0 ] && [ "${out#*"$want"}" != "$out" ] || bad "print --kallsyms: $out $(cat "$work/err")"
out=$("$lkst" print --system-map "$work/kallsyms" "$trace" 2>"$work/err")
[ $? = 0 ] && [ "${out#*"$want"}" != "$out" ] && grep -q 'no KASLR offset in this trace' "$work/err" ||
	bad "print --system-map: $out $(cat "$work/err")"
"$lkst" print --kallsyms "$work/kallsyms" --system-map "$work/kallsyms" "$trace" >/dev/null 2>&1
[ $? = 2 ] || bad "print with both --kallsyms and --system-map did not exit 2"
printf '0000000000000000 T first_fn\n' >"$work/hidden"
"$lkst" print --kallsyms "$work/hidden" "$trace" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "hidden: every address is 0" "$work/err" || bad "print --kallsyms of zeros: $(cat "$work/err")"
printf 'ffffffff81000000 T first_fn\nnot a symbol line\n' >"$work/badsyms"
"$lkst" print --kallsyms "$work/badsyms" "$trace" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "badsyms: line 2: expected 'ADDRESS TYPE NAME" "$work/err" || bad "print --kallsyms of a bad file: $(cat "$work/err")"

"$lkst" print --kallsyms /dev/null "$trace" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "/dev/null: no text symbols" "$work/err" || bad "print --kallsyms /dev/null: $(cat "$work/err")"
printf 'ffffffff81000000 T foo \033]0;owned\007\n' >"$work/esc"
"$lkst" print --kallsyms "$work/esc" "$trace" >/dev/null 2>"$work/err"
[ $? = 1 ] && ! grep -q "$(printf '\033')" "$work/err" && grep -q 'x1b' "$work/err" ||
	bad "print --kallsyms: a bad module name reached the terminal raw: $(od -c "$work/err" | head -3)"

# record's file (a snapshot from a fake kernel): its owner's only, even
# when it existed; not through a symbolic link
F=$work/fake
mkdir -p "$F/sys/per_cpu/cpu0"
printf '0 TIMER_RUN TIMER 1 timer:x,function:sym,expires:u,late:d\n' >"$F/etypes"
echo 0 >"$F/sys/tracing"
: >"$F/sys/per_cpu/cpu0/buffer"
echo 64 >"$F/sys/record_size"
echo mono >"$F/sys/clock"
echo old >"$work/old.lkst"
chmod 644 "$work/old.lkst"
LKST_ETYPES=$F/etypes LKST_SYSFS=$F/sys "$lkst" record -o "$work/old.lkst" >/dev/null 2>"$work/err" ||
	bad "record into a fake kernel failed: $(cat "$work/err")"
[ "$(stat -c %a "$work/old.lkst")" = 600 ] || bad "record left its file mode $(stat -c %a "$work/old.lkst")"
"$lkst" print "$work/old.lkst" >/dev/null || bad "record's snapshot of a fake kernel does not print"
echo precious >"$work/target"
ln -s "$work/target" "$work/link.lkst"
LKST_ETYPES=$F/etypes LKST_SYSFS=$F/sys "$lkst" record -o "$work/link.lkst" >/dev/null 2>&1 &&
	bad "record wrote through a symbolic link"
[ "$(cat "$work/target")" = precious ] || bad "record changed the file a symbolic link points to"
# crash extract's output is 0600 too (a trace holds kernel addresses)
"$lkst" crash extract "$LKST_TOP/tools/fuzz/corpus/dump/elf-core" -o "$work/x.lkst" >/dev/null 2>&1
[ "$(stat -c %a "$work/x.lkst" 2>&1)" = 600 ] || bad "crash extract wrote mode $(stat -c %a "$work/x.lkst" 2>&1)"

# --help on every command (stdout, 0), --version, list
for c in status enable disable start stop record print list maskset handler buffer crash; do
	out=$("$lkst" $c --help 2>/dev/null)
	st=$?
	[ $st = 0 ] && [ "${out#usage: lkst $c}" != "$out" ] || bad "lkst $c --help: status $st, said '$out'"
done
[ "$("$lkst" --version)" = "lkst $(cat "$LKST_TOP/tools/VERSION")" ] || bad "lkst --version said: $("$lkst" --version)"
# every long option --help names is in the man page and the completion
for c in status enable disable start stop record print list maskset handler buffer crash; do
	for opt in $("$lkst" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$LKST_TOP/tools/man/lkst.1" ||
			bad "lkst.1 lacks $c $opt"
		grep -qw -- "$opt" "$LKST_TOP/tools/completion/lkst" || bad "the completion lacks $c $opt"
	done
done
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
# enable all: one write per category file, none per event (each write
# replaces the kernel's current mask set); without category files, every
# event's own file
mkdir -p "$work/sys/events"
echo 0 >"$work/sys/categories/CAT_ONE"
echo 0 >"$work/sys/categories/CAT_TWO"
LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" enable all 2>"$work/err" || bad "enable all: $(cat "$work/err")"
[ "$(cat "$work/sys/categories/CAT_ONE" "$work/sys/categories/CAT_TWO" | tr -d '\n')" = 11 ] &&
	[ -z "$(ls "$work/sys/events")" ] || bad "enable all: categories $(cat "$work/sys/categories/"*), events $(ls "$work/sys/events")"
LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" disable all 2>"$work/err" || bad "disable all: $(cat "$work/err")"
[ "$(cat "$work/sys/categories/CAT_ONE" "$work/sys/categories/CAT_TWO" | tr -d '\n')" = 00 ] &&
	[ -z "$(ls "$work/sys/events")" ] || bad "disable all: categories $(cat "$work/sys/categories/"*), events $(ls "$work/sys/events")"
# a category without its file falls back to its own events, and only its
rm "$work/sys/categories/CAT_TWO"
for e in EV_A EV_B EV_C; do echo 0 >"$work/sys/events/$e"; done
LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" enable all 2>"$work/err" || bad "enable all, no CAT_TWO file: $(cat "$work/err")"
[ "$(cat "$work/sys/categories/CAT_ONE" "$work/sys/events/EV_A" "$work/sys/events/EV_B" "$work/sys/events/EV_C" | tr -d '\n')" = 1001 ] ||
	bad "enable all without a CAT_TWO file: CAT_ONE $(cat "$work/sys/categories/CAT_ONE"), events $(cat "$work/sys/events/"*)"
rm -r "$work/sys/events"
echo 1 >"$work/sys/categories/CAT_TWO"
# record -e: a name the kernel does not know is a usage error before
# anything is written; -e without -a or a command is one too
LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" record -e EV_A -e NO_SUCH -a -o "$work/e.lkst" 2>"$work/err"
st=$?
[ $st = 2 ] && grep -q "no event or category 'NO_SUCH'" "$work/err" || bad "record -e NO_SUCH: status $st, said: $(cat "$work/err")"
[ ! -e "$work/sys/masksets/define" ] && [ ! -e "$work/e.lkst" ] || bad "record -e NO_SUCH wrote something"
LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" record -e EV_A -o "$work/e.lkst" 2>"$work/err"
st=$?
[ $st = 2 ] && grep -q 'usage: lkst record' "$work/err" || bad "record -e without -a or a command: status $st"
# found by review: a command only after "--"; "record FILE" (a forgotten
# -o) ran FILE and reset the buffers it meant to save
printf '#!/bin/sh\ntouch "%s/ran"\n' "$work" > "$work/crash.lkst"
chmod +x "$work/crash.lkst"
(cd "$work" && PATH=$work:$PATH LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys "$lkst" record crash.lkst 2>"$work/err")
st=$?
[ $st = 2 ] && [ ! -e "$work/ran" ] || bad "record FILE without -o: status $st, ran it: $([ -e "$work/ran" ] && echo yes || echo no)"
"$lkst" record -- 2>/dev/null
[ $? = 2 ] || bad "record -- without a command is not a usage error"
LKST_ETYPES=$work/nosuch "$lkst" list 2>"$work/err"
[ $? = 3 ] && grep -q 'is this a CONFIG_LKST kernel' "$work/err" || bad "lkst list without LKST: $(cat "$work/err")"

# print: filters, relative times, --stat (plain.lkst: getppid and a
# wakeup by pid 42 "workload", getpid by pid 7 "sleeper", at 1, 2, 3 us)
plain=$LKST_TOP/tools/fuzz/corpus/trace-file/plain.lkst
body() { "$lkst" print "$@" "$plain" | grep -v '^#\|^\[LOST' | cut -d' ' -f1,3,4 | tr '\n' ';'; }
# plain.lkst lacks cpu 0's record 2: a marker where it was, whatever the
# task or event filters, but not for another CPU or outside the window
lost() { "$lkst" print -s "$@" "$plain" | grep -v '^#' | cut -d' ' -f1-7 | tr '\n' ';'; }
[ "$(lost)" = "0:0:0 0.000001000 [000] 42/workload SYSCALL_ENTRY nr=110(getppid) arg0=0x1;0:0:1 0.000002000 [000] 42/workload PROCESS_WAKEUP pid=7/sleeper state=0x1;[LOST 1 EVENTS on cpu 0 buffer;0:0:3 0.000003000 [000] 7/sleeper SYSCALL_ENTRY nr=39(getpid) arg0=0x0;" ] ||
	bad "print -s of a trace with a gap: $(lost)"
[ "$(lost --pid 42 | grep -c 'LOST 1 EVENTS')" = 1 ] || bad "print --pid 42 hides the loss: $(lost --pid 42)"
[ "$(lost --cpu 1)" = "" ] || bad "print --cpu 1 shows cpu 0's loss: $(lost --cpu 1)"
[ "$(lost --end 0.0000025 | grep -c LOST)" = 0 ] || bad "print --end shows a later loss: $(lost --end 0.0000025)"
[ "$(body --pid 7)" = "0.000003000 7/sleeper SYSCALL_ENTRY;" ] || bad "print --pid 7: $(body --pid 7)"
# --wall needs the reference lkst record writes; plain.lkst has none
"$lkst" print --wall "$plain" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q 'no wall-clock reference in this trace' "$work/err" ||
	bad "print --wall without a reference: $(cat "$work/err")"
[ "$(body --comm workload)" = "0.000001000 42/workload SYSCALL_ENTRY;0.000002000 42/workload PROCESS_WAKEUP;" ] ||
	bad "print --comm workload: $(body --comm workload)"
[ "$(body --event PROCESS)" = "0.000002000 42/workload PROCESS_WAKEUP;" ] || bad "print --event PROCESS: $(body --event PROCESS)"
[ "$(body --event SYSCALL_ENTRY --pid 42)" = "0.000001000 42/workload SYSCALL_ENTRY;" ] ||
	bad "print --event SYSCALL_ENTRY --pid 42: $(body --event SYSCALL_ENTRY --pid 42)"
[ "$(body --start 0.0000015 --end 0.0000025)" = "0.000002000 42/workload PROCESS_WAKEUP;" ] ||
	bad "print --start/--end: $(body --start 0.0000015 --end 0.0000025)"
[ "$(body -r --pid 42)" = "0.000000000 42/workload SYSCALL_ENTRY;0.000001000 42/workload PROCESS_WAKEUP;" ] ||
	bad "print -r: $(body -r --pid 42)"
[ "$(body --cpu 1)" = "" ] || bad "print --cpu 1: $(body --cpu 1)"
"$lkst" print --event NO_SUCH "$plain" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "no event or category 'NO_SUCH'" "$work/err" || bad "print --event NO_SUCH: $(cat "$work/err")"
"$lkst" print --pid x "$plain" >/dev/null 2>&1
[ $? = 2 ] || bad "print --pid x was accepted"
stat=$("$lkst" print --stat "$plain")
echo "$stat" | grep -q '^ *2  SYSCALL_ENTRY$' || bad "print --stat: $stat"
echo "$stat" | grep -q '^ *2  42/workload$' || bad "print --stat: $stat"
echo "$stat" | grep -q '^# 3 events$' || bad "print --stat: $stat"

[ $fail = 0 ] && echo PASS
exit $fail
