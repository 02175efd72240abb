# debian/inet6: busybox's network applets over IPv6 and ICMP on the loopback device: ip
# shows lo's ::1 (NETLINK_ROUTE's AF_INET6 dumps) and its local route, /proc/net/if_inet6
# has it; ping (a raw ICMP socket, root's) gets its echo replies from 127.0.0.1 with the
# TTL of their IP header; nc -l listens on :: (netstat sees it in /proc/net/tcp6), and a
# client's line comes back over ::1 and, the listener being dual-stack, over 127.0.0.1.
# The host has more interfaces and addresses: only lo's lines and this script's port are
# shown, and ping's times are not.
# host: root
# timeout: 60
PATH=/usr/sbin:/usr/bin:/bin
ip -6 addr show dev lo | grep -v valid_lft
ip -6 route show table local dev lo
grep ' lo$' /proc/net/if_inet6
ping -c 3 127.0.0.1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|max = .*|max = T|'
echo "ping: $?"
ping6 -c 2 ::1 | sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|max = .*|max = T|'
echo "ping6: $?"

# wait until netstat shows $1 listening (on a loaded host, a server takes its time)
listening() {
	n=0
	until netstat -ltn 2>/dev/null | grep -q ":$1 "; do
		n=$((n + 1)); [ $n -gt 100 ] && { echo "nobody on $1"; return 1; }
		usleep 50000
	done
	netstat -ltn | grep ":$1 " | sed 's/  */ /g'
}

nc -l -p 23458 -e cat &
listening 23458
echo "hello over ::1" | nc ::1 23458; echo "nc ::1: $?"
wait
nc -l -p 23458 -e cat &
listening 23458
echo "hello over 127.0.0.1" | nc 127.0.0.1 23458; echo "nc 127.0.0.1: $?"
wait
nc ::1 23458 </dev/null; echo "nc to a closed port: $?"
