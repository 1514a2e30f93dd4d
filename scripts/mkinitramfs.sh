#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT.cpio.gz [MODDIR MODLIST]
#
# Build the test initramfs: busybox-static, the lkst tools and the guest
# workload linked statically, the in-guest tests and an /init that runs them
# (lkstmode=test) or shows a short trace (lkstmode=demo), then reboots.
# With MODDIR and MODLIST (module paths relative to MODDIR, in load order),
# the modules are packed too, and lkstmode=modules loads them one by one
# before it runs the tests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio.gz [MODDIR MODLIST]}
moddir=${2:-}
modlist=${3:-}
stage=$LKST_BUILD/initramfs-$(basename "$out" .cpio.gz)	# one per image: runs may overlap
tools_out=$LKST_BUILD/tools-static

make -s -C "$LKST_TOP/tools" O="$tools_out" STATIC=1 all
mkdir -p "$tools_out/testing"
gcc -static -O2 -Wall -Werror -o "$tools_out/testing/lkst-workload" \
	"$LKST_TOP/tools/testing/guest/workload.c"
gcc -static -O2 -Wall -Werror -pthread -o "$tools_out/testing/lkst-procs" \
	"$LKST_TOP/tools/testing/guest/procs.c"
gcc -static -O2 -Wall -Werror -o "$tools_out/testing/lkst-faults" \
	"$LKST_TOP/tools/testing/guest/faults.c"
gcc -static -O2 -Wall -Werror -o "$tools_out/testing/lkst-ipc" \
	"$LKST_TOP/tools/testing/guest/ipc.c"
for prog in net mem timers privdrop stress ctlfuzz; do
	gcc -static -O2 -Wall -Werror -o "$tools_out/testing/lkst-$prog" \
		"$LKST_TOP/tools/testing/guest/$prog.c"
done
gcc -static -O2 -Wall -Werror -o "$tools_out/testing/lkst-bench" \
	"$LKST_TOP/tools/testing/bench/lkst-bench.c"

rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,tests}
cp /bin/busybox "$stage/bin/busybox"
for applet in $("$stage/bin/busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
cp "$tools_out/lkst/lkst" "$stage/bin/lkst"
cp "$tools_out/testing/lkst-workload" "$stage/bin/lkst-workload"
cp "$tools_out/testing/lkst-bench" "$stage/bin/lkst-bench"
cp "$tools_out/testing/lkst-procs" "$stage/bin/lkst-procs"
cp "$tools_out/testing/lkst-faults" "$stage/bin/lkst-faults"
cp "$tools_out/testing/lkst-ipc" "$stage/bin/lkst-ipc"
for prog in net mem timers privdrop stress ctlfuzz; do
	cp "$tools_out/testing/lkst-$prog" "$stage/bin/lkst-$prog"
done
# the event trigger module of the test kernel (test.d/11-module-events.sh)
test_module=${LKST_TEST_MODULE:-$LKST_BUILD/kbuild-test/kernel/lkst/lkst_test_events.ko}
if [ -f "$test_module" ]; then
	mkdir -p "$stage/lib/lkst"
	cp "$test_module" "$stage/lib/lkst/"
	# and the sample handler module built beside it (test.d/20-handler-module.sh)
	sample=$(dirname "$test_module")/../../samples/lkst/lkst_sample_handler.ko
	[ -f "$sample" ] && cp "$sample" "$stage/lib/lkst/"
fi
cp -r "$LKST_TOP/tools/testing/guest/." "$stage/tests/"
cp "$LKST_TOP/tools/testing/maskset/grammar.txt" "$stage/tests/maskset-grammar.txt"
# every mask-set example of the documentation, one file each, for 17-masksets
mkdir -p "$stage/tests/doc-masksets"
awk -v dir="$stage/tests/doc-masksets" '
	/^```/ {
		if (state == 2)
			close(f)
		state = state ? 0 : 1
		first = 1
		next
	}
	state == 1 && first {
		first = 0
		if ($0 ~ /^maskset /) {
			state = 2
			f = dir "/" ++n ".ms"
		}
	}
	state == 2 { print > f }' "$LKST_TOP"/Documentation/*.md
# the sysfs ABI file of the patched tree, for 29-sysfs-abi
abi=$LKST_TREE/Documentation/ABI/testing/sysfs-kernel-lkst
[ -f "$abi" ] && cp "$abi" "$stage/tests/sysfs-kernel-lkst"
mkdir -p "$stage/etc/lkst"
cp -r "$LKST_TOP/tools/masksets" "$stage/etc/lkst/masksets"
rm -f "$stage/tests/"*.c
if [ -n "$modlist" ]; then
	mkdir -p "$stage/modules"
	while read -r m; do
		mkdir -p "$stage/modules/$(dirname "$m")"
		cp "$moddir/$m" "$stage/modules/$m"
	done <"$modlist"
	cp "$modlist" "$stage/modules/order"
fi

cat >"$stage/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "LKST-GUEST-START $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
case "${lkstmode:-test}" in
demo)
	lkst status
	lkst record -o /tmp/demo.lkst -- lkst-workload | tee /tmp/demo.out
	pid=$(sed -n 's/^workload pid=\([0-9]*\) .*/\1/p' /tmp/demo.out)
	child=$(sed -n 's/^workload .* child=\([0-9]*\)$/\1/p' /tmp/demo.out)
	echo "--- what the workload (pid $pid) and its child (pid $child) did ---"
	lkst print /tmp/demo.lkst | grep -E " ($pid|$child)/| pid=$child/" |
		grep -E "getppid|lseek|pipe|read|write|nanosleep|WAKEUP|CONTEXTSWITCH" |
		head -n 60
	echo "--- interrupts ---"
	lkst print /tmp/demo.lkst | grep INT_HARDWARE | head -n 6
	lkst status
	;;
test)
	sh /tests/run.sh
	;;
kdump)
	# scripts/kdump-test.sh: the primary kernel, which crashes
	sh /tests/kdump-primary.sh
	;;
panicdump)
	# scripts/panic-dump-test.sh: no kdump, the records on the console
	sh /tests/panic-dump.sh
	;;
modules)
	# Load every packed module in dependency order; the host compares
	# what loads here with what loads on Debian's own kernel.
	while read -r m; do
		if timeout 30 insmod "/modules/$m" 2>/tmp/insmod.err; then
			echo "MODLOAD ok $m"
		else
			echo "MODLOAD fail $m: $(head -c 120 /tmp/insmod.err | tr '\n' ' ')"
		fi
	done </modules/order
	echo "MODLOAD-DONE $(grep -c . /proc/modules) modules in /proc/modules"
	[ -d /sys/kernel/lkst ] && sh /tests/run.sh
	;;
bench)
	# tracing off (or no LKST at all), then the boot set of events
	# (all but LOCK) recorded, then all of them; lkstbench=smoke runs
	# each a fiftieth as often (make check: does it still work?)
	n_getppid=100000 n_pipe=20000
	[ "${lkstbench:-}" = smoke ] && n_getppid=2000 n_pipe=400
	lkst-bench getppid $n_getppid
	lkst-bench pipe $n_pipe
	if [ -d /sys/kernel/lkst ]; then
		for set in ON ALL; do
			[ $set = ALL ] && lkst enable all
			for b in "getppid $n_getppid" "pipe $n_pipe"; do
				echo 1 > /sys/kernel/lkst/reset
				echo 1 > /sys/kernel/lkst/tracing
				lkst-bench $b | sed "s/^BENCH /BENCH-$set /"
				echo 0 > /sys/kernel/lkst/tracing
				echo "BENCH-$set-WRITTEN ${b% *} $(awk '$1 == "written" { print $2 }' /sys/kernel/lkst/stats)"
			done
		done
		# the cost of one mask set switch: every event on, every event off
		printf 'maskset none\nall none\n' > /sys/kernel/lkst/masksets/define
		printf 'maskset all\nall record\n' > /sys/kernel/lkst/masksets/define
		echo 1 > /sys/kernel/lkst/tracing
		lkst-bench switch 20
		echo default > /sys/kernel/lkst/masksets/current
		# control operations as an administrator runs them, tracing on:
		# the tool's own start (--version), all 63 events, a category
		lkst-bench run lkst-version 3 lkst --version -- lkst --version | grep '^BENCH'
		lkst-bench run enable-all 3 lkst enable all -- lkst disable all
		lkst-bench run enable-memory 3 lkst enable MEMORY -- lkst disable MEMORY
		echo 0 > /sys/kernel/lkst/tracing
	fi
	;;
esac
echo "LKST-GUEST-DONE"
reboot -f
INIT
chmod +x "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) >"$out"
log "wrote $out ($(du -k "$out" | cut -f1) KiB)"
