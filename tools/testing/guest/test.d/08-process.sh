# description: fork, thread creation, exec, a signal between two processes and exit are recorded with their arguments; print -l shows a thread in its parent's thread group
. ../lib.sh
reset_tracer
lkst record -o /tmp/procs.lkst -- lkst-procs > /tmp/procs.out || failed=1
lkst print /tmp/procs.lkst > /tmp/procs.txt || failed=1
eval "$(sed -n 's/^procs \(pid=[0-9]*\) \(fork=[0-9]*\) \(thread=[0-9]*\) \(exec=[0-9]*\)$/\1 \2 \3 \4/p' /tmp/procs.out)"
echo "# procs pid=$pid fork=$fork thread=$thread exec=$exec"
count() { grep -c -- "$1" /tmp/procs.txt; }
check "fork: a new process in its own thread group" 1 \
	"$(count " $pid/lkst-procs PROCESS_LTHREADGEN pid=$fork/[^ ]* tgid=$fork flags=")"
tflags=$(sed -n "s|.* $pid/lkst-procs PROCESS_LTHREADGEN pid=$thread/[^ ]* tgid=$pid flags=\(0x[0-9a-f]*\)$|\1|p" /tmp/procs.txt)
check "thread: a new thread in the parent's thread group, CLONE_THREAD set" 65536 \
	"$(( ${tflags:-0} & 0x10000 ))"
check "signal: the child sends SIGUSR1 to the parent's group, delivered" 1 \
	"$(count " $fork/[^ ]* PROCESS_SIGSEND sig=10 pid=$pid/lkst-procs result=0 group=1$")"
check "exit: the child exits with status 7" 1 \
	"$(count " $fork/[^ ]* PROCESS_EXIT code=0x700 group_dead=1$")"
check "exec: the third child runs true with 3 arguments" 1 \
	"$(count " $exec/[^ ]* PROCESS_EXEC old_pid=$exec argc=3 filename=\"/bin/true\"$")"
# print -l: the thread group of each record (field 4; field 5 is pid/comm)
lkst print -l /tmp/procs.lkst > /tmp/procs-l.txt || failed=1
check_ge "print -l: the thread's own records carry the parent's thread group" 1 \
	"$(awk -v t="$thread" -v p="$pid" 'index($5, t "/") == 1 && $4 == p' /tmp/procs-l.txt | grep -c .)"
check "print -l: and none another" 0 \
	"$(awk -v t="$thread" -v p="$pid" 'index($5, t "/") == 1 && $4 != p' /tmp/procs-l.txt | grep -c .)"
check_ge "print -l: the forked child's records carry its own" 1 \
	"$(awk -v f="$fork" 'index($5, f "/") == 1 && $4 == f' /tmp/procs-l.txt | grep -c .)"
grep -E "PROCESS_(LTHREADGEN|SIGSEND|EXEC|EXIT)" /tmp/procs.txt | grep -E " ($pid|$fork|$exec)/" | sed 's/^/#     /'
done_test
