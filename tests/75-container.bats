#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 75-container: --container=REF (DESIGN.md "Beyond nsenter" 5) on state
# that each test lays out itself, for the runtimes that cannot run here
# (CRI-O, Kubernetes' containerd) and for the cases the real ones cannot
# provoke at will (broken and hostile state, pid reuse, one id in two
# places).  tests/76-runtimes.bats does the same against the real Docker,
# Podman, containerd and runc.
#
# The state lives in a directory of the test's own that NSJOIN_STATE_ROOT
# names: nsjoin reads it in place of "/" for every state file (runc's
# state.json under run/runc, run/containerd/runc/NS, run/user/UID/runc;
# var/lib/docker; var/lib/containers/storage; etc/...), so the host's own
# runtimes are never read.  Containers are processes the test starts:
#   unshare (the shim) -> INIT (sleep; own net and uts) -> KID (sleep; its
#   own uts)
# and the answer is checked through the probe: ns:net and ns:uts of the
# program must be INIT's, which neither the shim nor KID has both of.
# Ids are random: other runs may have fake containers up at the same time.

# stderr is set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

CGROUPS=()	# created, parents first
KILL_PIDS=()	# not our children: killed by pid
STATE=

setup() {
	require_root
	STATE=$(mktemp -d /tmp/nsjoin-75.XXXXXX)
	chmod 0755 "$STATE"
	export NSJOIN_STATE_ROOT=$STATE
}

teardown() {
	local pid
	for pid in "${KILL_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	KILL_PIDS=()
	stop_targets
	rmdir_cgroups "${CGROUPS[@]}"
	CGROUPS=()
	if [[ -n $STATE ]]; then
		rm -rf "$STATE"
	fi
}

# --- helpers -------------------------------------------------------------------

# hex N: 2N random hex digits
hex() {
	od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

new_id() {
	hex 32
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

# start_container [PREFIX...]: a container's processes (PREFIX runs the
# shim: setpriv ... for a user's), INIT and KID.
start_container() {
	(cd / && exec "$@" unshare --net --uts --fork --kill-child \
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
	for ((i = 0; i < 500; i++)); do
		[[ $(nsid_of "$KID" uts) != "$(nsid_of "$INIT" uts)" ]] && break
		sleep 0.01
	done
}

# A rootless container of uid 65534: its shim in a user namespace of its
# own (which uid 65534 owns), the container in it.
start_user_container() {
	start_container setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare --user --map-root-user --
}

# start_time PID: field 22 of /proc/PID/stat
start_time() {
	local s
	s=$(cat "/proc/$1/stat")
	s=${s##*) }
	# after ") ": field 3 is the first; 22 is the 20th
	awk '{ print $20 }' <<<"$s"
}

# runc_state DIR ID PID [LABEL...]: runc's DIR/ID/state.json (DIR under
# STATE: run/runc, run/containerd/runc/NS, ...), pinned to PID's start
# time, the bundle STATE/bundles/ID.
runc_state() {
	local dir=$STATE/$1 id=$2 pid=$3 labels
	shift 3
	labels="\"bundle=/bundles/$id\""
	while [[ $# -gt 0 ]]; do
		labels+=",\"$1\""
		shift
	done
	mkdir -p "$dir/$id"
	printf '{"id":"%s","init_process_pid":%s,"init_process_start":%s,"created":"2025-01-01T00:00:00.1Z","config":{"labels":[%s],"cgroups":{"path":"/x"}},"rootless":false,"cgroup_paths":{},"namespace_paths":{"NEWNET":"/proc/%s/ns/net"},"external_descriptors":["/dev/null"]}\n' \
		"$id" "$pid" "$(start_time "$pid")" "$labels" "$pid" >"$dir/$id/state.json"
	chmod 0600 "$dir/$id/state.json"
}

# docker_state ID NAME [RUNNING [PID]]: Docker's config.v2.json.
docker_state() {
	local dir=$STATE/var/lib/docker/containers/$1
	mkdir -p "$dir"
	printf '{"StreamConfig":{},"State":{"Running":%s,"Paused":false,"Pid":%s,"StartedAt":"2025-01-01T00:00:00.5Z"},"ID":"%s","Config":{"Hostname":"x","Env":["A=\\"b\\""],"Labels":{"k":"v\\u00e9"}},"Name":"/%s","RestartCount":0,"Driver":"overlay2"}\n' \
		"${3:-true}" "${4:-0}" "$1" "$2" >"$dir/config.v2.json"
	chmod 0600 "$dir/config.v2.json"
}

# storage_state ROOT ID NAMES-JSON-ARRAY ...: containers-storage's
# ROOT/overlay-containers/containers.json (ROOT under STATE).
storage_state() {
	local root=$STATE/$1 sep='' out='['
	shift
	while [[ $# -gt 0 ]]; do
		out+="$sep{\"id\":\"$1\",\"names\":$2,\"image\":\"$(hex 32)\",\"layer\":\"$(hex 32)\",\"metadata\":\"{\\\"image-name\\\":\\\"x\\\"}\",\"created\":\"2025-01-01T00:00:00.1Z\",\"flags\":{\"MountLabel\":\"\"}}"
		sep=','
		shift 2
	done
	mkdir -p "$root/overlay-containers"
	echo "$out]" >"$root/overlay-containers/containers.json"
	chmod 0600 "$root/overlay-containers/containers.json"
}

# assert_enters REF...: for each REF, --container=REF gets INIT's net and uts.
assert_enters() {
	local ref
	for ref in "$@"; do
		run --separate-stderr "$NSJOIN" --container="$ref" -n -u "$PROBE" ns:net ns:uts
		assert_success
		assert_output "$(nsid_of "$INIT" net)"$'\n'"$(nsid_of "$INIT" uts)"
	done
}

# --- each runtime's state --------------------------------------------------------

@test "docker: by name, full id, prefix and docker://id, from runc's state.json and config.v2.json" {
	local id
	id=$(new_id)
	start_container
	runc_state run/docker/runtime-runc/moby "$id" "$INIT"
	docker_state "$id" web true "$INIT"
	assert_enters web "$id" "${id:0:12}" "docker://$id"
	# docker:// is an id, never a name
	run --separate-stderr "$NSJOIN" --container=docker://web -n true
	assert_failure 1
	[[ $stderr == "nsjoin: no container matches 'web': "* ]]
}

@test "docker: the data-root of daemon.json names where the names are" {
	local id
	id=$(new_id)
	start_container
	runc_state run/docker/runtime-runc/moby "$id" "$INIT"
	mkdir -p "$STATE/etc/docker"
	echo '{"data-root": "/srv/docker", "log-level": "warn"}' >"$STATE/etc/docker/daemon.json"
	mkdir -p "$STATE/srv/docker/containers/$id"
	docker_state "$id" web2 true "$INIT"
	mv "$STATE/var/lib/docker/containers/$id/config.v2.json" "$STATE/srv/docker/containers/$id/"
	assert_enters web2
}

@test "podman: /run/runc with Podman's label, its names from containers.json; storage.conf's graphroot" {
	local id
	id=$(new_id)
	start_container
	runc_state run/runc "$id" "$INIT" io.container.manager=libpod
	storage_state var/lib/containers/storage "$id" '["pod-web","alias"]'
	assert_enters pod-web alias "$id" "${id:0:6}"
	# another graphroot, named by storage.conf
	rm -rf "$STATE/var/lib/containers"
	mkdir -p "$STATE/etc/containers"
	printf '[storage]\r\ndriver = "overlay"\r\ngraphroot = "/data/\\u0063ontainers" # c\r\n' \
		>"$STATE/etc/containers/storage.conf"
	storage_state data/containers "$id" '["pod-web2"]'
	assert_enters pod-web2
	run --separate-stderr "$NSJOIN" --container=pod-web -n true
	assert_failure 1
	run --separate-stderr "$NSJOIN" --container=pod-web2 --show -n true
	assert_success
	assert_line --index 0 "target: process $INIT (sleep)"
}

@test "containerd (Kubernetes): by id, containerd://id and NS/ID, from /run/containerd/runc/NS" {
	local id
	id=$(new_id)
	start_container
	runc_state run/containerd/runc/k8s.io "$id" "$INIT"
	assert_enters "$id" "containerd://$id" "k8s.io/$id" "${id:0:8}"
	# and any id its clients chose
	runc_state run/containerd/runc/nsjtest web "$INIT"
	assert_enters web nsjtest/web
}

@test "containerd: the runc root that a task's options.json names" {
	local id
	id=$(new_id)
	start_container
	mkdir -p "$STATE/run/containerd/io.containerd.runtime.v2.task/moby/$id"
	echo '{"binary_name":"runc","root":"/run/docker/runtime-elsewhere"}' \
		>"$STATE/run/containerd/io.containerd.runtime.v2.task/moby/$id/options.json"
	runc_state run/docker/runtime-elsewhere/moby "$id" "$INIT"
	assert_enters "$id"
}

@test "cri-o: by id, cri-o://id and its containers-storage name" {
	local id
	id=$(new_id)
	start_container
	runc_state run/runc "$id" "$INIT" io.kubernetes.cri-o.ContainerType=container
	storage_state var/lib/containers/storage "$id" '["k8s_web_pod-1_default_0"]'
	assert_enters "$id" "cri-o://$id" k8s_web_pod-1_default_0
	run --separate-stderr "$NSJOIN" --container=nosuch -n true
	assert_failure 1
}

# --- matching ------------------------------------------------------------------------

@test "a prefix of two ids is ambiguous and lists both, quoted with their names" {
	local a b
	a=abcdef12$(hex 28)
	b=abcdef13$(hex 28)
	start_container
	runc_state run/docker/runtime-runc/moby "$a" "$INIT"
	runc_state run/docker/runtime-runc/moby "$b" "$INIT"
	docker_state "$a" one true "$INIT"
	docker_state "$b" two true "$INIT"
	run --separate-stderr "$NSJOIN" --container=abcdef1 -n true
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "nsjoin: 'abcdef1' matches 2 containers; give more of the id:"
	[[ $stderr == *"'$a' 'one' (docker, running)"* ]]
	[[ $stderr == *"'$b' 'two' (docker, running)"* ]]
	assert_enters abcdef12 abcdef13
}

@test "a name two runtimes use is ambiguous whatever their state; an exact id wins over a name, a name over a prefix" {
	local a b c
	a=$(new_id)
	b=$(new_id)
	start_container
	runc_state run/docker/runtime-runc/moby "$a" "$INIT"
	docker_state "$a" web true "$INIT"
	# podman's "web" is stopped: no runc state, only its name
	storage_state var/lib/containers/storage "$b" '["web"]'
	run --separate-stderr "$NSJOIN" --container=web -n true
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "nsjoin: 'web' matches 2 containers; give an id instead:"
	[[ $stderr == *"'$a' 'web' (docker, running)"* ]]
	[[ $stderr == *"'$b' 'web' (podman, not running)"* ]]
	# a container named like another's id prefix: the name wins
	c=$(new_id)
	runc_state run/runc "$c" "$INIT" io.container.manager=libpod
	storage_state var/lib/containers/storage "$c" "[\"${a:0:8}\"]"
	assert_enters "${a:0:8}" "$a"
}

@test "no match: the message says what was searched; a short prefix says why" {
	run --separate-stderr "$NSJOIN" --container=nsj-nosuch -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: no container matches 'nsj-nosuch': looked at 0 containers (0 running) in the state of runc, Docker, Podman and containerd"
	run --separate-stderr "$NSJOIN" --container=abc -n true
	assert_failure 1
	[[ $stderr == *"; an id prefix needs 4 characters or more" ]]
}

# --- state ----------------------------------------------------------------------------

@test "not running: Docker says so and runc has no state, or runc's state names a dead init" {
	local id other
	id=$(new_id)
	docker_state "$id" stopped-web false 0
	run --separate-stderr "$NSJOIN" --container=stopped-web -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container '$id' 'stopped-web' (docker) is not running"
	run --separate-stderr "$NSJOIN" --container="$id" -n true
	assert_failure 1
	# runc keeps a stopped container's state (ctr, plain runc): the init
	# is gone, or the pid is another process's now (its start time differs)
	start_container
	other=$(new_id)
	runc_state run/containerd/runc/nsjtest "$other" "$INIT"
	sed -i 's/"init_process_start":[0-9]*/"init_process_start":1/' \
		"$STATE/run/containerd/runc/nsjtest/$other/state.json"
	run --separate-stderr "$NSJOIN" --container="$other" -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container 'nsjtest/$other' (containerd) is not running"
}

@test "paused: a frozen freezer cgroup, as runc decides it; refused as docker exec refuses it" {
	local fr=/sys/fs/cgroup/freezer id
	[[ -w $fr/cgroup.procs ]] || skip "no cgroup v1 freezer hierarchy at $fr"
	id=$(new_id)
	start_container
	runc_state run/docker/runtime-runc/moby "$id" "$INIT"
	docker_state "$id" paused-web true "$INIT"
	mkdir "$fr/nsjtest-$$-$BATS_TEST_NUMBER"
	CGROUPS+=("$fr/nsjtest-$$-$BATS_TEST_NUMBER")
	echo "$INIT" >"$fr/nsjtest-$$-$BATS_TEST_NUMBER/cgroup.procs"
	echo FROZEN >"$fr/nsjtest-$$-$BATS_TEST_NUMBER/freezer.state"
	run --separate-stderr "$NSJOIN" --container=paused-web -n true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: container '$id' 'paused-web' (docker) is paused: unpause it before entering it"
	# -t PID --as-target refuses the frozen process too
	run --separate-stderr "$NSJOIN" -t "$INIT" --as-target true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: process $INIT is frozen (its container is paused): unpause it before entering it"
	echo THAWED >"$fr/nsjtest-$$-$BATS_TEST_NUMBER/freezer.state"
	assert_enters paused-web
	# moved out, or it cannot be removed
	echo "$INIT" >"$fr/cgroup.procs"
}

@test "a broken state file is named in the message when nothing matches" {
	local id
	id=$(new_id)
	mkdir -p "$STATE/run/runc/$id"
	echo '{"id": "'"$id"'", "init_process_pid": ' >"$STATE/run/runc/$id/state.json"
	chmod 0600 "$STATE/run/runc/$id/state.json"
	run --separate-stderr "$NSJOIN" --container=nsj-nosuch -n true
	assert_failure 1
	[[ $stderr == *"; cannot parse '$STATE/run/runc/$id/state.json'" ]]
}

@test "the init exits and another process gets its pid before pidfd_open: refused, nothing joined" {
	require_cmd strace
	local id
	id=$(new_id)
	# Everything in a pid namespace of our own, whose next pid we may set
	# (ns_last_pid): there the init's pid is handed to a new sleep while
	# nsjoin waits at pidfd_open() (strace delays it by 1 s).
	# shellcheck disable=SC2016 # the script expands its own variables
	run --separate-stderr timeout 30 unshare --pid --fork --mount-proc bash -c '
		state=$1 dir=$2 id=$3
		unshare --net --uts sleep 1000 </dev/null >/dev/null 2>&1 &
		init=$!
		for ((i = 0; i < 500; i++)); do
			[[ $(readlink /proc/$init/ns/net) != "$(readlink /proc/self/ns/net)" ]] && break
			sleep 0.01
		done
		s=$(cat /proc/$init/stat); s=${s##*) }; start=$(awk "{ print \$20 }" <<<"$s")
		mkdir -p "$state/run/runc/$id"
		printf "{\"id\":\"%s\",\"init_process_pid\":%s,\"init_process_start\":%s}" \
			"$id" "$init" "$start" >"$state/run/runc/$id/state.json"
		chmod 0600 "$state/run/runc/$id/state.json"
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
	' _ "$STATE" "$BATS_TEST_TMPDIR" "$id"
	assert_success
	# the pid was reused (else the race was not provoked)
	assert_line --regexp '^reused: ([0-9]+) \1$'
	assert_line "status: 1"
	assert_line "out: "
	assert_line --regexp "^err: nsjoin: container '$id' \\(runc\\): its init process [0-9]+ exited while nsjoin was looking at it \\(the pid now belongs to another process\\)$"
}

# --- HAZARDS.md 33: root trusts only what root owns ------------------------------

@test "H33: state that root does not own, or that others may write, is no evidence in root's runtime directories" {
	local id
	id=$(new_id)
	start_container
	runc_state run/runc "$id" "$INIT"
	chown 65534 "$STATE/run/runc/$id/state.json"
	run --separate-stderr "$NSJOIN" --container="$id" -n true
	assert_failure 1
	[[ $stderr == "nsjoin: no container matches '$id': "*"cannot read '$STATE/run/runc/$id/state.json': Operation not permitted"* ]]
	chown 0 "$STATE/run/runc/$id/state.json"
	chmod 0622 "$STATE/run/runc/$id/state.json"
	run --separate-stderr "$NSJOIN" --container="$id" -n true
	assert_failure 1
	chmod 0600 "$STATE/run/runc/$id/state.json"
	# the directory too
	chmod 0777 "$STATE/run/runc"
	run --separate-stderr "$NSJOIN" --container="$id" -n true
	assert_failure 1
	[[ $stderr == *"not root's own, or writable by others: '$STATE/run/runc'"* ]]
	chmod 0700 "$STATE/run/runc"
	assert_enters "$id"
}

# A user's state may name any process as the init of "their" container:
# it is a rootless container only if its init is in a user namespace the
# user owns.
@test "H33: a user's runc state naming root's process as its init: not running, never entered" {
	local id
	id=$(new_id)
	start_container
	mkdir -p "$STATE/run/user/65534/runc"
	runc_state run/user/65534/runc "$id" "$INIT"
	chown -R 65534 "$STATE/run/user/65534"
	run --separate-stderr "$NSJOIN" --container="$id" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: container '$id' (podman, rootless, uid 65534) is not running"
}

@test "H33: a rootless container is entered through its user's user namespace, as uid 0 there, by root" {
	require_userns
	local id
	id=$(new_id)
	start_user_container
	mkdir -p "$STATE/run/user/65534/runc"
	runc_state run/user/65534/runc "$id" "$INIT" io.container.manager=libpod
	chown -R 65534 "$STATE/run/user/65534"
	chmod 0700 "$STATE/run/user/65534/runc"
	mkdir -p "$STATE/etc" "$STATE/home/nsju/.local/share/containers/storage"
	echo "nsju:x:65534:65534::/home/nsju:/bin/sh" >"$STATE/etc/passwd"
	storage_state home/nsju/.local/share/containers/storage "$id" '["rl-web"]'
	chown -R 65534 "$STATE/home/nsju"
	# only -n asked: the user namespace comes with it
	run --separate-stderr "$NSJOIN" --container=rl-web -n "$PROBE" ns:net ns:user uid caps
	assert_success
	assert_line --index 0 "$(nsid_of "$INIT" net)"
	assert_line --index 1 "$(nsid_of "$INIT" user)"
	assert_line --index 2 "0 0 0"
	run --separate-stderr "$NSJOIN" --container=rl-web -n --show
	assert_success
	assert_line --regexp "^user +[0-9]+ .* join +'/proc/$INIT/ns/user'"
}

@test "H33: a user's container named like root's: refused as ambiguous, both listed" {
	require_userns
	local a b
	a=$(new_id)
	b=$(new_id)
	start_container
	runc_state run/docker/runtime-runc/moby "$a" "$INIT"
	docker_state "$a" web true "$INIT"
	mkdir -p "$STATE/etc" "$STATE/home/nsju/.local/share/containers/storage"
	echo "nsju:x:65534:65534::/home/nsju:/bin/sh" >"$STATE/etc/passwd"
	storage_state home/nsju/.local/share/containers/storage "$b" '["web"]'
	chown -R 65534 "$STATE/home/nsju"
	run --separate-stderr "$NSJOIN" --container=web -n true
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "nsjoin: 'web' matches 2 containers; give an id instead:"
	[[ $stderr == *"'$a' 'web' (docker, running)"* ]]
	[[ $stderr == *"'$b' 'web' (podman, rootless, uid 65534, not running)"* ]]
}

@test "H33: a FIFO for a user's state.json, containers.json or config.json never blocks root" {
	local id
	id=$(new_id)
	mkdir -p "$STATE/run/user/65534/runc/$id" "$STATE/etc" \
		"$STATE/home/nsju/.local/share/containers/storage/overlay-containers"
	mkfifo "$STATE/run/user/65534/runc/$id/state.json"
	mkfifo "$STATE/home/nsju/.local/share/containers/storage/overlay-containers/containers.json"
	echo "nsju:x:65534:65534::/home/nsju:/bin/sh" >"$STATE/etc/passwd"
	chown -R 65534 "$STATE/run/user/65534" "$STATE/home/nsju"
	run --separate-stderr timeout -s KILL 10 "$NSJOIN" --container="$id" -n true
	assert_failure 1
	[[ $stderr == "nsjoin: no container matches '$id': "* ]]
}

# --- --as-target from a bundle's config.json --------------------------------------

@test "--as-target: the bundle's config.json gives env (HOME from the container's passwd), cwd, rlimits, oom_score_adj and a seccomp filter with argument rules" {
	require_userns
	local id root
	id=$(new_id)
	start_container
	runc_state run/runc "$id" "$INIT"
	mkdir -p "$STATE/bundles/$id"
	# the bundle label says /bundles/ID: inside STATE
	sed -i "s|bundle=/bundles/|bundle=$STATE/bundles/|" "$STATE/run/runc/$id/state.json"
	cat >"$STATE/bundles/$id/config.json" <<-EOF
	{"ociVersion": "1.0.2", "process": {"user": {"uid": 0, "gid": 0, "additionalGids": [4]},
	 "args": ["sleep"], "env": ["FOO=bar", "BASH_ENV=/evil"], "cwd": "/tmp",
	 "capabilities": {"bounding": ["CAP_NET_RAW", "CAP_SYS_ADMIN"], "effective": ["CAP_NET_RAW"],
	  "permitted": ["CAP_NET_RAW"], "inheritable": [], "ambient": []},
	 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 512, "soft": 256}],
	 "oomScoreAdj": 7, "noNewPrivileges": false},
	 "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
	  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
	  "syscalls": [{"names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
	    "args": [{"index": 0, "value": 268435456, "valueTwo": 268435456, "op": "SCMP_CMP_MASKED_EQ"}]},
	   {"names": ["no_such_syscall_at_all"], "action": "SCMP_ACT_KILL"}]}}}
	EOF
	run --separate-stderr "$NSJOIN" --container="$id" --as-target "$PROBE" envall cwd groups caps
	assert_success
	assert_equal "$(sed -n '1,/--end--/p' <<<"$output" | sort | tr '\n' ' ')" "--end-- FOO=bar HOME=/root "
	assert_line /tmp
	assert_line 4
	# uid 0 executing the probe gets the bounding set, as under runc exec
	assert_line --regexp '^eff=0+202000 prm=0+202000 inh=0+ amb=0+ bnd=0+202000$'
	run --separate-stderr "$NSJOIN" --container="$id" --as-target /bin/sh -c \
		'cat /proc/self/oom_score_adj; ulimit -n; ulimit -Hn; grep ^Seccomp: /proc/self/status;
		 unshare -U true 2>&1 || echo denied; unshare -u true && echo allowed'
	assert_success
	assert_output --partial $'7\n256\n512\nSeccomp:\t2'
	assert_line --partial denied
	assert_line allowed
}

@test "--as-target: a configured AppArmor profile is applied where the host has AppArmor, else --show says why not" {
	local id
	id=$(new_id)
	start_container
	runc_state run/runc "$id" "$INIT"
	sed -i "s|bundle=/bundles/|bundle=$STATE/bundles/|" "$STATE/run/runc/$id/state.json"
	mkdir -p "$STATE/bundles/$id"
	echo '{"process": {"user": {"uid": 0, "gid": 0}, "env": [], "cwd": "/",
		"apparmorProfile": "nsjoin-test-profile"}}' >"$STATE/bundles/$id/config.json"
	if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null) != Y ]]; then
		run --separate-stderr "$NSJOIN" --container="$id" --as-target --show true
		assert_success
		assert_line "apparmor: 'nsjoin-test-profile' (not applied: the host has no AppArmor)"
		run --separate-stderr "$NSJOIN" --container="$id" --as-target "$PROBE" uid
		assert_success
		skip "the host has no AppArmor (/sys/module/apparmor/parameters/enabled): the profile cannot be applied, as runc cannot"
	fi
	command -v apparmor_parser >/dev/null || skip "apparmor_parser not installed"
	printf 'profile nsjoin-test-profile flags=(attach_disconnected) {\n  file,\n  capability,\n  network,\n  mount,\n  ptrace,\n  signal,\n  unix,\n}\n' |
		apparmor_parser -r || skip "cannot load a test profile"
	run --separate-stderr "$NSJOIN" --container="$id" --as-target /bin/cat /proc/self/attr/current
	apparmor_parser -R /dev/stdin <<<'profile nsjoin-test-profile {}' || true
	assert_success
	assert_output --partial nsjoin-test-profile
}
