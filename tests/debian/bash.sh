# debian/bash: Debian's bash, dynamically linked (ld-linux.so.2 loads it and libtinfo.so.6),
# and bash-static: the same scripts, the same output. Process substitution needs /dev/fd.
# timeout: 120
PATH=/usr/bin:/bin
for b in bash bash-static; do
	$b -c 'echo "$0: ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}, $((6 * 7))"' "$b"
	$b -c 'a=(one two three); echo "arrays: ${#a[@]} ${a[2]}"; declare -A m=([k]=v); echo "assoc: ${m[k]}"'
	$b -c 'f() { local x=$1; echo "function: $x"; }; f arg; echo "subshell: $(echo nested)"'
	$b -c 'diff <(printf "a\nb\n") <(printf "a\nb\n") && echo "process substitution: same"'
	$b -c 'read -r l < <(echo line); echo "read from <(...): $l"'
	$b -c 'trap "echo trap: EXIT" EXIT; (exit 4); echo "status: $?"'
	$b -c 'sleep 0.1 & wait $!; echo "wait: $?"'
	printf 'echo "script on stdin: $#"\n' | $b -s x y
done
