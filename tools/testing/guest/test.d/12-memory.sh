# description: file-mapping and copy-on-write faults, swap out and in through MADV_PAGEOUT on a virtio swap disk
. ../lib.sh
reset_tracer
lkst disable all
lkst enable MEMORY
mkswap /dev/vdb > /dev/null && swapon /dev/vdb || failed=1
lkst record -o /tmp/mem.lkst -- lkst-mem > /tmp/mem.out || failed=1
swapoff /dev/vdb
lkst print /tmp/mem.lkst > /tmp/mem.txt || failed=1
eval "$(sed -n 's/^mem \(pid=[0-9]*\) \(file_addr=[0-9a-fx]*\) \(cow_addr=[0-9a-fx]*\) \(swap_addr=[0-9a-fx]*\) \(pages=[0-9]*\)$/\1 \2 \3 \4 \5/p' /tmp/mem.out)"
echo "# mem pid=$pid file page $file_addr, cow page $cow_addr, $pages pages at $swap_addr"
mine() { grep " $pid/[^ ]* $1 " /tmp/mem.txt | grep -c -- "$2"; }
check "fault on page 1 of the file mapping" 1 "$(mine MEM_DO_NOPAGE "address=$file_addr pgoff=0x1 ")"
check "copy-on-write fault after fork" 1 "$(mine MEM_DO_WPPAGE "address=$cow_addr ")"
check "pages written to swap" "$pages" "$(mine MEM_SWAPOUT "entry=")"
grep " $pid/[^ ]* MEM_SWAPOUT " /tmp/mem.txt | sed 's/.* entry=\([^ ]*\) .*/\1/' | sort -u > /tmp/out.entries
grep " $pid/[^ ]* MEM_SWAPIN " /tmp/mem.txt | sed 's/.* entry=\([^ ]*\) .*/\1/' | sort -u > /tmp/in.entries
check "distinct swap entries written" "$pages" "$(grep -c . /tmp/out.entries)"
check "swap entries read back" "$pages" "$(grep -c . /tmp/in.entries)"
# (busybox has no comm(1): grep -vxFf lists entries read but never written)
check "every entry read back was written" "" "$(grep -vxF -f /tmp/out.entries /tmp/in.entries)"
# whether a fault finds its page still under read I/O is timing: a note,
# not a check (11-module-events.sh checks MEM_WAIT_PAGE on a locked page)
echo "# waits for a page under I/O: $(grep -c " MEM_WAIT_PAGE " /tmp/mem.txt)"
check_accounting
done_test
