# description: privileges: neither an unprivileged user nor root without capabilities can read records or change the tracer; counts and mask sets are root-only; root can
. ../lib.sh
reset_tracer
lkst start
lkst-bench getppid 100 > /dev/null
lkst stop
BUF=$SYS/per_cpu/cpu0/buffer

# try WHO SHELL-COMMAND: the command's error output ("" if it succeeded)
try() {
	case $1 in
	nobody) lkst-privdrop -u 65534 -- sh -c "$2" 2>&1 ;;
	nocaps) lkst-privdrop -- sh -c "$2" 2>&1 ;;
	esac
}
refused() { # DESCRIPTION WHO COMMAND ERROR
	out=$(try "$2" "$3")
	check "$1" 1 "$(echo "$out" | grep -c "$4")"
}

check "root without capabilities has none" "0000000000000000" \
	"$(try nocaps 'grep CapEff /proc/self/status' | awk '{ print $2 }')"
check "and is still uid 0" 0 "$(try nocaps 'id -u')"

# reading records
refused "an unprivileged user cannot open a record file" nobody "cat $BUF" "Permission denied"
refused "root without CAP_SYS_ADMIN cannot read records" nocaps "cat $BUF" "Operation not permitted"
refused "nor through buffers/0/cpu0" nocaps "cat $SYS/buffers/0/cpu0" "Operation not permitted"
refused "nor with lkst record" nocaps "lkst record -o /tmp/nocaps.lkst" "Operation not permitted"

# changing state: every write is refused and changes nothing
before=$(cat $SYS/tracing $SYS/events/SYSCALL_ENTRY $SYS/buffer_records $SYS/masksets/current)
refused "root without CAP_SYS_ADMIN cannot start tracing" nocaps "echo 1 > $SYS/tracing" "Operation not permitted"
refused "nor disable an event" nocaps "echo 0 > $SYS/events/SYSCALL_ENTRY" "Operation not permitted"
refused "nor resize a buffer" nocaps "echo 64 > $SYS/buffer_records" "Operation not permitted"
refused "nor define a mask set" nocaps "printf 'maskset evil\nall none\n' | dd of=$SYS/masksets/define" "Operation not permitted"
refused "nor reset" nocaps "echo 1 > $SYS/reset" "Operation not permitted"
refused "an unprivileged user cannot start tracing" nobody "echo 1 > $SYS/tracing" "Permission denied"
check "none of it changed anything" "$before" \
	"$(cat $SYS/tracing $SYS/events/SYSCALL_ENTRY $SYS/buffer_records $SYS/masksets/current)"
check "no mask set evil" 0 "$(grep -c '^maskset evil' /proc/lkst_masksets)"

# root-only reads, and the world-readable aggregate counters
refused "counts are root-only" nobody "cat $SYS/counts" "Permission denied"
refused "and need CAP_SYS_ADMIN" nocaps "cat $SYS/counts" "Operation not permitted"
refused "per-CPU counts too" nocaps "cat $SYS/per_cpu/cpu0/counts" "Operation not permitted"
refused "/proc/lkst_masksets is root-only" nobody "cat /proc/lkst_masksets" "Permission denied"
refused "and needs CAP_SYS_ADMIN" nocaps "cat /proc/lkst_masksets" "Operation not permitted"
check "stats stay readable by anyone" "" "$(try nobody "cat $SYS/stats > /dev/null")"
check "so does the event table" "" "$(try nobody 'cat /proc/lkst_etypes > /dev/null')"

# the right to read records is the opener's: root opens, a child without
# capabilities reads the inherited descriptor
exec 3< $BUF
check "a descriptor root opened can be read after dropping capabilities" "" \
	"$(lkst-privdrop -- sh -c 'cat <&3 > /tmp/inherited' 2>&1)"
exec 3<&-
check_ge "and it held records" 64 "$(wc -c < /tmp/inherited)"

# root with its capabilities reads what is left
lkst record -o /tmp/root.lkst > /dev/null 2>&1
check "root reads the records" 0 "$?"

# the test module's parameters hold kernel addresses: root-only
insmod /lib/lkst/lkst_test_events.ko 2>/dev/null
loaded=$?
modes=$(stat -c %a /sys/module/lkst_test_events/parameters/* | sort -u | tr '\n' ' ')
check "the test module's address parameters are not world-readable" "400 " "$modes"
[ $loaded = 0 ] && rmmod lkst_test_events
done_test
