#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 30-exec: running the program.  Exit status and death by signal, exec
# errors (126/127), the shell when no program is given, stdin and inherited
# descriptors, inherited signal dispositions and masks, signal forwarding
# and the parent-death signal of the forked child.
# HAZARDS.md 6, 7, 10, 11, 12, 22, 29, 30, 32.
#
# Without -p nsjoin execs the program itself; -p (a pid namespace) forces
# a fork, and nsjoin waits and passes the status on.

# shellcheck disable=SC2016 # $NSJOIN, $PROBE, $1 are expanded by inner shells

load helpers
bats_require_minimum_version 1.5.0

# python3 prints a child's returncode as -N when it died of signal N, and
# as N when it exited with N: "143" from the shell cannot tell them apart.
returncode_of() {
	python3 -c 'import subprocess, sys; print(subprocess.run(sys.argv[1:]).returncode)' "$@"
}

# "exit N" or "signal N", plus " core" for a core dump, of CMD run with
# RLIMIT_CORE unlimited.
wait_status() {
	python3 -c '
import os, resource, sys
resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, st = os.waitpid(pid, 0)
if os.WIFSIGNALED(st):
    print("signal %d%s" % (os.WTERMSIG(st), " core" if os.WCOREDUMP(st) else ""))
else:
    print("exit %d" % os.WEXITSTATUS(st))
' "$@"
}

# Wait up to $2 seconds for PID to be gone or a zombie (a process that
# no longer runs).  Fails with the state it is still in.
wait_not_running() {
	local pid=$1 secs=$2 i st
	for ((i = 0; i < secs * 100; i++)); do
		st=$(proc_state "$pid")
		[[ $st == gone || $st == Z ]] && return 0
		sleep 0.01
	done
	echo "process $pid still running after $secs s (state $st)" >&2
	return 1
}

# --- exit status -------------------------------------------------------------

@test "exit status 0, 1, 7, 255 of the program passes through without a fork (-n), as nsenter" {
	require_root
	start_target --net
	local n
	for n in 0 1 7 255; do
		run_both -t "$TARGET" -n "$PROBE" exit:"$n"
		assert_equal "$NSJOIN_STATUS" "$n"
		assert_same_as_nsenter
	done
}

@test "exit status 0, 1, 7, 255 of the program passes through the fork of -p, as nsenter" {
	require_root
	start_target --pid
	local n
	for n in 0 1 7 255; do
		run_both -t "$TARGET" -p "$PROBE" exit:"$n"
		assert_equal "$NSJOIN_STATUS" "$n"
		assert_same_as_nsenter
	done
}

@test "-n alone does not fork, -p does: the program's parent tells" {
	require_root
	start_target --pid --net
	run bash -c 'echo "$$"; exec "$NSJOIN" -t "$1" -n "$PROBE" pid' _ "$TARGET"
	assert_success
	# the probe is nsjoin itself, which is the bash that printed $$
	assert_equal "${lines[1]}" "${lines[0]}"

	run bash -c 'echo "$$"; exec "$NSJOIN" -t "$1" -p "$PROBE" ppid ns:pid' _ "$TARGET"
	assert_success
	# ppid 0: the parent (nsjoin) is outside the probe's pid namespace
	assert_equal "${lines[1]}" 0
	assert_equal "${lines[2]}" "$(nsid_of "$TARGET" pid)"
}

@test "EINTR and a program dying at once: -p with exit:3, 20 times, always 3" {
	require_root
	start_target --pid
	local i st
	for ((i = 0; i < 20; i++)); do
		st=0
		timeout 10 "$NSJOIN" -t "$TARGET" -p "$PROBE" exit:3 || st=$?
		assert_equal "run $i: $st" "run $i: 3"
	done
}

# --- death by signal ---------------------------------------------------------

@test "a program killed by SIGTERM: nsjoin dies of SIGTERM (shell sees 143), with and without fork" {
	require_root
	require_cmd python3
	start_target --pid --net
	run bash -c 'exec 2>/dev/null; "$NSJOIN" -t "$1" -p "$PROBE" kill:15; echo "$?"' _ "$TARGET"
	assert_output 143
	run bash -c 'exec 2>/dev/null; "$NSJOIN" -t "$1" -n "$PROBE" kill:15; echo "$?"' _ "$TARGET"
	assert_output 143

	# a real death by the signal, not exit(143)
	run returncode_of "$NSJOIN" -t "$TARGET" -p "$PROBE" kill:15
	assert_output -- -15

	# even when the caller left SIGTERM ignored or blocked for nsjoin
	run bash -c 'exec 2>/dev/null; trap "" TERM; "$NSJOIN" -t "$1" -p "$PROBE" kill:15; echo "$?"' _ "$TARGET"
	assert_output 143
	run python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
print(os.waitpid(pid, 0)[1] & 0x7f)' "$NSJOIN" -t "$TARGET" -p "$PROBE" kill:15
	assert_output 15
}

@test "a program killed by SIGKILL: nsjoin dies of SIGKILL (137), with and without fork" {
	require_root
	require_cmd python3
	start_target --pid --net
	run bash -c 'exec 2>/dev/null; "$NSJOIN" -t "$1" -p "$PROBE" kill:9; echo "$?"' _ "$TARGET"
	assert_output 137
	run returncode_of "$NSJOIN" -t "$TARGET" -p "$PROBE" kill:9
	assert_output -- -9
	run returncode_of "$NSJOIN" -t "$TARGET" -n "$PROBE" kill:9
	assert_output -- -9
}

@test "a program killed by SIGSEGV: nsjoin dies of SIGSEGV (139) and dumps no core of its own" {
	require_root
	require_cmd python3
	start_target --pid
	local dir=$BATS_TEST_TMPDIR/core
	mkdir -p "$dir/sub"
	cd "$dir/sub"

	# the control: with RLIMIT_CORE unlimited, the probe alone dumps core
	run wait_status "$PROBE" kill:11
	assert_output "signal 11 core"

	# nsjoin dies of the same signal, without a core dump of its own
	run wait_status "$NSJOIN" -t "$TARGET" -p "$PROBE" kill:11
	assert_output "signal 11"
	run bash -c 'exec 2>/dev/null; "$NSJOIN" -t "$1" -p "$PROBE" kill:11; echo "$?"' _ "$TARGET"
	assert_output 139

	# with a core_pattern that writes into the cwd: the program's core in
	# sub/ (its cwd), none of nsjoin's in $dir
	local pattern
	pattern=$(cat /proc/sys/kernel/core_pattern)
	if [[ $pattern == '|'* || $pattern == */* ]]; then
		skip "core_pattern '$pattern' does not write cores to the cwd: core files not checked"
	fi
	cd "$dir"
	rm -f sub/core*
	run wait_status "$NSJOIN" -t "$TARGET" -p sh -c 'cd sub && exec "$PROBE" kill:11'
	assert_output "signal 11"
	run find "$dir" -maxdepth 1 -name 'core*' -type f
	assert_output ""
	run find "$dir/sub" -maxdepth 1 -name 'core*' -type f
	assert_output --regexp "^$dir/sub/core"
}

# --- exec errors ---------------------------------------------------------------

@test "a missing program: 127 and 'failed to execute', with and without fork, as nsenter's status" {
	require_root
	start_target --pid --net
	local opt
	for opt in -n -p; do
		run_both -127 -t "$TARGET" "$opt" nonexist
		assert_equal "$NSJOIN_STATUS" 127
		assert_equal "$NSENTER_STATUS" 127
		assert_output "nsjoin: failed to execute 'nonexist': No such file or directory"
	done
}

@test "a program that is not executable: 126, with and without fork, as nsenter's status" {
	require_root
	start_target --pid --net
	local f=$BATS_TEST_TMPDIR/not-executable opt
	printf '#!/bin/sh\necho ran\n' >"$f"
	chmod 644 "$f"
	for opt in -n -p; do
		run_both -t "$TARGET" "$opt" "$f"
		assert_equal "$NSJOIN_STATUS" 126
		assert_equal "$NSENTER_STATUS" 126
		assert_output "nsjoin: failed to execute '$f': Permission denied"
	done
}

@test "a program named -x after --: 127 'failed to execute '-x''" {
	require_root
	start_target --net
	run -127 "$NSJOIN" -t "$TARGET" -n -- -x
	assert_failure 127
	assert_output "nsjoin: failed to execute '-x': No such file or directory"
}

@test "an empty program name: 127, as nsenter" {
	require_root
	start_target --net
	run_both -127 -t "$TARGET" -n ''
	assert_equal "$NSENTER_STATUS" 127
	assert_failure 127
	assert_output "nsjoin: failed to execute '': No such file or directory"
}

@test "argc 0 (execve with an empty argv): exit 1, no namespace specified" {
	require_cmd python3
	run -1 python3 -c '
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.execve(sys.argv[1].encode(), (ctypes.c_char_p * 1)(None), (ctypes.c_char_p * 1)(None))
raise SystemExit("execve failed: %d" % ctypes.get_errno())
' "$NSJOIN"
	assert_line --index 0 --regexp "^nsjoin: no namespace specified: "
	assert_line --index 1 "Try 'nsjoin --help' for more information."
}

@test "a program missing or not executable inside the target's root: 127 / 126, with and without fork" {
	require_root
	start_target --pid
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root"
	cp "$PROBE" "$root/nsjoin-probe"
	cp "$PROBE" "$root/not-executable"
	chmod 644 "$root/not-executable"
	cd /
	# the control: the root works
	run "$NSJOIN" -r"$root" /nsjoin-probe cwd
	assert_success
	assert_output /
	# $PROBE exists outside the root only
	run -127 "$NSJOIN" -r"$root" "$PROBE" cwd
	assert_output "nsjoin: failed to execute '$PROBE': No such file or directory"
	run -127 "$NSJOIN" -t "$TARGET" -p -r"$root" "$PROBE" cwd
	assert_output "nsjoin: failed to execute '$PROBE': No such file or directory"
	run -126 "$NSJOIN" -r"$root" /not-executable cwd
	assert_output "nsjoin: failed to execute '/not-executable': Permission denied"
	run -126 "$NSJOIN" -t "$TARGET" -p -r"$root" /not-executable cwd
	assert_output "nsjoin: failed to execute '/not-executable': Permission denied"
}

# --- no program: the shell ------------------------------------------------------

@test "no program: \$SHELL runs as a login shell (argv0 -NAME), as nsenter" {
	require_root
	start_target --net
	# a script would see its path as $0: a shell binary reading stdin
	# tells its argv0
	local sh=$BATS_TEST_TMPDIR/my-shell
	ln -s "$(command -v bash)" "$sh"
	run bash -c 'echo "echo ARGV0=\$0" | SHELL=$2 nsenter -t "$1" -n' _ "$TARGET" "$sh"
	# shellcheck disable=SC2034 # read by assert_same_as_nsenter
	NSENTER_STATUS=$status NSENTER_OUTPUT=$output
	run bash -c 'echo "echo ARGV0=\$0" | SHELL=$2 "$NSJOIN" -t "$1" -n' _ "$TARGET" "$sh"
	# shellcheck disable=SC2034 # read by assert_same_as_nsenter
	NSJOIN_STATUS=$status NSJOIN_OUTPUT=$output
	assert_success
	assert_line "ARGV0=-my-shell"
	assert_same_as_nsenter
}

@test "no program, SHELL empty: 127, not an absolute path" {
	require_root
	start_target --net
	SHELL='' run -127 "$NSJOIN" -t "$TARGET" -n
	assert_failure 127
	assert_output "nsjoin: no program given and SHELL='' is not an absolute path"
}

@test "no program, SHELL relative: 127, not an absolute path" {
	require_root
	start_target --net
	SHELL=bash run -127 "$NSJOIN" -t "$TARGET" -n
	assert_failure 127
	assert_output "nsjoin: no program given and SHELL='bash' is not an absolute path"
}

@test "no program, SHELL missing: 127 and the file named" {
	require_root
	start_target --net
	SHELL=/nonexistent/shell run -127 "$NSJOIN" -t "$TARGET" -n
	assert_failure 127
	assert_output "nsjoin: failed to execute the shell '/nonexistent/shell' (from \$SHELL): No such file or directory"
}

@test "no program, SHELL not executable: 126" {
	require_root
	start_target --net
	local sh=$BATS_TEST_TMPDIR/not-a-shell
	printf '#!/bin/sh\necho ran\n' >"$sh"
	chmod 644 "$sh"
	SHELL=$sh run -126 "$NSJOIN" -t "$TARGET" -n
	assert_failure 126
	assert_output "nsjoin: failed to execute the shell '$sh' (from \$SHELL): Permission denied"
}

@test "no program, SHELL unset: root's passwd shell runs as a login shell" {
	require_root
	require_cmd getent
	start_target --net
	local shell
	shell=$(getent passwd 0 | cut -d: -f7)
	[[ $shell == /* && -x $shell ]] || skip "root's passwd shell '$shell' is not usable"
	run bash -c 'echo "echo \$0" | env -u SHELL "$NSJOIN" -t "$1" -n' _ "$TARGET"
	assert_success
	assert_output "-${shell##*/}"
}

# --- stdin and descriptors ------------------------------------------------------

@test "a stdin pipe reaches the program untouched, with and without fork" {
	require_root
	start_target --pid --net
	run bash -c 'echo hello | "$NSJOIN" -t "$1" -n "$PROBE" read' _ "$TARGET"
	assert_success
	assert_output hello
	run bash -c 'echo hello | "$NSJOIN" -t "$1" -p "$PROBE" read' _ "$TARGET"
	assert_success
	assert_output hello
}

@test "a socket as stdin reaches the program as the same socket" {
	require_root
	require_cmd python3
	start_target --pid --net
	local opt
	for opt in -n -p; do
		run python3 -c '
import os, socket, subprocess, sys
a, b = socket.socketpair()
b.sendall(b"over the socket\n")
st = os.fstat(a.fileno())
print("%d:%d" % (st.st_dev, st.st_ino))
sys.stdout.flush()
r = subprocess.run(sys.argv[1:], stdin=a)
print("status", r.returncode)
' "$NSJOIN" -t "$TARGET" "$opt" "$PROBE" stdin read
		assert_success
		assert_equal "${#lines[@]}" 4
		assert_equal "${lines[1]}" "${lines[0]}"
		assert_equal "${lines[2]}" "over the socket"
		assert_equal "${lines[3]}" "status 0"
	done
}

@test "inherited fds 3 and 7 reach the program, no fd of nsjoin does (-n, -p)" {
	require_root
	start_target --pid --net
	run with_clean_fds bash -c 'exec "$NSJOIN" -t "$1" -n "$PROBE" fds 3</dev/null 7</dev/null' _ "$TARGET"
	assert_success
	assert_output "0 1 2 3 7"
	run with_clean_fds bash -c 'exec "$NSJOIN" -t "$1" -p "$PROBE" fds 3</dev/null 7</dev/null' _ "$TARGET"
	assert_success
	assert_output "0 1 2 3 7"
}

@test "no fd of nsjoin leaks with --net=FILE and -a either" {
	require_root
	start_target --pid --net --uts --ipc
	run with_clean_fds bash -c 'exec "$NSJOIN" -t "$1" -a --net=/proc/$1/ns/net "$PROBE" fds 3</dev/null 7</dev/null' _ "$TARGET"
	assert_success
	assert_output "0 1 2 3 7"
	run with_clean_fds bash -c 'exec "$NSJOIN" --net=/proc/$1/ns/net --uts=/proc/$1/ns/uts "$PROBE" fds 5</dev/null' _ "$TARGET"
	assert_success
	assert_output "0 1 2 5"
}

@test "stdin closed at start: the program gets /dev/null, never a namespace file (-n, -p, --net=FILE)" {
	require_root
	start_target --pid --net
	local null
	null=$(stat -L -c '%d:%i' /dev/null)
	run bash -c 'exec "$NSJOIN" -t "$1" -n "$PROBE" stdin <&-' _ "$TARGET"
	assert_success
	assert_output "$null"
	run bash -c 'exec "$NSJOIN" -t "$1" -p "$PROBE" stdin <&-' _ "$TARGET"
	assert_success
	assert_output "$null"
	run bash -c 'exec "$NSJOIN" -t "$1" --net=/proc/$1/ns/net "$PROBE" stdin ns:net <&-' _ "$TARGET"
	assert_success
	assert_output "$null"$'\n'"$(nsid_of "$TARGET" net)"
}

@test "stdout or stderr closed at start: the program has /dev/null there" {
	require_root
	start_target --net
	# the program reports on the fd that is still open
	run bash -c 'exec "$NSJOIN" --net=/proc/$1/ns/net -t "$1" sh -c "x=\$(readlink /proc/\$\$/fd/1); echo \"\$x\" >&2" >&-' _ "$TARGET"
	assert_success
	assert_output /dev/null
	run bash -c 'exec "$NSJOIN" --net=/proc/$1/ns/net -t "$1" sh -c "readlink /proc/\$\$/fd/2" 2>&-' _ "$TARGET"
	assert_success
	assert_output /dev/null
}

# --- inherited signal state --------------------------------------------------------

@test "signals the caller ignores (TERM INT HUP PIPE) are reset for the program, with and without fork" {
	require_root
	start_target --pid --net
	# the control: the probe alone inherits them ignored (bits 1, 2, 13, 15),
	# on top of whatever our own caller left ignored
	local base
	base=$("$PROBE" sigign)
	run bash -c 'trap "" TERM INT HUP PIPE; exec "$PROBE" sigign'
	assert_output "$(printf '%016x' $((0x$base | 0x5003)))"

	run bash -c 'trap "" TERM INT HUP PIPE; exec "$NSJOIN" -t "$1" -n "$PROBE" sigign' _ "$TARGET"
	assert_success
	assert_output 0000000000000000
	run bash -c 'trap "" TERM INT HUP PIPE; exec "$NSJOIN" -t "$1" -p "$PROBE" sigign' _ "$TARGET"
	assert_success
	assert_output 0000000000000000
}

@test "signals the caller blocks are unblocked for the program, with and without fork" {
	require_root
	require_cmd python3
	start_target --pid --net
	local block='import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD, signal.SIGUSR1])
os.execv(sys.argv[1], sys.argv[1:])'
	# the control: SIGHUP 1, SIGINT 2, SIGUSR1 10, SIGTERM 15, SIGCHLD 17
	run python3 -c "$block" "$PROBE" sigblk
	assert_output 0000000000014203

	run python3 -c "$block" "$NSJOIN" -t "$TARGET" -n "$PROBE" sigblk
	assert_success
	assert_output 0000000000000000
	run python3 -c "$block" "$NSJOIN" -t "$TARGET" -p "$PROBE" sigblk
	assert_success
	assert_output 0000000000000000
}

@test "SIGCHLD ignored by the caller: -p still passes the status on, and the program gets it reset" {
	require_root
	require_cmd python3
	start_target --pid
	local ign='import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])'
	run python3 -c "$ign" "$NSJOIN" -t "$TARGET" -p "$PROBE" exit:5
	assert_failure 5
	assert_output ""
	run python3 -c "$ign" "$NSJOIN" -t "$TARGET" -p "$PROBE" sigign
	assert_success
	assert_output 0000000000000000
}

# --- signals to the waiting nsjoin ------------------------------------------------

# Start nsjoin -p with a sleeping probe in the background; sets NSJ_PID and
# NSJ_CHILD (the probe, once it runs).
start_supervised() {
	(cd "$BATS_TEST_TMPDIR" && ulimit -c 0 &&
		exec "$NSJOIN" -t "$TARGET" -p "$PROBE" sleep:30) \
		</dev/null >/dev/null 2>&1 3>&- &
	NSJ_PID=$!
	track_pid "$NSJ_PID"
	NSJ_CHILD=$(child_with_comm "$NSJ_PID" probe)
}

# Send SIG to the waiting nsjoin: it must die with status EXPECT, and its
# program must be gone.
check_forwarded() {
	local sig=$1 expect=$2 st=0
	start_supervised
	[ -n "$NSJ_CHILD" ]
	kill -s "$sig" "$NSJ_PID"
	wait_not_running "$NSJ_PID" 5
	wait "$NSJ_PID" || st=$?
	assert_equal "SIG$sig: status $st" "SIG$sig: status $expect"
	wait_not_running "$NSJ_CHILD" 2
}

@test "SIGTERM to the waiting nsjoin -p is forwarded: 143, the program is gone" {
	require_root
	start_target --pid
	check_forwarded TERM 143
}

@test "SIGINT, SIGHUP, SIGQUIT to the waiting nsjoin -p are forwarded: 130, 129, 131" {
	require_root
	start_target --pid
	# (bash starts background jobs with SIGINT and SIGQUIT ignored: the
	# program gets them reset, or SIGINT would not end it)
	check_forwarded INT 130
	check_forwarded HUP 129
	check_forwarded QUIT 131
}

@test "SIGKILL to the waiting nsjoin -p: the program is killed too, no orphan" {
	require_root
	start_target --pid
	start_supervised
	[ -n "$NSJ_CHILD" ]
	kill -KILL "$NSJ_PID"
	# reparented to the target's init (a sleep that never reaps), the
	# killed program stays a zombie: not running is what counts
	wait_not_running "$NSJ_CHILD" 2
}

@test "-F -p does not fork, as nsenter: the program is the caller's process" {
	require_root
	start_target --pid
	local bin
	for bin in nsenter "$NSJOIN"; do
		run bash -c 'echo "$$"; exec "$2" -F -t "$1" -p "$PROBE" pid ns:pid ns:pid_for_children' _ "$TARGET" "$bin"
		assert_success
		assert_equal "${lines[1]}" "${lines[0]}"
		assert_equal "${lines[2]}" "$(nsid_of $$ pid)"
		assert_equal "${lines[3]}" "$(nsid_of "$TARGET" pid)"
	done
}
