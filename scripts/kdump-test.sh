#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdump-test.sh [MODE...]: real kdump of the test kernel under QEMU TCG,
# then "lkst crash extract" on the host (Documentation/crash.md).
#
# For each MODE (default: sysrq module) the guest boots with crashkernel=,
# traces, loads a capture kernel with kexec -p, runs the workload whose
# lseek is the marker, writes a marker line to /dev/kmsg and crashes:
#   sysrq   echo c > /proc/sysrq-trigger (panic())
#   module  a NULL dereference in the test module at load (an oops that
#           goes to kdump, oops=panic)
#   boot    the same, with tracing on since early boot (lkst=on): the dump
#           holds what happened before userspace
# Meanwhile "lkst record" writes a trace to one ext2 disk (/dev/vdc), as a
# flight recorder would.  The capture kernel saves an ELF dump and a
# kdump-compressed dump, both "makedumpfile -d 31" as Debian's
# kdump-tools does, to another (/dev/vdd: the first was not unmounted
# cleanly, and its block bitmaps on disk are stale); the
# host reads them with debugfs, checks the trace extracted from the ELF
# dump, and that the compressed dump (and an lzo and a flattened copy)
# give the same.  One "PASS:/FAIL: kdump MODE: ..." line per check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${LKST_KDUMP_KERNEL:-$(kbuild_dir test)/arch/x86/boot/bzImage}
initrd=${LKST_KDUMP_INITRD:-$LKST_BUILD/initrd-test.cpio.gz}
out=$LKST_BUILD/kdump
lkst=$LKST_BUILD/tools/lkst/lkst
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(sysrq module boot)
declare -A boot_param=([boot]=" lkst=on,records=262144")

ok() { echo "PASS: kdump $mode: $1"; }
bad() { echo "FAIL: kdump $mode: $1${2:+ ($2)}"; }
check() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'"; fi
}

# Copy PROGRAM and the shared libraries it needs into STAGE.
copy_with_libs() { # STAGE PROGRAM
	local lib
	mkdir -p "$1$(dirname "$2")"
	cp "$2" "$1$2"
	for lib in $(ldd "$2" | grep -o '/[^ ]*'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -L "$lib" "$1$lib"
	done
}

cpio_of() { # DIR: a gzipped newc archive on stdout
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -9)
}

mkdir -p "$out"
[ -x "$lkst" ] || make -s -C "$LKST_TOP/tools" O="$LKST_BUILD/tools" all ||
	die "cannot build the lkst tool"
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || die "$f missing: build the test kernel and initramfs first"
done

# The capture kernel's initramfs: busybox, makedumpfile, capture-init.sh.
stage=$out/capture-stage
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,mnt}
cp /bin/busybox "$stage/bin/busybox"
for applet in $("$stage/bin/busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
copy_with_libs "$stage" "$(command -v makedumpfile)"
cp "$LKST_TOP/tools/testing/guest/capture-init.sh" "$stage/init"
chmod +x "$stage/init"
cpio_of "$stage" >"$out/capture.cpio.gz"

# The primary's initramfs: the test one, plus (a second archive, which the
# kernel unpacks on top) kexec, the kernel and the capture initramfs.
extra=$out/primary-extra
rm -rf "$extra"
mkdir -p "$extra/boot"
cp "$kernel" "$extra/boot/bzImage"
cp "$out/capture.cpio.gz" "$extra/boot/capture.cpio.gz"
copy_with_libs "$extra" "$(command -v kexec)"
cpio_of "$extra" >"$out/primary-extra.cpio.gz"
cat "$initrd" "$out/primary-extra.cpio.gz" >"$out/initrd-kdump.cpio.gz"

for mode in "${modes[@]}"; do
	img=$out/disk-$mode.img
	live=$out/live-$mode.img
	logf=$out/guest-$mode.log
	rm -f "$img" "$out/$mode".{elf,kdump,lkst,txt,extract}
	rm -f "$live"
	truncate -s 512M "$img"
	truncate -s 64M "$live"
	mkfs.ext2 -q -F "$img"
	mkfs.ext2 -q -F "$live"
	start=$SECONDS
	LKST_QEMU_MEM=768 "$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 600 \
		-a "crashkernel=192M lkstmode=kdump lkst_crash=$mode${boot_param[$mode]:-}" -l "$logf" \
		"$kernel" "$out/initrd-kdump.cpio.gz" \
		-drive file="$live",if=virtio,format=raw \
		-drive file="$img",if=virtio,format=raw >/dev/null 2>&1
	qemu_rc=$?
	echo "# kdump $mode: primary boot, crash, capture and dumps: $((SECONDS - start)) s"
	check "the capture kernel booted after the crash and saved the dumps" \
		"0 1 0" "$qemu_rc $(grep -c '^LKST-CAPTURE-START' "$logf") $(grep -c 'LKST-\(CAPTURE\|KDUMP\)-ERROR' "$logf")"
	grep 'LKST-\(CAPTURE\|KDUMP\)-ERROR' "$logf" | head -n 3 | sed 's/^/#   /'
	for f in elf kdump; do
		debugfs -R "dump /dump.$f $out/$mode.$f" "$img" >/dev/null 2>&1
	done
	debugfs -R "dump /live.lkst $out/$mode-live.lkst" "$live" >/dev/null 2>&1
	rm -f "$live"
	rm -f "$img"
	vmcore=$(awk '/\/proc\/vmcore$/ { print $5; exit }' "$logf")
	echo "# kdump $mode: /proc/vmcore $vmcore bytes; makedumpfile -d 31: ELF $(stat -c %s "$out/$mode.elf" 2>/dev/null) bytes, compressed $(stat -c %s "$out/$mode.kdump" 2>/dev/null) bytes"

	"$lkst" crash extract "$out/$mode.elf" -o "$out/$mode.lkst" 2>"$out/$mode.extract"
	check "lkst crash extract reads the ELF dump (-d 31)" 0 "$?"
	sed 's/^/#   /' "$out/$mode.extract"
	"$lkst" print "$out/$mode.lkst" >"$out/$mode.txt" 2>&1
	check "lkst print reads the extracted trace" 0 "$?"
	# symbols for a dump: the kernel's System.map, shifted by KASLR's
	# offset from VMCOREINFO (the trace's kernel_offset line)
	map=${kernel%/arch/x86/boot/bzImage}/System.map
	if [ -f "$map" ]; then
		"$lkst" print --system-map "$map" "$out/$mode.lkst" >"$out/$mode-sym.txt" 2>&1
		check "lkst print --system-map reads it" 0 "$?"
		n=$(grep -c ' function=[a-z_][a-z_0-9.]*+0x[0-9a-f]*/0x' "$out/$mode-sym.txt")
		echo "# kdump $mode: $n callbacks named from System.map (offset $(grep -a -m1 -o 'kernel_offset [0-9a-f]*' "$out/$mode.lkst"))"
		check "and names the kernel's timer callbacks" yes "$([ "$n" -ge 1 ] && echo yes)"
	else
		check "the kernel's System.map is there, for lkst print --system-map" "$map" "missing"
	fi

	# the kdump-compressed dump (zlib, as kdump-tools writes it), and the
	# same converted to lzo here: the same trace, reading a fraction
	"$lkst" crash extract "$out/$mode.kdump" -o "$out/$mode-kdump.lkst" 2>"$out/$mode-kdump.extract"
	check "lkst crash extract reads the kdump-compressed dump (-c -d 31)" 0 "$?"
	tail -n 1 "$out/$mode-kdump.extract" | sed 's/^/#   /'
	check "both dump formats give the same trace" "" \
		"$("$lkst" print "$out/$mode-kdump.lkst" 2>&1 | cmp - "$out/$mode.txt" 2>&1)"
	rm -f "$out/$mode.lzo"
	makedumpfile -l -d 31 "$out/$mode.elf" "$out/$mode.lzo" >/dev/null 2>&1
	"$lkst" crash extract "$out/$mode.lzo" -o "$out/$mode-lzo.lkst" 2>/dev/null
	check "an lzo dump (makedumpfile -l) gives the same trace" "" \
		"$("$lkst" print "$out/$mode-lzo.lkst" 2>&1 | cmp - "$out/$mode.txt" 2>&1)"
	rm -f "$out/$mode.lzo" "$out/$mode-lzo.lkst"
	# flattened (-F), as Debian's kdump-tools writes to /var/crash: read
	# in place, the same trace
	makedumpfile -F -c -d 31 "$out/$mode.elf" >"$out/$mode.flat" 2>/dev/null
	"$lkst" crash extract "$out/$mode.flat" -o "$out/$mode-flat.lkst" 2>"$out/$mode-flat.extract"
	check "a flattened dump (makedumpfile -F -c, kdump-tools' default) gives the same trace" "" \
		"$("$lkst" print "$out/$mode-flat.lkst" 2>&1 | cmp - "$out/$mode.txt" 2>&1)"
	tail -n 1 "$out/$mode-flat.extract" | sed 's/^/#   /'
	rm -f "$out/$mode.flat" "$out/$mode-flat.lkst"

	# the trace lkst record was writing, merged with the dump: every
	# record once, and the dump's records past the trace's end added
	"$lkst" crash merge "$out/$mode-live.lkst" "$out/$mode.elf" -o "$out/$mode-merged.lkst" \
		2>"$out/$mode-merge.log"
	check "lkst crash merge joins the trace being written and the dump" 0 "$?"
	sed 's/^/#   /' "$out/$mode-merge.log"
	"$lkst" print -s "$out/$mode-live.lkst" 2>/dev/null | grep -v '^#' | cut -d' ' -f1 | sort >"$out/$mode-live.ids"
	"$lkst" print -s "$out/$mode.lkst" | grep -v '^#' | cut -d' ' -f1 | sort >"$out/$mode-dump.ids"
	"$lkst" print -s "$out/$mode-merged.lkst" | grep -v '^#' | cut -d' ' -f1 | sort >"$out/$mode-merged.ids"
	check_ge() { if [ "$3" -ge "$2" ] 2>/dev/null; then ok "$1 ($3)"; else bad "$1" "expected at least $2, got '$3'"; fi; }
	check_ge "records the cut trace holds (it was written while the system ran)" 100 \
		"$(grep -c . "$out/$mode-live.ids")"
	check "the trace ended without END (cut by the crash)" 1 \
		"$(grep -c 'cut at the damage' "$out/$mode-merge.log")"
	check "merged: every record once (CPU, buffer, seq)" "" "$(uniq -d "$out/$mode-merged.ids" | head -n 3)"
	check "merged = the trace's records and the dump's, united" \
		"$(sort -u "$out/$mode-live.ids" "$out/$mode-dump.ids" | md5sum)" \
		"$(md5sum <"$out/$mode-merged.ids")"
	# the trace's task names stay (merge wrote none before)
	named_live=$("$lkst" print "$out/$mode-live.lkst" 2>/dev/null | grep -c ' [1-9][0-9]*/[^?][^ ]* [A-Z]')
	named_merged=$("$lkst" print "$out/$mode-merged.lkst" | grep -c ' [1-9][0-9]*/[^?][^ ]* [A-Z]')
	check "merged: the trace's task names are kept" yes \
		"$([ "$named_live" -ge 1 ] && [ "$named_merged" -ge "$named_live" ] && echo yes || echo "no: $named_live named in the trace, $named_merged merged")"
	check "the merged trace ends with the dump's last record" \
		"$("$lkst" print -s "$out/$mode.lkst" | tail -n 1 | cut -d' ' -f1)" \
		"$("$lkst" print -s "$out/$mode-merged.lkst" | tail -n 1 | cut -d' ' -f1)"

	pid=$(sed -n 's/.*LKST-KDUMP-MARKER workload pid=\([0-9]*\) .*/\1/p' "$logf" | head -n 1)
	check "the marker lseek, with its arguments, is in the dump" 1 \
		"$(grep -c " ${pid:-none}/[^ ]* SYSCALL_ENTRY nr=8(lseek) arg0=0xffffffffffffffff arg1=0x1234567 arg2=0x1$" "$out/$mode.txt")"
	check "the tracer stopped itself at the crash" 1 \
		"$(grep -c 'tracer stopped at the crash' "$out/$mode.extract")"
	# every record number of each buffer's window is a record or a slot
	# that was being written: no unexplained gap
	check "the dump holds a buffer for each of the 2 CPUs" 2 \
		"$(grep -c '^lkst: cpu [0-9]* buffer 0: ' "$out/$mode.extract")"
	check "each buffer's window is whole: records + being written = min(head, size), none invalid" "" \
		"$(sed -n 's/^lkst: cpu \([0-9]*\) buffer \([0-9]*\): \([0-9]*\) records, \([0-9]*\) being written, \([0-9]*\) not valid (head \([0-9]*\), \([0-9]*\) slots.*/\1 \2 \3 \4 \5 \6 \7/p' "$out/$mode.extract" |
			awk '{ w = $6 < $7 ? $6 : $7; if ($3 + $4 != w || $5 != 0) print "cpu " $1 " buffer " $2 ": " $0 }')"
	case $mode in
	sysrq)
		# panic()'s record, with its message, among the last ones
		check "O_PANIC with sysrq's message is among the last 20 records" 1 \
			"$(tail -n 20 "$out/$mode.txt" | grep -c 'O_PANIC .*message="sysrq triggered crash"')"
		;;
	boot)
		# tracing from boot: the kernel said so, and the dump holds
		# records from before userspace: the exec of /init by pid 1
		check "the kernel started tracing from boot" 1 \
			"$(grep -c 'lkst: tracing from boot, 262144 records per CPU' "$logf")"
		check "the dump holds pid 1's exec of /init, from before userspace began" 1 \
			"$(grep -c '^[0-9.]* \[[0-9]*\] 1/[^ ]* PROCESS_EXEC .*filename="/init"' "$out/$mode.txt")"
		;;&
	module|boot)
		# the oops goes to kdump without panic(): insmod's
		# finit_module is its task's last system call, it never
		# returned, and the oops's printk records follow it
		ins=$(grep 'SYSCALL_ENTRY nr=\(175\|313\)(\(init_module\|finit_module\))' "$out/$mode.txt" | tail -n 1)
		inspid=$(echo "$ins" | sed -n 's/^[0-9.]* \[[0-9]*\] \([0-9]*\)\/.*/\1/p')
		grep " ${inspid:-none}/[^ ]* " "$out/$mode.txt" >"$out/$mode.insmod"
		# a dump holds no names, but its PROCESS_COMM records do
		check "insmod is named from its exec's PROCESS_COMM in the dump" 1 \
			"$(echo "$ins" | grep -c " ${inspid:-none}/insmod ")"
		check "insmod's (f)init_module is its last system call" "$ins" \
			"$(grep ' SYSCALL_ENTRY ' "$out/$mode.insmod" | tail -n 1)"
		awk -v ins="$ins" 'after; $0 == ins { after = 1 }' "$out/$mode.insmod" \
			>"$out/$mode.after"
		check "and it never returned" 0 "$(grep -c ' SYSCALL_EXIT ' "$out/$mode.after")"
		n=$(grep -c ' O_PRINTK ' "$out/$mode.after")
		[ "$n" -ge 10 ] && ok "the oops's printk records follow it ($n)" ||
			bad "the oops's printk records follow it" "$n O_PRINTK records"
		;;
	esac
	tail -n 5 "$out/$mode.txt" | sed 's/^/#   /'
done
