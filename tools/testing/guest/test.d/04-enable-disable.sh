# description: a disabled event is not recorded while others are; an unknown event name changes nothing
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
done_test
