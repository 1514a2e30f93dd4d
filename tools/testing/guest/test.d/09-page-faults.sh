# description: writes to fresh anonymous pages are recorded as page faults with vector 14, their address and error code 0x6
. ../lib.sh
reset_tracer
lkst record -o /tmp/faults.lkst -- lkst-faults > /tmp/faults.out || failed=1
lkst print /tmp/faults.lkst > /tmp/faults.txt || failed=1
pid=$(sed -n 's/^faults pid=\([0-9]*\) .*/\1/p' /tmp/faults.out)
addrs=$(sed -n 's/^faults pid=[0-9]* addr=//p' /tmp/faults.out)
echo "# pid=$pid addresses: $addrs"
for a in $addrs; do
	# error code 0x6: a write (0x2) from user mode (0x4) to a missing page
	check "fault at $a: entry" 1 \
		"$(grep -c " $pid/lkst-faults EXCEPTION_ENTRY vector=14 address=$a error_code=0x6 ip=0x" /tmp/faults.txt)"
	check "fault at $a: exit" 1 \
		"$(grep -c " $pid/lkst-faults EXCEPTION_EXIT vector=14 address=$a$" /tmp/faults.txt)"
done
check_accounting
done_test
