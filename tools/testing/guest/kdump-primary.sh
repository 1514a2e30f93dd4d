# SPDX-License-Identifier: GPL-2.0
# The primary kernel of a kdump test (lkstmode=kdump, scripts/kdump-test.sh):
# trace, load the capture kernel, leave markers, then crash as
# lkst_crash= says: "sysrq" (echo c > /proc/sysrq-trigger, a panic()),
# "module" (a NULL dereference in the test module: an oops that goes to
# kdump), or "boot" (the same, with tracing on since early boot, lkst=on).  The capture kernel (capture-init.sh) saves the dumps; the host
# checks them.
export PATH=$PATH:/usr/sbin:/usr/bin
mode=$(sed -n 's/.*lkst_crash=\([a-z]*\).*/\1/p' /proc/cmdline)
SYS=/sys/kernel/lkst
# "boot": tracing since early boot (lkst=on): keep what it recorded
if [ "$mode" != boot ]; then
	echo 1 > $SYS/reset
	# as large as lkst=on,records= makes them in "boot": the marker,
	# seconds before the crash, must still be in memory (16384 records
	# wrapped on CPU 1 in a CI run)
	echo 262144 > $SYS/buffer_records
	lkst enable all > /dev/null
	lkst disable LOCK > /dev/null
fi
if ! kexec -p /boot/bzImage --initrd=/boot/capture.cpio.gz \
	--append="console=ttyS0 nr_cpus=1 reset_devices irqpoll panic=-1 lkstmode=capture"; then
	echo "LKST-KDUMP-ERROR: kexec -p failed"
	echo "LKST-GUEST-DONE"
	exit 1
fi
echo "LKST-KDUMP-LOADED $(cat /sys/kernel/kexec_crash_loaded)"
[ "$mode" = boot ] || lkst start
echo "LKST-KDUMP-TRACING $(cat $SYS/tracing)"
# lkst record writing to disk, as a flight recorder would, when the
# machine dies: its file ends at its last sync
mkdir -p /mnt && mount -t ext2 /dev/vdc /mnt || echo "LKST-KDUMP-ERROR: no dump disk"
lkst record -o /mnt/live.lkst -- sleep 1000 > /dev/null 2>&1 &
sleep 1
# the markers: the workload's lseek (arg1 0x1234567), and a line in the log
lkst-workload > /tmp/workload.out
echo "LKST-KDUMP-MARKER $(cat /tmp/workload.out)"
echo "lkst kdump marker $(sed -n 's/^workload pid=\([0-9]*\).*/\1/p' /tmp/workload.out)" > /dev/kmsg
sleep 2
echo "LKST-KDUMP-CRASHING $mode"
case $mode in
module|boot) insmod /lib/lkst/lkst_test_events.ko crash=null ;;
*) echo c > /proc/sysrq-trigger ;;
esac
echo "LKST-KDUMP-ERROR: still running after the crash"
echo "LKST-GUEST-DONE"
