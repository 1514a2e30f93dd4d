# description: hardware interrupts are recorded at entry and exit, the local APIC timer with vector 236 and irq -1
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
check_accounting
done_test
