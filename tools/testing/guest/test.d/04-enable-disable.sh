# description: a disabled event is not recorded while others are; categories switch together; bad names and writes change nothing
. ../lib.sh
reset_tracer
lkst disable SYSCALL_ENTRY || failed=1
check "SYSCALL_ENTRY disabled in sysfs" 0 "$(cat $SYS/events/SYSCALL_ENTRY)"
check "SYSCALL_ENTRY disabled in etypes" 0 \
	"$(awk '$2 == "SYSCALL_ENTRY" { print $4 }' /proc/lkst_etypes)"
lkst record -o /tmp/dis.lkst -- lkst-workload > /dev/null || failed=1
lkst print /tmp/dis.lkst > /tmp/dis.txt || failed=1
check "no SYSCALL_ENTRY recorded" 0 "$(grep -c ' SYSCALL_ENTRY ' /tmp/dis.txt)"
check_ge "SYSCALL_EXIT still recorded" 10 "$(grep -c ' SYSCALL_EXIT ' /tmp/dis.txt)"

lkst enable NO_SUCH_EVENT SYSCALL_ENTRY 2>/dev/null
check "enable of an unknown name exits with 2" 2 "$?"
check "and enables nothing" 0 "$(cat $SYS/events/SYSCALL_ENTRY)"

lkst enable syscall || failed=1
check "category name enables SYSCALL_ENTRY" 1 "$(cat $SYS/events/SYSCALL_ENTRY)"
lkst disable all || failed=1
check "disable all" 0 "$(cat /proc/lkst_etypes | awk '!/^#/ { s += $4 } END { print s }')"
lkst enable all || failed=1
check "enable all" "$(grep -vc "^#" /proc/lkst_etypes)" "$(cat /proc/lkst_etypes | awk '!/^#/ { s += $4 } END { print s }')"

# categories/<CAT>: one write for the whole category
ntimer=$(awk '$3 == "TIMER"' /proc/lkst_etypes | grep -c .)
echo 0 > $SYS/categories/TIMER || failed=1
check "categories/TIMER off" "0 0" "$(cat $SYS/categories/TIMER) $(awk '$3 == "TIMER" { s += $4 } END { print s + 0 }' /proc/lkst_etypes)"
echo 1 > $SYS/events/TIMER_ADD
check "one TIMER event on: partial" partial "$(cat $SYS/categories/TIMER)"
echo on > $SYS/categories/TIMER || failed=1
check "categories/TIMER on: all $ntimer events" "1 $ntimer" "$(cat $SYS/categories/TIMER) $(awk '$3 == "TIMER" { s += $4 } END { print s }' /proc/lkst_etypes)"
echo maybe > $SYS/categories/TIMER 2>/dev/null
check "a bad write fails" 1 "$?"
check "and changes nothing" 1 "$(cat $SYS/categories/TIMER)"
check "one file per category" "$(awk '!/^#/ { print $3 }' /proc/lkst_etypes | sort -u | tr '\n' ' ')" \
	"$(ls $SYS/categories | sort | tr '\n' ' ')"
lkst disable LOCK || failed=1
check "lkst disable LOCK goes through categories/LOCK" 0 "$(cat $SYS/categories/LOCK)"
done_test
