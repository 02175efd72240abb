# debian/inet: busybox's network applets on the loopback device: ifconfig and ip (the
# interface ioctls and NETLINK_ROUTE's dumps) show lo as Linux does; nc -e cat is an echo
# server on 127.0.0.1 that netstat (/proc/net/tcp) sees listening, and a client's line
# comes back (the client half-closes, cat sees the end, the server closes); httpd serves
# a file that wget fetches, by address and as localhost (/etc/hosts). The host has more interfaces, IPv6 and its own servers: only
# lo's IPv4 lines and this script's ports are shown.
# timeout: 60
PATH=/usr/sbin:/usr/bin:/bin
ifconfig lo | grep -e 'Link encap' -e 'inet addr' -e MTU
ip addr show dev lo | grep -v -e inet6 -e valid_lft
ip link show dev lo
ip route show table local dev lo
ip -4 route show dev lo; echo "ip route (main table, lo): $?"
# route -n's and netstat -r's table: its header, tabs and width, as Linux's
head -1 /proc/net/route | tr '\t' '|' | sed 's/ *$//'; head -1 /proc/net/route | wc -c

# wait until netstat shows $1 listening (on a loaded host, a server takes its time)
listening() {
	n=0
	until netstat -ltn 2>/dev/null | grep -q ":$1 "; do
		n=$((n + 1)); [ $n -gt 100 ] && { echo "nobody on $1"; return 1; }
		usleep 50000
	done
	echo "netstat -ltn: something listens on $1"	# (busybox's nc takes IPv6's :: where it can)
}

nc -l -p 23456 -e cat &
listening 23456
echo "hello through nc" | nc 127.0.0.1 23456; echo "nc: $?"
wait

mkdir -p /tmp/www && echo "a page" >/tmp/www/index.html
httpd -f -p 127.0.0.1:23457 -h /tmp/www &
listening 23457
wget -q -O - http://127.0.0.1:23457/index.html; echo "wget: $?"
wget -q -O - http://localhost:23457/index.html; echo "wget of localhost (/etc/hosts): $?"
wget -q -O - http://127.0.0.1:23457/none.html; echo "wget of a missing page: $?"
kill $! && wait
nc 127.0.0.1 23457 </dev/null; echo "nc to a closed port: $?"
