# description: lkst record -- CMD gives back CMD's status, reports a signal, and puts the tracer back after a SIGTERM
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
sleep 1
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
lkst record -o /tmp/rc.lkst -- lkst-workload > /dev/null 2> /tmp/rc.err
sum=$(sed -n 's/^lkst: the kernel wrote \([0-9]*\) records meanwhile: \([0-9]*\) overwritten, \([0-9]*\) dropped$/\1 \2 \3/p' /tmp/rc.err)
check "record reports what the kernel wrote, overwrote and dropped" \
	"$(stat_of $SYS/stats written) $(stat_of $SYS/stats overwritten) $(stat_of $SYS/stats dropped)" "$sum"
check_ge "some records were overwritten in a 64-record buffer" 1 "$(echo "$sum" | cut -d' ' -f2)"
check_ge "and the CPUs that lost them are named" 1 "$(grep -c '^lkst: cpu [0-9]*: [0-9]* records overwritten' /tmp/rc.err)"
echo 16384 > $SYS/buffer_records
rm -f /tmp/rc.lkst /tmp/term.lkst /tmp/rc.err
done_test
