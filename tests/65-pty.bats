#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 65-pty: --pty, the program on a new pseudo-terminal relayed to ours.
# An interactive bash runs in a detached tmux session on a private socket
# (terminal.bash, as in 60-terminal.bats); the tests type into it with
# send-keys and read its screen with capture-pane, polling (no fixed
# sleeps).  A few tests use util-linux script for a terminal, or no
# terminal at all (a pipe).
#
# Most tests join our own network namespace (-n/proc/self/ns/net): --pty
# needs no real namespace to be tested, and the fork happens all the same.
#
# What is checked: the program's fds 0-2 are a new terminal of our devpts
# (also when it joins a mount namespace with a devpts of its own), of which
# it is the session leader; window size at start and after a resize;
# typing echoed once; Ctrl-C, Ctrl-Z/fg, exit status and signals; TIOCSTI
# stays inside; our terminal settings are restored; pipes work both ways.

# The single-quoted command lines are typed into the tmux shell, which
# expands them there.
# shellcheck disable=SC2016

load helpers
load terminal

bats_require_minimum_version 1.5.0

NET=-n/proc/self/ns/net

setup() {
	# shellcheck disable=SC2034 # read by terminal.bash
	TMUX_SOCK="nsjpty-$$-$BATS_TEST_NUMBER"
}

# --- the terminal (terminal.bash has the rest) -------------------------------

# The "DEV:INO" of the pane's terminal, as the probe prints it.
pane_tty_id() {
	stat -L -c '%d:%i' "$(tmx display-message -p -t nsj '#{pane_tty}')"
}

# Until the shell's job has ended.  Typing earlier would be type-ahead for
# the program: nsjoin relays what it reads at once, and what the program
# did not read when it ended is lost (as with ssh -t).
wait_job_done() {
	local i kids
	for ((i = 0; i < 100; i++)); do
		kids=$(cat "/proc/$SHELL_PID/task/$SHELL_PID/children" 2>/dev/null) || kids=
		[[ -z $kids ]] && return 0
		sleep 0.05
	done
	echo "the shell's job did not end: $kids" >&2
	return 1
}

# rc_is N: the shell's $? of the last command is N.
rc_is() {
	wait_job_done
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=$1"
}

# The shell's terminal is in its normal mode: canonical, echoing.
assert_tty_sane() {
	type_line 'echo "tty: $(stty -a | tr " ;" "\n\n" | grep -xE -- "-?(echo|icanon|isig)" | tr "\n" " ")"'
	wait_lines '^tty: '
	assert_equal "$(last_line '^tty: ')" "tty: isig icanon echo "
}

# --- a new terminal ----------------------------------------------------------

@test "the program's fds 0, 1, 2 are a new terminal, its controlling terminal, of which it leads the session" {
	start_shell
	local pane
	pane=$(pane_tty_id)
	type_line '"$NSJOIN" --pty '"$NET"' "$PROBE" stdin stdout stderr pid sid pgrp tpgid | tr -d "\r" | paste -sd " " | sed "s/^/facts: /"'
	wait_lines '^facts: '
	wait_job_done
	local line
	line=$(last_line '^facts: ')
	[[ $line =~ ^facts:\ ([0-9]+:[0-9]+)\ ([0-9:]+)\ ([0-9:]+)\ ([0-9]+)\ ([0-9]+)\ ([0-9]+)\ ([0-9]+)$ ]] ||
		fail "unexpected: $line"
	local m=("${BASH_REMATCH[@]}")
	# one terminal on 0, 1 and 2, and not the caller's
	assert_equal "${m[2]}" "${m[1]}"
	assert_equal "${m[3]}" "${m[1]}"
	[[ ${m[1]} != "$pane" ]] || fail "the program got the caller's terminal ($pane)"
	# a devpts terminal of ours: same device as the pane's
	assert_equal "${m[1]%%:*}" "${pane%%:*}"
	# session leader, its own group in the foreground of that terminal
	assert_equal "${m[5]}" "${m[4]}"
	assert_equal "${m[6]}" "${m[4]}"
	assert_equal "${m[7]}" "${m[4]}"

	type_line 'echo "outer=$(tty) inner=$("$NSJOIN" --pty '"$NET"' tty | tr -d "\r")"'
	wait_lines '^outer='
	line=$(last_line '^outer=')
	[[ $line =~ ^outer=(/dev/pts/[0-9]+)\ inner=(/dev/pts/[0-9]+)$ ]] || fail "unexpected: $line"
	[[ ${BASH_REMATCH[1]} != "${BASH_REMATCH[2]}" ]] || fail "same terminal: $line"
}

# HAZARDS.md 40 and 41: the program in a mount namespace sees that
# namespace's /dev/pts only, so its terminal comes from there (as with
# "docker exec -it"), opened before the first setns through the target's
# root; a ptmx there that is not the pty multiplexer is never used.
@test "in the target's mount namespace, the terminal comes from its own devpts (named there)" {
	require_root
	start_target --mount --propagation private
	# the target's /dev/pts: a devpts instance of its own
	nsenter -t "$TARGET" -m mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts ||
		skip "cannot mount a new devpts instance in the target's mount namespace"
	local ours theirs
	ours=$(stat -c %d /dev/pts/ptmx)
	theirs=$(nsenter -t "$TARGET" -m stat -c %d /dev/pts/ptmx)
	[[ $ours != "$theirs" ]] || fail "the target's devpts is ours"

	run bash -c 'exec "$NSJOIN" --pty -t '"$TARGET"' -m "$PROBE" stdin ns:mnt </dev/null'
	assert_success
	local -a lines
	mapfile -t lines < <(printf '%s\n' "$output" | tr -d '\r')
	assert_equal "${lines[0]%%:*}" "$theirs"
	assert_equal "${lines[1]}" "$(nsid_of "$TARGET" mnt)"
	# without its mount namespace: ours
	run bash -c 'exec "$NSJOIN" --pty -t '"$TARGET"' -u "$PROBE" stdin </dev/null'
	assert_success
	assert_equal "$(printf '%s' "$output" | tr -d '\r' | cut -d: -f1)" "$ours"
}

@test "H40: a target whose /dev/pts/ptmx and /dev/ptmx are FIFOs: no hang, the terminal is one of ours" {
	require_root
	start_target --mount --propagation private
	nsenter -t "$TARGET" -m sh -c 'mount -t tmpfs none /dev/pts && mkfifo /dev/pts/ptmx &&
		mount -t tmpfs none /mnt && mkfifo /mnt/ptmx && mount --bind /mnt/ptmx /dev/ptmx' ||
		skip "cannot mount over the target's /dev/pts"
	run timeout -s KILL 10 bash -c 'exec "$NSJOIN" --pty -t '"$TARGET"' -m "$PROBE" stdin </dev/null'
	assert_success
	assert_equal "$(printf '%s' "$output" | tr -d '\r' | cut -d: -f1)" "$(stat -c %d /dev/pts/ptmx)"
}

@test "none of nsjoin's descriptors (the master, /proc) reach the program" {
	run with_clean_fds bash -c 'exec "$NSJOIN" --pty '"$NET"' "$PROBE" fds </dev/null'
	assert_success
	assert_output $'0 1 2\r'
}

@test "the window size: the caller's at start, and the new one after a resize (SIGWINCH)" {
	start_shell
	type_line 'echo "size: $("$NSJOIN" --pty '"$NET"' stty size | tr -d "\r")"'
	wait_lines '^size: '
	assert_equal "$(last_line '^size: ')" "size: 50 150"
	wait_job_done

	type_line '"$NSJOIN" --pty '"$NET"' bash --norc --noprofile -c '\''trap "echo winch \$(stty size)" WINCH; echo ready; while :; do sleep 0.05; done'\'
	wait_lines '^ready'
	tmx resize-window -t nsj -x 120 -y 40
	wait_lines '^winch 40 120'
	tmx resize-window -t nsj -x 100 -y 30
	wait_lines '^winch 30 100'
	key C-c
	rc_is 130
}

@test "window size through script: stty size inside equals the caller's" {
	require_cmd script
	# shellcheck disable=SC2016
	run script -qec 'stty rows 23 cols 77; exec "$NSJOIN" --pty '"$NET"' stty size' /dev/null </dev/null
	assert_success
	assert_output --partial '23 77'
}

# --- input, output, status ---------------------------------------------------

@test "typing reaches the program and is echoed once; Ctrl-C kills it (130); the terminal is sane afterwards" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' cat'
	nsjoin_and_program
	wait_reading "$PROG_PID"
	type_line 'typed-1'
	# the pty's echo and cat's copy: two lines, not three
	wait_lines '^typed-1$' 2
	type_line 'typed-2'
	wait_lines '^typed-2$' 2
	assert_equal "$(screen_count '^typed-1$')" 2

	type_line 'sleep 100' # more input for cat: harmless
	wait_lines '^sleep 100$' 2
	key C-c
	rc_is 130
	assert_tty_sane

	type_line '"$NSJOIN" --pty '"$NET"' sleep 100'
	nsjoin_and_program
	wait_state "$PROG_PID" S
	key C-c
	rc_is 130
	assert_tty_sane
}

@test "exit status passes through: 7, 0, and a signal (the caller sees 128+N)" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' "$PROBE" exit:7'
	rc_is 7
	type_line '"$NSJOIN" --pty '"$NET"' true'
	rc_is 0
	type_line '"$NSJOIN" --pty '"$NET"' "$PROBE" kill:15'
	rc_is 143
	assert_tty_sane
}

@test "SIGTERM sent to nsjoin reaches the program; nsjoin dies of it too" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' sleep 100'
	nsjoin_and_program
	wait_state "$PROG_PID" S
	kill -TERM "$NSJ_PID"
	rc_is 143
	assert_tty_sane
}

@test "an error of the program's side (no such program) comes through the pty with its status 127" {
	run -127 bash -c 'exec "$NSJOIN" --pty '"$NET"' /nonexistent/prog </dev/null'
	assert_output --partial "failed to execute '/nonexistent/prog'"
}

@test "--pty with --no-fork is an error" {
	run "$NSJOIN" --pty -F "$NET" true
	assert_failure 1
	assert_output --partial "mutually exclusive"
}

# --- TIOCSTI -------------------------------------------------------------------

# python3 pushes "echo INJECTED-$((40+2))" and a newline into its terminal
# with TIOCSTI, then reads a line back if asked to.
sti_program() {
	cat <<-'EOF'
		import fcntl, sys, termios
		try:
		    for c in "echo INJECTED-$((40+2))\n":
		        fcntl.ioctl(0, termios.TIOCSTI, c.encode())
		    print("sti=ok", flush=True)
		except OSError as e:
		    print("sti=err:%d" % e.errno, flush=True)
		    sys.exit(0)
		if len(sys.argv) > 1:
		    print("got=" + sys.stdin.readline().strip(), flush=True)
	EOF
}

@test "TIOCSTI from the program lands in its own terminal, never in the caller's" {
	require_cmd python3
	local prog=$BATS_TEST_TMPDIR/sti.py
	sti_program >"$prog"
	start_shell

	# with --pty: injected into the pty, the program reads it back itself
	type_line '"$NSJOIN" --pty '"$NET"' python3 '"$prog"' readback'
	wait_lines '^got='
	wait_job_done
	assert_equal "$(last_line '^sti=')" "sti=ok"
	assert_equal "$(last_line '^got=')" 'got=echo INJECTED-$((40+2))'
	# and without reading it: it dies with the pty
	type_line '"$NSJOIN" --pty '"$NET"' python3 '"$prog"
	wait_lines '^sti=' 2
	assert_equal "$(last_line '^sti=')" "sti=ok"
	wait_job_done
	type_line 'echo mark-1'
	wait_lines '^mark-1$'
	assert_equal "$(screen_count '^INJECTED-42$')" 0

	# the comparison: without --pty, the caller's shell runs what the
	# program typed (where the kernel allows TIOCSTI at all)
	if [[ $(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null) == 0 && $EUID -ne 0 ]]; then
		skip "legacy TIOCSTI is disabled (dev.tty.legacy_tiocsti=0): nothing to compare with"
	fi
	type_line '"$NSJOIN" '"$NET"' python3 '"$prog"
	wait_lines '^sti=' 3
	if [[ $(last_line '^sti=') != sti=ok ]]; then
		skip "TIOCSTI refused on the caller's terminal: $(last_line '^sti=')"
	fi
	wait_lines '^INJECTED-42$'
}

# --- Ctrl-Z ---------------------------------------------------------------------

@test "Ctrl-Z stops nsjoin with its program (cat), the terminal is sane meanwhile, one fg resumes both, twice" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' cat'
	nsjoin_and_program
	wait_reading "$PROG_PID"
	type_line 'line-1'
	wait_lines '^line-1$' 2

	suspend_resume_cat 2 assert_tty_sane
	key C-c
	rc_is 130
	assert_tty_sane
}

@test "in a pid namespace (-t TARGET -p): the program leads its session there; Ctrl-Z, fg, Ctrl-C as above" {
	require_root
	start_target --pid
	start_shell
	type_line '"$NSJOIN" --pty -t '"$TARGET"' -p "$PROBE" ns:pid pid sid | tr -d "\r" | paste -sd " " | sed "s/^/facts: /"'
	wait_lines '^facts: '
	wait_job_done
	local line
	line=$(last_line '^facts: ')
	[[ $line =~ ^facts:\ ([0-9]+)\ ([0-9]+)\ ([0-9]+)$ ]] || fail "unexpected: $line"
	assert_equal "${BASH_REMATCH[1]}" "$(nsid_of "$TARGET" pid)"
	assert_equal "${BASH_REMATCH[3]}" "${BASH_REMATCH[2]}"

	type_line '"$NSJOIN" --pty -t '"$TARGET"' -p cat'
	nsjoin_and_program
	wait_reading "$PROG_PID"
	key C-z
	wait_lines '^\[1\]\+ +Stopped '
	wait_state "$NSJ_PID" T
	wait_state "$PROG_PID" T
	type_line fg
	wait_state "$NSJ_PID" 'S|R'
	wait_reading "$PROG_PID"
	type_line 'after-fg'
	wait_lines '^after-fg$' 2
	key C-c
	rc_is 130
	assert_tty_sane
}

@test "a shell inside: Ctrl-Z stops its job (its own job control), not nsjoin; at its prompt Ctrl-Z does nothing" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' env PS1="in> " bash --norc --noprofile -i'
	wait_lines '^in> ?$'
	nsjoin_and_program
	type_line 'cat'
	local cat_pid
	cat_pid=$(descendant_named cat)
	wait_reading "$cat_pid"
	key C-z
	wait_lines '^\[1\]\+ +Stopped +cat'
	wait_state "$cat_pid" T
	[[ $(proc_state "$NSJ_PID") =~ ^(S|R)$ ]] || fail "nsjoin stopped too"

	# at the inner prompt: nothing happens (bash ignores SIGTSTP)
	key C-z
	type_line 'echo "inner jobs=$(jobs | wc -l)"'
	wait_lines '^inner jobs=[0-9]+$'
	assert_equal "$(last_line '^inner jobs=')" "inner jobs=1"
	[[ $(proc_state "$NSJ_PID") =~ ^(S|R)$ ]] || fail "nsjoin stopped at the inner prompt"

	kill -KILL "$cat_pid"
	type_line 'jobs'
	wait_lines '^\[1\]\+ +Killed +cat'
	type_line 'exit 5'
	rc_is 5
	assert_tty_sane
}

@test "started in the background: nsjoin waits stopped (tty output) without touching the terminal; after fg all works" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' cat &'
	nsjoin_pid
	wait_state "$NSJ_PID" T
	# stopped before the fork: no program yet
	assert_equal "$(cat "/proc/$NSJ_PID/task/$NSJ_PID/children")" ""
	type_line 'jobs -l'
	wait_lines '^\[1\]\+ +[0-9]+ Stopped \(tty output\) '
	assert_tty_sane
	type_line 'fg'
	nsjoin_and_program
	wait_reading "$PROG_PID"
	type_line 'after-fg'
	# the program's terminal got the shell's settings, not its line
	# editor's: the line is echoed with its newline and read by cat
	wait_lines '^after-fg$' 2
	key C-d
	rc_is 0
	assert_tty_sane
}

# --- no terminal ------------------------------------------------------------------

@test "stdin a pipe: the data reaches the program, end of file too, with no echo" {
	run bash -c 'echo hi | "$NSJOIN" --pty '"$NET"' cat'
	assert_success
	assert_output $'hi\r'

	# a last line without a newline: still read, then end of file
	run bash -c 'printf "a\nb" | "$NSJOIN" --pty '"$NET"' cat'
	assert_success
	assert_output $'a\r\nb'

	# the program's stdin is the terminal, not the pipe
	run bash -c 'echo x | "$NSJOIN" --pty '"$NET"' "$PROBE" stdin'
	assert_success
	[[ $output =~ ^[0-9]+:[0-9]+$'\r'$ ]] || fail "unexpected: $output"
	[[ ${output%$'\r'} != "$(stat -L -c '%d:%i' /proc/self/fd/0)" ]]
}

@test "a lot of data both ways through the relay, nothing lost" {
	run bash -c 'seq 1 20000 | "$NSJOIN" --pty '"$NET"' cat | tr -d "\r" | md5sum'
	assert_success
	assert_output "$(seq 1 20000 | md5sum)"

	run bash -c '"$NSJOIN" --pty '"$NET"' seq 1 200000 </dev/null | tr -d "\r" | md5sum'
	assert_success
	assert_output "$(seq 1 200000 | md5sum)"
}

@test "the reader of our stdout goes away: the program is hung up, nsjoin ends" {
	run timeout 10 bash -c '"$NSJOIN" --pty '"$NET"' yes </dev/null | head -n 1; echo "status=${PIPESTATUS[0]}"'
	assert_success
	# yes dies of the pty's SIGHUP, nsjoin of the same signal
	assert_output $'y\r\nstatus=129'
}

@test "a background process keeping the pty open does not keep nsjoin waiting" {
	local pidfile=$BATS_TEST_TMPDIR/bg bg
	run timeout 10 bash -c '"$NSJOIN" --pty '"$NET"' sh -c "trap \"\" HUP; sleep 30 & echo \$! >'"$pidfile"'; echo started" </dev/null'
	bg=$(cat "$pidfile" 2>/dev/null) || bg=
	if [[ -n $bg ]]; then
		kill -KILL "$bg" 2>/dev/null || true
	fi
	assert_success
	assert_output $'started\r'
}

# --- hangup ---------------------------------------------------------------------

@test "the caller's terminal hangs up: nsjoin and its program are gone" {
	start_shell
	type_line '"$NSJOIN" --pty '"$NET"' cat'
	nsjoin_and_program
	wait_reading "$PROG_PID"
	local nsj=$NSJ_PID prog=$PROG_PID
	tmx kill-server
	wait_state "$nsj" 'gone|Z'
	wait_state "$prog" 'gone|Z'
}
