# debian/chrt_date: util-linux's chrt on the real-time policies (docs/smp.md), and date -s,
# coreutils' (clock_settime) and busybox's, as root. chrt's lines carry a pid: it is
# taken out. The host side is this machine's root chrooted: setting its clock would set
# this machine's, so the date -s part runs on shmos only, and the host prints what it
# prints (the lines are Linux's: prog/clock_settime checks the calls on both), then
# shmos's clock is put back.
# host: root (chrt's real-time policies need CAP_SYS_NICE, which a user namespace lacks)
# timeout: 60
PATH=/usr/sbin:/usr/bin:/bin
nopid() { /usr/bin/sed "s/pid [0-9]*'s/pid N's/"; }
/usr/bin/chrt -m
/usr/bin/chrt -p $$ | nopid
/usr/bin/chrt -f 10 /bin/sh -c '/usr/bin/chrt -p $$' | nopid
/usr/bin/chrt -r 20 /bin/sh -c '/usr/bin/chrt -p $$' | nopid
/usr/bin/chrt -R -f 5 /bin/sh -c '/usr/bin/chrt -p $$' | nopid
/usr/bin/chrt -b 0 /bin/sh -c '/usr/bin/chrt -p $$' | nopid
/usr/bin/chrt -i 0 /bin/sh -c '/usr/bin/chrt -p $$' | nopid
/bin/sh -c '/usr/bin/chrt -f -p 30 $$; echo "chrt -f -p 30: $?"; /usr/bin/chrt -p $$; /usr/bin/chrt -o -p 0 $$; /usr/bin/chrt -p $$' | nopid
/usr/bin/chrt -f 0 /bin/true 2>&1 | nopid; echo "chrt -f 0: $?"
/usr/bin/chrt -f 100 /bin/true 2>&1 | nopid

if /usr/bin/uname -r | /usr/bin/grep -q shmos; then
	before=$(/usr/bin/date +%s)
	/usr/bin/date -u -s @1700000000; echo "date -s: $?"
	/usr/bin/date -u +%F
	/usr/bin/busybox date -u -s '2024-02-29 12:00:00'; echo "busybox date -s: $?"
	/usr/bin/date -u '+%F %H'
	/usr/bin/date -s @$((before + 1)) >/dev/null; echo "back: $?"
else
	echo 'Tue Nov 14 22:13:20 UTC 2023'; echo 'date -s: 0'
	echo '2023-11-14'
	echo 'Thu Feb 29 12:00:00 UTC 2024'; echo 'busybox date -s: 0'
	echo '2024-02-29 12'
	echo 'back: 0'
fi
echo "the year now: $(/usr/bin/date +%Y | /usr/bin/awk '{ print ($1 >= 2026) ? "this one" : $1 }')"
