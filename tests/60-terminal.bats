#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 60-terminal: nsjoin on a real terminal (HAZARDS.md 30, 31; DESIGN.md
# supervision).  An interactive bash runs in a detached tmux session on a
# private socket; the tests type into it with send-keys and read its screen
# with capture-pane, polling for the expected text (no fixed sleeps).
#
# What is checked: Ctrl-Z stops nsjoin together with the program and one
# "fg" resumes both, every time, directly and under sudo's pty; Ctrl-C
# reaches the program exactly once; after the program exits (or is killed
# while it owns the terminal) the terminal's foreground process group is the
# caller's again.

# The single-quoted command lines are typed into the tmux shell, which
# expands them there.
# shellcheck disable=SC2016,SC2153 # the shells under test expand; terminal.bash sets NSJ_PID

load helpers
load terminal

setup() {
	require_root
	require_cmd tmux
	# shellcheck disable=SC2034 # read by terminal.bash
	TMUX_SOCK="nsjtest-$$-$BATS_TEST_NUMBER"
}

# --- helpers -----------------------------------------------------------------

# A target in its own uts and pid namespaces, with the hostname "nsjtest".
start_uts_target() {
	start_target --uts --pid
	# util-linux sets the scene: the hostname is not what is under test
	nsenter -t "$TARGET" -u hostname nsjtest
}

# --- tests -------------------------------------------------------------------

@test "Ctrl-Z stops nsjoin -p with its program, one fg resumes both, three times; Ctrl-C ends it with 130" {
	start_target --pid
	start_shell
	type_line "\"\$NSJOIN\" -t $TARGET -p cat"
	nsjoin_and_program
	wait_reading "$PROG_PID"
	type_line "line-1"
	wait_lines '^line-1$' 2

	suspend_resume_cat 3

	key C-c
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=130"
	type_line 'echo "jobs=$(jobs | wc -l)"'
	wait_lines '^jobs=[0-9]+$'
	assert_equal "$(last_line '^jobs=')" "jobs=0"
}

@test "an interactive bash through nsjoin -p -u: the target's hostname; after exit the terminal is the shell's, sane" {
	start_uts_target
	start_shell
	type_line "\"\$NSJOIN\" -t $TARGET -p -u env PS1='in> ' bash --norc --noprofile -i"
	wait_lines '^in> ?$'
	type_line hostname
	wait_lines '^nsjtest$'
	type_line exit
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=0"

	type_line 'echo "fg=$(ps -o tpgid= -p $$ | tr -d " ") pg=$(ps -o pgid= -p $$ | tr -d " ")"'
	wait_lines '^fg=[0-9]+ pg=[0-9]+$'
	local line
	line=$(last_line '^fg=')
	[[ $line =~ ^fg=([0-9]+)\ pg=([0-9]+)$ ]]
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"

	type_line 'echo "tty: $(stty -a | tr " ;" "\n\n" | grep -xE -- "-?(echo|icanon)" | tr "\n" " ")"'
	wait_lines '^tty: '
	assert_equal "$(last_line '^tty: ')" "tty: icanon echo "
}

@test "a caller without job control: after the interactive program exits, its process group has the terminal again" {
	start_uts_target
	start_shell
	# bash -c has no job control: it never takes the terminal back itself
	type_line "bash -c '\"\$NSJOIN\" -t $TARGET -p -u env PS1=\"in> \" bash --norc --noprofile -i; echo \"after rc=\$? fg=\$(ps -o tpgid= -p \$\$ | tr -d \" \") pg=\$(ps -o pgid= -p \$\$ | tr -d \" \")\"'"
	wait_lines '^in> ?$'
	type_line hostname
	wait_lines '^nsjtest$'
	type_line exit
	wait_lines '^after rc='
	local line
	line=$(last_line '^after rc=')
	[[ $line =~ ^after\ rc=0\ fg=([0-9]+)\ pg=([0-9]+)$ ]] || fail "unexpected: $line"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "the program killed while it owns the terminal: the interactive shell gets it back" {
	start_uts_target
	start_shell
	type_line "\"\$NSJOIN\" -t $TARGET -p -u env PS1='in> ' bash --norc --noprofile -i"
	wait_lines '^in> ?$'
	type_line hostname
	wait_lines '^nsjtest$'
	type_line 'kill -9 $$'
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	# nsjoin dies of the program's signal: 128 + 9
	assert_equal "$(last_line '^rc=')" "rc=137"
	type_line 'echo ali""ve'
	wait_lines '^alive$'
	type_line 'echo "fg=$(ps -o tpgid= -p $$ | tr -d " ") pg=$(ps -o pgid= -p $$ | tr -d " ")"'
	wait_lines '^fg=[0-9]+ pg=[0-9]+$'
	local line
	line=$(last_line '^fg=')
	[[ $line =~ ^fg=([0-9]+)\ pg=([0-9]+)$ ]]
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "the program killed while it owns the terminal: nsjoin gives the terminal back to a caller without job control" {
	start_uts_target
	start_shell
	type_line "bash -c '\"\$NSJOIN\" -t $TARGET -p -u env PS1=\"in> \" bash --norc --noprofile -i; echo \"after rc=\$? fg=\$(ps -o tpgid= -p \$\$ | tr -d \" \") pg=\$(ps -o pgid= -p \$\$ | tr -d \" \")\"'"
	wait_lines '^in> ?$'
	type_line hostname
	wait_lines '^nsjtest$'
	# the inner bash has made itself the foreground process group
	type_line 'kill -9 $$'
	wait_lines '^after rc='
	local line
	line=$(last_line '^after rc=')
	[[ $line =~ ^after\ rc=137\ fg=([0-9]+)\ pg=([0-9]+)$ ]] || fail "unexpected: $line"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

# wait_log_lines LOG N: until LOG has N lines (5 s).
wait_log_lines() {
	local i
	for ((i = 0; i < 500; i++)); do
		(($(wc -l <"$1" 2>/dev/null || echo 0) >= $2)) && return 0
		sleep 0.01
	done
	echo "$1 has fewer than $2 lines after 5 s:" >&2
	cat "$1" >&2
	return 1
}

@test "Ctrl-C reaches the program exactly once (the terminal's SIGINT is not forwarded again)" {
	local log=$BATS_TEST_TMPDIR/sigint.log
	# The probe logs each SIGINT with where it came from (the terminal:
	# SI_KERNEL; kill(2): SI_USER), and a second one sent while it logs
	# the first after it (see sigcount in probe.c).
	start_target --pid
	start_shell
	type_line "\"\$NSJOIN\" -t $TARGET -p $PROBE sigcount:$log"
	wait_log_lines "$log" 1
	assert_equal "$(cat "$log")" "ready"
	nsjoin_and_program

	# After each SIGINT, a SIGUSR1 sent to nsjoin and passed on is the
	# barrier: a SIGINT passed on twice would reach the program before it
	# (nsjoin and the probe both take pending signals lowest number first,
	# and the probe's handler naps with every signal blocked), so the log
	# is complete once "usr1" is in it, and no sleep has to wait for a
	# signal that must not come.
	key C-c
	wait_log_lines "$log" 2
	kill -USR1 "$NSJ_PID"
	wait_log_lines "$log" 3
	assert_equal "$(cat "$log")" $'ready\nint kernel\nusr1 user'

	key C-c
	wait_log_lines "$log" 4
	kill -USR1 "$NSJ_PID"
	wait_log_lines "$log" 5
	assert_equal "$(cat "$log")" $'ready\nint kernel\nusr1 user\nint kernel\nusr1 user'

	# a SIGINT sent to nsjoin by a process is forwarded, once
	kill -INT "$NSJ_PID"
	wait_log_lines "$log" 6
	kill -USR1 "$NSJ_PID"
	wait_log_lines "$log" 7
	assert_equal "$(cat "$log")" $'ready\nint kernel\nusr1 user\nint kernel\nusr1 user\nint user\nusr1 user'

	# and so is SIGTERM: the program dies of it, nsjoin too
	kill -TERM "$NSJ_PID"
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=143"
}

@test "under sudo's pty: Ctrl-Z stops sudo nsjoin -p cat, one fg resumes it, twice; Ctrl-C ends it with 130" {
	require_cmd sudo
	sudo -n true 2>/dev/null || skip "sudo -n true fails for root here"
	sudo -V 2>/dev/null | grep -q 'Always run commands in a pseudo-tty' ||
		skip "sudo is not configured with use_pty (sudo -V)"
	start_target --pid
	start_shell
	type_line "sudo \"\$NSJOIN\" -t $TARGET -p cat"
	local cat_pid nsj_pid i n base=${NSJOIN##*/}
	cat_pid=$(descendant_named cat)
	nsj_pid=$(descendant_named "${base:0:15}")
	# sudo runs it on a pty of its own: cat's terminal is not tmux's
	[[ $(readlink "/proc/$cat_pid/fd/0") != "$(tmx display-message -p -t nsj '#{pane_tty}')" ]]
	wait_reading "$cat_pid"
	type_line "line-1"
	wait_lines '^line-1$' 2

	for ((i = 1; i <= 2; i++)); do
		key C-z
		wait_lines '^\[1\]\+ +Stopped ' "$i"
		wait_state "$cat_pid" T
		wait_state "$nsj_pid" T
		type_line 'echo "stopped=$(jobs -s | wc -l) running=$(jobs -r | wc -l)"'
		wait_lines '^stopped=[0-9]+ running=[0-9]+$' "$i"
		assert_equal "$(last_line '^stopped=')" "stopped=1 running=0"
		type_line fg
		wait_state "$nsj_pid" 'S|R'
		wait_reading "$cat_pid"
		n=$((i + 1))
		type_line "line-$n"
		wait_lines "^line-$n\$" 2
	done

	key C-c
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=130"
}

@test "the terminal hangs up (its window closes): nsjoin and its program are gone, no orphan left" {
	start_target --pid
	start_shell
	type_line "\"\$NSJOIN\" -t $TARGET -p cat"
	nsjoin_and_program
	wait_reading "$PROG_PID"
	local nsj=$NSJ_PID prog=$PROG_PID
	tmx kill-server
	wait_state "$nsj" 'gone|Z'
	wait_state "$prog" 'gone|Z'
}
