#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 75-container: --container=REF (DESIGN.md "Beyond nsenter" 5).  No engine
# is needed: each test fabricates a runtime's layout around processes it
# starts itself.
#  - cgroups named as the runtime names them, in the unified hierarchy
#    (cgroup v2) or in the v1 pids hierarchy, all under a top cgroup of
#    the test's own (nsjtest-PID-N), so nothing of the host is touched;
#  - a fake container: "unshare" (the runtime's shim, left outside the
#    cgroup) -> init (a sleep in its own net and uts namespaces) -> a child
#    of init (a sleep in yet another uts namespace), both in the cgroup;
#    optionally an "exec" process (parent outside, younger than init, in
#    the host's namespaces), as docker exec leaves;
#  - the state files in BATS_TEST_TMPDIR, named through the test hooks
#    NSJOIN_DOCKER_ROOT, NSJOIN_CONTAINERS_ROOT, NSJOIN_DOCKER_CONFIG and
#    NSJOIN_CONTAINERS_CONFIG (empty: none), so the host's own
#    /var/lib/docker and /etc/containers are never read.
# The answer is checked through the probe: ns:net and ns:uts of the program
# must be those of init, which neither the shim, nor the child, nor the
# exec process has both of.  Ids are random: tests of other runs may have
# fake containers up at the same time.

# stderr is set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

CGROUPS=()	# created, parents first
KILL_PIDS=()	# not our children: killed by pid
UNPRIV_DIR=

setup() {
	require_root
	V2=$(sed -n 's/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .* - cgroup2 .*/\1/p' \
		/proc/self/mountinfo | head -n 1)
	TOP=nsjtest-$$-$BATS_TEST_NUMBER
	DROOT=$BATS_TEST_TMPDIR/docker
	SROOT=$BATS_TEST_TMPDIR/storage
	mkdir -p "$DROOT/containers" "$SROOT/overlay-containers"
	export NSJOIN_DOCKER_ROOT=$DROOT NSJOIN_CONTAINERS_ROOT=$SROOT
	export NSJOIN_DOCKER_CONFIG='' NSJOIN_CONTAINERS_CONFIG=''
}

teardown() {
	local pid
	for pid in "${KILL_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	KILL_PIDS=()
	stop_targets
	# deepest first; a cgroup emptied by SIGKILL may be busy for a moment
	rmdir_cgroups "${CGROUPS[@]}"
	CGROUPS=()
	if [[ -n $UNPRIV_DIR ]]; then
		rm -rf "$UNPRIV_DIR"
	fi
}

# --- helpers -------------------------------------------------------------------

require_v2() {
	[[ -n $V2 ]] || skip "cgroup v2 unavailable: no cgroup2 mount"
}

require_v1_pids() {
	if ! grep -q ' - cgroup cgroup [^ ]*\bpids\b' /proc/self/mountinfo ||
		[[ ! -w /sys/fs/cgroup/pids/cgroup.procs ]]; then
		skip "no cgroup v1 pids hierarchy at /sys/fs/cgroup/pids"
	fi
}

# hex N: 2N random hex digits
hex() {
	od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

new_id() {
	hex 32
}

# make_cgroup DIR: mkdir -p DIR, remembering each new level for teardown.
make_cgroup() {
	[[ -d $1 ]] && return 0
	make_cgroup "${1%/*}"
	mkdir "$1"
	CGROUPS+=("$1")
}

# v2_cg PATH / v1_cg PATH: PATH inside the test's top cgroup of the unified
# / v1 pids hierarchy, created.
v2_cg() {
	CG=$V2/$TOP/$1
	make_cgroup "$CG"
}

v1_cg() {
	CG=/sys/fs/cgroup/pids/$TOP/$1
	make_cgroup "$CG"
}

# into CGROUP-DIR PID...: move the processes in.
into() {
	local cg=$1 pid
	shift
	for pid in "$@"; do
		echo "$pid" >"$cg/cgroup.procs"
	done
}

child_named() {
	local parent=$1 comm=$2 c
	local -a kids=()
	read -r -a kids 2>/dev/null <"/proc/$parent/task/$parent/children" || true
	for c in "${kids[@]}"; do
		if [[ $(cat "/proc/$c/comm" 2>/dev/null) == "$comm" ]]; then
			echo "$c"
			return 0
		fi
	done
	return 1
}

# start_container: a container's processes, outside any cgroup yet.
#   unshare (shim) -> INIT (sleep; own net, uts) -> KID (sleep; own uts)
start_container() {
	(cd / && exec unshare --net --uts --fork --kill-child \
		sh -c 'unshare --uts sleep 1000 & exec sleep 1001') \
		</dev/null >/dev/null 2>&1 3>&- &
	local up=$! i
	track_pid "$up"
	INIT='' KID=''
	for ((i = 0; i < 500; i++)); do
		[[ -n $INIT ]] || INIT=$(child_named "$up" sleep) || INIT=
		if [[ -n $INIT ]]; then
			KID=$(child_named "$INIT" sleep) && break
			KID=
		fi
		sleep 0.01
	done
	[[ -n $INIT && -n $KID ]] || {
		echo "start_container: no init and child under unshare $up" >&2
		return 1
	}
	KILL_PIDS+=("$INIT" "$KID")
	# wait for the child's own uts namespace
	for ((i = 0; i < 500; i++)); do
		[[ $(nsid_of "$KID" uts) != "$(nsid_of "$INIT" uts)" ]] && break
		sleep 0.01
	done
}

# start_plain: EXTRA= a sleep in our namespaces, a child of ours.
start_plain() {
	(cd / && exec sleep 1000) </dev/null >/dev/null 2>&1 3>&- &
	EXTRA=$!
	track_pid "$EXTRA"
}

# container_in CGROUP-DIR: a container whose init and child are in it, and
# a later "docker exec" process (parent outside, our namespaces) too.
container_in() {
	start_container
	into "$1" "$INIT" "$KID"
	sleep 0.03	# a later start time, in clock ticks
	start_plain
	into "$1" "$EXTRA"
}

# docker_state ID NAME: Docker's containers/<id>/config.v2.json.
docker_state() {
	local root=${3:-$DROOT}
	mkdir -p "$root/containers/$1"
	printf '{"StreamConfig":{},"State":{"Running":true,"Paused":false,"Pid":4242,"StartedAt":"2025-01-01T00:00:00.5Z"},"ID":"%s","Created":"2025-01-01T00:00:00Z","Path":"sleep","Args":["1000"],"Config":{"Hostname":"x","Env":["A=\\"b\\""],"Labels":{"k":"v\\u00e9"},"ExposedPorts":null},"Name":"/%s","RestartCount":0,"Driver":"overlay2","MountPoints":{},"HostnamePath":"/var/lib/docker/containers/%s/hostname"}\n' \
		"$1" "$2" "$1" >"$root/containers/$1/config.v2.json"
}

# storage_state ID NAMES-JSON-ARRAY ...: containers-storage's containers.json
# (in $STORAGE_JSON if set).
storage_state() {
	local sep='' out='['
	while [[ $# -gt 0 ]]; do
		out+="$sep{\"id\":\"$1\",\"names\":$2,\"image\":\"$(hex 32)\",\"layer\":\"$(hex 32)\",\"metadata\":\"{\\\"image-name\\\":\\\"x\\\"}\",\"created\":\"2025-01-01T00:00:00.1Z\",\"flags\":{\"MountLabel\":\"\"}}"
		sep=','
		shift 2
	done
	echo "$out]" >"${STORAGE_JSON:-$SROOT/overlay-containers/containers.json}"
}

# assert_enters REF...: for each REF, --container=REF gets init's net and uts.
assert_enters() {
	local ref
	for ref in "$@"; do
		run --separate-stderr "$NSJOIN" --container="$ref" -n -u "$PROBE" ns:net ns:uts
		assert_success
		assert_output "$(nsid_of "$INIT" net)"$'\n'"$(nsid_of "$INIT" uts)"
	done
}

# --- Docker --------------------------------------------------------------------

@test "docker, systemd driver, v2: by name, full id, prefix, docker://id; the init, not its child or an exec" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "system.slice/docker-$id.scope"
	container_in "$CG"
	docker_state "$id" web
	# the three processes differ: the child in uts, the exec in net
	[[ $(nsid_of "$KID" uts) != "$(nsid_of "$INIT" uts)" ]]
	[[ $(nsid_of "$EXTRA" net) != "$(nsid_of "$INIT" net)" ]]

	assert_enters web "$id" "${id:0:12}" "${id:0:4}" "docker://$id"

	run --separate-stderr "$NSJOIN" --container=web --show -n true
	assert_success
	assert_output --partial "/proc/$INIT/ns/net"
}

@test "docker, cgroupfs driver, v1 pids hierarchy: /docker/<id>" {
	require_v1_pids
	local id
	id=$(new_id)
	v1_cg "docker/$id"
	container_in "$CG"
	docker_state "$id" web1
	assert_enters web1 "$id" "${id:0:7}"
}

@test "docker: data-root of daemon.json names the root" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "system.slice/docker-$id.scope"
	container_in "$CG"
	docker_state "$id" cfgweb "$BATS_TEST_TMPDIR/elsewhere"
	printf '{\n  "log-driver": "json-file",\n  "data-root": "%s",\n  "storage-opts": ["a"]\n}\n' \
		"$BATS_TEST_TMPDIR/elsewhere" >"$BATS_TEST_TMPDIR/daemon.json"

	run --separate-stderr "$NSJOIN" --container=cfgweb -n true
	assert_failure 1
	NSJOIN_DOCKER_CONFIG=$BATS_TEST_TMPDIR/daemon.json assert_enters cfgweb
}

@test "docker in docker: the inner container and the outer one" {
	require_v2
	local outer inner outer_init
	outer=$(new_id) inner=$(new_id)
	v2_cg "system.slice/docker-$outer.scope"
	start_container
	into "$CG" "$INIT" "$KID"
	outer_init=$INIT
	v2_cg "system.slice/docker-$outer.scope/docker/$inner"
	container_in "$CG"
	docker_state "$outer" outer
	docker_state "$inner" inner

	assert_enters inner "$inner"
	INIT=$outer_init assert_enters outer "$outer"
}

# --- Podman --------------------------------------------------------------------

@test "podman: libpod-<id>.scope by its names; libpod-conmon-<id>.scope is not the container" {
	require_v2
	local id conmon
	id=$(new_id)
	# conmon starts first: older than the container, parent outside
	v2_cg "machine.slice/libpod-conmon-$id.scope"
	start_plain
	conmon=$EXTRA
	into "$CG" "$conmon"
	sleep 0.03
	v2_cg "machine.slice/libpod-$id.scope"
	container_in "$CG"
	storage_state "$(new_id)" '["other"]' "$id" '["db","db-alias"]'

	assert_enters db db-alias "$id" "${id:0:5}"
}

@test "podman: a container with its own sub-cgroup (libpod-<id>.scope/container)" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "machine.slice/libpod-$id.scope/container"
	container_in "$CG"
	storage_state "$id" '["sysd"]'
	assert_enters sysd "$id"
}

@test "podman: graphroot of storage.conf names the root" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "machine.slice/libpod-$id.scope"
	container_in "$CG"
	local graph=$BATS_TEST_TMPDIR/graph
	mkdir -p "$graph/vfs-containers"
	STORAGE_JSON=$graph/vfs-containers/containers.json storage_state "$id" '["cfgdb"]'
	cat >"$BATS_TEST_TMPDIR/storage.conf" <<-EOF
		# storage.conf
		[storage]
		driver = "vfs"   # a comment
		runroot = "/run/containers/storage"
		graphroot = "$graph"

		[storage.options]
		graphroot = "/not/this/one"
		additionalimagestores = [
		]
	EOF

	run --separate-stderr "$NSJOIN" --container=cfgdb -n true
	assert_failure 1
	NSJOIN_CONTAINERS_CONFIG=$BATS_TEST_TMPDIR/storage.conf assert_enters cfgdb
}

# --- Kubernetes: containerd and CRI-O ------------------------------------------------

@test "kubernetes, systemd driver: cri-containerd-<id>.scope by id and containerd://id" {
	require_v2
	local id uid
	id=$(new_id) uid=$(hex 4)_$(hex 2)_$(hex 2)_$(hex 2)_$(hex 6)
	v2_cg "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$uid.slice/cri-containerd-$id.scope"
	container_in "$CG"
	assert_enters "$id" "${id:0:10}" "containerd://$id"
}

@test "kubernetes, cgroupfs driver: kubepods/besteffort/pod<uid>/<id> and kubepods/pod<uid>/<id>" {
	require_v2
	local id1 id2 uid init1
	uid=$(hex 4)-$(hex 2)-$(hex 2)-$(hex 2)-$(hex 6)
	id1=$(new_id) id2=$(new_id)
	v2_cg "kubepods/besteffort/pod$uid/$id1"
	container_in "$CG"
	init1=$INIT
	v2_cg "kubepods/pod$uid/$id2"
	container_in "$CG"
	assert_enters "$id2" "containerd://${id2:0:8}"
	INIT=$init1 assert_enters "$id1" "${id1:0:8}"
}

@test "kubernetes, cgroupfs driver on cgroup v1" {
	require_v1_pids
	local id uid
	id=$(new_id) uid=$(hex 4)-$(hex 2)-$(hex 2)-$(hex 2)-$(hex 6)
	v1_cg "kubepods/burstable/pod$uid/$id"
	container_in "$CG"
	assert_enters "$id"
}

@test "cri-o: crio-<id>.scope by id and by its containers-storage name; crio-conmon-<id>.scope ignored" {
	require_v2
	local id uid pod
	id=$(new_id) uid=$(hex 4)_$(hex 2)_$(hex 2)_$(hex 2)_$(hex 6)
	pod="kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$uid.slice"
	v2_cg "$pod/crio-conmon-$id.scope"
	start_plain
	into "$CG" "$EXTRA"
	sleep 0.03
	v2_cg "$pod/crio-$id.scope"
	container_in "$CG"
	storage_state "$id" '["k8s_app_web-0_default_'"$uid"'_0"]'
	assert_enters "$id" "cri-o://$id" "k8s_app_web-0_default_${uid}_0"
}

@test "cri-o, cgroupfs manager: pod<uid>/crio-<id>" {
	require_v2
	local id uid
	id=$(new_id) uid=$(hex 4)-$(hex 2)-$(hex 2)-$(hex 2)-$(hex 6)
	v2_cg "kubepods/pod$uid/crio-$id"
	container_in "$CG"
	assert_enters "${id:0:6}"
}

# --- references that do not name one running container ---------------------------

@test "a prefix of two ids is ambiguous and lists both, quoted with their names" {
	require_v2
	local p id1 id2 init1
	p=$(hex 4)
	# 9 characters tell them apart: they differ at the 9th, not by chance
	id1=${p}0$(hex 27)0 id2=${p}1$(hex 27)1
	v2_cg "system.slice/docker-$id1.scope"
	container_in "$CG"
	init1=$INIT
	v2_cg "machine.slice/libpod-$id2.scope"
	container_in "$CG"
	docker_state "$id1" alpha
	storage_state "$id2" '["beta"]'

	run --separate-stderr "$NSJOIN" --container="$p" -n true
	assert_failure 1
	assert_output ""
	[[ $stderr == "nsjoin: '$p' matches 2 containers; give more of the id:"* ]]
	[[ $stderr == *"'$id1' 'alpha' (docker)"* ]]
	[[ $stderr == *"'$id2' 'beta' (podman)"* ]]

	assert_enters "${id2:0:9}" beta
	INIT=$init1 assert_enters "${id1:0:9}" alpha
}

@test "a name two runtimes use is ambiguous; an exact id wins over a name, a name over a prefix" {
	require_v2
	local id1 id2 id3 init1 init3
	id1=$(new_id) id2=$(new_id) id3=$(new_id)
	v2_cg "system.slice/docker-$id1.scope"
	container_in "$CG"
	init1=$INIT
	v2_cg "machine.slice/libpod-$id2.scope"
	container_in "$CG"
	v2_cg "machine.slice/libpod-$id3.scope"
	container_in "$CG"
	init3=$INIT
	docker_state "$id1" web
	# id3 is named like a prefix of id1, and another container like id1
	storage_state "$id2" '["web"]' "$id3" '["'"${id1:0:8}"'"]' \
		"$(new_id)" '["'"$id1"'"]'

	run --separate-stderr "$NSJOIN" --container=web -n true
	assert_failure 1
	[[ $stderr == "nsjoin: 'web' matches 2 containers; give an id instead:"* ]]
	[[ $stderr == *"'$id1' 'web' (docker)"* ]]
	[[ $stderr == *"'$id2' 'web' (podman)"* ]]
	assert_equal "${#stderr_lines[@]}" 3

	INIT=$init3 assert_enters "${id1:0:8}"
	INIT=$init1 assert_enters "$id1" "${id1:0:9}"
}

@test "no match: the message says what was searched; a short prefix says why" {
	require_v2
	run --separate-stderr "$NSJOIN" --container=no-such-container -n true
	assert_failure 1
	assert_output ""
	[[ $stderr == "nsjoin: no container matches 'no-such-container': looked at the cgroups of "*" processes ("*" running) and the names under '$DROOT' and '$SROOT'" ]]

	run --separate-stderr "$NSJOIN" --container=abc -n true
	assert_failure 1
	[[ $stderr == *"; an id prefix needs 4 characters or more" ]]

	# an id only: names are not searched
	run --separate-stderr "$NSJOIN" --container="docker://$(new_id)" -n true
	assert_failure 1
	[[ $stderr != *"names under"* ]]
}

@test "a container that is not running, by name and by id" {
	local id
	id=$(new_id)
	docker_state "$id" stopped
	run --separate-stderr "$NSJOIN" --container=stopped -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container '$id' 'stopped' (docker) is not running: no process is in its cgroup"
	run --separate-stderr "$NSJOIN" --container="${id:0:6}" -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container '$id' 'stopped' (docker) is not running: no process is in its cgroup"

	id=$(new_id)
	storage_state "$id" '["gone"]'
	run --separate-stderr "$NSJOIN" --container=gone -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container '$id' 'gone' (podman or cri-o) is not running: no process is in its cgroup"
}

@test "one id in two cgroups is refused (a cgroup that only looks like a container's)" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "system.slice/docker-$id.scope"
	container_in "$CG"
	v2_cg "user.slice/user-1000.slice/user@1000.service/docker-$id.scope"
	start_plain
	into "$CG" "$EXTRA"
	docker_state "$id" web

	run --separate-stderr "$NSJOIN" --container=web -n true
	assert_failure 1
	[[ $stderr == "nsjoin: container '$id' is in two cgroups, '/$TOP/"*"' and '/$TOP/"*"': one of them only looks like a container's; refusing to guess" ]]
}

@test "a broken state file is named in the message when nothing matches" {
	require_v2
	local id
	id=$(new_id)
	v2_cg "system.slice/docker-$id.scope"
	container_in "$CG"
	mkdir -p "$DROOT/containers/$id"
	printf '{"ID":"%s","Name":"/web",}' "$id" >"$DROOT/containers/$id/config.v2.json"

	run --separate-stderr "$NSJOIN" --container=web -n true
	assert_failure 1
	[[ $stderr == *"; cannot parse '$DROOT/containers/$id/config.v2.json'" ]]
	# the id still works
	assert_enters "$id"
}

# --- a race: the init exits and its pid is reused --------------------------------

@test "the init exits and another process gets its pid before pidfd_open: refused, nothing joined" {
	require_v2
	require_cmd strace
	local id out
	id=$(new_id)
	v2_cg "system.slice/docker-$id.scope"
	# Everything in a pid namespace of our own, whose next pid we may set
	# (ns_last_pid): there the init's pid is handed to a new sleep while
	# nsjoin waits at pidfd_open() (strace delays it by 1 s).
	# shellcheck disable=SC2016 # the script expands its own variables
	run --separate-stderr timeout 30 unshare --pid --fork --mount-proc bash -c '
		cg=$1 dir=$2 id=$3
		unshare --net --uts sleep 1000 </dev/null >/dev/null 2>&1 &
		init=$!
		for ((i = 0; i < 500; i++)); do
			[[ $(readlink /proc/$init/ns/net) != "$(readlink /proc/self/ns/net)" ]] && break
			sleep 0.01
		done
		echo "$init" >"$cg/cgroup.procs"
		: >"$dir/log"
		strace -qq -o "$dir/log" -e inject=pidfd_open:delay_enter=1000000 \
			"$NSJOIN" --container="$id" -n -u "$PROBE" ns:net \
			>"$dir/out" 2>"$dir/err" </dev/null &
		nsj=$!
		for ((i = 0; i < 500; i++)); do
			grep -q "^pidfd_open($init," "$dir/log" && break
			sleep 0.01
		done
		kill -KILL "$init"
		wait "$init"
		echo $((init - 1)) >/proc/sys/kernel/ns_last_pid
		sleep 1000 </dev/null >/dev/null 2>&1 &
		echo "reused: $init $!"
		st=0
		wait "$nsj" || st=$?
		echo "status: $st"
		kill -KILL $! 2>/dev/null
		echo "out: $(cat "$dir/out")"
		echo "err: $(cat "$dir/err")"
	' _ "$CG" "$BATS_TEST_TMPDIR" "$id"
	assert_success
	# the pid was reused (else the race was not provoked)
	assert_line --regexp '^reused: ([0-9]+) \1$'
	assert_line "status: 1"
	assert_line "out: "
	assert_line --regexp "^err: nsjoin: container '$id': its init process [0-9]+ exited while nsjoin was looking at it \\(the pid now belongs to another process\\)$"
}
