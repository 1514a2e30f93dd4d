# description: the built-in handlers count, filter, stack, trigger (with an argument condition) and freeze do exactly what they say
. ../lib.sh
reset_tracer
define() { printf "$1" > $SYS/masksets/define || failed=1; }
# handler ids in "lkst print -v": none 0, record 1, stack 2, count 3, filter 4, trigger 5, freeze 6

# count: counters move, nothing is written
define 'maskset cnt\nall none\nSYSCALL_ENTRY count\n'
lkst maskset switch cnt
lkst start
lkst-workload > /tmp/w.out
lkst stop
check "count writes no record" 0 "$(stat_of $SYS/stats written)"
check_ge "count counted the workload's system calls" 14 "$(awk '$1 == "SYSCALL_ENTRY" { print $2 }' $SYS/counts)"
check "counts has one line per event, the total" "SYSCALL_ENTRY" "$(awk '{ print $1 }' $SYS/counts)"
check "the per-CPU counts add up to it" "$(awk '{ print $2 }' $SYS/counts)" \
	"$(cat $SYS/per_cpu/cpu*/counts | awk '$1 == "SYSCALL_ENTRY" { n += $2 } END { print n }')"
lkst maskset switch default

# filter: only the named task's records
echo 1 > $SYS/reset
define 'maskset flt\nall none\nSYSCALL_ENTRY filter comm=lkst-workload\n'
lkst maskset switch flt
lkst record -o /tmp/flt.lkst -- lkst-workload > /tmp/w.out || failed=1
lkst maskset switch default
lkst print /tmp/flt.lkst | grep -v '^#' > /tmp/flt.txt
pid=$(sed -n 's/^workload pid=\([0-9]*\) .*/\1/p' /tmp/w.out)
check_ge "filter recorded the workload" 14 "$(grep -c " $pid/lkst-workload SYSCALL_ENTRY " /tmp/flt.txt)"
# the workload's short-lived child has its comm too, under another pid
check "and nothing else (lkst record's own calls neither)" 0 "$(grep -vc "/lkst-workload SYSCALL_ENTRY \| [0-9]*/? SYSCALL_ENTRY " /tmp/flt.txt)"

# filter pid= and tgid=: a task whose pid is known before it runs
for kind in pid tgid; do
	echo 1 > $SYS/reset
	rm -f /tmp/go /tmp/ready; mkfifo /tmp/go
	# the shell calls getppid() itself when it starts: let it finish
	# starting before the filter counts its pid's calls
	sh -c 'echo > /tmp/ready; read x < /tmp/go; exec lkst-bench getppid 500' > /dev/null & fp=$!
	while [ ! -e /tmp/ready ]; do sleep 0.1; done
	define "maskset f$kind\nall none\nSYSCALL_ENTRY filter $kind=$fp\n"
	lkst maskset switch f$kind
	lkst start
	echo go > /tmp/go
	wait $fp
	lkst stop
	lkst maskset switch default
	lkst record -o /tmp/f$kind.lkst > /dev/null 2>&1 || failed=1
	lkst print /tmp/f$kind.lkst | grep -v '^#' > /tmp/f$kind.txt
	check "filter $kind=$fp: its 500 getppid calls" 500 "$(grep -c " $fp/[^ ]* SYSCALL_ENTRY nr=110(getppid) " /tmp/f$kind.txt)"
	check "filter $kind=$fp: no other task's records" 0 "$(grep -vc " $fp/" /tmp/f$kind.txt)"
	lkst maskset delete f$kind
done

# stack: return addresses, the first ones in do_syscall_64's caller chain
echo 1 > $SYS/reset
define 'maskset stk\nall none\nSYSCALL_ENTRY stack 6\n'
lkst maskset switch stk
lkst record -o /tmp/stk.lkst -- lkst-workload > /tmp/w.out || failed=1
lkst maskset switch default
lkst print -v /tmp/stk.lkst | grep ' nr=110(getppid) ' | head -n 1 > /tmp/stk.txt
echo "# $(cat /tmp/stk.txt)"
# return addresses print as symbols (lkst record saved them from kallsyms);
# the stack starts at the hook's function, none of the tracer's frames
# above it (found by review: a new tracer frame shifted it by one)
check "a getppid entry carries a stack that starts at do_syscall_64" 1 \
	"$(grep -c ' stack=do_syscall_64+0x[0-9a-f]*/0x[0-9a-f]*[, ]' /tmp/stk.txt)"
check "written by the stack handler" 1 "$(grep -c ' maskset=stk handler=stack buffer=0$' /tmp/stk.txt)"

# stack on an event with a string: the file name and the stack, both
echo 1 > $SYS/reset
define 'maskset stkstr\nall none\nFS_OPEN stack 4\n'
lkst maskset switch stkstr
lkst record -o /tmp/stkstr.lkst -- cat /etc/lkst/masksets/default.ms > /dev/null || failed=1
lkst maskset switch default
lkst print /tmp/stkstr.lkst | grep ' FS_OPEN .*default.ms' | head -n 1 > /tmp/stkstr.txt
echo "# $(cat /tmp/stkstr.txt)"
check "a stack handler keeps the event's string" 1 \
	"$(grep -c 'name="/etc/lkst/masksets/default.ms"' /tmp/stkstr.txt)"
check "and records its stack, from the hook's function on" 1 \
	"$(grep ' stack=[a-z_][a-z_0-9.]*+0x[0-9a-f]*/0x' /tmp/stkstr.txt | grep -vc ' stack=lkst_')"
lkst maskset delete stkstr

# trigger: quiet until getppid (nr 110 = 0x6e), then everything
echo 1 > $SYS/reset
define 'maskset full\nall record\nLOCK none\n'
define 'maskset watch\nall none\nSYSCALL_ENTRY trigger full arg0=0x6e\n'
lkst maskset switch watch
lkst record -o /tmp/trg.lkst -- lkst-workload > /tmp/w.out || failed=1
check "the trigger switched to full" full "$(lkst maskset current)"
lkst maskset switch default
lkst print -v /tmp/trg.lkst | grep -v '^#' > /tmp/trg.txt
first=$(grep -n ' SYSCALL_ENTRY nr=110(getppid) ' /tmp/trg.txt | head -n 1 | cut -d: -f1)
check "the first getppid is recorded by the trigger" 1 \
	"$(sed -n "${first}p" /tmp/trg.txt | grep -c ' maskset=watch handler=trigger buffer=0$')"
check "before it, only SYSCALL_ENTRY records of the trigger" 0 \
	"$(head -n $((first - 1)) /tmp/trg.txt | grep -vc ' SYSCALL_ENTRY .* maskset=watch handler=trigger buffer=0$')"
check_ge "after it, the full set records other events" 10 \
	"$(tail -n +$((first + 1)) /tmp/trg.txt | grep -v ' SYSCALL_ENTRY ' | grep -c ' maskset=full handler=record buffer=0$')"
lkst maskset delete watch; lkst maskset delete full

# freeze: the event and 5 more records, then nothing
echo 1 > $SYS/reset
define 'maskset frz\nall none\nSYSCALL record\nSYSV_IPC freeze 5\n'
lkst maskset switch frz
lkst start
lkst-ipc > /tmp/ipc.out
lkst stop
check "frozen" 1 "$(cat $SYS/frozen)"
check_ge "later records dropped" 1 "$(stat_of $SYS/stats dropped)"
lkst record -o /tmp/frz.lkst > /dev/null 2>&1 || failed=1
lkst print -v /tmp/frz.lkst | grep -v '^#' > /tmp/frz.txt
n=$(grep -n ' SYSV_IPC .* maskset=frz handler=freeze buffer=0$' /tmp/frz.txt | head -n 1 | cut -d: -f1)
check "5 records after the freeze event" 5 "$(($(grep -c . /tmp/frz.txt) - n))"
echo 0 > $SYS/frozen
check "unfrozen" 0 "$(cat $SYS/frozen)"
lkst maskset switch default
check_accounting
for s in cnt flt stk frz; do lkst maskset delete $s; done
done_test
