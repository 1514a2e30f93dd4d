# description: stress: every event on under mixed load while lkst record drains and a loop switches mask sets (trigger, stack, count, a module's handler), edits events and categories, creates, resizes and deletes buffers, switches the current buffer, loads and unloads a handler module and takes CPU 1 off and on line; then every record is accounted for per CPU and per buffer, and no record is torn
. ../lib.sh
# lkst_stress=T on the kernel command line: T seconds (default 45)
T=$(sed -n 's/.*lkst_stress=\([0-9]*\).*/\1/p' /proc/cmdline)
T=${T:-45}
D=$SYS/masksets/define
B=$SYS/buffers
CPU1=/sys/devices/system/cpu/cpu1/online
W=/tmp/stress
rm -rf $W; mkdir -p $W
t0=$(date +%s)
reset_tracer
ip link set lo up 2>/dev/null
dmesg > $W/dmesg.before
if [ ! -w $CPU1 ]; then
	echo "#   FAIL: no $CPU1: this kernel cannot take CPU 1 off line (CONFIG_HOTPLUG_CPU)"
	failed=1
fi

# the mask sets the loop switches between: a trigger, stack, count
printf 'maskset st_all\nall record\n' > $D || failed=1
printf 'maskset st_sys\nall none\nSYSCALL record\nPROCESS stack 4\nFS record\n' > $D || failed=1
printf 'maskset st_cnt\nall count\nSYSCALL record\nSYSCALL_EXIT trigger st_all arg0=0x27\n' > $D || failed=1
lkst enable all		# the locks too, in default
lkst maskset switch st_all
lkst start

# The drain: lkst record in segments of at most 10 s; a checker prints
# each finished segment (lkst print | lkst-stress check) and deletes it.
# When memory runs low (under 160 MiB available), the drain waits for the
# checker to catch up, so that a long run needs room for a few segments
# only.  Tracing stays on until the last segment is done: "lkst record --
# CMD" would empty the buffers if it found tracing off.
avail_mb() { awk '$1 == "MemAvailable:" { print int($2 / 1024) }' /proc/meminfo; }
drainer() {
	k=0
	while [ ! -e $W/stop ]; do
		if [ "$(avail_mb)" -lt 160 ] && [ -n "$(ls $W/*.done 2>/dev/null)" ]; then
			sleep 1
			continue
		fi
		k=$((k + 1))
		if [ "$(cat $SYS/tracing)" != 1 ]; then
			echo "tracing went off during the run" >> $W/errors
			break
		fi
		lkst record -o $W/seg$k.lkst -- sh -c \
			"i=0; while [ \$i -lt 10 ] && [ ! -e $W/stop ]; do sleep 1; i=\$((i + 1)); done" \
			> $W/rec.out 2>&1 || echo "lkst record, segment $k: $(tail -n 1 $W/rec.out)" >> $W/errors
		: > $W/seg$k.done
	done
	echo $k > $W/segments
	echo "$(avail_mb) MiB available at the end of the drain" > $W/memory
	: > $W/drained
}
checker() {
	k=1
	while :; do
		if [ -e $W/seg$k.done ]; then
			check_segment $W/seg$k.lkst
			rm -f $W/seg$k.done
			k=$((k + 1))
		elif [ -e $W/drained ]; then
			[ -e $W/seg$k.done ] || break
		else
			sleep 1
		fi
	done
}
check_segment() { # FILE: "RECORDS PATTERN TORN" into $W/counts
	lkst print -v "$1" 2>> $W/print.err | lkst-stress check >> $W/counts 2>> $W/torn
	rm -f "$1"
}

# the load: fork and exec, pipes, files, loopback network, timers, and
# the pattern whose records are checked for tearing (one per CPU)
end=$(( $(date +%s) + T ))
lkst-stress pattern "$T" > $W/pattern0.out & loads=$!
lkst-stress pattern "$T" > $W/pattern1.out & loads="$loads $!"
( while [ "$(date +%s)" -lt $end ]; do /bin/true; lkst-bench pipe 200 > /dev/null; done ) & loads="$loads $!"
( while [ "$(date +%s)" -lt $end ]; do
	dd if=/dev/zero of=/tmp/stress.f bs=4k count=8 2>/dev/null
	cat /tmp/stress.f > /dev/null; rm -f /tmp/stress.f
	lkst-timers > /dev/null 2>&1
  done ) & loads="$loads $!"
( while [ "$(date +%s)" -lt $end ]; do lkst-net > /dev/null 2>&1; done ) & loads="$loads $!"
drainer & drain=$!
checker & checking=$!

# the control loop
switches=0 hotplugs=0 modules=0 resizes=0 i=0
switch() { echo $1 > $SYS/masksets/current && switches=$((switches + 1)); }
resize() { echo $2 > $B/$1/records && resizes=$((resizes + 1)); }
# (three rounds at least, whatever T, for the counts checked below: the
# first loads and unloads the module, the second takes CPU 1 off line;
# a 20 s run on the busy debug kernel made 2 or 3 rounds, and the module
# came every 4th)
while [ "$(date +%s)" -lt $end ] || [ $i -lt 3 ]; do
	i=$((i + 1))
	for s in st_sys st_cnt default st_all; do switch $s; done
	# edits race with the trigger: EBUSY is a correct answer
	echo $((i % 2)) > $SYS/events/TIMER_ADD 2>/dev/null
	echo $(((i + 1) % 2)) > $SYS/categories/NET 2>/dev/null
	printf 'maskset st_cnt\nall count\nSYSCALL record\nSYSCALL_EXIT trigger st_all arg0=0x%x\n' \
		$((0x20 + i % 16)) > $D || failed=1
	# buffers 1 and 2: created, resized, switched to, deleted
	resize 1 $((8 << (i % 4)))
	[ $((i % 3)) = 0 ] && echo $((i % 2)) > $B/1/overwrite
	echo 1 > $B/current
	resize 2 64
	echo 2 > $B/current
	resize 2 32
	[ $((i % 2)) = 0 ] && echo 1 > $B/current
	resize 2 0
	[ $((i % 5)) = 0 ] && resize 1 0
	echo 0 > $B/current
	# the sample module, its handler named by a set while it is loaded
	if [ $((i % 4)) = 1 ] && insmod /lib/lkst/lkst_sample_handler.ko; then
		printf 'maskset st_mod\nall none\nSYSCALL_ENTRY sample_site\nPROCESS record\n' > $D &&
			switch st_mod
		lkst-bench getppid 200 > /dev/null
		rmmod lkst_sample_handler && modules=$((modules + 1))
		switch st_all
		lkst maskset delete st_mod
	fi
	if [ $((i % 3)) = 2 ] && [ -w $CPU1 ]; then
		echo 0 > $CPU1 && echo 1 > $CPU1 && hotplugs=$((hotplugs + 1))
	fi
done
[ -w $CPU1 ] && [ "$(cat $CPU1)" != 1 ] && echo 1 > $CPU1
wait $loads
: > $W/stop
wait $drain
lkst stop
lkst record -o $W/last.lkst > $W/rec.out 2>&1 || echo "lkst record, last drain: $(tail -n 1 $W/rec.out)" >> $W/errors
wait $checking
check_segment $W/last.lkst
switch default > /dev/null

# (a) every record accounted for, per CPU and per buffer, and the sums
get() { # FILE: "W R O D X E"
	echo $(stat_of $1 written) $(stat_of $1 read) $(stat_of $1 overwritten) \
		$(stat_of $1 dropped) $(stat_of $1 discarded) $(stat_of $1 entries)
}
add() { # "W R O D X E" "W R O D X E"
	echo "$1 $2" | awk '{ print $1 + $7, $2 + $8, $3 + $9, $4 + $10, $5 + $11, $6 + $12 }'
}
read_total=0
for b in 0 1 2 3; do
	[ -d $B/$b ] || continue
	sum="0 0 0 0 0 0"
	for s in $B/$b/cpu*_stats; do
		[ -e "$s" ] || { echo "#   FAIL: no $B/$b/cpuM_stats"; failed=1; break; }
		c=${s##*/}; c=${c%_stats}
		set -- $(get $s)
		sum=$(add "$sum" "$*")
		[ "$1" = 0 ] && continue
		echo "# $c buf$b: written $1 = read $2 + overwritten $3 + dropped $4 + discarded $5 + entries $6"
		[ "$1" = "$(($2 + $3 + $4 + $5 + $6))" ] || { echo "#   FAIL: $s does not add up"; failed=1; }
		[ "$6" = 0 ] || { echo "#   FAIL: $s: $6 entries left after the drain"; failed=1; }
		[ $b = 0 ] && check "per_cpu/$c/stats = buffers/0/${c}_stats" "$*" "$(get $SYS/per_cpu/$c/stats)"
		read_total=$((read_total + $2))
	done
	check "buffers/$b/stats = the sum of its cpuM_stats" "$sum" "$(get $B/$b/stats)"
done
check "stats = buffers/0/stats" "$(get $B/0/stats)" "$(get $SYS/stats)"
# (b) every record read is in the trace, and none is torn
set -- $(awk '{ r += $1; n += $2; t += $3 } END { print r + 0, n + 0, t + 0 }' $W/counts)
check "records in the trace segments = records read (all buffers)" "$read_total" "$1"
check_ge "pattern records in the trace" 1000 "$2"
check "pattern records that break their relation (torn)" 0 "$3"
head -n 3 $W/torn 2>/dev/null | sed 's/^/#   /'
check "lkst print reads every segment" "" "$(sort -u $W/print.err 2>/dev/null | head -n 3)"
check "lkst record and the drain did not fail" "" "$(cat $W/errors 2>/dev/null)"
[ -n "$(cat $W/pattern0.out)" ] || { echo "#   FAIL: the pattern workload did not finish"; failed=1; }
# (c) the kernel found nothing wrong with itself
dmesg | grep -vxFf $W/dmesg.before |
	grep -E 'BUG:|WARNING:|Call Trace|KASAN|UBSAN|KCSAN|lockdep|RCU|rcu_.*stall|hung_task|general protection|Oops|invoked oom-killer' > $W/splats
check "no splat in dmesg" 0 "$(grep -c . $W/splats)"
head -n 5 $W/splats | sed 's/^/#   /'
check_ge "mask set switches" 10 "$switches"
check_ge "CPU 1 hotplug cycles" 1 "$hotplugs"
check_ge "module load/unload cycles" 1 "$modules"
check_ge "buffer resizes" 10 "$resizes"
# (d) the summary
echo "# stress: $T s, $read_total records, $switches mask set switches, $hotplugs hotplug cycles, $modules module load/unload cycles, $resizes buffer resizes"
echo "# stress: $(cat $W/segments) segments and a last drain, $2 pattern records checked of $(cat $W/pattern0.out $W/pattern1.out | awk '{ n += $2 } END { print n + 0 }') calls, $(cat $W/memory), $(( $(date +%s) - t0 )) s of wall time"
resize 1 0; resize 2 0
for s in st_cnt st_sys st_all; do lkst maskset delete $s; done
rm -rf $W
reset_tracer
done_test
