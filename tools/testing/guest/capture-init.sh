#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the capture kernel of a kdump test: save /proc/vmcore as an ELF
# dump and as a kdump-compressed one, both with Debian kdump-tools' filter
# (-d 31: no zero, cache, user or free pages), to the dump disk, whose
# ext2 the host reads with debugfs (/dev/vdd: /dev/vdc holds the trace
# the primary was recording, and is left alone).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "LKST-CAPTURE-START $(uname -r)"
mkdir -p /mnt
if [ ! -e /proc/vmcore ] || ! mount -t ext2 /dev/vdd /mnt; then
	echo "LKST-CAPTURE-ERROR: no /proc/vmcore or no dump disk"
else
	ls -l /proc/vmcore
	makedumpfile -E -d 31 /proc/vmcore /mnt/dump.elf > /tmp/md.log 2>&1 ||
		echo "LKST-CAPTURE-ERROR: makedumpfile -E: $(tail -n 2 /tmp/md.log)"
	makedumpfile -c -d 31 /proc/vmcore /mnt/dump.kdump > /tmp/md.log 2>&1 ||
		echo "LKST-CAPTURE-ERROR: makedumpfile -c: $(tail -n 2 /tmp/md.log)"
	ls -l /mnt
	umount /mnt
	sync
fi
echo "LKST-GUEST-DONE"
reboot -f
