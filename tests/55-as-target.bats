#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# --as-target: run like the target's own processes; --ip-netns: what
# "ip netns exec" adds; -S/-G follow inside the target's user namespace.

load helpers

CG=

teardown() {
	stop_targets
	if [[ -n $CG && -d $CG ]]; then
		rmdir "$CG" 2>/dev/null || true
	fi
	if [[ -n ${NETNS:-} ]]; then
		ip netns del "$NETNS" 2>/dev/null || true
		rm -rf "/etc/netns/$NETNS"
		rmdir /etc/netns 2>/dev/null || true
	fi
}

# A target that is not root: uid 1234, groups 4 24, one ambient capability,
# a narrow bounding set, no_new_privs, a small environment, cwd /usr, in a
# cgroup of its own.
start_restricted_target() {
	require_cgroup2
	local mnt
	mnt=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	CG=$mnt/nsjas-$$-$BATS_TEST_NUMBER
	mkdir "$CG"
	(
		echo "$BASHPID" >"$CG/cgroup.procs"
		cd /usr || exit 1
		exec setpriv --reuid=1234 --regid=1234 --groups=4,24 \
			--inh-caps=+net_raw --ambient-caps=+net_raw \
			--bounding-set=-all,+net_raw,+chown --nnp \
			env -i FOO=bar LD_PRELOAD=/nonexistent.so sleep 1000
	) </dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	TARGET=$!
	wait_comm "$TARGET" sleep
}

status_field() { # PID FIELD
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ /, ""); print; exit }' "/proc/$1/status"
}

@test "--as-target: the target's uid, gid, groups, capability sets, no_new_privs" {
	require_root
	start_restricted_target
	run "$NSJOIN" -t "$TARGET" --as-target "$PROBE" uid gid groups caps nnp
	assert_success
	local caps
	caps="eff=$(status_field "$TARGET" CapEff) prm=$(status_field "$TARGET" CapPrm)"
	caps+=" inh=$(status_field "$TARGET" CapInh) amb=$(status_field "$TARGET" CapAmb)"
	caps+=" bnd=$(status_field "$TARGET" CapBnd)"
	assert_equal "${lines[0]}" "1234 1234 1234"
	assert_equal "${lines[1]}" "1234 1234 1234"
	assert_equal "${lines[2]}" "4 24"
	assert_equal "${lines[3]}" "$caps"
	assert_equal "${lines[4]}" 1
	# and they are not ours: the control
	[[ $("$PROBE" caps) != "$caps" ]]
}

@test "--as-target: the target's environment (loader variables dropped), cwd, root and cgroup" {
	require_root
	start_restricted_target
	run "$NSJOIN" -t "$TARGET" --as-target "$PROBE" envall cwd root cgroup
	assert_success
	assert_equal "${lines[0]}" FOO=bar
	assert_equal "${lines[1]}" --end--
	assert_equal "${lines[2]}" /usr
	assert_equal "${lines[3]}" /
	assert_equal "${lines[4]}" "0::${CG#*/unified}"
}

@test "--as-target joins every namespace of the target" {
	require_root
	start_target --net --uts --ipc --mount --pid
	run "$NSJOIN" -t "$TARGET" --as-target "$PROBE" ns:net ns:uts ns:ipc ns:mnt
	assert_success
	assert_equal "${lines[0]}" "$(nsid_of "$TARGET" net)"
	assert_equal "${lines[1]}" "$(nsid_of "$TARGET" uts)"
	assert_equal "${lines[2]}" "$(nsid_of "$TARGET" ipc)"
	assert_equal "${lines[3]}" "$(nsid_of "$TARGET" mnt)"
}

@test "--as-target in a user namespace: ids as the target has them there" {
	require_root
	require_userns
	start_target_as 65534 --user --map-root-user --net
	run "$NSJOIN" -t "$TARGET" --as-target --join-cgroup "$PROBE" uid gid ns:user caps
	assert_success
	assert_equal "${lines[0]}" "0 0 0"
	assert_equal "${lines[1]}" "0 0 0"
	assert_equal "${lines[2]}" "$(nsid_of "$TARGET" user)"
	assert_equal "${lines[3]}" "eff=$(status_field "$TARGET" CapEff) prm=$(status_field "$TARGET" CapPrm) inh=$(status_field "$TARGET" CapInh) amb=$(status_field "$TARGET" CapAmb) bnd=$(status_field "$TARGET" CapBnd)"
}

@test "H38: --as-target with -S or -G: those ids win, the target's groups are not kept" {
	require_root
	start_restricted_target
	run "$NSJOIN" -t "$TARGET" --as-target -S 4321 "$PROBE" uid gid groups
	assert_success
	assert_equal "${lines[0]}" "4321 4321 4321"
	assert_equal "${lines[1]}" "1234 1234 1234"
	assert_equal "${lines[2]}" ""
	run "$NSJOIN" -t "$TARGET" --as-target -G 4321 "$PROBE" uid gid groups
	assert_success
	assert_equal "${lines[0]}" "1234 1234 1234"
	assert_equal "${lines[1]}" "4321 4321 4321"
	assert_equal "${lines[2]}" ""
}

# The attack of issue 12: --as-target --caps=-all left the target's
# capabilities (CapEff 00000000a80425fb) and said nothing.
@test "H38: --as-target --caps applies over the target's sets: -all leaves none, +/- changes them" {
	require_root
	start_target --net
	local zero=0000000000000000 one
	run "$NSJOIN" -t "$TARGET" --as-target --caps=-all "$PROBE" uid caps
	assert_success
	assert_equal "${lines[0]}" "0 0 0"
	assert_equal "${lines[1]}" "eff=$zero prm=$zero inh=$zero amb=$zero bnd=$zero"
	one=$(printf '%016x' $((1 << 13)))	# cap_net_raw
	run "$NSJOIN" -t "$TARGET" --as-target --caps=-all,+net_raw "$PROBE" caps
	assert_success
	assert_output "eff=$one prm=$one inh=$one amb=$zero bnd=$one"
	# on the restricted target: its own net_raw removed, chown kept in
	# the bounding set
	start_restricted_target
	run "$NSJOIN" -t "$TARGET" --as-target --caps=-net_raw "$PROBE" caps
	assert_success
	assert_output "eff=$zero prm=$zero inh=$zero amb=$zero bnd=$(printf '%016x' 1)"
}

@test "H38: --as-target --keep-caps -S: the target's permitted set stays, as ambient, for the new uid" {
	require_root
	start_target --net
	local prm
	prm=$(status_field "$TARGET" CapPrm)
	run "$NSJOIN" -t "$TARGET" --as-target -S 4321 --keep-caps "$PROBE" uid caps
	assert_success
	assert_equal "${lines[0]}" "4321 4321 4321"
	assert_equal "${lines[1]}" "eff=$prm prm=$prm inh=$prm amb=$prm bnd=$(status_field "$TARGET" CapBnd)"
	# without --keep-caps the kernel's rule: none left for a non-root uid
	run "$NSJOIN" -t "$TARGET" --as-target -S 4321 "$PROBE" caps
	assert_success
	assert_output --regexp '^eff=0+ prm=0+ inh=[0-9a-f]+ amb=0+ '
}

@test "H38: --as-target with -r, -w and --no-new-privs: they apply over the target's" {
	require_root
	start_target --net
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root/sub"
	cp "$PROBE" "$root/probe"
	run "$NSJOIN" -t "$TARGET" --as-target -w/tmp --no-new-privs "$PROBE" cwd nnp
	assert_success
	assert_output $'/tmp\n1'
	# (no /proc in that root: the probe can only tell its cwd)
	run "$NSJOIN" -t "$TARGET" --as-target -r"$root" -w"$root/sub" /probe cwd
	assert_success
	assert_output /sub
}

@test "H38: --as-target with --preserve-credentials or --user-parent: refused, nothing runs" {
	require_root
	start_target --net
	run "$NSJOIN" -t "$TARGET" --as-target --preserve-credentials "$PROBE" uid
	assert_failure 1
	assert_line --index 0 "nsjoin: --as-target and --preserve-credentials are mutually exclusive: --as-target takes the target's ids (give -S and -G to choose others)"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
	run "$NSJOIN" -t "$TARGET" --as-target --user-parent "$PROBE" uid
	assert_failure 1
	assert_line --index 0 "nsjoin: --as-target and --user-parent are mutually exclusive: --as-target joins the target's own user namespace"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
}

@test "--as-target needs a target" {
	run "$NSJOIN" --as-target true
	assert_failure 1
	assert_line --index 0 "nsjoin: --as-target needs --target or --container"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
}

@test "-S follow -G follow into the target's user namespace use its own ids there" {
	require_root
	require_userns
	start_target_as 65534 --user --map-root-user --net
	# the target is 65534 on the host and 0 in its namespace
	run "$NSJOIN" -t "$TARGET" -U -S follow -G follow "$PROBE" uid gid
	assert_success
	assert_equal "${lines[0]}" "0 0 0"
	assert_equal "${lines[1]}" "0 0 0"
	# without the user namespace, the host's numbers
	run "$NSJOIN" -t "$TARGET" -S follow -G follow -r "$PROBE" uid gid
	assert_success
	assert_equal "${lines[0]}" "65534 65534 65534"
}

@test "--ip-netns: /sys shows the netns's devices, /etc/netns/NAME is bound over /etc" {
	require_root
	require_cmd ip
	NETNS=nsjipt-$$
	ip netns add "$NETNS"
	mkdir -p "/etc/netns/$NETNS"
	echo "nameserver 192.0.2.53" >"/etc/netns/$NETNS/resolv.conf"
	run "$NSJOIN" --net="$NETNS" --ip-netns sh -c 'cat /etc/resolv.conf; ls /sys/class/net'
	assert_success
	assert_output $'nameserver 192.0.2.53\nlo'
	# the same as ip netns exec
	run ip netns exec "$NETNS" sh -c 'cat /etc/resolv.conf; ls /sys/class/net'
	assert_output $'nameserver 192.0.2.53\nlo'
	# and nothing changed for us
	[[ $(cat /etc/resolv.conf) != "nameserver 192.0.2.53" ]]
	# without --ip-netns, /sys is still ours
	run "$NSJOIN" --net="$NETNS" ls /sys/class/net
	assert_success
	refute_output lo
}

@test "--ip-netns needs --net=NAME" {
	run "$NSJOIN" --ip-netns -n/proc/self/ns/net true
	assert_failure 1
	assert_line --index 0 "nsjoin: --ip-netns needs --net=NAME (a name from /run/netns)"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
	run "$NSJOIN" --ip-netns true
	assert_failure 1
	assert_line --index 0 "nsjoin: --ip-netns needs --net=NAME (a name from /run/netns)"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
}

@test "--ip-netns with a mount namespace joined (--mount, or --all with a target): refused" {
	require_root
	require_cmd ip
	NETNS=nsjipt-$$
	ip netns add "$NETNS"
	start_target --mount
	run "$NSJOIN" -t "$TARGET" -m --net="$NETNS" --ip-netns true
	assert_failure 1
	assert_output "nsjoin: --ip-netns needs the caller's mount namespace: it cannot be combined with --mount or --all"
	run "$NSJOIN" -t "$TARGET" -a --net="$NETNS" --ip-netns true
	assert_failure 1
}
