# debian/tmux: Debian's terminal multiplexers, driven in batch as a script drives them.
# tmux: a server that daemonizes and listens on an AF_UNIX socket in /tmp, each pane a
# shell on a pty of its own (/dev/pts), clients that talk to the server over the socket
# (new -d, send-keys, capture-pane, split-window, list-panes, set-buffer, wait-for,
# resize-window, kill-server). screen: the same with a named FIFO-less socket directory,
# -X stuff typed into its window and hardcopy of the screen. Waits are polls, not sleeps.
# host: root (screen's socket directory, /run/screen, must be root's)
# timeout: 90
PATH=/usr/bin:/bin
export TERM=xterm HOME=/tmp SHELL=/usr/bin/sh SCREENDIR=/tmp/screens
cd /tmp
# until CMD: runs CMD every 0.1 s until it succeeds (at most 20 s).
until_ok() {
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 200 ] && { echo "timed out: $*"; return 1; }
		sleep 0.1
	done
}
pane_has() { tmux capture-pane -p -t "$1" | grep -q "$2"; }

tmux -V
tmux new -d -s s -x 80 -y 24; echo "new -d: $?"
tmux ls -F '#{session_name} #{session_windows} window(s)'
tmux send-keys -t s 'echo "sum: $((6 * 7))"; tty | sed "s/[0-9]*$/N/"' Enter
until_ok pane_has s 'sum: 42'
until_ok pane_has s '/dev/pts/N'
tmux capture-pane -p -t s | grep -E '^(sum|/dev/pts)'
tmux split-window -t s 'echo second pane; exec cat'; echo "split-window: $?"
tmux list-panes -t s -F '#{pane_index} #{pane_height}x#{pane_width}'
until_ok pane_has s.1 'second pane'
tmux send-keys -t s.1 'typed into cat' Enter
until_ok pane_has s.1 'typed into cat'
tmux capture-pane -p -t s.1 | grep -c 'typed into cat'
tmux set-buffer 'a buffer'; tmux show-buffer; echo
tmux resize-window -t s -x 100 -y 30; tmux display -p -t s '#{window_width}x#{window_height}'
tmux send-keys -t s.0 'tmux wait-for -S done' Enter
tmux wait-for done; echo "wait-for: $?"
tmux kill-server; echo "kill-server: $?"
until_ok sh -c '! tmux ls'
tmux ls 2>&1 | sed 's/ on .*//'

mkdir -m 700 $SCREENDIR
screen -dmS sc sh; echo "screen -dmS: $?"
until_ok sh -c 'screen -ls | grep -q "[0-9]\.sc"'
screen -ls | grep -c '[0-9]*\.sc.*Detached'
screen -S sc -X stuff 'echo "from screen: $((2 * 21))" > /tmp/scr.out
'
until_ok test -s /tmp/scr.out
cat /tmp/scr.out
screen -S sc -X hardcopy /tmp/hardcopy
until_ok test -s /tmp/hardcopy
grep -c 'from screen' /tmp/hardcopy
screen -S sc -X quit; echo "quit: $?"
until_ok sh -c '! screen -ls | grep -q "\.sc"'
screen -ls | grep -q '\.sc' || echo 'screen: gone'
