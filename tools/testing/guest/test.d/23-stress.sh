# description: stress: every event on under mixed load while lkst record drains and a loop switches mask sets, edits events, resizes and deletes buffers, changes triggers, loads and unloads a handler module and takes CPU 1 off and on line; then every record is accounted for per CPU and per buffer, and no record is torn
. ../lib.sh
T=$(sed -n 's/.*lkst_stress=\([0-9]*\).*/\1/p' /proc/cmdline)
T=${T:-45}
D=$SYS/masksets/define
CPU1=/sys/devices/system/cpu/cpu1/online
reset_tracer
ip link set lo up 2>/dev/null
dmesg > /tmp/dmesg.before
[ -w $CPU1 ] || { echo "#   FAIL: no $CPU1: the kernel lacks CPU hotplug"; failed=1; }

printf 'maskset st_all\nall record\n' > $D || failed=1
printf 'maskset st_sys\nall none\nSYSCALL record\nPROCESS stack 4\nFS record\n' > $D || failed=1
printf 'maskset st_cnt\nall count\nSYSCALL record\nSYSCALL_EXIT trigger st_all arg0=0x27\n' > $D || failed=1
lkst maskset switch st_all
lkst start

# the load: fork and exec, pipes, files, loopback network, timers, and
# the pattern whose records are checked for tearing
end=$(( $(date +%s) + T ))
lkst-stress pattern "$T" > /tmp/pattern.out & loads=$!
( while [ "$(date +%s)" -lt $end ]; do /bin/true; lkst-bench pipe 200 > /dev/null; done ) & loads="$loads $!"
( while [ "$(date +%s)" -lt $end ]; do
	dd if=/dev/zero of=/tmp/stress.f bs=4k count=8 2>/dev/null
	cat /tmp/stress.f > /dev/null; rm -f /tmp/stress.f
	lkst-timers > /dev/null 2>&1
  done ) & loads="$loads $!"
( while [ "$(date +%s)" -lt $end ]; do lkst-net > /dev/null 2>&1; done ) & loads="$loads $!"
lkst record -o /tmp/stress.lkst -- sleep $((T + 2)) > /tmp/record.out 2>&1 & rec=$!

switches=0 hotplugs=0 modules=0 resizes=0 i=0
while [ "$(date +%s)" -lt $end ]; do
	i=$((i + 1))
	for s in st_sys st_cnt st_all default; do
		echo $s > $SYS/masksets/current && switches=$((switches + 1))
	done
	lkst maskset switch st_all
	# edits race with the trigger: EBUSY is a correct answer
	echo $((i % 2)) > $SYS/events/TIMER_ADD 2>/dev/null
	echo $(((i + 1) % 2)) > $SYS/categories/NET 2>/dev/null
	printf 'maskset st_cnt\nall count\nSYSCALL record\nSYSCALL_EXIT trigger st_all arg0=0x%x\n' \
		$((0x20 + i % 16)) > $D || failed=1
	echo $((8 << (i % 4))) > $SYS/buffers/1/records && resizes=$((resizes + 1))
	echo 1 > $SYS/buffers/current
	echo 64 > $SYS/buffers/2/records && resizes=$((resizes + 1))
	echo 0 > $SYS/buffers/2/records && resizes=$((resizes + 1))
	echo 0 > $SYS/buffers/current
	if [ $((i % 4)) = 0 ] && insmod /lib/lkst/lkst_sample_handler.ko; then
		printf 'maskset st_mod\nall none\nSYSCALL_ENTRY sample_site\nPROCESS record\n' > $D &&
			echo st_mod > $SYS/masksets/current && switches=$((switches + 1))
		lkst-bench getppid 200 > /dev/null
		rmmod lkst_sample_handler && modules=$((modules + 1))
		echo st_all > $SYS/masksets/current
		lkst maskset delete st_mod
	fi
	if [ $((i % 3)) = 0 ] && [ -w $CPU1 ]; then
		echo 0 > $CPU1 && echo 1 > $CPU1 && hotplugs=$((hotplugs + 1))
	fi
done
wait $loads
lkst stop
wait $rec || failed=1
echo 0 > $SYS/buffers/1/records
echo default > $SYS/masksets/current
cat /tmp/record.out | tail -n 1

# every record accounted for, per CPU and per buffer (entries 0: drained)
records=0
for s in $SYS/buffers/[0-3]/cpu*_stats; do
	w=$(stat_of $s written); r=$(stat_of $s read); o=$(stat_of $s overwritten)
	d=$(stat_of $s dropped); x=$(stat_of $s discarded); e=$(stat_of $s entries)
	b=${s%/*}; b=${b##*/}; c=${s##*/}; c=${c%_stats}
	[ "$w" = 0 ] && continue
	echo "# $c buf$b: written $w = read $r + overwritten $o + dropped $d + discarded $x + entries $e"
	[ "$w" = "$((r + o + d + x + e))" ] || { echo "#   FAIL: $s does not add up"; failed=1; }
	[ "$e" = 0 ] || { echo "#   FAIL: $s: $e entries left after the drain"; failed=1; }
	records=$((records + r))
done

# no torn record: each pattern record carries the same number twice.  One
# streaming pass: a long run's trace does not fit in the guest twice.
# (the sample module's handler records the hook site in arg2: not ours)
lkst print -v /tmp/stress.lkst 2> /tmp/print.err |
	awk '/ SYSCALL_ENTRY nr=8\(lseek\) arg0=0xffffffff arg1=0x5a/ {
		a = b = h = ""
		for (i = 1; i <= NF; i++) { if ($i ~ /^arg1=/) a = substr($i, 6); if ($i ~ /^arg2=/) b = substr($i, 6)
					    if ($i ~ /^handler=/) h = substr($i, 9) + 0 }
		if (h >= 8)
			next
		n++
		if (a != b) { torn++; if (torn < 4) print "# torn: " $0 > "/dev/stderr" }
	} END { print n + 0, torn + 0 }' > /tmp/pattern.counts
check_ge "pattern records in the trace" 1000 "$(cut -d' ' -f1 /tmp/pattern.counts)"
check "pattern records whose two copies differ (torn)" 0 "$(cut -d' ' -f2 /tmp/pattern.counts)"
check "lkst print reads the whole trace" "" "$(cat /tmp/print.err)"
rm -f /tmp/stress.lkst

# the kernel found nothing wrong with itself
dmesg | grep -vxFf /tmp/dmesg.before | grep -E 'BUG:|WARNING:|KASAN|UBSAN|KCSAN|lockdep|suspicious RCU|Call Trace' > /tmp/splats
check "no splat in dmesg" 0 "$(grep -c . /tmp/splats)"
head -n 5 /tmp/splats
check_ge "mask set switches" 10 "$switches"
check_ge "CPU 1 hotplug cycles" 1 "$hotplugs"
check_ge "module load/unload cycles" 1 "$modules"
echo "# stress: $T s, $records records read, $switches mask set switches, $hotplugs hotplug cycles, $modules module load/unload cycles, $resizes buffer resizes, $(cat /tmp/pattern.out)"
for s in st_cnt st_sys st_all; do lkst maskset delete $s; done
reset_tracer
done_test
