#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# --each=TYPE: the program once in every namespace of a type.

load helpers

teardown() {
	stop_targets
	[[ -z ${NETNS:-} ]] || ip netns del "$NETNS" 2>/dev/null || true
}

@test "--each=uts: a run in every uts namespace, headed by its id and a process" {
	require_root
	start_target --uts
	local a=$TARGET
	start_target --uts
	local b=$TARGET
	run "$NSJOIN" --each=uts "$PROBE" ns:uts
	assert_success
	# each namespace once, its header then the probe's answer
	local id
	for id in "$(nsid_of "$a" uts)" "$(nsid_of "$b" uts)" "$(nsid_of $$ uts)"; do
		assert_line --regexp "^=== uts $id: process [0-9]+ \\(.*\\)\$"
		[[ $(grep -c -x "=== uts $id: .*" <<<"$output") -eq 1 ]]
		[[ $(grep -A1 "^=== uts $id: " <<<"$output" | tail -n 1) == "$id" ]]
	done
}

@test "--each=net includes namespaces held only by /run/netns" {
	require_root
	require_cmd ip
	NETNS=nsjeach-$$
	ip netns add "$NETNS"
	local id
	id=$(stat -L -c %i "/run/netns/$NETNS")
	run "$NSJOIN" --each=net "$PROBE" ns:net
	assert_success
	# held by a process (ip netns add holds none) or by the bind mount
	assert_line --regexp "^=== net $id: (/run/netns/$NETNS|process [0-9]+ .*)\$"
	[[ $(grep -A1 "^=== net $id: " <<<"$output" | tail -n 1) == "$id" ]]
}

@test "--each: the exit status is the worst of the runs" {
	require_root
	start_target --uts
	local t=$TARGET
	# exit 3 in the target's namespace, 0 elsewhere
	run "$NSJOIN" --each=uts sh -c "[ \"\$(readlink /proc/self/ns/uts)\" = \"$(readlink "/proc/$t/ns/uts")\" ] && exit 3; exit 0"
	assert_failure 3
}

@test "--each with -t: the other namespaces come from the target" {
	require_root
	start_target --uts --net
	run "$NSJOIN" -t "$TARGET" -n --each=uts "$PROBE" ns:net
	assert_success
	# every run is in the target's network namespace
	[[ $(grep -v '^===' <<<"$output" | sort -u) == "$(nsid_of "$TARGET" net)" ]]
}

@test "--each with a bad type is refused" {
	run "$NSJOIN" --each=bogus true
	assert_failure 1
	assert_output "nsjoin: invalid --each 'bogus': expected one of cgroup, ipc, mnt, net, pid, time, user, uts"
}
