# description: a /dev/kmsg write is recorded by printk with facility, level and length; /dev/port reads and writes with port and value
. ../lib.sh
reset_tracer
lkst disable all
lkst enable OTHER
lkst record -o /tmp/oth.lkst -- sh -c '
	echo $$ > /tmp/oth.pid
	echo "<4>lkst-test hello" > /dev/kmsg
	printf "\132" | dd of=/dev/port bs=1 seek=128 count=1 2>/dev/null
	dd if=/dev/port bs=1 skip=97 count=1 2>/dev/null | od -An -tx1 > /tmp/port.in' || failed=1
lkst print /tmp/oth.lkst > /tmp/oth.txt || failed=1
pid=$(cat /tmp/oth.pid)
in=$(tr -d ' \n' < /tmp/port.in | sed 's/^0*\(.\)/\1/')
echo "# shell pid=$pid, port 0x61 read as 0x$in"
check "kmsg: facility 1 (user), level 4, 15 bytes" 1 \
	"$(grep -c " $pid/[^ ]* O_PRINTK facility=1 level=4 len=15$" /tmp/oth.txt)"
check "outb(0x5a, 0x80) through /dev/port" 1 "$(grep -c " O_PORTOUT port=0x80 value=0x5a$" /tmp/oth.txt)"
check "inb(0x61) through /dev/port, the value dd read" 1 "$(grep -c " O_PORTIN port=0x61 value=0x$in$" /tmp/oth.txt)"
check_accounting
done_test
