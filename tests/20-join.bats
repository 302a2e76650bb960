#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 20-join: joining namespaces, in each command-line shape of DESIGN.md
# ("Command-line shapes"), compared with util-linux nsenter where it is
# right; bad namespace files (HAZARDS.md 3, 4, 5), unprivileged callers (15)
# and vanished or zombie targets (17, 18).

# stderr and stderr_lines are set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

BIND_FILE=
NETNS_NAME=
UNPRIV_DIR=

teardown() {
	stop_targets
	if [[ -n $BIND_FILE ]]; then
		umount "$BIND_FILE" 2>/dev/null || true
	fi
	if [[ -n $NETNS_NAME ]]; then
		ip netns delete "$NETNS_NAME" 2>/dev/null || true
	fi
	if [[ -n $UNPRIV_DIR ]]; then
		rm -rf "$UNPRIV_DIR"
	fi
}

# What "probe nsall" prints for a process in exactly the namespaces of PID.
nsall_of() {
	local LC_ALL=C f
	local -a out=()
	for f in "/proc/$1/ns/"*; do
		out+=("${f##*/}:$(stat -L -c %i "$f")")
	done
	echo "${out[*]}"
}

# check_join_type LETTER LONG TYPE: TARGET is in its own TYPE namespace;
# -LETTER and --LONG join it, and util-linux nsenter agrees.
check_join_type() {
	local letter=$1 long=$2 type=$3 want
	want=$(nsid_of "$TARGET" "$type")
	[ "$want" != "$(nsid_of $$ "$type")" ]

	run "$NSJOIN" -t "$TARGET" "-$letter" "$PROBE" "ns:$type"
	assert_success
	assert_output "$want"

	run "$NSJOIN" --target "$TARGET" "--$long" "$PROBE" "ns:$type"
	assert_success
	assert_output "$want"

	run_both -t "$TARGET" "-$letter" "$PROBE" "ns:$type"
	assert_success
	assert_same_as_nsenter
}

# --- each type through --target --------------------------------------------------

@test "-m / --mount joins the target's mount namespace" {
	require_root
	start_target --mount
	check_join_type m mount mnt
}

@test "-u / --uts joins the target's uts namespace" {
	require_root
	start_target --uts
	check_join_type u uts uts
}

@test "-i / --ipc joins the target's ipc namespace" {
	require_root
	start_target --ipc
	check_join_type i ipc ipc
}

@test "-n / --net joins the target's net namespace" {
	require_root
	start_target --net
	check_join_type n net net
}

@test "-p / --pid runs the program in the target's pid namespace" {
	require_root
	start_target --pid
	check_join_type p pid pid
}

@test "-C / --cgroup joins the target's cgroup namespace" {
	require_root
	start_target --cgroup
	check_join_type C cgroup cgroup
}

@test "-U / --user joins the target's user namespace" {
	require_root
	start_target --user --map-root-user
	check_join_type U user user
}

@test "-T / --time joins the target's time namespace" {
	require_root
	[[ -e /proc/self/ns/time ]] || skip "no time namespaces in this kernel"
	start_target --time
	check_join_type T time time
}

# --- argument shapes ------------------------------------------------------------

@test "-nFILE joins the net namespace of the file, as nsenter does" {
	require_root
	start_target --net
	local want
	want=$(nsid_of "$TARGET" net)
	run_both "-n/proc/$TARGET/ns/net" "$PROBE" ns:net
	assert_success
	assert_output "$want"
	assert_same_as_nsenter
}

@test "-n=FILE drops the '=' and joins the file's namespace" {
	require_root
	start_target --net
	run "$NSJOIN" "-n=/proc/$TARGET/ns/net" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
}

@test "--net=FILE joins the net namespace of the file, as nsenter does" {
	require_root
	start_target --net
	run_both --net="/proc/$TARGET/ns/net" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "-n FILE and --net FILE: the target's net namespace, then run FILE" {
	require_root
	start_target --net
	local other=$TARGET
	start_target --net

	# FILE is the program: a namespace file is not executable
	run_both -t "$TARGET" -n "/proc/$other/ns/net"
	assert_equal "$NSENTER_STATUS" 126
	assert_equal "$NSJOIN_STATUS" 126
	assert_equal "$NSJOIN_OUTPUT" "nsjoin: failed to execute '/proc/$other/ns/net': Permission denied"

	run_both -t "$TARGET" --net "/proc/$other/ns/net"
	assert_equal "$NSENTER_STATUS" 126
	assert_equal "$NSJOIN_STATUS" 126

	# and with a real program, in the target's namespace, not the other's
	run_both -t "$TARGET" -n "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "bundled short flags: -at PID, -tPID -Fn, as nsenter reads them" {
	require_root
	start_target --net --uts
	local want
	want=$(nsid_of "$TARGET" net)$'\n'$(nsid_of "$TARGET" uts)

	run_both -at "$TARGET" "$PROBE" ns:net ns:uts
	assert_success
	assert_output "$want"
	assert_same_as_nsenter

	run_both "-t$TARGET" -Fn -u "$PROBE" ns:net ns:uts
	assert_success
	assert_output "$want"
	assert_same_as_nsenter
}

@test "-nu means --net=u: a namespace letter takes the rest of its word" {
	require_root
	start_target --net --uts
	cd "$BATS_TEST_TMPDIR"
	run_both -t "$TARGET" -nu "$PROBE" ns:net
	assert_failure 1
	assert_equal "$NSENTER_STATUS" 1
	assert_output "nsjoin: cannot open 'u' for --net: No such file or directory"
}

@test "--net=FILE where FILE is a bind mount of a namespace file" {
	require_root
	start_target --net
	BIND_FILE=$BATS_TEST_TMPDIR/netns-bind
	: >"$BIND_FILE"
	mount --bind "/proc/$TARGET/ns/net" "$BIND_FILE"
	run_both --net="$BIND_FILE" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "--net=NAME joins /run/netns/NAME (ip netns add), and the full path too" {
	require_root
	require_cmd ip
	NETNS_NAME=nsjoin-test-$$-$BATS_TEST_NUMBER
	ip netns add "$NETNS_NAME"
	local want
	want=$(stat -L -c %i "/run/netns/$NETNS_NAME")
	[ "$want" != "$(nsid_of $$ net)" ]

	cd "$BATS_TEST_TMPDIR"
	run "$NSJOIN" --net="$NETNS_NAME" "$PROBE" ns:net
	assert_success
	assert_output "$want"

	run "$NSJOIN" "-n$NETNS_NAME" "$PROBE" ns:net
	assert_success
	assert_output "$want"

	run_both --net="/run/netns/$NETNS_NAME" "$PROBE" ns:net
	assert_success
	assert_output "$want"
	assert_same_as_nsenter
}

@test "--net=NAME: a file NAME in the current directory, with no such ip netns name, is joined as nsenter does" {
	require_root
	start_target --net
	NETNS_NAME=nsjoin-test-$$-$BATS_TEST_NUMBER
	[[ ! -e /run/netns/$NETNS_NAME ]]
	BIND_FILE=$BATS_TEST_TMPDIR/$NETNS_NAME
	: >"$BIND_FILE"
	mount --bind "/proc/$TARGET/ns/net" "$BIND_FILE"
	cd "$BATS_TEST_TMPDIR"
	run_both --net="$NETNS_NAME" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

# HAZARDS.md 37, the attack of issue 12: root in /tmp, where a user made
# "blue" a symlink to their own namespace, named the ip netns "blue".
@test "H37: --net=NAME when both ./NAME and /run/netns/NAME exist: refused, naming both, also by --show" {
	require_root
	require_cmd ip
	NETNS_NAME=nsjoin-test-$$-$BATS_TEST_NUMBER
	ip netns add "$NETNS_NAME"
	start_target_as 65534 --user --net
	UNPRIV_DIR=$(mktemp -d /tmp/nsjoin-20-join.XXXXXX)
	chmod 1777 "$UNPRIV_DIR"
	local dir=$UNPRIV_DIR
	as_nobody ln -s "/proc/$TARGET/ns/net" "$dir/$NETNS_NAME"
	cd "$dir"
	local msg="nsjoin: --net='$NETNS_NAME' is ambiguous: both './$NETNS_NAME' and '/run/netns/$NETNS_NAME' exist; give the one you mean with a slash (--net='./$NETNS_NAME' or --net='/run/netns/$NETNS_NAME')"
	run --separate-stderr "$NSJOIN" --net="$NETNS_NAME" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
	run --separate-stderr "$NSJOIN" -n"$NETNS_NAME" --show "$PROBE" ns:net
	assert_failure 1
	assert_equal "$stderr" "$msg"
	# each one, named with a slash
	run "$NSJOIN" --net="./$NETNS_NAME" "$PROBE" ns:net
	assert_output "$(nsid_of "$TARGET" net)"
	run "$NSJOIN" --net="/run/netns/$NETNS_NAME" "$PROBE" ns:net
	assert_output "$(stat -L -c %i "/run/netns/$NETNS_NAME")"
	# a dangling symlink is a file there too
	rm "$dir/$NETNS_NAME"
	ln -s /nonexistent "$dir/$NETNS_NAME"
	run --separate-stderr "$NSJOIN" --net="$NETNS_NAME" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$stderr" "$msg"
}

@test "--net=NAME with no such file nor netns: cannot open NAME" {
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr "$NSJOIN" --net=nsjoin-no-such-netns "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot open 'nsjoin-no-such-netns' for --net: No such file or directory"
}

# --- namespace ids ----------------------------------------------------------------

@test "--net=:NSID joins the net namespace with that 64-bit id" {
	require_root
	require_cmd python3
	start_target --net
	local id
	id=$(ns_id_of "/proc/$TARGET/ns/net")
	[[ $id =~ ^[0-9]+$ ]]
	run "$NSJOIN" --net=":$id" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"

	run "$NSJOIN" "-n:$id" "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
}

@test "--net=:NSID with an id no namespace has: no net namespace has this id" {
	require_root
	run --separate-stderr "$NSJOIN" --net=:18446744073709551615 "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot open namespace id 18446744073709551615 for --net: no net namespace has this id"
}

@test "--uts=:NSID with the id of a net namespace is refused" {
	require_root
	require_cmd python3
	start_target --net --uts
	local id
	id=$(ns_id_of "/proc/$TARGET/ns/net")
	run --separate-stderr "$NSJOIN" --uts=":$id" "$PROBE" ns:uts
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: (namespace id $id is a net namespace, not a uts namespace \(--uts\)|cannot open namespace id $id for --uts: no uts namespace has this id)\$"
}

@test "--net=: / --net=:x / --net=:0 are invalid ids" {
	local v
	for v in : :x :0 :-1 ": 1" :18446744073709551616; do
		run --separate-stderr "$NSJOIN" --net="$v" "$PROBE" ns:net
		assert_failure 1
		assert_equal "$output" ""
		assert_equal "$stderr" "nsjoin: invalid namespace id '$v' for --net: expected :<decimal id>"
	done
}

# --- pid_for_children -------------------------------------------------------------

@test "--pid=/proc/PID/ns/pid_for_children is accepted, as nsenter does" {
	require_root
	start_target --pid
	run_both --pid="/proc/$TARGET/ns/pid_for_children" "$PROBE" ns:pid
	assert_success
	assert_output "$(nsid_of "$TARGET" pid)"
	assert_same_as_nsenter
}

# --- files that are not namespaces (HAZARDS.md 3) ----------------------------------

@test "a FIFO as namespace file: error at once, no hang" {
	local fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	run --separate-stderr timeout 5 "$NSJOIN" --net="$fifo" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '$fifo' is not a namespace file (it is a FIFO): --net needs a /proc/<pid>/ns/net file or a bind mount of one"
}

@test "/dev/null as namespace file: not a namespace file (a character device)" {
	run --separate-stderr timeout 5 "$NSJOIN" --uts=/dev/null "$PROBE" ns:uts
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '/dev/null' is not a namespace file (it is a character device): --uts needs a /proc/<pid>/ns/uts file or a bind mount of one"
}

@test "a directory as namespace file: not a namespace file (a directory)" {
	run --separate-stderr timeout 5 "$NSJOIN" --mount="$BATS_TEST_TMPDIR" "$PROBE" ns:mnt
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '$BATS_TEST_TMPDIR' is not a namespace file (it is a directory): --mount needs a /proc/<pid>/ns/mnt file or a bind mount of one"
}

@test "a regular file as namespace file: not a namespace file (a regular file)" {
	local f=$BATS_TEST_TMPDIR/regular
	echo data >"$f"
	run --separate-stderr timeout 5 "$NSJOIN" --net="$f" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '$f' is not a namespace file (it is a regular file): --net needs a /proc/<pid>/ns/net file or a bind mount of one"
}

@test "a symlink loop as namespace file: too many levels of symbolic links" {
	local f=$BATS_TEST_TMPDIR/loop
	ln -s "$f" "$f"
	run --separate-stderr timeout 5 "$NSJOIN" --net="$f" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot open '$f' for --net: Too many levels of symbolic links"
}

@test "a namespace of another type: is a uts namespace, not a net namespace" {
	require_root
	start_target --net --uts
	run --separate-stderr timeout 5 "$NSJOIN" --net="/proc/$TARGET/ns/uts" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '/proc/$TARGET/ns/uts' is a uts namespace, not a net namespace (--net)"
}

@test "a bad file for one type stops everything before any join" {
	require_root
	start_target --net --uts
	# the uts namespace is fine, the net file is not: nothing runs
	run --separate-stderr timeout 5 "$NSJOIN" -t "$TARGET" -u --net=/dev/null "$PROBE" ns:uts
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: '/dev/null' is not a namespace file (it is a character device): --net needs a /proc/<pid>/ns/net file or a bind mount of one"
}

# --- the same option twice, and files over the target (HAZARDS.md 4) ----------------

@test "--net=A --net=B: the last wins, and no fd of the first reaches the program" {
	require_root
	start_target --net
	local a=$TARGET
	start_target --net
	local b=$TARGET
	run with_clean_fds "$NSJOIN" --net="/proc/$a/ns/net" --net="/proc/$b/ns/net" "$PROBE" ns:net fds
	assert_success
	assert_output "$(nsid_of "$b" net)"$'\n0 1 2'

	# a target after a file, and a file after a target: the last wins too
	run with_clean_fds "$NSJOIN" -t "$a" --net="/proc/$b/ns/net" -n "$PROBE" ns:net fds
	assert_success
	assert_output "$(nsid_of "$a" net)"$'\n0 1 2'
	run with_clean_fds "$NSJOIN" -t "$a" -n --net="/proc/$b/ns/net" "$PROBE" ns:net fds
	assert_success
	assert_output "$(nsid_of "$b" net)"$'\n0 1 2'
}

@test "-t PID -a --net=FILE: the file overrides the target for net only" {
	require_root
	start_target --net --uts --ipc
	local a=$TARGET
	start_target --net
	local b=$TARGET
	run_both -t "$a" -a --net="/proc/$b/ns/net" "$PROBE" ns:net ns:uts ns:ipc
	assert_success
	assert_output "$(nsid_of "$b" net)"$'\n'"$(nsid_of "$a" uts)"$'\n'"$(nsid_of "$a" ipc)"
	assert_same_as_nsenter
}

# --- --all ---------------------------------------------------------------------------

@test "-a joins every namespace of the target (the child in its pid namespace)" {
	require_root
	local -a opts=(--mount --uts --ipc --net --pid --cgroup)
	[[ -e /proc/self/ns/time ]] && opts+=(--time)
	start_target "${opts[@]}"
	local want
	want=$(nsall_of "$TARGET")
	run_both -t "$TARGET" -a "$PROBE" nsall
	assert_success
	assert_output "$want"
	assert_same_as_nsenter

	run "$NSJOIN" --target "$TARGET" --all "$PROBE" nsall
	assert_success
	assert_output "$want"
}

@test "-a on a target in our own user namespace skips the user namespace" {
	require_root
	start_target --net --uts
	[ "$(nsid_of "$TARGET" user)" = "$(nsid_of $$ user)" ]
	run --separate-stderr "$NSJOIN" -t "$TARGET" -a "$PROBE" nsall uid
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(nsall_of "$TARGET")"$'\n0 0 0'
}

@test "-U on a target in our own user namespace is no error (nsenter: EINVAL)" {
	require_root
	start_target --net
	run --separate-stderr "$NSJOIN" -t "$TARGET" -U -n "$PROBE" ns:user ns:net
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(nsid_of $$ user)"$'\n'"$(nsid_of "$TARGET" net)"
}

@test "joining namespaces we are already in succeeds (-n/proc/self/ns/net, -m...)" {
	require_root
	run "$NSJOIN" -n/proc/self/ns/net -m/proc/self/ns/mnt "$PROBE" ns:net ns:mnt
	assert_success
	assert_output "$(nsid_of $$ net)"$'\n'"$(nsid_of $$ mnt)"

	run "$NSJOIN" --user=/proc/self/ns/user --uts=/proc/self/ns/uts "$PROBE" ns:user ns:uts
	assert_success
	assert_output "$(nsid_of $$ user)"$'\n'"$(nsid_of $$ uts)"
}

# --- with and without --target ----------------------------------------------------

@test "-n without --target: no target PID specified for --net" {
	run --separate-stderr "$NSJOIN" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: no target PID specified for --net"

	run --separate-stderr "$NSJOIN" -a "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: --all needs --target"
}

@test "-t PID with nothing to do: no namespace specified, and what would do (util-linux 2.38 ran the program on the host)" {
	require_root
	start_target --net
	run --separate-stderr "$NSJOIN" -t "$TARGET" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: no namespace specified: give -a to enter every namespace of process $TARGET, or the types to enter (-U -C -i -u -n -p -m -T)"$'\n'"Try 'nsjoin --help' for more information."
}

@test "-n NAME where NAME is an ip netns name or a namespace file: the message says to write --net=NAME" {
	require_root
	require_cmd ip
	NETNS_NAME=nsjoin-test-$$-$BATS_TEST_NUMBER
	ip netns add "$NETNS_NAME"
	run --separate-stderr "$NSJOIN" -n "$NETNS_NAME" ip addr
	assert_failure 1
	assert_equal "$stderr" "nsjoin: no target PID specified for --net; '$NETNS_NAME' is an ip netns name: give it attached, --net='$NETNS_NAME' (-n '$NETNS_NAME' means the target's namespace, then run '$NETNS_NAME')"
	run --separate-stderr "$NSJOIN" --uts "/proc/$$/ns/uts" true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: no target PID specified for --uts; '/proc/$$/ns/uts' is a namespace file: give it attached, --uts='/proc/$$/ns/uts' (-u '/proc/$$/ns/uts' means the target's namespace, then run '/proc/$$/ns/uts')"
}

@test "-t PID -r alone runs the program in the target's root" {
	require_root
	start_target --net
	run_both -t "$TARGET" -r "$PROBE" root ns:net
	assert_success
	# the root only: the net namespace stays ours
	assert_output $'/\n'"$(nsid_of $$ net)"
	assert_same_as_nsenter
}

# --- unprivileged (HAZARDS.md 15) -----------------------------------------------------

@test "unprivileged: -t T -U -n joins the user namespace it owns, ids 0 0 0" {
	require_root
	require_userns
	unpriv_binaries
	start_target_as 65534 --user --map-root-user --net --uts
	run as_nobody "$NSJOIN" -t "$TARGET" -U -n "$PROBE" ns:net ns:user uid gid
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" user)"$'\n0 0 0\n0 0 0'
}

@test "unprivileged: -t T -n without -U: cannot join the net namespace, EPERM" {
	require_root
	require_userns
	unpriv_binaries
	start_target_as 65534 --user --map-root-user --net --uts
	run --separate-stderr as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: cannot join net namespace '/proc/$TARGET/ns/net': Operation not permitted"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "unprivileged: -t T -a works, types identical to ours are no error" {
	require_root
	require_userns
	unpriv_binaries
	start_target_as 65534 --user --map-root-user --net --uts
	run --separate-stderr as_nobody "$NSJOIN" -t "$TARGET" -a "$PROBE" nsall uid
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(nsall_of "$TARGET")"$'\n0 0 0'
}

@test "unprivileged: a root-owned target's net namespace is refused clearly" {
	require_root
	unpriv_binaries
	start_target --net
	run --separate-stderr as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot open '/proc/$TARGET/ns/net': Permission denied (opening another process's namespaces needs the right to ptrace it: the same user, or CAP_SYS_PTRACE)"

	run --separate-stderr as_nobody "$NSJOIN" --net="/proc/$TARGET/ns/net" "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot open '/proc/$TARGET/ns/net' for --net: Permission denied"
}

# --- the pid namespace ---------------------------------------------------------------

@test "-p: the program gets a small pid in the target's pid namespace" {
	require_root
	start_target --pid
	# the target is pid 1 there; our child is the next process
	run "$NSJOIN" -t "$TARGET" -p "$PROBE" pid ns:pid ns:pid_for_children
	assert_success
	assert_output $'2\n'"$(nsid_of "$TARGET" pid)"$'\n'"$(nsid_of "$TARGET" pid)"

	run nsenter -t "$TARGET" -p "$PROBE" pid ns:pid
	assert_success
	assert_line --index 1 "$(nsid_of "$TARGET" pid)"
	((lines[0] > 1 && lines[0] < 100))
}

@test "-p -F (--no-fork): only pid_for_children changes, as with nsenter" {
	require_root
	start_target --pid
	run_both -t "$TARGET" -p -F "$PROBE" ns:pid ns:pid_for_children
	assert_success
	assert_output "$(nsid_of $$ pid)"$'\n'"$(nsid_of "$TARGET" pid)"
	assert_same_as_nsenter

	run "$NSJOIN" -t "$TARGET" -p --no-fork "$PROBE" ns:pid ns:pid_for_children
	assert_success
	assert_output "$(nsid_of $$ pid)"$'\n'"$(nsid_of "$TARGET" pid)"
}

# --- vanished and zombie targets (HAZARDS.md 17, 18) ----------------------------------

@test "a target that has exited: target process N does not exist" {
	# (no fd of bats may stay open in the background job)
	# shellcheck disable=SC2217
	sleep 10 </dev/null >/dev/null 2>&1 3>&- &
	local gone=$!
	kill -KILL "$gone"
	wait "$gone" 2>/dev/null || true
	run --separate-stderr "$NSJOIN" -t "$gone" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: target process $gone does not exist"
}

@test "a zombie target: a clean error saying it is a zombie" {
	require_root
	local zfile=$BATS_TEST_TMPDIR/zombie zombie i
	# the parent execs a sleep that never reaps the child: a zombie
	bash -c 'sleep 0.05 & echo $! >"$1"; exec sleep 30' _ "$zfile" \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	for ((i = 0; i < 300; i++)); do
		zombie=$(cat "$zfile" 2>/dev/null) || zombie=
		[[ -n $zombie && $(cat "/proc/$zombie/stat" 2>/dev/null) == *") Z "* ]] && break
		sleep 0.01
	done
	[[ $(cat "/proc/$zombie/stat") == *") Z "* ]]

	local msg="nsjoin: target process $zombie is a zombie: it has exited and has no namespaces"
	run --separate-stderr "$NSJOIN" -t "$zombie" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"

	run --separate-stderr "$NSJOIN" -t "$zombie" -a "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"

	run --separate-stderr "$NSJOIN" -t "$zombie" -r "$PROBE" root
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
}
