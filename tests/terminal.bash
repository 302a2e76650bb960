# shellcheck shell=bash
# The variables below are read and set by the tests that load this file.
# shellcheck disable=SC2034
# SPDX-License-Identifier: GPL-2.0-or-later
#
# terminal.bash - an interactive bash on a real terminal, for the tests
# that need one (60-terminal.bats, 65-pty.bats): load it with
# "load terminal" after "load helpers".
#
# The shell runs in a detached tmux session "nsj" on a private server
# (tmux -L "$TMUX_SOCK"); the tests type into it with send-keys and read
# its screen with capture-pane, polling for the expected text (no fixed
# sleeps).
#
# Variables:
#   TMUX_SOCK   the tmux server's socket name; the file's setup sets it,
#               unique per test (e.g. "nsjtest-$$-$BATS_TEST_NUMBER")
#   SHELL_PID   the interactive shell (set by start_shell)
#   NSJ_PID     nsjoin, the shell's job (set by nsjoin_pid)
#   PROG_PID    nsjoin's program, its only child (set by nsjoin_and_program)
#
# Functions:
#   start_shell [COLUMNS]    a clean interactive bash, prompt "$ ", 150
#                            (or COLUMNS) columns by 50 lines
#   tmx ARGS...              tmux on the test's server
#   screen                   the whole pane, history included
#   screen_count REGEX       how many lines of the screen match
#   wait_lines REGEX [COUNT [SECONDS]]
#                            until COUNT lines match (default 1, 5 s)
#   last_line REGEX          the last line of the screen that matches
#   type_line TEXT           type TEXT literally, then Enter
#   key KEY                  press KEY (tmux key name: C-c, C-z, ...)
#   wait_state PID STATE-REGEX
#                            until proc_state PID matches (5 s)
#   descendants PID          every descendant of PID, parents first
#   descendant_named NAME    the first descendant of the shell named NAME
#   wait_reading PID         until PID sleeps in a terminal read
#   nsjoin_pid               NSJ_PID= the shell's job, once it runs nsjoin
#   nsjoin_and_program       nsjoin_pid, then PROG_PID= nsjoin's child
#   suspend_resume_cat COUNT [CHECK...]
#                            Ctrl-Z and fg of nsjoin running cat, COUNT times
#   stop_shell               kill what runs under the shell, and the tmux
#                            server (the teardown below calls it)

TMUX_SOCK=
SHELL_PID=
NSJ_PID=
PROG_PID=

# Replaces the teardown of helpers.bash.
teardown() {
	stop_shell
	stop_targets
}

stop_shell() {
	# whatever the test left running under the shell (a job stopped for
	# good when a test fails, sudo's children) dies with it
	if [[ -n $SHELL_PID ]]; then
		local pid
		for pid in $(descendants "$SHELL_PID"); do
			kill -KILL "$pid" 2>/dev/null || true
		done
	fi
	if [[ -n $TMUX_SOCK ]]; then
		tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
		# the server may leave its socket behind
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$UID/$TMUX_SOCK"
	fi
}

# --- the terminal ----------------------------------------------------------

tmx() {
	tmux -L "$TMUX_SOCK" "$@"
}

# The whole pane, history included, one terminal line per line.
screen() {
	tmx capture-pane -p -J -S - -t nsj 2>/dev/null
}

# How many lines of the screen match the extended regex.
screen_count() {
	local n
	n=$(screen | grep -cE -- "$1") || true
	echo "${n:-0}"
}

# wait_lines REGEX [COUNT [SECONDS]]: until COUNT lines match (default 1).
wait_lines() {
	local re=$1 want=${2:-1} secs=${3:-5} i
	for ((i = 0; i < secs * 20; i++)); do
		if (($(screen_count "$re") >= want)); then
			return 0
		fi
		sleep 0.05
	done
	{
		echo "timed out after ${secs}s waiting for $want line(s) matching: $re"
		echo "--- screen ---"
		screen | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		echo "--------------"
	} >&2
	return 1
}

# The last line of the screen matching REGEX.
last_line() {
	screen | grep -E -- "$1" | tail -n 1
}

# type_line TEXT: type TEXT literally, then Enter.
type_line() {
	tmx send-keys -t nsj -l -- "$1"
	tmx send-keys -t nsj Enter
}

key() {
	tmx send-keys -t nsj "$1"
}

# A clean interactive bash with the prompt "$ " in a 150x50 terminal (or
# COLUMNS wide).
start_shell() {
	require_cmd tmux
	tmx -f /dev/null new-session -d -s nsj -x "${1:-150}" -y 50 \
		env -i PATH="$PATH" TERM=screen HOME=/ HISTFILE=/dev/null \
		NSJOIN="$NSJOIN" PROBE="$PROBE" PS1='$ ' \
		bash --norc --noprofile -i
	tmx set-option -t nsj history-limit 5000 >/dev/null
	wait_lines '^\$ ?$'
	SHELL_PID=$(tmx display-message -p -t nsj '#{pane_pid}')
}

# --- processes under the shell ---------------------------------------------

# wait_state PID STATE-REGEX: until the state of PID matches (5 s).
wait_state() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ $(proc_state "$1") =~ ^($2)$ ]] && return 0
		sleep 0.05
	done
	echo "process $1 is in state '$(proc_state "$1")', expected $2" >&2
	return 1
}

# Every descendant of PID, parents before children.
descendants() {
	local kid
	local -a kids=()
	read -ra kids < <(cat /proc/"$1"/task/*/children 2>/dev/null) || true
	for kid in "${kids[@]}"; do
		echo "$kid"
		descendants "$kid"
	done
}

# The first descendant of the shell whose comm is NAME (5 s).
descendant_named() {
	local name=$1 i pid
	for ((i = 0; i < 100; i++)); do
		for pid in $(descendants "$SHELL_PID"); do
			if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]]; then
				echo "$pid"
				return 0
			fi
		done
		sleep 0.05
	done
	echo "no process named $name under the shell ($SHELL_PID)" >&2
	return 1
}

# wait_reading PID: until PID sleeps in a terminal read, so that what is
# typed next reaches it (and not the shell, or a terminal in the wrong mode).
wait_reading() {
	local i wchan
	for ((i = 0; i < 100; i++)); do
		wchan=$(cat "/proc/$1/wchan" 2>/dev/null) || wchan=
		if [[ $(proc_state "$1") == S && $wchan =~ ^(wait_woken|n_tty_read)$ ]]; then
			return 0
		fi
		sleep 0.05
	done
	echo "process $1 is not reading the terminal: state '$(proc_state "$1")', wchan '$wchan'" >&2
	return 1
}

# nsjoin's pid: the shell's job (its first child), once that has exec'd
# nsjoin (5 s).
nsjoin_pid() {
	local i base=${NSJOIN##*/} comm=''
	NSJ_PID=
	for ((i = 0; i < 100; i++)); do
		read -r NSJ_PID _ <"/proc/$SHELL_PID/task/$SHELL_PID/children" || true
		if [[ -n $NSJ_PID ]]; then
			comm=$(cat "/proc/$NSJ_PID/comm" 2>/dev/null) || comm=
			[[ $comm == "${base:0:15}" ]] && return 0
		fi
		sleep 0.05
	done
	if [[ -z $NSJ_PID ]]; then
		echo "the shell has no child" >&2
		return 1
	fi
	assert_equal "$comm" "${base:0:15}"
}

# nsjoin's pid and the program's (nsjoin's only child).
nsjoin_and_program() {
	local i
	nsjoin_pid || return 1
	PROG_PID=
	for ((i = 0; i < 100; i++)); do
		read -r PROG_PID _ <"/proc/$NSJ_PID/task/$NSJ_PID/children" || true
		[[ -n $PROG_PID ]] && return 0
		sleep 0.05
	done
	echo "nsjoin ($NSJ_PID) has no child" >&2
	return 1
}

# Ctrl-Z, then "fg", COUNT times, with a line typed into cat after each
# fg: the cat echoes it only if one fg really continued nsjoin and cat.
# CHECK... (if given) runs while both are stopped.  line-1 was typed before.
suspend_resume_cat() {
	local count=$1 i n
	shift
	for ((i = 1; i <= count; i++)); do
		nsjoin_and_program
		key C-z
		wait_lines '^\[1\]\+ +Stopped ' "$i"
		# both stopped: nsjoin with its program, not the program alone
		wait_state "$NSJ_PID" T
		wait_state "$PROG_PID" T
		# shellcheck disable=SC2016 # the shell under test expands it
		type_line 'echo "stopped=$(jobs -s | wc -l) running=$(jobs -r | wc -l)"'
		wait_lines '^stopped=[0-9]+ running=[0-9]+$' "$i"
		assert_equal "$(last_line '^stopped=')" "stopped=1 running=0"
		if [[ $# -gt 0 ]]; then
			"$@"
		fi

		type_line fg
		wait_state "$NSJ_PID" 'S|R'
		wait_reading "$PROG_PID"
		n=$((i + 1))
		type_line "line-$n"
		# the terminal's echo of the line, then cat's copy of it
		wait_lines "^line-$n\$" 2
	done
}
