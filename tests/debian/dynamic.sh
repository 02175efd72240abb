# debian/dynamic: Debian's dynamically linked programs. The kernel loads each with its
# interpreter, /lib/ld-linux.so.2 (PT_INTERP), which maps libc.so.6 and the rest from
# /lib/i386-linux-gnu with mmap. util-linux's ipcs must list the article's segment, made
# by shmos's own shm_writer (the key is ftok("/tmp/shm", 0x6666), computed here from the
# file's device and inode, as glibc's ftok does: they differ between the two systems).
# busybox sh runs its own applet for a bare name (ipcs, ls, sort...), so Debian's programs
# are named by their paths.
# timeout: 120
PATH=/usr/sbin:/usr/bin:/bin
# ld.so run as a program lists what it would load (Linux's vDSO, linux-gate.so.1, aside).
/lib/ld-linux.so.2 --list /usr/bin/lsipc | sed -e '/linux-gate/d' -e 's/ (0x[0-9a-f]*)$//'

set -- $(stat -c '%d %i' /tmp/shm)
key=$(printf '0x%08x' $(((0x66 << 24) | (($1 & 0xff) << 16) | ($2 & 0xffff))))
/bin/shm_writer && echo "shm_writer: exit $?"
/usr/bin/ipcs -m | sed "s/^$key /KEY        /"
/usr/bin/lsipc -m -o ID,PERMS,SIZE,NATTCH,OWNER
/usr/bin/ipcrm -M "$key" && echo "ipcrm -M KEY: exit $?"
/usr/bin/ipcs -m

# coreutils, and what its programs need of libc and their own libraries.
/usr/bin/ls -l --time-style=+ /etc/passwd /usr/bin/ls
/usr/bin/stat -c '%n: %s bytes, %a, %U:%G' /etc/group
/usr/bin/printf '%s\n' pear apple fig | /usr/bin/sort | /usr/bin/tr '\n' ' ' && echo
/usr/bin/factor 1234567890
/usr/bin/seq 3 | /usr/bin/tac | /usr/bin/paste -sd,
echo "expr: $(/usr/bin/expr length shmos)"
/usr/bin/sha256sum /etc/group
/usr/bin/dd if=/dev/zero bs=1024 count=8 2>/dev/null | /usr/bin/wc -c
/usr/bin/test -x /usr/bin/ls && echo "test -x: yes"
/usr/bin/ls /nonexistent; echo "ls of nothing: $?"
/usr/bin/date -u -d @0 '+date: %F %T'
/usr/bin/env -i A=1 /usr/bin/env
/usr/bin/id
/usr/bin/mkdir -p /tmp/d && cd /tmp/d && echo x >a && /usr/bin/cp -a a b && /usr/bin/mv b c &&
	/usr/bin/ln -s c d && /usr/bin/readlink -f d && /usr/bin/ls -1 && cd /
/usr/bin/touch -d @1000000000 /tmp/d/t && /usr/bin/stat -c 'touch -d, stat: %Y' /tmp/d/t
/usr/bin/rm -r /tmp/d && echo "rm -r: $?"
/usr/bin/sleep 0.1 && /usr/bin/timeout 1 /usr/bin/sleep 3; echo "timeout: $?"
/usr/bin/seq 100000 | /usr/bin/md5sum
echo hello | /usr/bin/base64
/usr/bin/getopt -o ab -- -a x
/usr/bin/setsid -w /usr/bin/true && echo "setsid: $?"
# glibc's system() and popen() run /bin/sh -c: in this image a POSIX shell, as on Debian.
/usr/bin/awk 'BEGIN { system("f() { echo system: $#; }; f a b; case x in x) echo case;; esac") }'
/usr/bin/find /etc/group -exec /bin/sh -c 'for f; do echo "sh -c: ${f##*/}"; done' sh {} +

# What util-linux and coreutils ask of the kernel beyond files: the mount table (df reads
# /proc/self/mountinfo), syncfs, a POSIX timer (flock -w), the I/O priority, the
# personality, capabilities and no_new_privs (setpriv), the OOM killer's bias (choom).
/usr/bin/df / >/dev/null && echo "df: $?"
/usr/bin/sync -f /tmp && echo "sync -f: $?"
/usr/bin/flock /tmp/lock /usr/bin/sleep 1 &
/usr/bin/sleep 0.3; /usr/bin/flock -w 0.2 /tmp/lock /usr/bin/true; echo "flock -w, held: $?"; wait
/usr/bin/ionice -p $$; /usr/bin/ionice -c 2 -n 3 /usr/bin/ionice
/usr/bin/setarch i386 -R /usr/bin/uname -m
# (not the supplementary groups: the host side as an ordinary user runs in a user
# namespace, where they show as the overflow group)
/usr/bin/setpriv --dump | /usr/bin/grep -v "^Supplementary groups" | /usr/bin/head -7
/usr/bin/setpriv --nnp /usr/bin/setpriv --dump | /usr/bin/grep no_new_privs
/usr/bin/choom -n 300 -- /usr/bin/sh -c '/usr/bin/choom -p $$' | /usr/bin/sed -n 's/^pid [0-9]*/pid N/p' | /usr/bin/tail -1
