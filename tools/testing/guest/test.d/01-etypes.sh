# description: /proc/lkst_etypes and /sys/kernel/lkst/events list the foundation events with their arguments
. ../lib.sh
reset_tracer
for ev in PROCESS_CONTEXTSWITCH PROCESS_WAKEUP SYSCALL_ENTRY SYSCALL_EXIT \
	  INT_HARDWARE_ENTRY INT_HARDWARE_EXIT; do
	line=$(awk -v e=$ev '$2 == e' /proc/lkst_etypes)
	check "$ev listed and enabled" "1" "$(echo "$line" | awk '{ print $4 }')"
	check "$ev has a sysfs switch" "1" "$(cat $SYS/events/$ev)"
done
check "SYSCALL_ENTRY arguments" "nr:syscall,arg0:x,arg1:x,arg2:x" \
	"$(awk '$2 == "SYSCALL_ENTRY" { print $5 }' /proc/lkst_etypes)"
check "PROCESS_CONTEXTSWITCH category" "PROCESS" \
	"$(awk '$2 == "PROCESS_CONTEXTSWITCH" { print $3 }' /proc/lkst_etypes)"
check "record size" 64 "$(cat $SYS/record_size)"
done_test
