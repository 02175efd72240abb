# debian/busybox: Debian's busybox-static, whose shell (ash) is this script's interpreter and
# process 1. Debian builds it to run its applets by name without looking at PATH: ash runs
# the small ones in its own process and the others by executing /proc/self/exe, itself, so
# with PATH empty every applet must still run: be one of ash's builtins (echo, kill, test...)
# or show busybox's usage for --help.
# Then twenty of them do real work.
# timeout: 180
PATH=/nonexistent
echo hello from $(readlink /proc/self/exe)
sh -c 'echo sh -c: $0 $1' zero one

all=0 runs=0 not=
for a in $(busybox --list); do
	all=$((all + 1))
	type "$a" >/tmp/help
	read -r line </tmp/help
	case $line in *"shell builtin") runs=$((runs + 1)); continue ;; esac
	$a --help >/tmp/help 2>&1 </dev/null
	read -r line </tmp/help
	case $line in
	"BusyBox v"*) runs=$((runs + 1)) ;;
	*) not="$not $a" ;;
	esac
done
rm /tmp/help
echo "applets that run by name: $runs of $all"
echo "applets that do not:$not"

echo "a b c" | awk '{ print "awk:", $2 }'
printf 'x\ny\nz\n' | sed -n '2s/y/sed: y/p'
printf '3\n1\n2\n' | sort -n | xargs echo sort, xargs:
echo "seq, wc: $(seq 1 10 | wc -l)"
echo "expr: $(expr 6 \* 7), basename: $(basename /a/b/c.txt .txt), dirname: $(dirname /a/b/c)"
echo hello | md5sum
echo hello | sha256sum
echo hello | od -An -tx1
echo abc | rev
mkdir -p /tmp/bb/a/b && touch /tmp/bb/a/f && find /tmp/bb | sort
stat -c 'stat: %n %s %A' /tmp/bb/a/f
echo data >/tmp/bb/x && cp /tmp/bb/x /tmp/bb/y && cmp /tmp/bb/x /tmp/bb/y && echo cmp: same
mv /tmp/bb/y /tmp/bb/z && ls -1 /tmp/bb
echo gzip roundtrip | gzip | gunzip
tar -C /tmp/bb -cf - a | tar -tf - | sort
rm -r /tmp/bb && ls -d /tmp/bb 2>/dev/null || echo rm -r: gone
date -u -d @86400 '+date: %Y-%m-%d %H:%M'
echo "id: $(id -u) $(id -un) $(id -gn)"
grep -c '^root:' /etc/passwd
sleep 0 && echo "sleep 0: $?"
sh -c 'exit 3'; echo "sh -c exit 3: $?"
cut -d: -f1,3 /etc/group | head -n 1
