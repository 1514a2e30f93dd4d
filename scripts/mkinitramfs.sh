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
#
# LKST_BENCH=1 (make bench) adds the web and build workloads: a page for
# busybox httpd, and Debian's tcc with the shared libraries it needs and a
# small C project to compile (the guest programs below, with the glibc
# headers they include).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio.gz [MODDIR MODLIST]}
moddir=${2:-}
modlist=${3:-}
stage=$LKST_BUILD/initramfs-$(basename "$out" .cpio.gz)	# one per image: runs may overlap
tools_out=$LKST_BUILD/tools-static
# Debian 12's tcc, for LKST_BENCH
LKST_TCC_VERSION=${LKST_TCC_VERSION:-0.9.27+git20200814.62c30a4a-1}

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
for prog in net mem timers privdrop stress ctlfuzz iouring; do
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
for prog in net mem timers privdrop stress ctlfuzz iouring; do
	cp "$tools_out/testing/lkst-$prog" "$stage/bin/lkst-$prog"
done
# the event trigger module of the test kernel (test.d/11-module-events.sh)
test_module=${LKST_TEST_MODULE:-$(kbuild_dir test)/kernel/lkst/lkst_test_events.ko}
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
# the ABI description test 29 checks the kernel against: from the tree
# the kernel was built from
abi=$LKST_TREE/Documentation/ABI/testing/sysfs-kernel-lkst
if [ -f "$abi" ]; then
	cp "$abi" "$stage/tests/sysfs-kernel-lkst"
else
	log "no $abi: test 29 will fail"
fi
mkdir -p "$stage/etc/lkst"
cp -r "$LKST_TOP/tools/masksets" "$stage/etc/lkst/masksets"
rm -f "$stage/tests/"*.c
if [ -n "$modlist" ]; then
	# (6.12's packages compress their modules; busybox insmod takes them
	# uncompressed)
	mkdir -p "$stage/modules"
	while read -r m; do
		mkdir -p "$stage/modules/$(dirname "$m")"
		case $m in
		*.ko.xz) xz -dc "$moddir/$m" >"$stage/modules/${m%.xz}" ;;
		*) cp "$moddir/$m" "$stage/modules/$m" ;;
		esac
	done <"$modlist"
	sed 's/\.ko\.xz$/.ko/' "$modlist" >"$stage/modules/order"
fi

if [ -n "${LKST_BENCH:-}" ]; then
	tcc_deb=$(fetch_deb tcc "$LKST_TCC_VERSION")
	tccx=$LKST_BUILD/tcc-$LKST_TCC_VERSION
	if [ ! -x "$tccx/usr/bin/tcc" ]; then
		# unpacked aside first: an interrupted run leaves no half tree
		rm -rf "$tccx" "$tccx.tmp"
		dpkg-deb -x "$tcc_deb" "$tccx.tmp"
		mv "$tccx.tmp" "$tccx"
	fi
	mkdir -p "$stage/usr/bin" "$stage/usr/lib/x86_64-linux-gnu" "$stage/bench/project" "$stage/www"
	cp "$tccx/usr/bin/tcc" "$stage/usr/bin/tcc"
	cp -r "$tccx/usr/lib/x86_64-linux-gnu/tcc" "$stage/usr/lib/x86_64-linux-gnu/"
	for lib in $(ldd "$tccx/usr/bin/tcc" | grep -o '/[^ ]*'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
	project="faults ipc mem net privdrop procs stress timers workload"
	for f in $project; do
		cp "$LKST_TOP/tools/testing/guest/$f.c" "$stage/bench/project/"
	done
	# the system headers the project includes, as tcc finds them
	for f in "$stage"/bench/project/*.c; do
		"$tccx/usr/bin/tcc" -B "$tccx/usr/lib/x86_64-linux-gnu/tcc" -E "$f" |
			sed -n 's/^# [0-9]* "\(\/usr\/include\/[^"]*\)".*/\1/p'
	done | sort -u | while read -r h; do
		mkdir -p "$stage$(dirname "$h")"
		cp "$h" "$stage$h"
	done
	cat >"$stage/bench/build.sh" <<'BUILD'
#!/bin/sh
# one build of the project: every file compiled by tcc
cd /bench/project || exit 1
for f in *.c; do
	/usr/bin/tcc -c "$f" -o "/tmp/${f%.c}.o" || exit 1
done
BUILD
	# a 4 KiB page, as WebBench fetched
	head -c 4096 /dev/zero | tr '\0' 'x' >"$stage/www/index.html"
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
	# every workload with tracing off (or no LKST at all), then with the
	# boot set of events (all but LOCK) recorded, then all of them.
	# lkstbench= is a list: "smoke" runs each a fiftieth as often (make
	# check: does it still work?), "ftrace" compares LKST with ftrace
	# instead.  The web and build workloads need the bench image
	# (LKST_BENCH=1).
	n_getppid=100000 n_pipe=20000 n_msg=50 n_http=200 n_build=3
	case ",${lkstbench:-}," in
	*,smoke,*) n_getppid=2000 n_pipe=400 n_msg=1 n_http=4 n_build=1 ;;
	esac
	workloads="getppid pipe msg"
	if [ -d /bench ]; then
		workloads="$workloads http build"
		ifconfig lo 127.0.0.1 up
		httpd -p 127.0.0.1:8080 -h /www
	fi
	# bench_one TAG WORKLOAD: its BENCH-TAG lines (lkst-bench counts the
	# records of its timed window itself); sed runs after it, not during
	bench_one() {
		eval n=\$n_$2
		case $2 in
		http) lkst-bench http $n 8080 ;;
		build) lkst-bench cmd build $n sh /bench/build.sh ;;
		*) lkst-bench $2 $n ;;
		esac > /tmp/bench.out
		sed "s/^BENCH /BENCH${1:+-$1} /" /tmp/bench.out
	}
	# run_workloads [SET]: every workload, with tracing on for a SET
	run_workloads() {
		for w in $workloads; do
			if [ -n "$1" ]; then
				echo 1 > /sys/kernel/lkst/reset
				echo 1 > /sys/kernel/lkst/tracing
			fi
			bench_one "$1" $w
			[ -z "$1" ] || echo 0 > /sys/kernel/lkst/tracing
		done
	}
	# lttng_record WORKLOAD N: one run recorded by LTTng as a flight
	# recorder, as LKST and ftrace record here: a snapshot session, its
	# buffers in overwrite mode and large enough to keep every event,
	# nothing read while it runs; the same events as theirs (every system
	# call's entry and exit, sched_switch, sched_waking).  Afterwards the
	# snapshot is written out and babeltrace2 counts its events (-1 if
	# it cannot, or if LTTng discarded any).
	lttng_record() {
		rm -rf /tmp/lttng-snapshot
		lttng -q create bench --snapshot --output=/tmp/lttng-snapshot &&
		lttng -q enable-channel -k --overwrite --subbuf-size=2M --num-subbuf=8 ch &&
		lttng -q enable-event -k -c ch --syscall -a &&
		lttng -q enable-event -k -c ch sched_switch,sched_waking &&
		lttng -q start || echo "BENCH-LTTNG-ERROR cannot start a session"
		eval n_$1=$2
		bench_one LTTNG $1
		lttng -q stop
		lttng -q snapshot record
		lttng -q destroy
		babeltrace2 /tmp/lttng-snapshot -c sink.utils.counter 2>&1 |
			awk -v w=$1 -v n=$2 '$2 == "Event" { e = $1 }
				$2 == "Discarded" && $3 == "event" && $1 != 0 { lost = 1 }
				END { print "BENCH-LTTNG " w "-events " n " " (e == "" || lost ? -1 : e) }'
	}
	# bench_lttng WORKLOAD: LTTng's figures, and its events in the timed
	# window: those of a run minus those of an empty run of the same
	# program (its start and exit, the session's own)
	bench_lttng() {
		[ -n "$lttng_started" ] || {
			mkdir -p /var/run /dev/shm
			mount -t tmpfs shm /dev/shm
			export HOME=/tmp PATH=$PATH:/usr/bin
			lttng-sessiond -d -q 2>&1 | grep -v random | head -n 5
			lttng_started=1
		}
		local runs
		eval runs=\$n_$1
		lttng_record $1 0 | grep -e '-events ' -e ERROR
		lttng_record $1 $runs
		eval n_$1=$runs
	}
	lttng_started=
	case ",${lkstbench:-}," in
	*,ftrace,*)
		# per recorded event, LKST against ftrace in one kernel: system
		# call entry and exit, context switches and wakeups, recorded by
		# each in turn (BENCH-NONE, BENCH-LKST, BENCH-FTRACE)
		T=/sys/kernel/tracing
		mount -t tracefs nodev $T
		printf 'maskset ft\nall none\nSYSCALL_ENTRY record\nSYSCALL_EXIT record\nPROCESS_CONTEXTSWITCH record\nPROCESS_WAKEUP record\n' \
			> /sys/kernel/lkst/masksets/define
		for w in getppid pipe; do
			bench_one NONE $w
			lkst maskset switch ft
			echo 1 > /sys/kernel/lkst/reset
			echo 1 > /sys/kernel/lkst/tracing
			bench_one LKST $w
			echo 0 > /sys/kernel/lkst/tracing
			lkst maskset switch default
			echo 0 > $T/tracing_on
			echo > $T/trace
			for e in raw_syscalls/sys_enter raw_syscalls/sys_exit sched/sched_switch sched/sched_waking; do
				echo 1 > $T/events/$e/enable
			done
			echo 1 > $T/tracing_on
			export LKST_BENCH_FTRACE=1	# lkst-bench counts ftrace's events
			bench_one FTRACE $w
			unset LKST_BENCH_FTRACE
			echo 0 > $T/tracing_on
			echo 0 > $T/events/enable
			if [ -x /usr/bin/lttng ]; then
				bench_lttng $w
			fi
		done
		workloads=
		;;
	esac
	run_workloads
	if [ -d /sys/kernel/lkst ] && [ -n "$workloads" ]; then
		run_workloads ON
		lkst enable all
		run_workloads ALL
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
