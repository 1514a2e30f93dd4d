# SPDX-License-Identifier: GPL-2.0
# The guest of scripts/panic-dump-test.sh (lkstmode=panicdump): a machine
# without kdump, whose last records must reach the console when it dies.
# lkst_panic= says how:
#   sysrq  lkst_dump_on_oops=N on the command line, then a panic()
#   oops   N written to /sys/kernel/lkst/dump_on_oops (after bad writes
#          that must change nothing), then an oops in the test module;
#          oops=panic, and the panic that follows must not dump a
#          second time
#   idle   as sysrq, but tracing was never started: no records
# Only system calls and the OTHER category are traced, so that the
# workload's marker lseek is among the last records.
export PATH=$PATH:/usr/sbin:/usr/bin
mode=$(sed -n 's/.*lkst_panic=\([a-z]*\).*/\1/p' /proc/cmdline)
SYS=/sys/kernel/lkst
echo "LKST-PANICDUMP-BOOT $(cat $SYS/dump_on_oops)"
if [ "$mode" = oops ]; then
	for bad in -1 4097 4294967296 abc; do
		echo "$bad" 2>/dev/null > $SYS/dump_on_oops &&
			echo "LKST-PANICDUMP-ERROR: dump_on_oops took '$bad'"
	done
	echo "LKST-PANICDUMP-AFTER-BAD $(cat $SYS/dump_on_oops)"
	echo 384 > $SYS/dump_on_oops
	echo "LKST-PANICDUMP-SET $(cat $SYS/dump_on_oops)"
fi
# what init writes to the console waits in the serial driver's buffer; a
# panic at once would lose it (a CI run lost LKST-PANICDUMP-BOOT so)
crash_soon() {
	echo "LKST-PANICDUMP-CRASHING $mode"
	sleep 1
}
if [ "$mode" = idle ]; then
	# tracing never started: nothing to print
	crash_soon
	echo c > /proc/sysrq-trigger
fi
echo 1 > $SYS/reset
lkst disable all > /dev/null
lkst enable SYSCALL > /dev/null
lkst enable OTHER > /dev/null
lkst start
lkst-workload > /tmp/workload.out
echo "LKST-PANICDUMP-MARKER $(cat /tmp/workload.out)"
crash_soon
case $mode in
oops) insmod /lib/lkst/lkst_test_events.ko crash=null ;;
*) echo c > /proc/sysrq-trigger ;;
esac
echo "LKST-PANICDUMP-ERROR: still running after the crash"
echo "LKST-GUEST-DONE"
