#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh ("make bench"): hook overhead in guest instructions.
#
# Boots the test kernel built with CONFIG_LKST=y and the same kernel with
# CONFIG_LKST=n under QEMU with -icount shift=0 (one guest ns per guest
# instruction) and -smp 1, runs tools/testing/bench/lkst-bench in each, and
# reports the cost of a hook site with tracing off and of a recorded event
# with tracing on, as instruction counts and as ratios to the LKST=n kernel
# in the same run.  Also reports the text growth (size vmlinux).
#
# Then the off-path audit (scripts/hook-audit.sh) and, with gdb, where a
# recorded event's instructions go (scripts/fire-profile.sh).
#
# bench.sh -s: the smoke test of make check: a fiftieth of the
# iterations, every figure present; it asserts no timing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

smoke=
[ "${1:-}" = -s ] && smoke=1

"$LKST_TOP/scripts/prepare-tree.sh"
"$LKST_TOP/scripts/build-kernel.sh" test
"$LKST_TOP/scripts/build-kernel.sh" test-nolkst
"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-test.cpio.gz"

icount=(-icount shift=0,sleep=off -rtc clock=vm)
for k in test test-nolkst; do
	"$LKST_TOP/scripts/run-qemu.sh" -s 1 -t 900 -a "lkstmode=bench ${smoke:+lkstbench=smoke }quiet" \
		-l "$LKST_BUILD/logs/bench-$k.log" \
		"$LKST_BUILD/kbuild-$k/arch/x86/boot/bzImage" \
		"$LKST_BUILD/initrd-test.cpio.gz" "${icount[@]}" >/dev/null
done

val() { # LOG TAG NAME FIELD
	awk -v t="$2" -v n="$3" -v f="$4" '$1 == t && $2 == n { print $f }' "$1"
}
y=$LKST_BUILD/logs/bench-test.log
n=$LKST_BUILD/logs/bench-test-nolkst.log

echo "== kernel text, CONFIG_LKST=n then =y: size vmlinux, and the sum of text symbol sizes"
echo "   (the .text section itself is padded to an alignment and hides small changes)"
for k in test-nolkst test; do
	printf '  %-12s %s  text symbols %s bytes\n' "$k" \
		"$(size "$LKST_BUILD/kbuild-$k/vmlinux" | tail -n 1 | awk '{ print "text", $1, "data", $2, "bss", $3 }')" \
		"$(nm -S --defined-only "$LKST_BUILD/kbuild-$k/vmlinux" |
		   python3 -c 'import sys; print(sum(int(f[1], 16) for f in (l.split() for l in sys.stdin) if len(f) == 4 and f[2] in "tT"))')"
done

# Hook sites crossed per operation: the records per operation with every
# event on (each site writes one record; no string event runs here).
for b in getppid pipe; do
	nops=$(val "$y" BENCH $b 3)
	base=$(val "$n" BENCH $b 5)
	off=$(val "$y" BENCH $b 5)
	on=$(val "$y" BENCH-ON $b 5)
	written=$(val "$y" BENCH-ON-WRITTEN $b 3)
	all=$(val "$y" BENCH-ALL $b 5)
	wall=$(val "$y" BENCH-ALL-WRITTEN $b 3)
	echo "== $b ($nops operations, guest instructions per operation)"
	awk -v base="$base" -v off="$off" -v on="$on" -v nops="$nops" \
	    -v w="$written" -v all="$all" -v wall="$wall" 'BEGIN {
		s = wall / nops
		printf "  CONFIG_LKST=n                 %10.1f\n", base
		printf "  CONFIG_LKST=y, tracing off    %10.1f  ratio %.4f  (%+.2f per hook site crossed, %.1f sites)\n",
			off, off / base, (off - base) / s, s
		printf "  boot set on (all but LOCK)    %10.1f  ratio %.4f  (%d records, %.0f per record)\n",
			on, on / base, w, (on - off) * nops / w
		printf "  every event on, LOCK too      %10.1f  ratio %.4f  (%d records, %.0f per record)\n",
			all, all / base, wall, (all - off) * nops / wall
	}'
done

echo "== a mask set switch with tracing on (guest instructions = ns under -icount)"
for d in on off; do
	case $d in
	on) what="none -> all (every key enabled)" ;;
	off) what="all -> none (every key disabled)" ;;
	esac
	printf '  %-34s %s instructions per switch (%s switches)\n' "$what" \
		"$(val "$y" BENCH switch-$d 5)" "$(val "$y" BENCH switch-$d 3)"
done

echo "== control operations with tracing on, as an administrator runs them (guest instructions)"
for op in lkst-version enable-all enable-memory; do
	case $op in
	lkst-version) what="lkst --version (the tool's start)" ;;
	enable-all) what="lkst enable all / disable all" ;;
	enable-memory) what="lkst enable MEMORY / disable (15)" ;;
	esac
	printf '  %-34s %12.0f on  %12.0f off\n' "$what" \
		"$(val "$y" BENCH $op-on 5)" "$(val "$y" BENCH $op-off 5)"
done

echo "== the off path, function by function: scripts/hook-audit.sh (build/logs/hook-audit.txt)"
mkdir -p "$LKST_BUILD/logs"
python3 "$LKST_TOP/scripts/hook-audit.py" "$LKST_BUILD/kbuild-test-nolkst/vmlinux" \
	"$LKST_BUILD/kbuild-test/vmlinux" >"$LKST_BUILD/logs/hook-audit.txt"
tail -n 1 "$LKST_BUILD/logs/hook-audit.txt" | sed 's/^/  /'

echo "== one recorded event, single-stepped: scripts/fire-profile.sh (instructions per function)"
"$LKST_TOP/scripts/fire-profile.sh" "$LKST_BUILD/kbuild-test" | awk '/^sample 1/ { exit } { print "  " $0 }'

# every figure is there (make check runs the smoke: no timing asserted)
for f in "BENCH getppid" "BENCH pipe" "BENCH-ON getppid" "BENCH-ALL pipe" \
	 "BENCH switch-on" "BENCH enable-all-on" "BENCH enable-memory-off"; do
	grep -q "^$f " "$y" || die "bench: no '$f' in $y"
done
grep -q "^BENCH getppid " "$n" || die "bench: no 'BENCH getppid' in $n"
grep -q "^hook-audit: [0-9]* functions hold" "$LKST_BUILD/logs/hook-audit.txt" ||
	die "bench: the hook audit printed no summary"
[ -s "$LKST_BUILD/logs/fire-profile.trace" ] || die "bench: the fire profile traced nothing"

echo "== a hook site with tracing off: SYSCALL_ENTRY in do_syscall_64 (CONFIG_LKST=y vmlinux)"
objdump -d --no-show-raw-insn "$LKST_BUILD/kbuild-test/vmlinux" \
	--disassemble=do_syscall_64 | sed -n '/<do_syscall_64>:/,/^$/p' | head -n 12
