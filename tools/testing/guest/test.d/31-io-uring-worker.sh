# description: an io_uring worker thread, cloned from a user thread but never returning to user space, records no system call return at its start (a forked child's SYSCALL_EXIT is for user tasks only)
. ../lib.sh
reset_tracer
lkst record -o /tmp/iou.lkst -- lkst-iouring > /tmp/iou.out || failed=1
cat /tmp/iou.out | sed 's/^/#     /'
pid=$(sed -n 's/^iouring pid=\([0-9]*\) res=0 data=42$/\1/p' /tmp/iou.out)
check "the NOP completed through the ring" 1 "$([ -n "$pid" ] && echo 1)"
# print -l: field 4 is the thread group, field 5 PID/COMM
lkst print -l /tmp/iou.lkst > /tmp/iou.txt || failed=1
awk -v p="${pid:-none}" '$4 == p && index($5, p "/") != 1' /tmp/iou.txt > /tmp/iou-worker.txt
sed -n '1,3s/^/#     worker: /p' /tmp/iou-worker.txt
check_ge "the worker thread (its thread group, another pid) has records" 1 \
	"$(grep -c . /tmp/iou-worker.txt)"
check "none of them is a SYSCALL_EXIT" 0 "$(grep -c ' SYSCALL_EXIT ' /tmp/iou-worker.txt)"
check "the process's own io_uring_enter returns, once" 1 \
	"$(grep -c " ${pid:-none}/[^ ]* SYSCALL_EXIT nr=426(io_uring_enter) ret=1$" /tmp/iou.txt)"
rm -f /tmp/iou.lkst
check_accounting
done_test
