# description: lkst record -- CMD gives back CMD's status, reports a signal, and puts the tracer back after a SIGTERM; its loss report and lkst print's [LOST n EVENTS] markers account for every overwritten record; print --wall shows the wall-clock time
. ../lib.sh
reset_tracer
lkst stop > /dev/null 2>&1

lkst record -o /tmp/rc.lkst -- sh -c 'exit 3' > /dev/null 2> /tmp/rc.err
check "a command that exits 3: lkst exits 3" 3 "$?"
check "and says so" 1 "$(grep -c 'exited with status 3' /tmp/rc.err)"
check "the trace is complete" 0 "$(lkst print /tmp/rc.lkst > /dev/null 2>&1; echo $?)"

lkst record -o /tmp/rc.lkst -- sh -c 'kill -USR1 $$' > /dev/null 2> /tmp/rc.err
check "a command killed by SIGUSR1: lkst exits 128 + 10" 138 "$?"
check "and names the signal" 1 "$(grep -c 'killed by signal 10' /tmp/rc.err)"

# SIGTERM to lkst: the command gets it, the trace is finished, and the
# tracer, which lkst started, is stopped again
lkst record -o /tmp/term.lkst -- sleep 100 > /dev/null 2> /tmp/rc.err &
rec=$!
wait_for 30 running sleep
check "tracing while the command runs" 1 "$(cat $SYS/tracing)"
check "sleep runs" 1 "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -cx sleep)"
kill -TERM $rec
wait $rec
check "lkst after SIGTERM exits 128 + 15 (sleep's death)" 143 "$?"
check "tracing is off again" 0 "$(cat $SYS/tracing)"
check "the trace was finished" 0 "$(lkst print /tmp/term.lkst > /dev/null 2>&1; echo $?)"
check "no sleep left behind" 0 "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -cx sleep)"
# losses are reported: a 64-record buffer overwrites while lkst drains
# every 50 ms; what record says equals the kernel's counters (it reset
# them when it started tracing)
echo 64 > $SYS/buffer_records
# a few records first, fewer than the workload makes: record's own reset
# must restart its count from 0, not from these (it subtracted them)
echo 1 > $SYS/reset
echo 1 > $SYS/tracing
cat $SYS/tracing > /dev/null
echo 0 > $SYS/tracing
check_ge "records left in the counters before" 1 "$(stat_of $SYS/stats written)"
lkst record -o /tmp/rc.lkst -- lkst-workload > /dev/null 2> /tmp/rc.err
sum=$(sed -n 's/^lkst: the kernel wrote \([0-9]*\) records meanwhile: \([0-9]*\) overwritten, \([0-9]*\) dropped$/\1 \2 \3/p' /tmp/rc.err)
check "record reports what the kernel wrote, overwrote and dropped" \
	"$(stat_of $SYS/stats written) $(stat_of $SYS/stats overwritten) $(stat_of $SYS/stats dropped)" "$sum"
check_ge "some records were overwritten in a 64-record buffer" 1 "$(echo "$sum" | cut -d' ' -f2)"
check_ge "and the CPUs that lost them are named" 1 "$(grep -c '^lkst: cpu [0-9]*: [0-9]* records overwritten' /tmp/rc.err)"
# and lkst print shows where: "[LOST n EVENTS ...]" for each gap between
# drains; with the records lost before each buffer's first one (its
# sequence number: reset started them at 0), they are what was overwritten.
# (The first record printed may follow up to 3 continuation records of a
# string, which print does not show: the sum may exceed by that much.)
lkst print -s /tmp/rc.lkst > /tmp/rc.txt
gaps=$(sed -n 's/^\[LOST \([0-9]*\) EVENTS on cpu [0-9]* buffer [0-9]*\]$/\1/p' /tmp/rc.txt |
	awk '{ s += $1 } END { print s + 0 }')
first=$(grep -v '^#' /tmp/rc.txt | grep -v '^\[LOST' | awk '{
	split($1, a, ":"); k = a[1] ":" a[2]
	if (!(k in min) || a[3] + 0 < min[k]) min[k] = a[3] + 0
} END { s = 0; n = 0; for (k in min) { s += min[k]; n++ } print s, n }')
firsts=${first% *}
buffers=${first#* }
over=$(echo "$sum" | cut -d' ' -f2)
echo "# gaps marked by print: $gaps; before the first records: $firsts (in $buffers buffers); overwritten: $over"
grep -m 1 -B 1 -A 1 '^\[LOST' /tmp/rc.txt | sed 's/^/#     /'
check_ge "print's [LOST n EVENTS] and the first sequence numbers account for every overwritten record" \
	"$over" "$((gaps + firsts))"
check_ge "and for no more (3 continuation records per buffer at most)" \
	"$((gaps + firsts))" "$((over + 3 * buffers))"
echo 16384 > $SYS/buffer_records

# wall-clock time: the trace holds CLOCK_REALTIME - CLOCK_MONOTONIC, and
# print --wall shows a time within the recording (the guest's TZ is UTC)
t0=$(date +%s)
lkst record -o /tmp/wall.lkst -- sh -c 'exit 0' > /dev/null 2>&1
t1=$(date +%s)
first=$(lkst print --wall /tmp/wall.lkst | grep -v '^#' | grep -v '^\[LOST' | head -n 1)
echo "# $first"
ws=$(date -u -d "$(echo "$first" | cut -d' ' -f1,2 | cut -d. -f1)" +%s 2>/dev/null)
check_ge "print --wall: the first record is not before the recording started" "$t0" "$ws"
check_ge "nor after it ended" "${ws:-0}" "$t1"
check "print --wall keeps the rest of the line" \
	"$(lkst print /tmp/wall.lkst | grep -v '^#' | grep -v '^\[LOST' | head -n 1 | cut -d' ' -f2-)" \
	"$(echo "$first" | cut -d' ' -f3-)"

# record -e: only the events named, through a mask set of its own that is
# current while recording; the set current before is put back after
before=$(cat $SYS/masksets/current)
lkst record -e SYSCALL_ENTRY -e PROCESS -o /tmp/e.lkst -- lkst-workload > /tmp/e.out 2>/dev/null
check "record -e: the command's status" 0 "$?"
lkst print /tmp/e.lkst | grep -v '^#' | grep -v '^\[LOST' > /tmp/e.txt
pid=$(sed -n 's/^workload pid=\([0-9]*\) .*/\1/p' /tmp/e.out)
check_ge "record -e SYSCALL_ENTRY: the workload's getppid entries are in" 10 \
	"$(grep -c " $pid/[^ ]* SYSCALL_ENTRY nr=110(getppid) " /tmp/e.txt)"
check_ge "record -e PROCESS: its fork is in" 1 "$(grep -c " $pid/[^ ]* PROCESS_LTHREADGEN " /tmp/e.txt)"
check "and nothing else: no exit, interrupt or memory record" 0 \
	"$(awk '$4 != "SYSCALL_ENTRY" && $4 !~ /^PROCESS_/' /tmp/e.txt | grep -c .)"
check "the set current before is current again" "$before" "$(cat $SYS/masksets/current)"
check "no record-PID set is left" 0 "$(lkst maskset list | grep -c '^record-')"
lkst record -e NO_SUCH_EVENT -o /tmp/e2.lkst -- true 2> /dev/null
check "record -e with a typo: a usage error" 2 "$?"
check "which changes nothing" "$before" "$(cat $SYS/masksets/current)"
# found by review: names in any case, as lkst enable takes them (the
# kernel's parser wants the table's spelling, which record now writes)
lkst record -e process -e syscall_entry -o /tmp/e2.lkst -- lkst-workload > /dev/null 2>&1
check "record -e in lower case: the command's status" 0 "$?"
check_ge "and its events recorded" 1 "$(lkst print /tmp/e2.lkst | grep -c ' PROCESS_LTHREADGEN ')"
# found by review: when the set current before is deleted meanwhile, the
# end of the recording makes default current, not leave record-PID so
printf 'maskset gone\nall record\n' > $SYS/masksets/define
echo gone > $SYS/masksets/current
lkst record -e SYSCALL_ENTRY -a -o /tmp/e3.lkst > /dev/null 2>&1 & rp=$!
tries=100
while [ "$(cat $SYS/masksets/current)" = gone ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
lkst maskset delete gone
kill -INT $rp
wait $rp
check "the set before record -e deleted meanwhile: default is current after it" default \
	"$(cat $SYS/masksets/current)"
check "and no record-PID set is left" 0 "$(lkst maskset list | grep -c '^record-')"
rm -f /tmp/rc.lkst /tmp/term.lkst /tmp/rc.err /tmp/rc.txt /tmp/wall.lkst /tmp/e.lkst /tmp/e.txt /tmp/e.out /tmp/e2.lkst /tmp/e3.lkst
done_test
