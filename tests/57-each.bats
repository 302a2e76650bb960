#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# --each=TYPE: the program once in every namespace of a type.  --each
# visits every namespace of the host, also those the tests did not make:
# there the program is only ever "true" or readlink(1).

# stderr is set by bats' run --separate-stderr; the evil script's $(...)
# is its own
# shellcheck disable=SC2154,SC2016

load helpers

bats_require_minimum_version 1.5.0

UNPRIV_DIR=

teardown() {
	stop_targets
	[[ -z ${NETNS:-} ]] || ip netns del "$NETNS" 2>/dev/null || true
	if [[ -n $UNPRIV_DIR ]]; then
		rm -rf "$UNPRIV_DIR"
	fi
}

# The answer of "readlink /proc/self/ns/TYPE" in a namespace of PID.
ns_link() {
	readlink "/proc/$1/ns/$2"
}

@test "--each=uts: a run in every uts namespace, headed by its id and a process" {
	require_root
	start_target --uts
	local a=$TARGET
	start_target --uts
	local b=$TARGET
	run "$NSJOIN" --each=uts readlink /proc/self/ns/uts
	assert_success
	# each namespace once, its header then the program's answer
	local pid id
	for pid in "$a" "$b" $$; do
		id=$(nsid_of "$pid" uts)
		assert_line --regexp "^=== uts $id: process [0-9]+ \\(.*\\)\$"
		[[ $(grep -c -x "=== uts $id: .*" <<<"$output") -eq 1 ]]
		[[ $(grep -A1 "^=== uts $id: " <<<"$output" | tail -n 1) == "$(ns_link "$pid" uts)" ]]
	done
}

@test "--each=net includes namespaces held only by /run/netns" {
	require_root
	require_cmd ip
	NETNS=nsjeach-$$
	ip netns add "$NETNS"
	local id
	id=$(stat -L -c %i "/run/netns/$NETNS")
	run "$NSJOIN" --each=net readlink /proc/self/ns/net
	assert_success
	# held by a process (ip netns add holds none) or by the bind mount
	assert_line --regexp "^=== net $id: (/run/netns/$NETNS|process [0-9]+ .*)\$"
	[[ $(grep -A1 "^=== net $id: " <<<"$output" | tail -n 1) == "net:[$id]" ]]
}

@test "--each: the exit status is the worst of the runs" {
	require_root
	require_userns
	# a file under a directory only root of the host may search: as uid
	# 0 of a user namespace that maps it to 65534, readlink -e fails (1)
	local dir=$BATS_TEST_TMPDIR/private
	mkdir -m 0700 "$dir"
	: >"$dir/mark"
	start_target_as 65534 --user --map-root-user
	run "$NSJOIN" --each=user readlink -e "$dir/mark"
	assert_failure 1
	# the host's user namespace, where root may: the file
	[[ $(grep -A1 "^=== user $(nsid_of $$ user): " <<<"$output" | tail -n 1) == "$dir/mark" ]]
	[[ $(grep -A1 "^=== user $(nsid_of "$TARGET" user): " <<<"$output" | tail -n 1) != "$dir/mark" ]]
}

@test "--each with -t: the other namespaces come from the target" {
	require_root
	start_target --uts --net
	run "$NSJOIN" -t "$TARGET" -n --each=uts readlink /proc/self/ns/net
	assert_success
	# every run is in the target's network namespace
	[[ $(grep -v '^===' <<<"$output" | sort -u) == "$(ns_link "$TARGET" net)" ]]
}

@test "--each with a bad type is refused" {
	run "$NSJOIN" --each=bogus true
	assert_failure 1
	assert_output "nsjoin: invalid --each 'bogus': expected one of cgroup, ipc, mnt, net, pid, time, user, uts"
}

# HAZARDS.md 34, the attack of issue 12: a user made a user and mount
# namespace with a file of theirs bound over a program; root's --each=mnt
# ran it as root with every capability of the host.  Here the program is
# readlink, which the user replaced by a script that tells which user
# namespace it runs in (its uid_map: "0 0 4294967295" is the host's).
# In every other mount namespace the real readlink runs.
@test "H34: --each=mnt enters a user's mount namespace as that user would (their user namespace, uid 0 there), never as root" {
	require_root
	require_userns
	UNPRIV_DIR=$(mktemp -d /tmp/nsjoin-57-each.XXXXXX)
	chmod 0755 "$UNPRIV_DIR"
	chown 65534:65534 "$UNPRIV_DIR"
	printf '#!/bin/sh\necho "EVIL uid_map=$(cat /proc/self/uid_map | tr -s " " | sed "s/^ //")"\n' \
		>"$UNPRIV_DIR/evil"
	chmod 0755 "$UNPRIV_DIR/evil"
	chown 65534:65534 "$UNPRIV_DIR/evil"
	# the user's namespace: readlink is theirs there
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare --user --map-root-user --mount --fork --kill-child \
		sh -c "mount --bind '$UNPRIV_DIR/evil' /usr/bin/readlink && exec sleep 1000") \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	local user
	user=$(child_with_comm $! sleep)
	local mnt
	mnt=$(nsid_of "$user" mnt)
	# 127, the worst status: kdevtmpfs's mount namespace (Linux 5.9 and
	# later) has no readlink
	run -127 "$NSJOIN" --each=mnt /usr/bin/readlink /proc/self/ns/mnt
	# the user's file ran with the user's power only: uid 0 of their
	# namespace, which is 65534 outside
	[[ $(grep -A1 "^=== mnt $mnt: " <<<"$output" | tail -n 1) == "EVIL uid_map=0 65534 1" ]]
	# and nowhere did it run as the host's root
	refute_line --partial "EVIL uid_map=0 0 4294967295"
	# the host's own mount namespace: the real readlink, as root
	assert_line "$(readlink /proc/self/ns/mnt)"
}

@test "H34: --each=mnt skips a user's mount namespace whose owner maps no uid 0, with a note naming it" {
	require_root
	require_userns
	UNPRIV_DIR=$(mktemp -d /tmp/nsjoin-57-each.XXXXXX)
	chmod 0755 "$UNPRIV_DIR"
	printf '#!/bin/sh\necho EVIL\n' >"$UNPRIV_DIR/evil"
	chmod 0755 "$UNPRIV_DIR/evil"
	# a user namespace that maps uid 0, but no gid 0 (gid 65534 only)
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare --user --map-user=0 --map-group=65534 --mount --fork --kill-child \
		sh -c "mount --bind '$UNPRIV_DIR/evil' /usr/bin/readlink && exec sleep 1000") \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	local user mnt
	user=$(child_with_comm $! sleep)
	mnt=$(nsid_of "$user" mnt)
	run -127 --separate-stderr "$NSJOIN" --each=mnt /usr/bin/readlink /proc/self/ns/mnt
	refute_output --partial EVIL
	[[ $stderr == *"nsjoin: --each=mnt: skipped mnt namespace $mnt: uid or gid 0 is not mapped in its owning user namespace (its files are another user's, and root would run them)"* ]]
}
