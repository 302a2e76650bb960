#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 00-infra: the test probe and the helpers themselves.  Nothing here uses
# nsjoin, so a failure here is a broken test setup, not a broken nsjoin.

load helpers

# Run a require_* helper with a stand-in for bats' skip, to see the reason.
skip_reason() {
	(
		# shellcheck disable=SC2317 # called by the require_* helper
		skip() {
			echo "skip: $1"
			exit 0
		}
		"$@"
		echo "not skipped"
	)
}

@test "probe: exit:7 exits with status 7" {
	run "$PROBE" exit:7
	assert_failure 7
	assert_output ""
}

@test "probe: facts print in order, one line each, up to exit:N" {
	run "$PROBE" env:PROBE_TEST_A exit:3 env:PROBE_TEST_A
	assert_failure 3
	assert_output "(unset)"

	PROBE_TEST_A="x y" run "$PROBE" env:PROBE_TEST_A env:PROBE_TEST_A
	assert_success
	assert_output $'x y\nx y'
}

@test "probe: an unknown fact or a bad number is an error, exit 2" {
	run "$PROBE" no-such-fact
	assert_failure 2
	assert_output --partial "unknown fact 'no-such-fact'"

	run "$PROBE" exit:1x
	assert_failure 2
	run "$PROBE" sleep:-1
	assert_failure 2
	run "$PROBE"
	assert_failure 2
}

@test "probe: fds on a plain run is 0 1 2" {
	run with_clean_fds "$PROBE" fds
	assert_success
	assert_output "0 1 2"
}

@test "probe: fds shows an inherited fd, and no fd 0 when stdin is closed" {
	# with_clean_fds closes every fd above 2, so open the extra one after it
	# shellcheck disable=SC2016 # $PROBE is expanded by the inner bash
	run with_clean_fds bash -c 'exec "$PROBE" fds 7</dev/null'
	assert_output "0 1 2 7"

	# shellcheck disable=SC2016
	run with_clean_fds bash -c 'exec "$PROBE" fds <&-'
	assert_output "1 2"
}

@test "probe: ns:net equals stat of /proc/self/ns/net, nsall agrees" {
	local net
	net=$(stat -L -c %i /proc/self/ns/net)
	run "$PROBE" ns:net
	assert_success
	assert_output "$net"

	run "$PROBE" nsall
	assert_success
	assert_output --regexp "(^| )net:$net( |$)"
	assert_output --regexp "^cgroup:[0-9]+ ipc:[0-9]+ mnt:[0-9]+ net:"

	run "$PROBE" ns:no-such-type
	assert_output "none"
}

@test "probe: uid, gid, pid, ppid, argv0" {
	run "$PROBE" uid gid
	assert_output "$(id -ru) $(id -u) $(id -u)"$'\n'"$(id -rg) $(id -g) $(id -g)"

	run bash -c 'echo "$$"; exec "$PROBE" pid ppid argv0'
	assert_success
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[2]}" != "${lines[1]}" ]
	assert_equal "${lines[3]}" "$PROBE"
}

@test "probe: envall lists the environment in order, then --end--" {
	run env -i A=1 B=two "$PROBE" envall
	assert_success
	assert_output $'A=1\nB=two\n--end--'
}

@test "probe: read reads one line and leaves the rest of stdin" {
	run bash -c 'printf "one\ntwo\n" | { "$PROBE" read; "$PROBE" read read; }'
	assert_success
	assert_output $'one\ntwo\n(eof)'
}

@test "probe: stdin closed, stdout a pipe" {
	# (the redirection inside bash -c: bats' run would fill a closed fd 0)
	run bash -c 'exec "$PROBE" stdin <&-'
	assert_output "closed"

	run "$PROBE" stdin </dev/null
	assert_output "$(stat -L -c '%d:%i' /dev/null)"
}

@test "probe: sigign reports an inherited ignored signal" {
	run bash -c 'trap "" USR1; exec "$PROBE" sigign sigblk'
	assert_success
	# SIGUSR1 is 10: bit 9
	(( (16#${lines[0]} & 0x200) != 0 ))
	assert [ "${#lines[1]}" -eq 16 ]
}

@test "probe: kill:15 dies of SIGTERM" {
	run "$PROBE" kill:15
	assert_failure 143
}

@test "probe: caps, dumpable, nnp, cwd, root, hostname, cgroup, cwdid" {
	run "$PROBE" caps dumpable nnp cwd root hostname cgroup cwdid
	assert_success
	assert_line --index 0 --regexp '^eff=[0-9a-f]{16} prm=[0-9a-f]{16} inh=[0-9a-f]{16} amb=[0-9a-f]{16} bnd=[0-9a-f]{16}$'
	assert_line --index 1 "1"
	assert_line --index 2 "0"
	assert_line --index 3 "$(pwd -P)"
	assert_line --index 4 "/"
	assert_line --index 5 "$(hostname)"
	assert_line --index 6 --regexp '^(0::/.*|none)$'
	assert_line --index 7 "$(stat -c %d:%i .)"
}

@test "probe: is statically linked" {
	require_cmd ldd
	run ldd "$PROBE"
	assert_output --partial "not a dynamic executable"
}

@test "start_target --net: a sleep whose net namespace differs from ours" {
	require_root
	start_target --net
	[ -n "$TARGET" ]
	assert_equal "$(cat "/proc/$TARGET/comm")" sleep
	[ "$(nsid_of "$TARGET" net)" != "$(nsid_of $$ net)" ]
	assert_equal "$(nsid_of "$TARGET" uts)" "$(nsid_of $$ uts)"
}

@test "start_target --pid --mount-proc: the target is pid 1 of its namespace" {
	require_root
	start_target --pid --mount-proc
	run nsenter -t "$TARGET" -p -m "$PROBE" pid ppid
	assert_success
	# the probe is a child of nsenter's fork in the target's pid namespace
	[ "${lines[0]}" -gt 1 ]
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$TARGET/status")" 1
}

@test "stop_targets kills the target and its unshare" {
	require_root
	start_target --uts
	local t=$TARGET
	stop_targets
	[ -z "$TARGET" ]
	local i
	for ((i = 0; i < 200; i++)); do
		[ -e "/proc/$t" ] || break
		# a zombie waiting for its reaper counts as gone
		[[ $(cat "/proc/$t/stat" 2>/dev/null) == *") Z "* ]] && break
		sleep 0.01
	done
	[ ! -e "/proc/$t" ] || [[ $(cat "/proc/$t/stat" 2>/dev/null) == *") Z "* ]]
}

@test "start_target_as 65534 --user --map-root-user: an unprivileged target" {
	require_root
	require_userns
	start_target_as 65534 --user --map-root-user --net
	[ "$(nsid_of "$TARGET" user)" != "$(nsid_of $$ user)" ]
	run awk '/^Uid:/ { print $2 }' "/proc/$TARGET/status"
	assert_output 65534
}

@test "run_both / assert_same_as_nsenter (with NSJOIN=nsenter)" {
	require_root
	require_cmd nsenter
	start_target --net --uts
	NSJOIN=$(command -v nsenter) run_both -t "$TARGET" -n -u "$PROBE" ns:net ns:uts
	assert_equal "$NSENTER_STATUS" 0
	assert_equal "$NSENTER_OUTPUT" "$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"
	assert_same_as_nsenter

	# and it does notice a difference
	# shellcheck disable=SC2034 # read by assert_same_as_nsenter
	NSJOIN_OUTPUT=other
	run assert_same_as_nsenter
	assert_failure
	assert_output --partial "nsjoin differs from util-linux nsenter"
}

@test "require_cmd and require_cgroup2 skip with a reason" {
	run skip_reason require_cmd no-such-command-xyz
	assert_output "skip: no-such-command-xyz not installed"

	run skip_reason require_cmd sh
	assert_output "not skipped"

	local reason
	reason=$(skip_reason require_cgroup2)
	if grep -q ' - cgroup2 ' /proc/self/mountinfo; then
		assert_equal "$reason" "not skipped"
	else
		assert_equal "$reason" "skip: cgroup v2 unavailable: no cgroup2 mount in /proc/self/mountinfo"
	fi
}
