# description: lkst record -a records the whole system until Ctrl-C (SIGINT) into trace.lkst in the current directory: a workload run meanwhile is in it with its marker lseek and its name, and the tracer is put back
. ../lib.sh
reset_tracer
lkst stop > /dev/null 2>&1
cd /tmp && rm -f trace.lkst
lkst record -a > /dev/null 2> /tmp/sys.err &
rec=$!
wait_for 30 grep -qx 1 $SYS/tracing
check "tracing while lkst record -a runs" 1 "$(cat $SYS/tracing)"
lkst-workload > /tmp/sys.wl 2>&1
wl=$(sed -n 's/^workload pid=\([0-9]*\).*/\1/p' /tmp/sys.wl)
kill -INT $rec
wait $rec
check "lkst record -a exits 0 after Ctrl-C" 0 "$?"
check "tracing is off again" 0 "$(cat $SYS/tracing)"
check "it says where it records" 1 "$(grep -c 'recording to trace.lkst until Ctrl-C' /tmp/sys.err)"
lkst print trace.lkst > /tmp/sys.txt 2>&1
check "trace.lkst in the current directory is complete" 0 "$?"
check_ge "the workload's marker lseek is in it" 1 \
	"$(grep -c "^[0-9.]* \[[0-9]*\] $wl/lkst-workload SYSCALL_ENTRY nr=8(lseek) arg0=0xffffffffffffffff arg1=0x1234567 arg2=0x1$" /tmp/sys.txt)"
rm -f /tmp/trace.lkst /tmp/sys.txt /tmp/sys.err /tmp/sys.wl
done_test
