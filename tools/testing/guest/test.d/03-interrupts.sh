# description: hardware interrupts are recorded at entry and exit, the local APIC timer with vector 236 and irq -1; print -l shows them in hardirq context and system calls in task context
. ../lib.sh
reset_tracer
lkst record -o /tmp/irq.lkst -- usleep 200000 || failed=1
lkst print /tmp/irq.lkst > /tmp/irq.txt || failed=1
entries=$(grep -c " INT_HARDWARE_ENTRY vector=236 irq=-1$" /tmp/irq.txt)
exits=$(grep -c " INT_HARDWARE_EXIT vector=236 irq=-1$" /tmp/irq.txt)
check_ge "timer interrupt entries in 200 ms" 2 "$entries"
check_ge "timer interrupt exits in 200 ms" 2 "$exits"
# Interrupts in flight when recording starts or stops may miss one side:
# at most one per CPU at each end.
ncpu=$(ls -d $SYS/per_cpu/cpu* | wc -l)
in=$(grep -c INT_HARDWARE_ENTRY /tmp/irq.txt)
out=$(grep -c INT_HARDWARE_EXIT /tmp/irq.txt)
diff=$((in > out ? in - out : out - in))
check_ge "entries and exits pair up (differ by at most $ncpu: $in, $out)" "$diff" "$ncpu"
# print -l: the context each record was written in
lkst print -l /tmp/irq.lkst > /tmp/irq-l.txt || failed=1
check "print -l: every interrupt entry and exit in hardirq context (h, or H inside a softirq)" 0 \
	"$(grep -E ' INT_HARDWARE_(ENTRY|EXIT) ' /tmp/irq-l.txt | awk '$3 != "h" && $3 != "H"' | grep -c .)"
check_ge "print -l: system call entries in task context (.)" 1 \
	"$(grep ' SYSCALL_ENTRY ' /tmp/irq-l.txt | awk '$3 == "."' | grep -c .)"
check "and in no other" 0 "$(grep ' SYSCALL_ENTRY ' /tmp/irq-l.txt | awk '$3 != "."' | grep -c .)"
check_accounting
done_test
