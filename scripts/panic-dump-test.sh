#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# panic-dump-test.sh: the last records on the console at a crash, on a
# machine without kdump (lkst_dump_on_oops, Documentation/crash.md).
# Three boots of the test kernel (tools/testing/guest/panic-dump.sh):
#   idle   lkst_dump_on_oops (32 records), nothing recorded; a panic
#   sysrq  lkst_dump_on_oops=256 on the command line; a panic()
#   oops   384 written to /sys/kernel/lkst/dump_on_oops; an oops in the
#          test module, then the panic of oops=panic
# The host checks the console: one dump, its lines in the format of
# "lkst print" and in time order, at most N per CPU, the workload's
# marker lseek among them with its arguments, and the crash's own record
# last on the CPU that crashed.  One "PASS:/FAIL: panic-dump MODE: ..."
# line per check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${LKST_KDUMP_KERNEL:-$(kbuild_dir test)/arch/x86/boot/bzImage}
initrd=${LKST_KDUMP_INITRD:-$LKST_BUILD/initrd-test.cpio.gz}
out=$LKST_BUILD/panic-dump
declare -A records=([sysrq]=256 [oops]=384)
declare -A boot_param=([sysrq]=" lkst_dump_on_oops=256")

ok() { echo "PASS: panic-dump $mode: $1"; }
bad() { echo "FAIL: panic-dump $mode: $1${2:+ ($2)}"; }
check() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'"; fi
}

for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || die "$f missing: build the test kernel and initramfs first"
done
mkdir -p "$out"

# nothing recorded: the console says so, and nothing more
mode=idle
logf=$out/guest-$mode.log
"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 300 \
	-a "lkstmode=panicdump lkst_panic=$mode lkst_dump_on_oops" -l "$logf" \
	"$kernel" "$initrd" >/dev/null 2>&1
check "the guest crashed and QEMU ended" 1 "$?"
check "lkst_dump_on_oops alone means 32 records per CPU" 32 \
	"$(sed -n 's/^LKST-PANICDUMP-BOOT //p' "$logf")"
check "no records: one line says so, and no dump" "1 0" \
	"$(grep -c '^lkst: dump_on_oops (panic): no records to print$' "$logf") $(grep -c '^lkst: dump_on_oops: ' "$logf")"

for mode in sysrq oops; do
	logf=$out/guest-$mode.log
	n=${records[$mode]}
	"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 300 \
		-a "lkstmode=panicdump lkst_panic=$mode${boot_param[$mode]:-}" -l "$logf" \
		"$kernel" "$initrd" >/dev/null 2>&1
	# it dies, so it never says LKST-GUEST-DONE: 1, not 0 or 124
	check "the guest crashed and QEMU ended" "1 0" \
		"$? $(grep -c 'LKST-PANICDUMP-ERROR' "$logf")"
	grep 'LKST-PANICDUMP-ERROR' "$logf" | head -n 3 | sed 's/^/#   /'

	case $mode in
	sysrq)
		check "lkst_dump_on_oops=$n on the command line sets dump_on_oops" "$n" \
			"$(sed -n 's/^LKST-PANICDUMP-BOOT //p' "$logf")"
		;;
	oops)
		check "dump_on_oops is off without the parameter" 0 \
			"$(sed -n 's/^LKST-PANICDUMP-BOOT //p' "$logf")"
		check "bad writes to dump_on_oops are refused and change nothing" 0 \
			"$(sed -n 's/^LKST-PANICDUMP-AFTER-BAD //p' "$logf")"
		check "writing $n to dump_on_oops sets it" "$n" \
			"$(sed -n 's/^LKST-PANICDUMP-SET //p' "$logf")"
		;;
	esac

	# the dump: a header, the records, a closing line
	check "one dump on the console, however many crash paths ran" 1 \
		"$(grep -c '^lkst: dump_on_oops (' "$logf")"
	why=$([ "$mode" = oops ] && echo oops || echo panic)
	check "the dump was made at the $why" 1 \
		"$(grep -c "^lkst: dump_on_oops ($why): the last $n records of each CPU, oldest first$" "$logf")"
	sed -n '/^lkst: dump_on_oops (/,/^lkst: dump_on_oops: /p' "$logf" |
		sed '1d;$d' >"$out/$mode.dump"
	total=$(grep -c . "$out/$mode.dump")
	check "the closing line counts the records printed" "$total" \
		"$(sed -n 's/^lkst: dump_on_oops: \([0-9]*\) records, .*/\1/p' "$logf")"
	check "no record was skipped" 0 \
		"$(sed -n 's/^lkst: dump_on_oops: [0-9]* records, \([0-9]*\) skipped.*/\1/p' "$logf")"
	# "lkst print": SECONDS.NANOSECONDS [CPU] PID/COMM EVENT name=value...
	# (a code address: function+0x1c/0x80 [module], as %pS prints it)
	check "every line has the format of lkst print" "" \
		"$(grep -vE '^[0-9]+\.[0-9]{9} \[[0-9]{3}\] [0-9]+/(\?|swapper) [A-Z_]+( [a-z_0-9]+=[^ ]+( \[[a-z_0-9]+\])?)*( [a-z_]+="[^"]*")?$' "$out/$mode.dump" | head -n 3)"
	check "the lines are in time order" "" \
		"$(awk '{ if (NR > 1 && $1 + 0 < prev) print NR ": " $0; prev = $1 + 0 }' "$out/$mode.dump" | head -n 3)"
	for cpu in 000 001; do
		check_le=$(grep -c "^[0-9.]* \[$cpu\] " "$out/$mode.dump")
		if [ "$check_le" -ge 1 ] && [ "$check_le" -le "$n" ]; then
			ok "CPU $cpu: 1 to $n records ($check_le)"
		else
			bad "CPU $cpu: 1 to $n records" "got $check_le"
		fi
	done

	pid=$(sed -n 's/.*LKST-PANICDUMP-MARKER workload pid=\([0-9]*\) .*/\1/p' "$logf" | head -n 1)
	check "the marker lseek, with its arguments, as lkst print shows it" 1 \
		"$(grep -c "^[0-9.]* \[[0-9]*\] ${pid:-none}/? SYSCALL_ENTRY nr=8(lseek) arg0=0xffffffffffffffff arg1=0x1234567 arg2=0x1$" "$out/$mode.dump")"
	case $mode in
	sysrq)
		cpu=$(sed -n 's/.* \[\([0-9]*\)\] .* O_PANIC .*/\1/p' "$out/$mode.dump")
		check "O_PANIC, with sysrq's message, is the last record of its CPU" \
			'message="sysrq triggered crash"' \
			"$(grep "^[0-9.]* \[${cpu:-none}\] " "$out/$mode.dump" | tail -n 1 | grep -o 'message=.*')"
		check "its caller, a code address, prints as a symbol (%pS)" 1 \
			"$(grep -c ' O_PANIC caller=[a-z_][a-z_0-9.]*+0x[0-9a-f]*/0x[0-9a-f]* ' "$out/$mode.dump")"
		;;
	oops)
		cpu=$(sed -n 's/.* \[\([0-9]*\)\] \([0-9]*\)\/? SYSCALL_ENTRY nr=[0-9]*(f\{0,1\}init_module).*/\1 \2/p' "$out/$mode.dump" | tail -n 1)
		check "insmod's (f)init_module is the last system call of its CPU, and never returned" \
			"SYSCALL_ENTRY" \
			"$(grep "^[0-9.]* \[${cpu% *}\] ${cpu#* }/" "$out/$mode.dump" | grep SYSCALL_ | tail -n 1 | cut -d' ' -f4)"
		# frozen at oops_enter(): the report's ~46 printk records
		# (registers, stack, modules) are not in the window
		after=$(grep "^[0-9.]* \[${cpu% *}\] " "$out/$mode.dump" |
			sed -n '/SYSCALL_ENTRY nr=[0-9]*(f\{0,1\}init_module)/,$p' | sed 1d | grep -c .)
		if [ "$after" -le 4 ]; then
			ok "the tracer froze before the oops report ($after records after (f)init_module)"
		else
			bad "the tracer froze before the oops report" "$after records after (f)init_module"
		fi
		check "the dump came before the panic that followed the oops" \
			"dump panic" \
			"$(grep -o '^lkst: dump_on_oops (\|Kernel panic - not syncing' "$logf" | sed 's/^lkst: dump_on_oops (/dump/; s/^Kernel panic.*/panic/' | head -n 2 | tr '\n' ' ' | sed 's/ $//')"
		;;
	esac
done
