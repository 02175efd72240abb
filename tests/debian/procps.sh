# debian/procps: Debian 12's procps (4.0.2, libproc2) on what /proc says. pidwait waits for
# a process by name with a pidfd in an epoll set (pidfd_open, epoll_ctl EPOLLIN|EPOLLET,
# epoll_wait); vmstat -d reads /proc/diskstats, -s /proc/meminfo, /proc/stat and
# /proc/vmstat, -D the disks' totals; free -w /proc/meminfo; sysctl walks /proc/sys. Only
# what Linux and shmos share is shown: the programs' labels and exit statuses, how many
# fields each line has, names of what both have.
# timeout: 60
PATH=/usr/sbin:/usr/bin:/bin
/usr/bin/sleep 2 &	# long enough to be running when pidwait looks, even on a loaded host
/usr/bin/pidwait -x sleep; echo "pidwait: $?"
wait
/usr/bin/pidwait -x sleep; echo "pidwait, nothing to wait for: $?"
/usr/bin/sleep 1 & /usr/bin/sleep 1.5 &
until [ "$(/usr/bin/pgrep -c -x sleep)" = 2 ]; do :; done
/usr/bin/pidwait -c -x sleep; echo "pidwait -c, two sleeps: $?"
wait	# (pgrep would find a sleep not yet reaped: a zombie keeps its name)
/usr/bin/pgrep -x sleep; echo "pgrep, none left: $?"

/usr/bin/vmstat -d >/tmp/out; echo "vmstat -d: $?"
/usr/bin/head -2 /tmp/out
/usr/bin/awk 'NR > 2 && NF != 11 { bad++ } END { print "  device lines of 11 fields:", bad ? "no" : "yes" }' /tmp/out
/usr/bin/vmstat -s >/tmp/out; echo "vmstat -s: $?"
/usr/bin/sed 's/^ *[0-9]* //' /tmp/out
/usr/bin/vmstat -D >/tmp/out; echo "vmstat -D: $?"
/usr/bin/sed 's/^ *[0-9]* //' /tmp/out
/usr/bin/vmstat 1 2 >/tmp/out; echo "vmstat 1 2: $?"
/usr/bin/awk 'NR > 2 && NF != 17 { bad++ } END { print "  lines of 17 fields:", bad ? "no" : "yes" }' /tmp/out
/usr/bin/free -w >/tmp/out; echo "free -w: $?"
/usr/bin/awk '{ print "  " $1, NF }' /tmp/out

# (its complaints about root's files go unread: an ordinary user's host run has 18)
/usr/sbin/sysctl -a >/tmp/out 2>/dev/null; echo "sysctl -a: $?"
/usr/bin/grep -E '^vm\.(overcommit_(memory|ratio|kbytes)|swappiness|min_free_kbytes|max_map_count|dirty_(background_)?ratio) = [0-9]+$' /tmp/out | /usr/bin/sed 's/= .*/= N/'
