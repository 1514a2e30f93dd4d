#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh ("make bench"): LKST's overhead in guest instructions.
#
# Boots the test kernel built with CONFIG_LKST=y and the same kernel with
# CONFIG_LKST=n (and a third with ftrace's event tracing too, to compare a
# recorded event with ftrace's) under QEMU with -icount shift=0 (one guest ns per guest
# instruction) and -smp 1, runs the workloads of
# tools/testing/bench/lkst-bench in each (system calls, pipe round trips,
# hackbench-style messaging, busybox httpd over loopback, tcc compiling a
# small project) with LKST off, with the boot set of events (DEF) and with
# every event (ALL), and reports them as a table of instruction counts and
# ratios to the CONFIG_LKST=n kernel in the same run
# (build/logs/bench-table.md, and build/logs/bench.svg when gnuplot is
# there).  Also: the cost of a hook site with tracing off and of a
# recorded event, control operations, and the text growth.
#
# Then the off-path audit (scripts/hook-audit.sh) and, with gdb, where a
# recorded event's instructions go (scripts/fire-profile.sh).
#
# The guests boot with nokaslr and norandmaps, without RDRAND and RDSEED,
# so that a run repeats the last one.  Logs, the table and the chart go to
# build/logs/bench/.
#
# bench.sh -s: the smoke test of make check: a fiftieth of the
# iterations (logs in build/logs/bench-smoke/), every figure present and
# LKST seen recording; it asserts no timing.
#
# bench.sh -d ("make bench-debian"): the same workloads on the kernel
# users run: our Debian-config kernel (scripts/build-kernel.sh debian)
# against the same tree and config with CONFIG_LKST=n (debian-nolkst),
# and Debian's own kernel of the same upload beside them: the same source
# and config, built by Debian (logs in build/logs/bench-debian/).  The
# table, the cost of a hook site and the control operations; the ftrace
# comparison, the audit and the profile are the test kernel's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

smoke= debian=
while getopts "sd" o; do
	case $o in
	s) smoke=1 ;;
	d) debian=1 ;;
	*) die "usage: bench.sh [-s] [-d]" ;;
	esac
done
out=$LKST_BUILD/logs/bench${debian:+-debian}${smoke:+-smoke}
mkdir -p "$out"

# the kernels: ours with CONFIG_LKST=y ($y), and the one without ($n)
if [ -n "$debian" ]; then
	img=$LKST_DL/$BASE_IMAGE_PACKAGE-$BASE_VERSION
	kernels=(debian debian-nolkst stock)
	y=$out/bench-debian.log
	n=$out/bench-debian-nolkst.log
	stock=$out/bench-stock.log
	nolkst="the same tree and config with CONFIG_LKST=n; Debian's own $BASE_IMAGE_PACKAGE ($BASE_VERSION) beside it"
	nolkst_column="LKST=n | Debian's kernel"
	guest="Debian's amd64 config"
else
	kernels=(test test-nolkst bench-ftrace)
	y=$out/bench-test.log
	n=$out/bench-test-nolkst.log
	stock=
	nolkst="the same tree's CONFIG_LKST=n kernel"
	nolkst_column="LKST=n"
	guest="the test config"
fi
# bzimage KERNEL: its image
bzimage() {
	case $1 in
	stock) ls "$img"/boot/vmlinuz-* ;;
	*) echo "$(kbuild_dir "$1")/arch/x86/boot/bzImage" ;;
	esac
}

initrd=$LKST_BUILD/initrd-bench.cpio.gz
# LKST_BENCH_REPORT=1: report again from the last run's logs
[ -n "${LKST_BENCH_REPORT:-}" ] || {
"$LKST_TOP/scripts/prepare-tree.sh"
if [ -n "$debian" ]; then
	"$LKST_TOP/scripts/build-kernel.sh" debian
	"$LKST_TOP/scripts/build-kernel.sh" debian-nolkst
	if [ ! -d "$img/boot" ]; then
		# unpacked aside and moved: a stopped unpack is not taken for whole
		rm -rf "$img" "$img.tmp"
		dpkg-deb -x "$(fetch_deb "$BASE_IMAGE_PACKAGE" "$BASE_VERSION")" "$img.tmp" &&
			mv "$img.tmp" "$img" || die "cannot unpack $BASE_IMAGE_PACKAGE $BASE_VERSION"
	fi
else
	"$LKST_TOP/scripts/build-kernel.sh" test
	"$LKST_TOP/scripts/build-kernel.sh" test-nolkst
	"$LKST_TOP/scripts/build-kernel.sh" bench-ftrace
fi
LKST_BENCH=1 "$LKST_TOP/scripts/mkinitramfs.sh" "$initrd"
# LTTng beside ftrace, outside the smoke test: its modules built against
# the bench-ftrace kernel and its tools, appended to the bench image
lttng_initrd=
if [ -z "$debian$smoke" ]; then
	lttng_initrd=$LKST_BUILD/initrd-bench-lttng.cpio.gz
	"$LKST_TOP/scripts/bench-lttng.sh" "$LKST_BUILD/initrd-lttng.cpio.gz"
	cat "$initrd" "$LKST_BUILD/initrd-lttng.cpio.gz" >"$lttng_initrd"
fi

# (the last -cpu and -m win over run-qemu.sh's own; Debian's kernel
# wants more room than the test kernel)
icount=(-icount shift=0,sleep=off -rtc clock=vm -cpu max,-rdrand,-rdseed)
[ -z "$debian" ] || icount+=(-m 1024)
for k in "${kernels[@]}"; do
	mode=${smoke:+smoke} image=$initrd mem=()
	if [ $k = bench-ftrace ]; then
		mode=ftrace${smoke:+,smoke}
		# (LTTng's tools and its snapshots want room)
		[ -z "$lttng_initrd" ] || image=$lttng_initrd mem=(-m 1024)
	fi
	"$LKST_TOP/scripts/run-qemu.sh" -s 1 -t 3000 \
		-a "lkstmode=bench lkstbench=$mode nokaslr norandmaps quiet" \
		-l "$out/bench-$k.log" "$(bzimage $k)" "$image" "${icount[@]}" "${mem[@]}" >/dev/null
done
}

val() { # LOG TAG NAME FIELD
	awk -v t="$2" -v n="$3" -v f="$4" '$1 == t && $2 == n { print $f }' "$1"
}

[ -n "$debian" ] || {
echo "== kernel text, CONFIG_LKST=n then =y: size vmlinux, and the sum of text symbol sizes"
echo "   (the .text section itself is padded to an alignment and hides small changes)"
for k in test-nolkst test; do
	printf '  %-12s %s  text symbols %s bytes\n' "$k" \
		"$(size "$(kbuild_dir $k)/vmlinux" | tail -n 1 | awk '{ print "text", $1, "data", $2, "bss", $3 }')" \
		"$(nm -S --defined-only "$(kbuild_dir $k)/vmlinux" |
		   python3 -c 'import sys; print(sum(int(f[1], 16) for f in (l.split() for l in sys.stdin) if len(f) == 4 and f[2] in "tT"))')"
done
}

workloads="getppid pipe msg http build"
table=$out/bench-table.md
data=$out/bench.dat
{
	echo "Guest instructions per operation (ratio to $nolkst, in the same run)."
	echo "Commit $(git -C "$LKST_TOP" rev-parse --short HEAD), $(qemu-system-x86_64 --version | head -n 1),"
	echo "guest: $guest, 1 CPU, -icount shift=0,sleep=off${smoke:+, SMOKE RUN (a fiftieth of the iterations)}."
	echo
	echo "| workload (one operation) | $nolkst_column | OFF | DEF | ALL | records per op (ALL) |"
	echo "|---|---:|${stock:+---:|}---:|---:|---:|---:|"
} >"$table"
: >"$data"
for w in $workloads; do
	case $w in
	getppid) what="getppid (a system call)" ;;
	pipe) what="pipe (a round trip between two processes)" ;;
	msg) what="msg (one 100-byte message, hackbench-style)" ;;
	http) what="http (one request to busybox httpd)" ;;
	build) what="build (tcc compiles 9 files)" ;;
	esac
	awk -v what="$what" -v w="$w" -v nops="$(val "$y" BENCH $w 3)" \
	    -v base="$(val "$n" BENCH $w 5)" -v off="$(val "$y" BENCH $w 5)" \
	    -v def="$(val "$y" BENCH-ON $w 5)" -v all="$(val "$y" BENCH-ALL $w 5)" \
	    -v wall="$(val "$y" BENCH-ALL $w-records 4)" -v data="$data" \
	    -v stock="${stock:+$(val "$stock" BENCH $w 5)}" -v want_stock="${stock:+1}" 'BEGIN {
		# every figure, and records written with every event on
		if (!base || !off || !def || !all || !nops || !wall || (want_stock && !stock))
			exit 1
		printf "| %s | %.1f |", what, base
		if (want_stock)
			printf " %.1f (%.4f) |", stock, stock / base
		printf " %.1f (%.4f) | %.1f (%.4f) | %.1f (%.4f) | %.1f |\n",
			off, off / base, def, def / base, all, all / base, wall / nops
		printf "%s %.4f %.4f %.4f\n", w, off / base, def / base, all / base >> data
	}' >>"$table" || die "bench: a figure of $w is missing (see $y, $n${stock:+ and $stock})"
done
echo "== workloads (${out#"$LKST_TOP"/}/bench-table.md)"
cat "$table"

# The cost of a hook site crossed with tracing off, and of a recorded
# event: sites crossed per operation are the records per operation with
# every event on (each site writes one record; no string event runs here).
for b in getppid pipe; do
	nops=$(val "$y" BENCH $b 3)
	base=$(val "$n" BENCH $b 5)
	off=$(val "$y" BENCH $b 5)
	on=$(val "$y" BENCH-ON $b 5)
	written=$(val "$y" BENCH-ON $b-records 4)
	all=$(val "$y" BENCH-ALL $b 5)
	wall=$(val "$y" BENCH-ALL $b-records 4)
	awk -v b="$b" -v base="$base" -v off="$off" -v on="$on" -v nops="$nops" \
	    -v w="$written" -v all="$all" -v wall="$wall" 'BEGIN {
		# LKST recorded: a system call is at least its entry and exit
		if (!nops || !base || !off || !on || w < 2 * nops || wall < 2 * nops)
			exit 1
		s = wall / nops
		printf "== %s: tracing off %+.2f instructions per hook site crossed (%.1f sites); %.0f per record (DEF), %.0f (ALL)\n",
			b, (off - base) / s, s, (on - off) * nops / w, (all - off) * nops / wall
	}' || die "bench: $b: a figure is missing, or LKST recorded too little (see $y and $n)"
done

# LKST against ftrace in one kernel (the LKST kernel with ftrace's event
# tracing): the same four events recorded by each
[ -n "$debian" ] || {
f=$out/bench-bench-ftrace.log
echo "== per recorded event, LKST against ftrace in one kernel (syscall entry and exit, context switch, wakeup)"
for w in getppid pipe; do
	awk -v w="$w" -v nops="$(val "$f" BENCH-NONE $w 3)" -v none="$(val "$f" BENCH-NONE $w 5)" \
	    -v lkst="$(val "$f" BENCH-LKST $w 5)" -v le="$(val "$f" BENCH-LKST $w-records 4)" \
	    -v ftr="$(val "$f" BENCH-FTRACE $w 5)" -v fe="$(val "$f" BENCH-FTRACE $w-records 4)" 'BEGIN {
		# both recorded: a system call is at least its entry and exit
		if (!nops || !none || !lkst || !ftr || le < 2 * nops || fe < 2 * nops)
			exit 1
		l = (lkst - none) * nops / le
		t = (ftr - none) * nops / fe
		printf "  %-8s lkst %6.1f instructions per event (%d events), ftrace %6.1f (%d events): lkst/ftrace %.2f\n",
			w, l, le, t, fe, l / t
	}' || die "bench: a figure of the ftrace comparison is missing (see $f)"
	[ -n "$lttng_initrd" ] || continue
	# LTTng's events in the window: a run's less an empty run's
	awk -v w="$w" -v nops="$(val "$f" BENCH-NONE $w 3)" -v none="$(val "$f" BENCH-NONE $w 5)" \
	    -v lttng="$(val "$f" BENCH-LTTNG $w 5)" -v e0="$(val "$f" BENCH-LTTNG $w-events 4 | head -n 1)" \
	    -v e1="$(val "$f" BENCH-LTTNG $w-events 4 | tail -n 1)" \
	    -v lkst="$(val "$f" BENCH-LKST $w 5)" -v le="$(val "$f" BENCH-LKST $w-records 4)" 'BEGIN {
		e = e1 - e0
		if (!nops || !none || !lttng || e0 < 0 || e < 2 * nops)
			exit 1
		l = (lkst - none) * nops / le
		t = (lttng - none) * nops / e
		printf "  %-8s lttng %6.1f instructions per event (%d events): lkst/lttng %.2f\n", w, t, e, l / t
	}' || die "bench: a figure of the LTTng comparison is missing (see $f)"
done
}

if command -v gnuplot >/dev/null; then
	gnuplot <<PLOT
set terminal svg size 760,400 dynamic noenhanced font "sans,11"
set output "$out/bench.svg"
set title "LKST overhead: guest instructions per operation, relative to CONFIG_LKST=n (QEMU -icount)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "ratio to unpatched"
set yrange [0:*]
set key outside right top
set grid ytics
plot "$data" using 2:xtic(1) title "OFF", "" using 3 title "DEF (all but LOCK)", "" using 4 title "ALL", 1 notitle lc "black"
PLOT
	echo "== chart: ${out#"$LKST_TOP"/}/bench.svg"
fi

[ -n "$debian" ] || {
echo "== memory per CPU"
# per-CPU variables link at small offsets into the per-CPU area
echo "  static per-CPU data: $(nm -S --defined-only "$(kbuild_dir test)/vmlinux" |
	awk '$1 ~ /^0000000000/ && $3 ~ /^[dDbB]$/ && $4 ~ /^lkst_/ { n++; printf "%s%s %d", (n > 1 ? ", " : ""), $4, ("0x" $2) + 0 }') bytes"
}
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

echo "== the off path, function by function: scripts/hook-audit.sh (${out#"$LKST_TOP"/}/hook-audit.txt)"
python3 "$LKST_TOP/scripts/hook-audit.py" "$(kbuild_dir "${kernels[1]}")/vmlinux" \
	"$(kbuild_dir "${kernels[0]}")/vmlinux" >"$out/hook-audit.txt"
tail -n 1 "$out/hook-audit.txt" | sed 's/^/  /'

if [ -n "$debian" ]; then
	grep -q "^BENCH getppid " "$stock" || die "bench: no 'BENCH getppid' in $stock"
	grep -q "^hook-audit: [0-9]* functions hold" "$out/hook-audit.txt" ||
		die "bench: the hook audit printed no summary"
	exit 0
fi

echo "== one recorded event, single-stepped: scripts/fire-profile.sh (instructions per function)"
LKST_PROFILE_OUT=$out "$LKST_TOP/scripts/fire-profile.sh" "$(kbuild_dir test)" "$initrd" \
	>"$out/fire-profile.txt"
awk '/^sample 1/ { exit } { print "  " $0 }' "$out/fire-profile.txt"

# every figure is there (make check runs the smoke: no timing asserted)
for f in "BENCH switch-on" "BENCH enable-all-on" "BENCH enable-memory-off"; do
	grep -q "^$f " "$y" || die "bench: no '$f' in $y"
done
grep -q "^BENCH getppid " "$n" || die "bench: no 'BENCH getppid' in $n"
grep -q "^hook-audit: [0-9]* functions hold" "$out/hook-audit.txt" ||
	die "bench: the hook audit printed no summary"
grep -q "^sample 0: [0-9]* instructions" "$out/fire-profile.txt" &&
	[ -s "$out/fire-profile.trace" ] || die "bench: the fire profile traced nothing"

echo "== a hook site with tracing off: SYSCALL_ENTRY in do_syscall_64 (CONFIG_LKST=y vmlinux)"
# (awk reads to the end: an early exit would be a SIGPIPE for objdump)
objdump -d --no-show-raw-insn "$(kbuild_dir test)/vmlinux" --disassemble=do_syscall_64 |
	awk '/<do_syscall_64>:/ { on = 1 } on && /^$/ { on = 0 } on && n++ < 12'

