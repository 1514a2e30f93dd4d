# description: several buffers per CPU: per-process buffers via the buffer handler, each buffer's own mode and counters, create and delete while recording, bad writes
. ../lib.sh
reset_tracer
B=$SYS/buffers
stats_b() { awk -v k="$2" '$1 == k { print $2 }' $B/$1/stats; }
acct_b() { # B: the invariant for buffer B, after a drain
	check "buffer $1: written = read + overwritten + dropped + entries" "$(stats_b $1 written)" \
		"$(($(stats_b $1 read) + $(stats_b $1 overwritten) + $(stats_b $1 dropped) + $(stats_b $1 entries)))"
}
check "only buffer 0 at first" "buffer 0: 16384 records per cpu, overwrite" "$(lkst buffer list | grep '^buffer')"

# bad writes change nothing
echo 100 > $B/1/records 2>/dev/null; check "a size that is not a power of two fails" 1 "$?"
echo 0 > $B/0/records 2>/dev/null; check "buffer 0 cannot be deleted" 1 "$?"
echo 3 > $B/current 2>/dev/null; check "a buffer that does not exist cannot be current" 1 "$?"
check "and nothing changed" "0 16384 0" "$(cat $B/1/records) $(cat $B/0/records) $(cat $B/current | tr ' ' '\n' | sort -u | tr -d '\n')"

# per-process buffer: while the task runs, its CPU writes to buffer 1
lkst buffer create 1 8192 || failed=1
mkfifo /tmp/go
sh -c 'read x < /tmp/go; exec lkst-bench getppid 1000' > /dev/null & pid=$!
printf 'maskset perproc\nall none\nSYSCALL record\nPROCESS_CONTEXTSWITCH buffer 1 arg1=%d\n' $pid > /tmp/perproc.ms
lkst maskset load /tmp/perproc.ms || failed=1
lkst maskset switch perproc
lkst start
echo go > /tmp/go
wait $pid
lkst stop
lkst maskset switch default
lkst record -o /tmp/pp.lkst > /dev/null 2>&1 || failed=1
lkst print -v /tmp/pp.lkst | grep -v '^#' > /tmp/pp.txt
echo "# task $pid: $(grep -c ' buffer=1$' /tmp/pp.txt) records in buffer 1, $(grep -c ' buffer=0$' /tmp/pp.txt) in buffer 0"
check "its 1000 getppid calls all went to buffer 1" 1000 \
	"$(grep " $pid/[^ ]* SYSCALL_ENTRY nr=110(getppid) .* buffer=1$" /tmp/pp.txt | grep -c .)"
check "no other task's system call did" 0 \
	"$(grep ' SYSCALL_.* buffer=1$' /tmp/pp.txt | grep -vc " $pid/")"
check_ge "other tasks' calls went to buffer 0" 1 "$(grep ' SYSCALL_.* buffer=0$' /tmp/pp.txt | grep -vc " $pid/")"
check "the switches are recorded by the buffer handler, under perproc" 0 \
	"$(grep ' PROCESS_CONTEXTSWITCH ' /tmp/pp.txt | grep -vc ' maskset=perproc handler=buffer ')"
acct_b 0
acct_b 1
lkst maskset delete perproc

# each buffer its own mode and counters: buffer 2, 8 records, stop when full
echo 1 > $SYS/reset
lkst buffer create 2 8 || failed=1
lkst buffer mode 2 stop || failed=1
lkst buffer current 2
lkst start
lkst-workload > /dev/null
lkst stop
lkst buffer current 0
check_ge "buffer 2 dropped what did not fit" 1 "$(stats_b 2 dropped)"
check "buffer 2 overwrote nothing" 0 "$(stats_b 2 overwritten)"
check "buffer 2 holds 8 records per CPU at most" 1 "$([ "$(stats_b 2 entries)" -le 16 ] && echo 1)"
lkst record -o /tmp/b2.lkst > /dev/null 2>&1 || failed=1
acct_b 2
check "buffer 0 got nothing meanwhile" 0 "$(stats_b 0 written)"

# create, switch to and delete a buffer while recording
echo 1 > $SYS/reset
lkst start
lkst-bench getppid 50000 > /dev/null & b1=$!
for n in 1 2 3; do
	lkst buffer create 3 64 || failed=1
	lkst buffer current 3 || failed=1
	lkst buffer delete 3 || failed=1
done
wait $b1
check "after the delete every CPU writes to buffer 0" 0 "$(cat $B/current | tr ' ' '\n' | sort -u | tr -d '\n')"
lkst stop
lkst record -o /tmp/cd.lkst > /dev/null 2>&1 || failed=1
check "buffer 3 is gone" "0" "$(cat $B/3/records)"
check_accounting
# buffer 3 was deleted three times while written to: what it held then
# is "discarded", and its counters still add up, per CPU too
s=$B/3/stats
check "buffer 3: written = read + overwritten + dropped + discarded + entries" \
	"$(stat_of $s written)" \
	"$(( $(stat_of $s read) + $(stat_of $s overwritten) + $(stat_of $s dropped) + $(stat_of $s discarded) + $(stat_of $s entries) ))"
check_ge "buffer 3 discarded records when deleted" 1 "$(stat_of $s discarded)"
for s in $B/[0-3]/cpu*_stats; do
	w=$(stat_of $s written)
	sum=$(( $(stat_of $s read) + $(stat_of $s overwritten) + $(stat_of $s dropped) + $(stat_of $s discarded) + $(stat_of $s entries) ))
	[ "$w" = "$sum" ] || { echo "#   FAIL: $s: written $w, accounted $sum"; failed=1; }
done
lkst buffer delete 1; lkst buffer delete 2

# Sizes that do not fit in memory fail with ENOMEM and change nothing; the
# OOM killer never runs (buffers of 4194304 records are 256 MiB per CPU)
ncpus=$(ls -d $SYS/per_cpu/cpu* | wc -l)
avail=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
if [ $((ncpus * 262144)) -gt "$avail" ]; then
	dmesg -c > /dev/null
	err=$(echo 4194304 2>&1 > $B/1/records)
	check "an absurd new buffer fails with ENOMEM" 1 "$(echo "$err" | grep -c 'Cannot allocate memory')"
	check "and does not exist" 0 "$(cat $B/1/records)"
	before=$(cat $SYS/buffer_records)
	err=$(echo 4194304 2>&1 > $SYS/buffer_records)
	check "an absurd size of buffer 0 fails with ENOMEM" 1 "$(echo "$err" | grep -c 'Cannot allocate memory')"
	check "and leaves its size" "$before" "$(cat $SYS/buffer_records)"
	check "the OOM killer did not run" 0 "$(dmesg | grep -c 'invoked oom-killer')"
else
	# (make check-debug gives the guest more memory: every size fits)
	echo "# this guest has ${avail} kB available: no size is absurd, nothing to refuse"
fi
done_test
