# debian/namespaces: util-linux's unshare and nsenter on IPC and UTS namespaces
# (docs/namespaces.md). unshare --ipc --uts runs a shell with System V ids and a host name
# of its own: ipcs there lists none of ours, ipcmk's ids start again, hostname changes
# only there. nsenter -t PID enters a running process's namespaces through its
# /proc/PID/ns files (setns), and sees its name and queue; a namespace's link is another's
# than ours. (No lsns in the image; unshare --mount, --pid, --net, -r: shmos has not.)
# timeout: 60
PATH=/usr/sbin:/usr/bin:/bin
ids() { /usr/bin/sed 's/: [0-9]*$/: N/'; }
/usr/bin/hostname outer
/usr/bin/ipcmk -M 4096 | ids
echo "segments here: $(/usr/bin/ipcs -m | /usr/bin/grep -c '^0x')"
/usr/bin/unshare --ipc --uts /bin/sh -c '
	PATH=/usr/bin:/bin
	echo "segments inside: $(ipcs -m | grep -c "^0x")"
	ipcmk -M 8192; ipcmk -S 2; ipcmk -Q
	echo "segments inside now: $(ipcs -m | grep -c "^0x")"
	hostname inner; echo "hostname inside: $(hostname)"'
echo "unshare: $?"
echo "segments here after: $(/usr/bin/ipcs -m | /usr/bin/grep -c '^0x')"
echo "hostname here: $(/usr/bin/hostname)"

/usr/bin/unshare --ipc --uts /bin/sh -c 'PATH=/usr/bin:/bin; hostname third; ipcmk -Q >/dev/null; exec sleep 30' &
pid=$!
here=$(/usr/bin/readlink /proc/$$/ns/uts)
n=0
until [ "$(/usr/bin/readlink /proc/$pid/ns/uts)" != "$here" ] && [ -n "$(/usr/bin/nsenter -t $pid --ipc /usr/bin/ipcs -q | /usr/bin/grep '^0x')" ] || [ $n = 500 ]; do
	/usr/bin/sleep 0.01; n=$((n + 1))
done
echo "its uts link is another: $([ "$(/usr/bin/readlink /proc/$pid/ns/uts)" != "$here" ] && echo yes)"
echo "its ipc link looks like: $(/usr/bin/readlink /proc/$pid/ns/ipc | /usr/bin/sed 's/[0-9]\+/N/')"
echo "nsenter --uts hostname: $(/usr/bin/nsenter -t $pid --uts /usr/bin/hostname)"
echo "nsenter --ipc: queues: $(/usr/bin/nsenter -t $pid --ipc /usr/bin/ipcs -q | /usr/bin/grep -c '^0x')"
echo "nsenter --ipc: segments: $(/usr/bin/nsenter -t $pid --ipc /usr/bin/ipcs -m | /usr/bin/grep -c '^0x')"
kill $pid; wait $pid
echo "queues here: $(/usr/bin/ipcs -q | /usr/bin/grep -c '^0x')"
