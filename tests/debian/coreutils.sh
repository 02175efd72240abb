# debian/coreutils: coreutils' less common programs, as a user runs them, on what they ask
# of the kernel: mkfifo -m (glibc's lchmod opens the FIFO O_PATH, which must not wait for
# a writer), cp --reflink (FICLONE: EOPNOTSUPP, not ENOTTY), cp --sparse and truncate
# (holes: SEEK_DATA, SEEK_HOLE), stdbuf (LD_PRELOAD of libstdbuf.so into a dynamic
# program), timeout (its signals, -k), tail -F (inotify, a file renamed and made again),
# sort --parallel (threads), split and csplit, dd's iflag=direct and conv, shred, mktemp,
# chroot's errors, stat -f. Output goes through files: stdout is a terminal on shmos.
# timeout: 60
PATH=/usr/bin:/bin
cd /tmp
/usr/bin/seq 1 5000 >n
/usr/bin/mkfifo -m 600 fifo; echo "mkfifo -m 600: $?"; /usr/bin/stat -c '%F %a' fifo
/usr/bin/mknod -m 640 fifo2 p; /usr/bin/stat -c '%F %a' fifo2
/usr/bin/cp --reflink=always n r 2>&1; echo "cp --reflink=always: $?"
/usr/bin/cp --reflink=auto n r && /usr/bin/cmp n r && echo "cp --reflink=auto: same"
/usr/bin/truncate -s 1M hole; /usr/bin/cp --sparse=always hole hole2
/usr/bin/stat -c '%n: %s bytes, %b blocks' hole hole2
/usr/bin/truncate -s -1000K hole; /usr/bin/stat -c 'truncate -s -1000K: %s' hole
/usr/bin/stdbuf -oL /usr/bin/sh -c 'echo "stdbuf: LD_PRELOAD=$LD_PRELOAD"'
/usr/bin/stdbuf -o0 /usr/bin/grep -c 1 n
/usr/bin/timeout -s INT 0.2 /usr/bin/sleep 5; echo "timeout -s INT: $?"
# (in a shell of its own, whose "Killed" goes unread: shells say it differently)
/usr/bin/sh -c '/usr/bin/timeout -k 0.1 0.2 /usr/bin/sh -c "trap \"\" TERM; /usr/bin/sleep 3"
	echo "timeout -k, TERM ignored: $?"' 2>/dev/null
/usr/bin/timeout --preserve-status 0.2 /usr/bin/sleep 5; echo "timeout --preserve-status: $?"
# tail -F: each change waits for tail to have told the one before (in a shell of its own,
# whose "Terminated" for tail goes unread)
/usr/bin/cp n n.old; echo first >f
cat >tailf.sh <<'END'
/usr/bin/tail -F -n +1 f >tail.out 2>&1 &
seen() { until /usr/bin/grep -q "$1" tail.out; do /usr/bin/sleep 0.05; done; }
seen '^first$'; echo x >>f
seen '^x$'; /usr/bin/mv f f.old
seen 'inaccessible'; echo new >f
seen '^new$'; kill $!; wait $!; echo "tail -F, killed: $?"
END
/usr/bin/sh tailf.sh 2>/dev/null
/usr/bin/sed 's/^.*tail: //' tail.out
/usr/bin/seq 50000 | /usr/bin/sort --parallel=4 -S 1M -T /tmp -r | /usr/bin/head -2
/usr/bin/sort --parallel=2 -R n.old | /usr/bin/sort -n | /usr/bin/md5sum
/usr/bin/split -l 1000 n.old part.; /usr/bin/ls part.* | /usr/bin/tr '\n' ' '; echo
/usr/bin/split -n l/3 --filter='/usr/bin/wc -l' n.old
/usr/bin/csplit -s n.old 100 '/^2000$/'; /usr/bin/wc -l xx00 xx01 xx02
/usr/bin/dd if=n.old of=d1 bs=4096 iflag=direct oflag=direct conv=fsync status=none; /usr/bin/cmp n.old d1 && echo "dd iflag=direct: same"
/usr/bin/dd if=n.old bs=1000 count=2 skip=1 conv=ucase,sync status=none | /usr/bin/wc -c
/usr/bin/shred -n 1 -u d1; /usr/bin/test -e d1 || echo "shred -u: gone"
d=$(/usr/bin/mktemp -d /tmp/m.XXXXXX) && /usr/bin/test -d "$d" && echo "mktemp -d: a directory"
/usr/sbin/chroot /nonexistent /usr/bin/true 2>&1; echo "chroot, no directory: $?"
/usr/sbin/chroot /tmp /usr/bin/true 2>&1; echo "chroot, no program: $?"
/usr/bin/nohup /usr/bin/sh -c 'echo "nohup: ran"' 2>&1 </dev/null | /usr/bin/cat
/usr/bin/stat -f -c 'stat -f: %l names, %S block size' /tmp
/usr/bin/df --output=target /tmp | /usr/bin/tail -1 | /usr/bin/sed 's/^\/.*/df: a mount/'
