# description: block requests to a virtio disk (issue and completion) and opens with their file names
. ../lib.sh
reset_tracer
lkst disable all
lkst enable FS
mke2fs -q -b 1024 /dev/vda > /dev/null || failed=1
majmin=$(cat /sys/block/vda/dev)
dev=$(printf '0x%x' $(( (${majmin%:*} << 20) | ${majmin#*:} )))
echo "# /dev/vda is $majmin, recorded as dev=$dev"
mkdir -p /mnt
# mke2fs left the superblock in the page cache: drop it, so that mount reads
# it from the disk
blockdev --flushbufs /dev/vda || failed=1
lkst record -o /tmp/blk.lkst -- sh -c '
	dd if=/dev/vda of=/dev/null bs=4096 count=1 skip=100 iflag=direct 2>/dev/null
	mount -t ext2 /dev/vda /mnt
	dd if=/dev/zero of=/mnt/f bs=4096 count=16 conv=fsync 2>/dev/null
	umount /mnt
	cat /lkst-no-such-file 2>/dev/null
	true' || failed=1
lkst print /tmp/blk.lkst > /tmp/blk.txt || failed=1
ev() { grep " $1 " /tmp/blk.txt | grep -c -- "$2"; }
check "direct read of 4096 bytes at sector 800 issued" 1 \
	"$(ev FS_DEVRW "dev=$dev sector=800 bytes=4096 op=0x\([0-9a-f]*00\|0\)$")"
check "and completed without error" 1 "$(ev FS_DEVEND "dev=$dev sector=800 bytes=4096 error=0$")"
check_ge "writes issued (fsync)" 1 "$(ev FS_DEVRW "dev=$dev sector=[0-9]* bytes=[0-9]* op=0x[0-9a-f]*01$")"
sectors() { grep " $1 dev=$dev " /tmp/blk.txt | sed 's/.* sector=\([0-9]*\) .*/\1/' | sort -u; }
sectors FS_DEVRW > /tmp/issued; sectors FS_DEVEND > /tmp/completed
check_ge "requests issued" 2 "$(grep -c . /tmp/issued)"
# (busybox has no comm(1): grep -vxFf lists the issued sectors never completed)
check "every request issued was completed" "" "$(grep -vxF -f /tmp/completed /tmp/issued)"
check "no completion failed" 0 "$(grep " FS_DEVEND dev=$dev " /tmp/blk.txt | grep -vc " error=0$")"
# whether the superblock read is still in flight when mount checks the
# buffer is timing: a note (11-module-events.sh checks FS_BUFBUSY for sure)
echo "# mount waited on the superblock buffer: $(ev FS_BUFBUSY "dev=$dev block=1 size=1024$") times"
# FS_OPEN carries the file name in continuation records; dfd -100 is AT_FDCWD
check "dd's open of /mnt/f, mode 0666, and its name" 1 \
	"$(grep -c " FS_OPEN dfd=-100 flags=0x[0-9a-f]* mode=0x1b6 fd=[0-9]* filename=\"/mnt/f\"$" /tmp/blk.txt)"
check "a failed open returns -ENOENT, with its name" 1 \
	"$(grep -c " FS_OPEN dfd=-100 flags=0x[0-9a-f]* mode=0x0 fd=-2 filename=\"/lkst-no-such-file\"$" /tmp/blk.txt)"
check_accounting
done_test
