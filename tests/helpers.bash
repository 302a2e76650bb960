# shellcheck shell=bash
# TARGET and NSENTER_*/NSJOIN_* are read by the tests; output and status
# are set by bats' run.
# shellcheck disable=SC2034,SC2154
# SPDX-License-Identifier: GPL-2.0-or-later
#
# helpers.bash - loaded by every tests/*.bats with "load helpers".
#
# Environment (set by tests/run-tests; defaults for running bats by hand):
#   NSJOIN   the nsjoin binary under test   (default: ../src/nsjoin)
#   PROBE    the static test probe          (default: ./probe)
#
# Functions:
#   require_root, require_userns, require_cgroup2, require_cmd CMD
#                            skip the test, saying why, when unavailable
#   start_target [UNSHARE-OPTS...]
#                            start "unshare OPTS --fork --kill-child sleep 1000"
#                            in the background; TARGET= the pid of the sleep
#   start_target_as UID [UNSHARE-OPTS...]
#                            the same, started as UID/UID with no groups
#   stop_targets             SIGKILL and reap everything started above
#                            (the default teardown calls it)
#   track_pid PID            have stop_targets kill PID too (a child of ours)
#   nsid_of PID TYPE         inode of /proc/PID/ns/TYPE
#   ns_id_of PATH            the 64-bit id of a namespace file (NS_GET_ID)
#   proc_state PID           its state letter (R, S, T, Z, ...) or "gone"
#   child_with_comm PID COMM the first child of PID named COMM (waits 5 s)
#   as_nobody CMD...         run CMD as 65534/65534, no groups, from /
#   unpriv_binaries          make NSJOIN and PROBE runnable by nobody:
#                            copied to UNPRIV_DIR (a new 0755 directory,
#                            which the file's teardown removes) if needed
#   rmdir_cgroups DIR...     remove the cgroup directories, last first,
#                            retrying while an emptied one is still busy
#   run_both ARGS...         run "nsenter ARGS" and "$NSJOIN ARGS" with bats'
#                            run; sets NSENTER_OUTPUT NSENTER_STATUS
#                            NSJOIN_OUTPUT NSJOIN_STATUS (and leaves output
#                            and status from the nsjoin run)
#   assert_same_as_nsenter   both runs had the same status and output
#   nsjoin_calls LOG PROG    the lines of an "strace -f" LOG up to the
#                            successful execve of PROG in each process
#   with_clean_fds CMD...    run CMD with only fds 0, 1 and 2 open (bats
#                            keeps fd 3 and others open in tests); to pass
#                            an extra fd, open it inside CMD, e.g.
#                            with_clean_fds bash -c 'exec "$NSJOIN" ... 5<x'
#
# Note: "run CMD <&-" does not give CMD a closed stdin (bats' run reuses the
# free fd 0); close it inside: run bash -c 'exec CMD <&-'.

_helpers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_load_bats_lib() {
	local name=$1 dir
	local -a dirs=(/usr/lib/bats)
	if [[ -n ${BATS_LIB_PATH:-} ]]; then
		local IFS=:
		# shellcheck disable=SC2206 # split on ':' on purpose
		dirs+=($BATS_LIB_PATH)
	fi
	for dir in "${dirs[@]}"; do
		if [[ -f $dir/$name/load.bash ]]; then
			# shellcheck source=/dev/null
			source "$dir/$name/load.bash"
			return 0
		fi
	done
	echo "helpers.bash: $name not found in ${dirs[*]} (Debian: apt-get install $name)" >&2
	return 1
}

_load_bats_lib bats-support
_load_bats_lib bats-assert

: "${NSJOIN:=$_helpers_dir/../src/nsjoin}"
: "${PROBE:=$_helpers_dir/probe}"
export NSJOIN PROBE

TARGET=
_cleanup_pids=()

# --- skips -------------------------------------------------------------------

require_root() {
	[[ $EUID -eq 0 ]] || skip "requires root (running as uid $EUID)"
}

require_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"
}

# Unprivileged user namespaces: what a normal user gets from the kernel.
# As root, checked as nobody (65534), since root can always create one.
require_userns() {
	require_cmd unshare
	local err
	if [[ $EUID -eq 0 ]]; then
		require_cmd setpriv
		err=$(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \
			unshare --user --map-root-user true 2>&1) ||
			skip "unprivileged user namespaces unavailable: ${err:-unshare --user failed}"
	else
		err=$(unshare --user --map-root-user true 2>&1) ||
			skip "unprivileged user namespaces unavailable: ${err:-unshare --user failed}"
	fi
}

require_cgroup2() {
	# mountinfo: "... - FSTYPE SOURCE OPTIONS"
	grep -q ' - cgroup2 ' /proc/self/mountinfo ||
		skip "cgroup v2 unavailable: no cgroup2 mount in /proc/self/mountinfo"
}

# --- targets -----------------------------------------------------------------

# _start_target [PREFIX-CMD...] -- [UNSHARE-OPTS...]
_start_target() {
	local -a prefix=()
	while [[ $# -gt 0 && $1 != -- ]]; do
		prefix+=("$1")
		shift
	done
	shift # the --

	# Background jobs must not hold bats' fds (3 and the output pipe), or
	# bats waits for them; the target needs no stdio at all.
	(cd / && exec "${prefix[@]}" unshare "$@" --fork --kill-child -- sleep 1000) \
		</dev/null >/dev/null 2>&1 3>&- &
	local up=$!
	_cleanup_pids+=("$up")

	# The sleep is unshare's only child; it is fully set up (namespaces,
	# maps, mounts) once it has exec'd, i.e. once its comm is "sleep".
	local i child comm
	for ((i = 0; i < 500; i++)); do
		child=
		if [[ -r /proc/$up/task/$up/children ]]; then
			read -r child _ <"/proc/$up/task/$up/children" || true
		fi
		if [[ -n $child ]]; then
			comm=$(cat "/proc/$child/comm" 2>/dev/null) || comm=
			if [[ $comm == sleep ]]; then
				TARGET=$child
				return 0
			fi
		fi
		if ! kill -0 "$up" 2>/dev/null || [[ $(cat "/proc/$up/stat" 2>/dev/null) == *") Z "* ]]; then
			local st=0
			wait "$up" 2>/dev/null || st=$?
			echo "start_target: '${prefix[*]:+${prefix[*]} }unshare $* --fork --kill-child -- sleep 1000' exited with status $st" >&2
			return 1
		fi
		sleep 0.01
	done
	echo "start_target: no sleep child of unshare (pid $up) after 5 s" >&2
	return 1
}

start_target() {
	_start_target -- "$@"
}

start_target_as() {
	local uid=$1
	shift
	_start_target setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"
}

# Have stop_targets kill and reap PID too (it must be a child of this shell).
track_pid() {
	_cleanup_pids+=("$1")
}

stop_targets() {
	local pid
	for pid in "${_cleanup_pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	_cleanup_pids=()
	TARGET=
}

# Tests with their own teardown call stop_targets themselves.
teardown() {
	stop_targets
}

# --- facts -------------------------------------------------------------------

nsid_of() {
	stat -L -c %i "/proc/$1/ns/$2"
}

# The 64-bit id of the namespace file PATH (ioctl NS_GET_ID), or "null"
# where the kernel has no NS_GET_ID (before 6.12).
ns_id_of() {
	python3 -c '
import errno, fcntl, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
buf = bytearray(8)
try:
    fcntl.ioctl(fd, 0x8008b70d, buf)  # NS_GET_ID = _IOR(0xb7, 0xd, __u64)
except OSError as e:
    if e.errno in (errno.ENOTTY, errno.EINVAL):
        print("null")
        sys.exit(0)
    raise
print(struct.unpack("<Q", bytes(buf))[0])
' "$1"
}

# The pidfd inode of PID (what "-t PID:INODE" pins).
pidfd_inode() {
	python3 -c 'import os, sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' "$1"
}

# The state letter of PID from /proc/PID/stat, or "gone".
proc_state() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || {
		echo gone
		return
	}
	stat=${stat##*) }
	echo "${stat%% *}"
}

# wait_comm PID COMM: until PID is named COMM (it has exec'd), up to 5 s.
wait_comm() {
	local i
	for ((i = 0; i < 500; i++)); do
		[[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] && return 0
		sleep 0.01
	done
	echo "process $1 is not named '$2' after 5 s" >&2
	return 1
}

# The first child of PID whose comm is COMM, waited for up to 5 s.
child_with_comm() {
	local pid=$1 want=$2 i c comm
	for ((i = 0; i < 500; i++)); do
		local -a kids=()
		read -r -a kids 2>/dev/null <"/proc/$pid/task/$pid/children" || true
		for c in "${kids[@]}"; do
			comm=$(cat "/proc/$c/comm" 2>/dev/null) || continue
			if [[ $comm == "$want" ]]; then
				echo "$c"
				return 0
			fi
		done
		sleep 0.01
	done
	echo "no child '$want' of process $pid after 5 s" >&2
	return 1
}

with_clean_fds() {
	(
		local fd
		for fd in /proc/self/fd/*; do
			fd=${fd##*/}
			if ((fd > 2)); then
				eval "exec ${fd}>&-" 2>/dev/null || true
			fi
		done
		exec "$@"
	)
}

# --- comparison with util-linux nsenter --------------------------------------

# run_both [-N] ARGS...: nsenter ARGS, then nsjoin ARGS, each under bats'
# run (-N: both must exit with N, as "run -N" checks; it also says that a
# 127 is expected, which bats otherwise warns about).
run_both() {
	local -a expect=()
	if [[ ${1:-} =~ ^-[0-9]+$ ]]; then
		expect=("$1")
		shift
	fi
	require_cmd nsenter
	run "${expect[@]}" nsenter "$@"
	NSENTER_OUTPUT=$output
	NSENTER_STATUS=$status
	run "${expect[@]}" "$NSJOIN" "$@"
	NSJOIN_OUTPUT=$output
	NSJOIN_STATUS=$status
}

assert_same_as_nsenter() {
	if [[ $NSENTER_STATUS != "$NSJOIN_STATUS" || $NSENTER_OUTPUT != "$NSJOIN_OUTPUT" ]]; then
		{
			batslib_print_kv_single_or_multi 14 \
				'nsenter status' "$NSENTER_STATUS" \
				'nsjoin status' "$NSJOIN_STATUS"
			batslib_print_kv_single_or_multi 14 \
				'nsenter output' "$NSENTER_OUTPUT" \
				'nsjoin output' "$NSJOIN_OUTPUT"
		} | batslib_decorate 'nsjoin differs from util-linux nsenter' | fail
	fi
}

# --- strace logs -------------------------------------------------------------

# The system calls of nsjoin in an strace -f LOG, in order, up to the
# successful execve of the program PROG (that process's later lines are
# the program's own, not nsjoin's).  Lines are "PID SYSCALL...".
nsjoin_calls() {
	local log=$1 prog=$2
	awk -v prog="$prog" '
		# strace may split the call: "<unfinished ...>", then the
		# rest of the line later; from here on it is the program
		$2 ~ /^execve\(/ && index($0, "execve(\"" prog "\"") && (/ = 0$/ || /<unfinished \.\.\.>$/) {
			print; done[$1] = 1; next
		}
		!done[$1] { print }
	' "$log"
}

# --- unprivileged runs -------------------------------------------------------

# Run as nobody (65534, no groups), from /.
as_nobody() {
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@")
}

# NSJOIN and PROBE as nobody can run them: copied to a 0755 directory
# UNPRIV_DIR if nobody cannot reach the originals.  The file's teardown
# removes UNPRIV_DIR when it is set.
unpriv_binaries() {
	require_cmd setpriv
	if as_nobody test -x "$NSJOIN" -a -x "$PROBE"; then
		return 0
	fi
	UNPRIV_DIR=$(mktemp -d "/tmp/nsjoin-$(basename "$BATS_TEST_FILENAME" .bats).XXXXXX")
	chmod 0755 "$UNPRIV_DIR"
	cp "$NSJOIN" "$UNPRIV_DIR/nsjoin"
	cp "$PROBE" "$UNPRIV_DIR/probe"
	chmod 0755 "$UNPRIV_DIR/nsjoin" "$UNPRIV_DIR/probe"
	NSJOIN=$UNPRIV_DIR/nsjoin
	PROBE=$UNPRIV_DIR/probe
}

# --- cgroups -----------------------------------------------------------------

# rmdir_cgroups DIR...: remove the cgroup directories, the last named
# first (name parents before children); a cgroup emptied a moment ago may
# be busy: each is retried for up to 4 s.
rmdir_cgroups() {
	local i n cg
	for ((i = $#; i >= 1; i--)); do
		cg=${!i}
		for ((n = 0; n < 200; n++)); do
			[[ -d $cg ]] || break
			rmdir "$cg" 2>/dev/null && break
			sleep 0.02
		done
	done
}
