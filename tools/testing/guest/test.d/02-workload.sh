# description: a recorded workload shows its syscalls with their arguments, the wakeup of its sleeping child and context switches naming it
. ../lib.sh
reset_tracer
out=/tmp/workload.lkst
lkst record -o $out -- lkst-workload > /tmp/workload.out || failed=1
lkst print $out > /tmp/workload.txt || failed=1
pid=$(sed -n 's/^workload pid=\([0-9]*\) child=.*/\1/p' /tmp/workload.out)
child=$(sed -n 's/^workload pid=[0-9]* child=\([0-9]*\)$/\1/p' /tmp/workload.out)
echo "# workload pid=$pid child=$child, $(grep -vc '^#' /tmp/workload.txt) records"
check "tracing stopped again after record" 0 "$(cat $SYS/tracing)"

check_ge "getppid entries by the workload" 10 \
	"$(grep -c " $pid/lkst-workload SYSCALL_ENTRY nr=110(getppid) " /tmp/workload.txt)"
check "lseek entry with its arguments" 1 \
	"$(grep -c " $pid/lkst-workload SYSCALL_ENTRY nr=8(lseek) arg0=0xffffffffffffffff arg1=0x1234567 arg2=0x1$" /tmp/workload.txt)"
check "lseek exit returns -EBADF" 1 \
	"$(grep -c " $pid/lkst-workload SYSCALL_EXIT nr=8(lseek) ret=-9$" /tmp/workload.txt)"
# the child's own return from fork (glibc's fork() is clone), 0, which the
# system call path never sees (schedule_tail records it)
check "the child's return from clone, 0, is its first system call record" \
	"SYSCALL_EXIT nr=56(clone) ret=0" \
	"$(grep " $child/[^ ]* SYSCALL_" /tmp/workload.txt | head -n 1 | cut -d' ' -f4-)"
check "the parent's return from clone is the child's pid" 1 \
	"$(grep -c " $pid/lkst-workload SYSCALL_EXIT nr=56(clone) ret=$child$" /tmp/workload.txt)"
check "the workload wakes its child from interruptible sleep" 1 \
	"$(grep " $pid/lkst-workload PROCESS_WAKEUP pid=$child/[^ ]* state=0x1 prio=120$" /tmp/workload.txt | head -n 1 | grep -c .)"
check "the child blocks (prev_state 0x1)" 1 \
	"$(grep "PROCESS_CONTEXTSWITCH prev_pid=$child/[^ ]* next_pid=[0-9]*/[^ ]* prev_state=0x1 " /tmp/workload.txt | head -n 1 | grep -c .)"
check "the child is switched in" 1 \
	"$(grep "PROCESS_CONTEXTSWITCH prev_pid=[0-9]*/[^ ]* next_pid=$child/" /tmp/workload.txt | head -n 1 | grep -c .)"
check_accounting
grep -E " $pid/| $child/" /tmp/workload.txt | grep -v INT_HARDWARE | head -n 12 | sed 's/^/#     /'
done_test
