# description: UDP and TCP over loopback: socket calls, packets sent and received with length and protocol
. ../lib.sh
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
reset_tracer
lkst disable all
lkst enable NET
lkst record -o /tmp/net.lkst -- lkst-net > /tmp/net.out || failed=1
lkst print /tmp/net.lkst > /tmp/net.txt || failed=1
eval "$(sed -n 's/^net \(pid=[0-9]*\) \(udp_fd=[0-9]*\) \(tcp_fd=[0-9]*\)$/\1 \2 \3/p' /tmp/net.out)"
lo=$(cat /sys/class/net/lo/ifindex)
echo "# net pid=$pid udp_fd=$udp_fd tcp_fd=$tcp_fd, lo is ifindex $lo"
mine() { grep " $pid/[^ ]* $1 " /tmp/net.txt | grep -c -- "$2"; }
# family 2 AF_INET; type 2 SOCK_DGRAM, 1 SOCK_STREAM
check "UDP socket() returns its fd" 1 "$(mine NET_SOCKETIF "op=1 family=2 type=2 result=$udp_fd$")"
check "TCP socket() returns its fd" 1 "$(mine NET_SOCKETIF "op=1 family=2 type=1 result=$tcp_fd$")"
check "UDP send of 333 bytes" 1 "$(mine NET_SOCKETIF "op=16 family=2 type=2 result=333$")"
check "UDP receive of 333 bytes" 1 "$(mine NET_SOCKETIF "op=17 family=2 type=2 result=333$")"
check "TCP send of 4444 bytes" 1 "$(mine NET_SOCKETIF "op=16 family=2 type=1 result=4444$")"
# UDP datagram on lo: 333 + 8 UDP + 20 IP, plus the 14-byte Ethernet header until eth_type_trans()
check "UDP datagram queued on lo" 1 "$(grep -c " NET_PKTSEND ifindex=$lo len=375 protocol=0x800$" /tmp/net.txt)"
check "and handed to the loopback driver" 1 "$(grep -c " NET_PKTSENDI ifindex=$lo len=375 protocol=0x800 " /tmp/net.txt)"
check "and queued to a backlog" 1 "$(grep -c " NET_PKTRECVI ifindex=$lo len=361 protocol=0x800 " /tmp/net.txt)"
check "and delivered to IP" 1 "$(grep -c " NET_PKTRECV ifindex=$lo len=361 protocol=0x800$" /tmp/net.txt)"
check_ge "TCP segments sent on lo (handshake, data, ack)" 4 "$(grep -c " NET_PKTSEND ifindex=$lo " /tmp/net.txt)"
check "every packet sent on lo was received" "$(grep -c " NET_PKTSEND ifindex=$lo " /tmp/net.txt)" \
	"$(grep -c " NET_PKTRECV ifindex=$lo " /tmp/net.txt)"
check_accounting
done_test
