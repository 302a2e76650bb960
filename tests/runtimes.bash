# shellcheck shell=bash
# RT_ID, RT_PID and RT_ARGV are set for the tests that load this file.
# shellcheck disable=SC2034
# SPDX-License-Identifier: GPL-2.0-or-later
#
# runtimes.bash - the real container runtimes, for the tests that compare
# nsjoin with them (76-runtimes.bats): load it with "load runtimes" after
# "load helpers".
#
# Each runtime runs as RUNTIMES.md says, at its DEFAULT paths (where nsjoin
# looks: /var/lib/docker, /run/containerd, /var/lib/containers/storage,
# /run/containers/storage, /run/runc, ~/.local/share/containers/storage and
# /run/user/UID of a rootless user), and every container gets no network
# (--network none; ctr and runc give a private netns with only lo).
# Meant for setup_file and teardown_file, so the daemons start once per file:
#
#   setup_file()    { rt_setup; rt_start_containerd; rt_start_dockerd; ...; }
#   teardown_file() { rt_cleanup; rt_stop_daemons; }
#
# Tests run in subshells of the file's shell, so what is made is written
# down in files under RT_DIR, never only in variables; rt_cleanup undoes
# what is written there, also after a failure, and is safe to call twice.
# A runtime that cannot run is not an error: the reason is written down
# (RT_DIR/skip/NAME) and require_runtime skips each test that needs it with
# that reason.  A daemon already running that the tests did not start is
# never touched: its runtime is skipped.
#
# Runtimes (NAME for require_runtime, RUNTIME for the helpers):
#   docker    containerd, then dockerd (cgroupfs driver, --bridge=none
#             --iptables=false); /usr/bin/docker (another docker client may
#             come first on PATH)
#   podman    rootful podman: runc, cgroupfs manager, events to a file,
#             --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
#   rootless  the same podman as RT_RL_USER, a user with /etc/subuid and
#             /etc/subgid ranges (created when missing, removed again)
#   ctr       containerd's ctr, namespace RT_CTR_NS unless a REF says NS/ID
#   runc      plain runc, a bundle from "runc spec"; root RT_RUNC_ROOT
#   crun      only probed: skipped where it cannot run (hybrid cgroups)
#
# Variables (rt_setup sets and exports them):
#   RT_DIR        records (made/, skip/), logs/, the image (rootfs/,
#                 rootfs.tar, img-*.tar), runc bundles/; inside
#                 BATS_FILE_TMPDIR when there is one
#   RT_IMAGE      image name, "nsjbox" (tags latest and, for ctr, u1000:
#                 the same rootfs with "User": "1000:1000", as ctr run has
#                 no --user)
#   RT_LABEL      label put on every docker and podman container we make
#   RT_CTR_NS     containerd namespace of rt_ctr_run ("nsjtest")
#   RT_RUNC_ROOT  runc --root of rt_runc_run (RT_DIR/runc); an id given
#                 with --root= (empty) uses runc's default, /run/runc
#   RT_RL_USER RT_RL_UID RT_RL_HOME RT_RL_XDG
#                 the rootless user, its home and XDG_RUNTIME_DIR
#   RT_DOCKER     /usr/bin/docker
#   RT_PODMAN_ARGS  podman's global options (an array, not exported)
# Set by each rt_*_run (in the caller's shell):
#   RT_ID RT_PID  the container's full id and its init's pid (host pid)
#
# Functions:
#   rt_setup                  RT_DIR, and notes which state directories
#                             and cgroups exist already (never removed)
#   rt_start_containerd, rt_start_dockerd
#                             start the daemon in the background (log in
#                             RT_DIR/logs), wait until "ctr version" /
#                             "docker version" answer (20 s / 60 s); pid
#                             and start time recorded
#   rt_stop_daemons           stop the daemons started above, by their pid
#                             (checked against the start time), and wait;
#                             then remove the state directories and cgroups
#                             that did not exist before rt_setup
#   require_runtime NAME      skip the test, with the reason, when NAME
#                             cannot run here
#   rt_image RUNTIME          the busybox image for RUNTIME (idempotent):
#                             docker import, podman import (rootful and as
#                             the rootless user), ctr image import of an
#                             archive built here (no docker needed)
#   rt_docker_run NAME [DOCKER-RUN-OPTS...] -- CMD...
#   rt_podman_run NAME [PODMAN-RUN-OPTS...] -- CMD...
#   rt_rootless_run NAME [PODMAN-RUN-OPTS...] -- CMD...
#                             run IMAGE detached, with --network none (and
#                             podman's ulimits); RT_ID, RT_PID
#   rt_ctr_run [NS/]ID [--image=TAG] [CTR-RUN-OPTS...] -- CMD...
#                             ctr -n NS run -d OPTS nsjbox:TAG ID CMD
#   rt_runc_run ID [--root=DIR] [PATH=JSON...] -- CMD...
#                             a bundle from "runc spec" (args CMD, no
#                             terminal, root RT_DIR/rootfs read-only), each
#                             PATH=JSON set in its config.json (dotted
#                             path, e.g. 'process.user={"uid":1000,"gid":1000}'),
#                             then runc --root DIR run -d
#   rt_exec RUNTIME REF [-t] CMD...
#                             the engine's own exec: docker exec, podman
#                             exec, ctr task exec --exec-id, runc exec
#   rt_pid RUNTIME REF        the init's pid now ("" when not running)
#   rt_id RUNTIME REF         the full id
#   rt_pause, rt_unpause, rt_stop, rt_start, rt_restart, rt_rm RUNTIME REF
#                             stop: killed at once (SIGKILL; sleep as pid 1
#                             ignores SIGTERM); ctr keeps the stopped task
#                             and runc the stopped state until rt_rm
#   rt_as_rootless CMD...     CMD as the rootless user (its groups), from
#                             its home, with HOME, USER, XDG_RUNTIME_DIR
#   rt_rootless_argv          RT_ARGV= that prefix, to type it somewhere
#   rt_cleanup                remove every container, image, containerd
#                             namespace, runc state and bundle, rootless
#                             user and its data, and cgroup directory made
#
# Refs: docker and podman take a name or an id; ctr "ID" (in RT_CTR_NS or
# where rt_ctr_run made it) or "NS/ID"; runc an id (its root is looked up
# in the records, else RT_RUNC_ROOT).

RT_DOCKER=/usr/bin/docker
RT_IMAGE=nsjbox
RT_CTR_NS=${RT_CTR_NS:-nsjtest}
RT_RL_USER=${RT_RL_USER:-nsjrl}
RT_PODMAN_ARGS=(--cgroup-manager=cgroupfs --events-backend=file --runtime runc)
RT_PATH_ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RT_ID=
RT_PID=

# State directories a runtime creates at its default paths; removed by
# rt_stop_daemons only if they did not exist at rt_setup.
_rt_state_paths=(/var/lib/docker /run/docker /run/docker.sock
	/var/lib/containerd /run/containerd /var/lib/containers
	/run/containers /run/libpod /run/runc /var/lib/cni /run/cni
	/etc/cni/net.d/cni.lock)
# Top-level cgroups the runtimes make: docker's, podman's (cgroupfs)
# and the containerd namespace's.
_rt_cgroup_tops() {
	echo docker libpod_parent "$RT_CTR_NS"
}

# --- setup -------------------------------------------------------------------

rt_setup() {
	# never stopped half-way by the caller's errexit (bats sets -e)
	local -
	set +e
	if [[ -z ${RT_DIR:-} || ! -d $RT_DIR ]]; then
		RT_DIR=$(mktemp -d "${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}/rt.XXXXXX")
	fi
	mkdir -p "$RT_DIR/made" "$RT_DIR/skip" "$RT_DIR/logs" "$RT_DIR/bundles"
	: "${RT_RUNC_ROOT:=$RT_DIR/runc}"
	: "${RT_LABEL:=nsjtest=$$}"
	export RT_DIR RT_IMAGE RT_LABEL RT_CTR_NS RT_RUNC_ROOT RT_RL_USER RT_DOCKER
	if [[ ! -e $RT_DIR/preexisting ]]; then
		local p top mnt
		{
			for p in "${_rt_state_paths[@]}"; do
				[[ -e $p || -L $p ]] && echo "$p"
			done
			for mnt in $(_rt_cgroup_mounts); do
				for top in $(_rt_cgroup_tops); do
					[[ -d $mnt/$top ]] && echo "$mnt/$top"
				done
			done
		} >"$RT_DIR/preexisting"
	fi
	_rt_rootless_vars
}

# Mount points of every cgroup hierarchy (v1 and v2).
_rt_cgroup_mounts() {
	awk '$0 ~ / - cgroup2? / { print $5 }' /proc/self/mountinfo | sort -u
}

_rt_preexisting() {
	grep -qxF -- "$1" "$RT_DIR/preexisting" 2>/dev/null
}

# _rt_skip NAME REASON: NAME cannot run here (the first reason is kept).
_rt_skip() {
	[[ -e $RT_DIR/skip/$1 ]] || printf '%s\n' "$2" >"$RT_DIR/skip/$1"
}

# _rt_record KIND LINE: append LINE to RT_DIR/made/KIND (once).
_rt_record() {
	local f=$RT_DIR/made/$1
	grep -qxF -- "$2" "$f" 2>/dev/null || printf '%s\n' "$2" >>"$f"
}

_rt_records() {
	[[ -f $RT_DIR/made/$1 ]] && cat "$RT_DIR/made/$1"
	return 0
}

require_runtime() {
	local name=$1
	[[ $EUID -eq 0 ]] || skip "$name: requires root (running as uid $EUID)"
	[[ -n ${RT_DIR:-} && -d $RT_DIR ]] || skip "$name: rt_setup was not called (setup_file)"
	case $name in
	docker | podman | rootless | ctr | runc | crun) ;;
	*) fail "require_runtime: unknown runtime '$name'" ;;
	esac
	if [[ $name == crun ]]; then
		_rt_probe_crun
	fi
	if [[ -f $RT_DIR/skip/$name ]]; then
		skip "$name: $(cat "$RT_DIR/skip/$name")"
	fi
	case $name in
	docker) _rt_daemon_ours dockerd || skip "docker: dockerd was not started (rt_start_dockerd)" ;;
	ctr) _rt_daemon_ours containerd || skip "ctr: containerd was not started (rt_start_containerd)" ;;
	podman | rootless)
		command -v podman >/dev/null 2>&1 || skip "$name: podman not installed"
		command -v runc >/dev/null 2>&1 || skip "$name: runc not installed"
		;;
	runc) command -v runc >/dev/null 2>&1 || skip "runc: not installed" ;;
	esac
}

# crun is tried once with a bundle of our own: where it fails (hybrid
# cgroups: "cgroups in hybrid mode not supported, drop all controllers
# from cgroupv2"), its message is the reason.
_rt_probe_crun() {
	[[ -e $RT_DIR/skip/crun || -e $RT_DIR/crun-ok ]] && return 0
	if ! command -v crun >/dev/null 2>&1; then
		_rt_skip crun "not installed"
		return 0
	fi
	_rt_rootfs || return 0
	local b=$RT_DIR/bundles/crun-probe root=$RT_DIR/crun err id=nsjcrun-$$
	mkdir -p "$b" "$root"
	_rt_bundle "$b" true || return 1
	if err=$(crun --root "$root" run -b "$b" "$id" </dev/null 2>&1 3>&-); then
		: >"$RT_DIR/crun-ok"
	else
		_rt_skip crun "${err:-crun run failed}"
	fi
	crun --root "$root" delete -f "$id" >/dev/null 2>&1 || true
	rm -rf "$b"
	rmdir "$root" 2>/dev/null || true
}

# --- daemons -------------------------------------------------------------------

# Field 22 of /proc/PID/stat: the start time in clock ticks.
_rt_starttime() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	# after "comm) ", field 3 is the first: starttime is the 20th word
	local -a fields
	read -r -a fields <<<"$stat"
	echo "${fields[19]}"
}

# _rt_daemon_ours NAME: the daemon we started is still the process at the
# recorded pid (same start time).
_rt_daemon_ours() {
	local rec=$RT_DIR/made/daemon-$1 pid start
	[[ -f $rec ]] || return 1
	read -r pid start <"$rec" || return 1
	[[ $(_rt_starttime "$pid") == "$start" ]]
}

# Any process whose comm is NAME (read only: never signalled).
_rt_proc_named() {
	local c
	for c in /proc/[0-9]*/comm; do
		[[ $(cat "$c" 2>/dev/null) == "$1" ]] && return 0
	done
	return 1
}

# _rt_spawn NAME CMD...: CMD in the background, in a session of its own,
# holding none of bats' fds; RT_SPAWNED= its pid.
_rt_spawn() {
	local name=$1
	shift
	(cd / && exec setsid "$@") </dev/null >"$RT_DIR/logs/$name.log" 2>&1 3>&- 4>&- &
	RT_SPAWNED=$!
	printf '%s %s\n' "$RT_SPAWNED" "$(_rt_starttime "$RT_SPAWNED")" >"$RT_DIR/made/daemon-$name"
}

# _rt_wait_answer SECONDS PID CMD...: until CMD succeeds; fails when PID
# exits first or time runs out.
_rt_wait_answer() {
	local secs=$1 pid=$2 i
	shift 2
	for ((i = 0; i < secs * 20; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		if ! kill -0 "$pid" 2>/dev/null || [[ $(proc_state "$pid") == Z ]]; then
			return 1
		fi
		sleep 0.05
	done
	return 1
}

_rt_log_tail() {
	tail -n 5 "$RT_DIR/logs/$1.log" 2>/dev/null | tr '\n' ' '
}

rt_start_containerd() {
	# never stopped half-way by the caller's errexit (bats sets -e)
	local -
	set +e
	_rt_daemon_ours containerd && return 0
	if ! command -v containerd >/dev/null 2>&1 || ! command -v ctr >/dev/null 2>&1; then
		_rt_skip ctr "containerd not installed"
		_rt_skip docker "containerd not installed"
		return 0
	fi
	if ctr version >/dev/null 2>&1 || _rt_proc_named containerd; then
		_rt_skip ctr "a containerd the tests did not start is running; left alone"
		_rt_skip docker "a containerd the tests did not start is running; left alone"
		return 0
	fi
	local t0=$EPOCHREALTIME
	_rt_spawn containerd containerd
	if ! _rt_wait_answer 20 "$RT_SPAWNED" ctr version; then
		local why
		why="containerd did not answer within 20 s: $(_rt_log_tail containerd)"
		_rt_stop_daemon containerd 10
		_rt_skip ctr "$why"
		_rt_skip docker "$why"
		return 0
	fi
	_rt_time "containerd start" "$t0"
}

rt_start_dockerd() {
	# never stopped half-way by the caller's errexit (bats sets -e)
	local -
	set +e
	_rt_daemon_ours dockerd && return 0
	[[ -e $RT_DIR/skip/docker ]] && return 0
	if ! command -v dockerd >/dev/null 2>&1 || [[ ! -x $RT_DOCKER ]]; then
		_rt_skip docker "dockerd or $RT_DOCKER not installed"
		return 0
	fi
	if ! _rt_daemon_ours containerd; then
		_rt_skip docker "containerd was not started by the tests (rt_start_containerd first)"
		return 0
	fi
	if "$RT_DOCKER" version >/dev/null 2>&1 || _rt_proc_named dockerd; then
		_rt_skip docker "a dockerd the tests did not start is running; left alone"
		return 0
	fi
	local t0=$EPOCHREALTIME
	_rt_spawn dockerd dockerd --containerd=/run/containerd/containerd.sock \
		--exec-opt native.cgroupdriver=cgroupfs --bridge=none \
		--iptables=false --pidfile "$RT_DIR/dockerd.pid" \
		--data-root /var/lib/docker
	if ! _rt_wait_answer 60 "$RT_SPAWNED" "$RT_DOCKER" version; then
		local why
		why="dockerd did not answer within 60 s: $(_rt_log_tail dockerd)"
		_rt_stop_daemon dockerd 20
		_rt_skip docker "$why"
		return 0
	fi
	_rt_time "dockerd start" "$t0"
}

# _rt_stop_daemon NAME SECONDS: SIGTERM to the recorded pid if it is still
# the process we started, wait SECONDS, then SIGKILL.
_rt_stop_daemon() {
	local name=$1 secs=$2 rec=$RT_DIR/made/daemon-$1 pid start i
	[[ -f $rec ]] || return 0
	read -r pid start <"$rec" || return 0
	if [[ $(_rt_starttime "$pid") == "$start" ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < secs * 20; i++)); do
			[[ $(_rt_starttime "$pid") == "$start" && $(proc_state "$pid") != Z ]] || break
			sleep 0.05
		done
		if [[ $(_rt_starttime "$pid") == "$start" && $(proc_state "$pid") != Z ]]; then
			echo "runtimes.bash: $name ($pid) still running after ${secs} s: SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	fi
	rm -f "$rec"
}

rt_stop_daemons() {
	# never stopped half-way by the caller's errexit (bats sets -e)
	local -
	set +e
	[[ -n ${RT_DIR:-} && -d $RT_DIR ]] || return 0
	local t0=$EPOCHREALTIME
	_rt_stop_daemon dockerd 30
	_rt_stop_daemon containerd 20
	_rt_time "daemons stop" "$t0"
	_rt_remove_state
}

# Remove the cgroups and state directories the runtimes made (those that
# did not exist at rt_setup), unless something is still mounted there.
_rt_remove_state() {
	local mnt top p
	for mnt in $(_rt_cgroup_mounts); do
		for top in $(_rt_cgroup_tops); do
			p=$mnt/$top
			[[ -d $p ]] && ! _rt_preexisting "$p" && _rt_rmdir_tree "$p"
		done
	done
	_rt_daemons_running && return 0
	for p in "${_rt_state_paths[@]}"; do
		[[ -e $p || -L $p ]] || continue
		_rt_preexisting "$p" && continue
		if awk -v p="$p" '$5 == p || index($5, p "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
			echo "runtimes.bash: not removing '$p': something is mounted there" >&2
			continue
		fi
		rm -rf -- "$p"
	done
}

# True while a daemon we started still runs (then nothing is removed).
_rt_daemons_running() {
	_rt_daemon_ours dockerd || _rt_daemon_ours containerd
}

# _rt_rmdir_tree DIR: remove DIR's sub-cgroups deepest first, then DIR;
# a cgroup with processes stays (rmdir fails), an emptied one may be busy
# for a moment.
_rt_rmdir_tree() {
	local d
	while IFS= read -r d; do
		rmdir_cgroups "$d"
	done < <(find "$1" -depth -type d 2>/dev/null)
}

# _rt_time WHAT T0: append "WHAT: SECONDS" to RT_DIR/timings.
_rt_time() {
	local now=$EPOCHREALTIME
	awk -v a="$2" -v b="$now" -v w="$1" 'BEGIN { printf "%s: %.3f s\n", w, b - a }' >>"$RT_DIR/timings"
}

# --- the image ---------------------------------------------------------------------

# RT_DIR/rootfs and rootfs.tar: a static busybox with its applets as links
# in /bin, /etc/passwd (root, user 1000, nobody), /etc/group (user 1000 is
# also in group extra, 2000), /srv, /home/user.
_rt_rootfs() {
	[[ -f $RT_DIR/rootfs.tar ]] && return 0
	[[ -e $RT_DIR/skip/image ]] && return 1
	local bb r=$RT_DIR/rootfs
	bb=$(command -v busybox) || {
		_rt_skip image "busybox not installed (Debian: apt-get install busybox-static)"
		return 1
	}
	rm -rf "$r"
	mkdir -p "$r"/{bin,etc,srv,tmp,proc,sys,dev,root,home/user}
	cp "$bb" "$r/bin/busybox"
	# run inside the new root: the links say /bin/busybox, and a
	# dynamically linked busybox fails here (it needs busybox-static)
	if ! chroot "$r" /bin/busybox --install -s /bin 2>/dev/null; then
		_rt_skip image "'$bb' does not run in an empty root: not static (Debian: apt-get install busybox-static)"
		return 1
	fi
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'user:x:1000:1000:user:/home/user:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$r/etc/passwd"
	printf '%s\n' 'root:x:0:' 'user:x:1000:' 'extra:x:2000:user' \
		'nogroup:x:65534:' >"$r/etc/group"
	chown 1000:1000 "$r/home/user"
	chmod 1777 "$r/tmp"
	tar -C "$r" -cf "$RT_DIR/rootfs.tar" .
}

# _rt_ctr_archive TAG USER: a docker-archive of the rootfs for ctr image
# import, its config saying USER (ctr run has no --user).
_rt_ctr_archive() {
	local tag=$1 user=$2 d=$RT_DIR/img-$1 diff cfg arch
	[[ -f $RT_DIR/img-$tag.tar ]] && return 0
	arch=$(dpkg --print-architecture 2>/dev/null) || arch=amd64
	rm -rf "$d"
	mkdir -p "$d"
	cp "$RT_DIR/rootfs.tar" "$d/layer.tar"
	diff=$(sha256sum "$d/layer.tar") && diff=${diff%% *}
	printf '{"architecture":"%s","os":"linux","config":{"Env":["%s"],"User":"%s","Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$arch" "$RT_PATH_ENV" "$user" "$diff" >"$d/config.json"
	cfg=$(sha256sum "$d/config.json") && cfg=${cfg%% *}
	mv "$d/config.json" "$d/$cfg.json"
	printf '[{"Config":"%s.json","RepoTags":["docker.io/library/%s:%s"],"Layers":["layer.tar"]}]' \
		"$cfg" "$RT_IMAGE" "$tag" >"$d/manifest.json"
	tar -C "$d" -cf "$RT_DIR/img-$tag.tar" manifest.json "$cfg.json" layer.tar
	rm -rf "$d"
}

# rt_image RUNTIME [NS]
rt_image() {
	local rt=$1 t0=$EPOCHREALTIME
	_rt_rootfs || {
		_rt_skip "$rt" "$(cat "$RT_DIR/skip/image")"
		return 1
	}
	case $rt in
	docker)
		"$RT_DOCKER" image inspect "$RT_IMAGE:latest" >/dev/null 2>&1 && return 0
		"$RT_DOCKER" import "$RT_DIR/rootfs.tar" "$RT_IMAGE:latest" >/dev/null || return 1
		_rt_record docker-images "$RT_IMAGE:latest"
		;;
	podman)
		podman "${RT_PODMAN_ARGS[@]}" image exists "$RT_IMAGE:latest" && return 0
		podman "${RT_PODMAN_ARGS[@]}" import -q "$RT_DIR/rootfs.tar" "$RT_IMAGE:latest" >/dev/null || return 1
		_rt_record podman-images "$RT_IMAGE:latest"
		;;
	rootless)
		rt_rootless_user || return 1
		rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" image exists "$RT_IMAGE:latest" && return 0
		install -o "$RT_RL_UID" -g "$RT_RL_GID" -m 0644 "$RT_DIR/rootfs.tar" "$RT_RL_HOME/nsjbox-rootfs.tar"
		rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" import -q nsjbox-rootfs.tar "$RT_IMAGE:latest" >/dev/null || return 1
		rm -f "$RT_RL_HOME/nsjbox-rootfs.tar"
		_rt_record rootless-images "$RT_IMAGE:latest"
		;;
	ctr)
		local ns=${2:-$RT_CTR_NS} tag
		for tag in latest u1000; do
			ctr -n "$ns" image ls -q 2>/dev/null |
				grep -qxF "docker.io/library/$RT_IMAGE:$tag" && continue
			if [[ $tag == latest ]]; then
				_rt_ctr_archive latest 0:0
			else
				_rt_ctr_archive u1000 1000:1000
			fi
			ctr namespaces ls -q 2>/dev/null | grep -qxF -- "$ns" || _rt_record ctr-namespaces "$ns"
			ctr -n "$ns" image import "$RT_DIR/img-$tag.tar" >/dev/null || return 1
			_rt_record ctr-images "$ns docker.io/library/$RT_IMAGE:$tag"
		done
		;;
	*)
		echo "rt_image: unknown runtime '$rt'" >&2
		return 1
		;;
	esac
	_rt_time "$rt image" "$t0"
}

# --- the rootless user ---------------------------------------------------------------

_rt_rootless_vars() {
	local ent
	if ent=$(getent passwd "$RT_RL_USER"); then
		IFS=: read -r _ _ RT_RL_UID RT_RL_GID _ RT_RL_HOME _ <<<"$ent"
		RT_RL_XDG=/run/user/$RT_RL_UID
	else
		RT_RL_UID='' RT_RL_GID='' RT_RL_HOME='' RT_RL_XDG=''
	fi
	export RT_RL_UID RT_RL_GID RT_RL_HOME RT_RL_XDG
}

# rt_rootless_user: RT_RL_USER exists with subordinate id ranges and a
# runtime directory; what is created here is recorded and removed by
# rt_cleanup.  A user that existed before is used as it is.
rt_rootless_user() {
	[[ -e $RT_DIR/skip/rootless ]] && return 1
	local cmd
	for cmd in useradd userdel newuidmap newgidmap setpriv; do
		command -v "$cmd" >/dev/null 2>&1 || {
			_rt_skip rootless "$cmd not installed (Debian: uidmap, passwd, util-linux)"
			return 1
		}
	done
	if ! getent passwd "$RT_RL_USER" >/dev/null; then
		local uid=23450
		while getent passwd "$uid" >/dev/null || getent group "$uid" >/dev/null; do
			uid=$((uid + 1))
		done
		# useradd adds the /etc/subuid and /etc/subgid ranges itself
		# (SUB_UID_COUNT in login.defs); userdel removes them
		useradd -m -u "$uid" -U -s /bin/sh "$RT_RL_USER" || {
			_rt_skip rootless "useradd $RT_RL_USER failed"
			return 1
		}
		_rt_record rootless-user "$RT_RL_USER"
	fi
	_rt_rootless_vars
	if ! grep -q "^$RT_RL_USER:" /etc/subuid || ! grep -q "^$RT_RL_USER:" /etc/subgid; then
		_rt_skip rootless "$RT_RL_USER has no range in /etc/subuid or /etc/subgid"
		return 1
	fi
	if [[ ! -d $RT_RL_XDG ]]; then
		mkdir -p "$RT_RL_XDG"
		chown "$RT_RL_UID:$RT_RL_GID" "$RT_RL_XDG"
		chmod 0700 "$RT_RL_XDG"
		_rt_record rootless-xdg "$RT_RL_XDG"
	fi
}

# RT_ARGV= the command prefix that runs a command as the rootless user:
# setpriv to its uid, gid and groups, then a clean environment with HOME,
# USER, LOGNAME, PATH and XDG_RUNTIME_DIR (for a command line typed into a
# terminal; rt_as_rootless runs it).
rt_rootless_argv() {
	[[ -n $RT_RL_UID ]] || _rt_rootless_vars
	RT_ARGV=(setpriv --reuid="$RT_RL_UID" --regid="$RT_RL_GID" --init-groups
		env -i HOME="$RT_RL_HOME" USER="$RT_RL_USER" LOGNAME="$RT_RL_USER"
		PATH=/usr/local/bin:/usr/bin:/bin XDG_RUNTIME_DIR="$RT_RL_XDG")
}

rt_as_rootless() {
	local -a RT_ARGV
	rt_rootless_argv
	(cd "$RT_RL_HOME" 2>/dev/null || cd /; exec "${RT_ARGV[@]}" "$@")
}

# --- running containers -------------------------------------------------------------

# _rt_split OPTS... -- CMD...: _RT_OPTS=(OPTS) _RT_CMD=(CMD)
_rt_split() {
	_RT_OPTS=() _RT_CMD=()
	while [[ $# -gt 0 && $1 != -- ]]; do
		_RT_OPTS+=("$1")
		shift
	done
	[[ $# -gt 0 ]] && shift
	_RT_CMD=("$@")
	if [[ ${#_RT_CMD[@]} -eq 0 ]]; then
		echo "runtimes.bash: no command after --" >&2
		return 1
	fi
}

rt_docker_run() {
	local name=$1 t0=$EPOCHREALTIME
	shift
	_rt_split "$@" || return 1
	RT_ID='' RT_PID=''
	rt_image docker || return 1
	_rt_record docker-containers "$name"
	RT_ID=$("$RT_DOCKER" run -d --network none --label "$RT_LABEL" --name "$name" \
		"${_RT_OPTS[@]}" "$RT_IMAGE:latest" "${_RT_CMD[@]}" 3>&-) || return 1
	RT_PID=$(rt_pid docker "$RT_ID")
	_rt_time "docker run" "$t0"
}

_rt_podman_run() {
	local who=$1 name=$2 t0=$EPOCHREALTIME
	shift 2
	_rt_split "$@" || return 1
	RT_ID='' RT_PID=''
	rt_image "$who" || return 1
	local -a run=(podman "${RT_PODMAN_ARGS[@]}" run -d --network none
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024
		--label "$RT_LABEL" --name "$name" "${_RT_OPTS[@]}" "$RT_IMAGE:latest" "${_RT_CMD[@]}")
	_rt_record "$who-containers" "$name"
	if [[ $who == rootless ]]; then
		RT_ID=$(rt_as_rootless "${run[@]}" 3>&-) || return 1
	else
		RT_ID=$("${run[@]}" 3>&-) || return 1
	fi
	RT_PID=$(rt_pid "$who" "$RT_ID")
	_rt_time "$who run" "$t0"
}

rt_podman_run() {
	_rt_podman_run podman "$@"
}

rt_rootless_run() {
	_rt_podman_run rootless "$@"
}

# _rt_ctr_ref REF: _RT_NS and _RT_CID of a ctr REF ("NS/ID" or "ID").
_rt_ctr_ref() {
	if [[ $1 == */* ]]; then
		_RT_NS=${1%%/*} _RT_CID=${1#*/}
	else
		_RT_CID=$1
		_RT_NS=$(_rt_records ctr-containers | awk -v id="$1" '$2 == id { print $1; exit }')
		: "${_RT_NS:=$RT_CTR_NS}"
	fi
}

rt_ctr_run() {
	local t0=$EPOCHREALTIME tag=latest
	_rt_ctr_ref "$1"
	shift
	_rt_split "$@" || return 1
	local -a opts=()
	local o
	for o in "${_RT_OPTS[@]}"; do
		case $o in
		--image=*) tag=${o#--image=} ;;
		*) opts+=("$o") ;;
		esac
	done
	RT_ID='' RT_PID=''
	rt_image ctr "$_RT_NS" || return 1
	_rt_record ctr-containers "$_RT_NS $_RT_CID"
	ctr -n "$_RT_NS" run -d "${opts[@]}" "docker.io/library/$RT_IMAGE:$tag" \
		"$_RT_CID" "${_RT_CMD[@]}" </dev/null >"$RT_DIR/logs/ctr-$_RT_CID.log" 2>&1 3>&- || {
		cat "$RT_DIR/logs/ctr-$_RT_CID.log" >&2
		return 1
	}
	RT_ID=$_RT_CID
	RT_PID=$(rt_pid ctr "$_RT_NS/$_RT_CID")
	_rt_time "ctr run" "$t0"
}

# _rt_bundle DIR CMD...: "runc spec" in DIR, edited to run CMD without a
# terminal, on RT_DIR/rootfs (read-only, shared by every bundle).
_rt_bundle() {
	local b=$1
	shift
	rm -f "$b/config.json"
	runc spec --bundle "$b" || return 1
	python3 - "$b/config.json" "$RT_DIR/rootfs" "$@" <<-'EOF'
		import json, sys
		path, rootfs, args = sys.argv[1], sys.argv[2], sys.argv[3:]
		with open(path) as f:
		    spec = json.load(f)
		spec["process"]["terminal"] = False
		spec["process"]["args"] = args
		spec["root"] = {"path": rootfs, "readonly": True}
		with open(path, "w") as f:
		    json.dump(spec, f, indent=1)
	EOF
}

# _rt_bundle_edit CONFIG PATH=JSON...: set each dotted PATH to JSON.
_rt_bundle_edit() {
	python3 - "$@" <<-'EOF'
		import json, sys
		path = sys.argv[1]
		with open(path) as f:
		    spec = json.load(f)
		for edit in sys.argv[2:]:
		    key, _, value = edit.partition("=")
		    node = spec
		    parts = key.split(".")
		    for p in parts[:-1]:
		        node = node.setdefault(p, {})
		    node[parts[-1]] = json.loads(value)
		with open(path, "w") as f:
		    json.dump(spec, f, indent=1)
	EOF
}

# _rt_runc_root ID: the root an id was made in (from the records), else
# RT_RUNC_ROOT; "" is runc's default.
_rt_runc_root() {
	local line
	line=$(_rt_records runc-containers | awk -v id="$1" '$1 == id { print; exit }')
	if [[ -n $line ]]; then
		_RT_ROOT=${line#* }
	else
		_RT_ROOT=$RT_RUNC_ROOT
	fi
}

_rt_runc() {
	if [[ -n $_RT_ROOT ]]; then
		runc --root "$_RT_ROOT" "$@"
	else
		runc "$@"
	fi
}

rt_runc_run() {
	local id=$1 t0=$EPOCHREALTIME root=$RT_RUNC_ROOT o
	shift
	_rt_split "$@" || return 1
	local -a edits=()
	for o in "${_RT_OPTS[@]}"; do
		case $o in
		--root=*) root=${o#--root=} ;;
		*=*) edits+=("$o") ;;
		*)
			echo "rt_runc_run: '$o' is not PATH=JSON or --root=DIR" >&2
			return 1
			;;
		esac
	done
	RT_ID='' RT_PID=''
	_rt_rootfs || {
		_rt_skip runc "$(cat "$RT_DIR/skip/image")"
		return 1
	}
	local b=$RT_DIR/bundles/$id
	mkdir -p "$b"
	_rt_bundle "$b" "${_RT_CMD[@]}" || return 1
	if [[ ${#edits[@]} -gt 0 ]]; then
		_rt_bundle_edit "$b/config.json" "${edits[@]}" || return 1
	fi
	_RT_ROOT=$root
	[[ -z $root ]] || mkdir -p "$root"
	_rt_record runc-containers "$id $root"
	_rt_runc run -d -b "$b" "$id" </dev/null >"$RT_DIR/logs/runc-$id.log" 2>&1 3>&- || {
		cat "$RT_DIR/logs/runc-$id.log" >&2
		return 1
	}
	RT_ID=$id
	RT_PID=$(rt_pid runc "$id")
	_rt_time "runc run" "$t0"
}

# --- the engines' own commands ---------------------------------------------------------

rt_exec() {
	local rt=$1 ref=$2
	shift 2
	local -a t=()
	if [[ ${1:-} == -t ]]; then
		t=(-t)
		shift
	fi
	case $rt in
	docker) "$RT_DOCKER" exec "${t[@]}" "$ref" "$@" ;;
	podman) podman "${RT_PODMAN_ARGS[@]}" exec "${t[@]}" "$ref" "$@" ;;
	rootless) rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" exec "${t[@]}" "$ref" "$@" ;;
	ctr)
		_rt_ctr_ref "$ref"
		ctr -n "$_RT_NS" task exec "${t[@]}" --exec-id "nsj-$$-$RANDOM" "$_RT_CID" "$@"
		;;
	runc)
		_rt_runc_root "$ref"
		_rt_runc exec "${t[@]}" "$ref" "$@"
		;;
	*)
		echo "rt_exec: unknown runtime '$rt'" >&2
		return 1
		;;
	esac
}

# The init's pid now, "" when it is not running.
rt_pid() {
	local rt=$1 ref=$2 pid
	case $rt in
	docker) pid=$("$RT_DOCKER" inspect -f '{{.State.Pid}}' "$ref" 2>/dev/null) ;;
	podman) pid=$(podman "${RT_PODMAN_ARGS[@]}" inspect -f '{{.State.Pid}}' "$ref" 2>/dev/null) ;;
	rootless) pid=$(rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" inspect -f '{{.State.Pid}}' "$ref" 2>/dev/null) ;;
	ctr)
		_rt_ctr_ref "$ref"
		pid=$(ctr -n "$_RT_NS" task ls 2>/dev/null |
			awk -v id="$_RT_CID" '$1 == id && $3 != "STOPPED" { print $2 }')
		;;
	runc)
		_rt_runc_root "$ref"
		pid=$(_rt_runc state "$ref" 2>/dev/null |
			python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["pid"] if s["status"] != "stopped" else "")')
		;;
	esac
	[[ ${pid:-0} == 0 ]] && pid=
	echo "$pid"
}

rt_id() {
	local rt=$1 ref=$2
	case $rt in
	docker) "$RT_DOCKER" inspect -f '{{.Id}}' "$ref" ;;
	podman) podman "${RT_PODMAN_ARGS[@]}" inspect -f '{{.Id}}' "$ref" ;;
	rootless) rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" inspect -f '{{.Id}}' "$ref" ;;
	ctr)
		_rt_ctr_ref "$ref"
		echo "$_RT_CID"
		;;
	runc) echo "$ref" ;;
	esac
}

_rt_podman() { # WHO ARGS...
	local who=$1
	shift
	if [[ $who == rootless ]]; then
		rt_as_rootless podman "${RT_PODMAN_ARGS[@]}" "$@"
	else
		podman "${RT_PODMAN_ARGS[@]}" "$@"
	fi
}

rt_pause() {
	case $1 in
	docker) "$RT_DOCKER" pause "$2" >/dev/null ;;
	podman | rootless) _rt_podman "$1" pause "$2" >/dev/null ;;
	ctr) _rt_ctr_ref "$2" && ctr -n "$_RT_NS" task pause "$_RT_CID" ;;
	runc) _rt_runc_root "$2" && _rt_runc pause "$2" ;;
	esac
}

rt_unpause() {
	case $1 in
	docker) "$RT_DOCKER" unpause "$2" >/dev/null ;;
	podman | rootless) _rt_podman "$1" unpause "$2" >/dev/null ;;
	ctr) _rt_ctr_ref "$2" && ctr -n "$_RT_NS" task resume "$_RT_CID" ;;
	runc) _rt_runc_root "$2" && _rt_runc resume "$2" ;;
	esac
}

# _rt_wait_gone RUNTIME REF: until rt_pid is empty (10 s).
_rt_wait_gone() {
	local i
	for ((i = 0; i < 200; i++)); do
		[[ -z $(rt_pid "$1" "$2") ]] && return 0
		sleep 0.05
	done
	echo "runtimes.bash: $1 container '$2' still running after 10 s" >&2
	return 1
}

# Stopped, not removed: the init is killed at once.
rt_stop() {
	case $1 in
	docker) "$RT_DOCKER" stop -t 0 "$2" >/dev/null ;;
	podman | rootless) _rt_podman "$1" stop -t 0 "$2" >/dev/null ;;
	ctr)
		_rt_ctr_ref "$2"
		ctr -n "$_RT_NS" task kill -s SIGKILL "$_RT_CID" && _rt_wait_gone ctr "$2"
		;;
	runc)
		_rt_runc_root "$2"
		_rt_runc kill "$2" KILL && _rt_wait_gone runc "$2"
		;;
	esac
}

# Started again after rt_stop: a new init.
rt_start() {
	case $1 in
	docker) "$RT_DOCKER" start "$2" >/dev/null ;;
	podman | rootless) _rt_podman "$1" start "$2" >/dev/null ;;
	ctr)
		_rt_ctr_ref "$2"
		ctr -n "$_RT_NS" task delete "$_RT_CID" >/dev/null 2>&1 || true
		ctr -n "$_RT_NS" task start -d "$_RT_CID" </dev/null >>"$RT_DIR/logs/ctr-$_RT_CID.log" 2>&1 3>&-
		;;
	runc)
		_rt_runc_root "$2"
		_rt_runc delete "$2" >/dev/null 2>&1 || true
		_rt_runc run -d -b "$RT_DIR/bundles/$2" "$2" </dev/null >>"$RT_DIR/logs/runc-$2.log" 2>&1 3>&-
		;;
	esac
}

rt_restart() {
	case $1 in
	docker) "$RT_DOCKER" restart -t 0 "$2" >/dev/null ;;
	podman | rootless) _rt_podman "$1" restart -t 0 "$2" >/dev/null ;;
	ctr | runc) rt_stop "$1" "$2" && rt_start "$1" "$2" ;;
	esac
}

# Removed, running or not (a paused one is resumed first).
rt_rm() {
	case $1 in
	docker)
		"$RT_DOCKER" unpause "$2" >/dev/null 2>&1 || true
		"$RT_DOCKER" rm -f "$2" >/dev/null
		;;
	podman | rootless)
		_rt_podman "$1" unpause "$2" >/dev/null 2>&1 || true
		_rt_podman "$1" rm -f -t 0 "$2" >/dev/null
		;;
	ctr)
		_rt_ctr_ref "$2"
		ctr -n "$_RT_NS" task resume "$_RT_CID" >/dev/null 2>&1 || true
		ctr -n "$_RT_NS" task kill -s SIGKILL "$_RT_CID" >/dev/null 2>&1 || true
		_rt_wait_gone ctr "$2" || true
		ctr -n "$_RT_NS" task delete "$_RT_CID" >/dev/null 2>&1 || true
		ctr -n "$_RT_NS" container delete "$_RT_CID" >/dev/null 2>&1
		;;
	runc)
		_rt_runc_root "$2"
		_rt_runc resume "$2" >/dev/null 2>&1 || true
		_rt_runc delete -f "$2" >/dev/null 2>&1
		local st=$?
		rm -rf "${RT_DIR:?}/bundles/$2"
		return "$st"
		;;
	esac
}

# --- cleanup ---------------------------------------------------------------------------

rt_cleanup() {
	# never stopped half-way by the caller's errexit (bats sets -e)
	local -
	set +e
	[[ -n ${RT_DIR:-} && -d $RT_DIR ]] || return 0
	local t0=$EPOCHREALTIME t name ns id root
	# what fails here is logged, not fatal: cleanup goes on
	exec 4>>"$RT_DIR/logs/cleanup.log"

	# docker: what we recorded, and anything with our label
	t=$EPOCHREALTIME
	if _rt_daemon_ours dockerd; then
		{
			_rt_records docker-containers
			"$RT_DOCKER" ps -aq --filter "label=$RT_LABEL" 2>/dev/null
		} | sort -u | while read -r name; do
			[[ -n $name ]] && rt_rm docker "$name" 2>&4
		done
		_rt_records docker-images | while read -r name; do
			"$RT_DOCKER" rmi -f "$name" >/dev/null 2>&4
		done
	fi
	rm -f "$RT_DIR/made/docker-containers" "$RT_DIR/made/docker-images"
	_rt_time "cleanup docker" "$t"

	# podman, rootful
	t=$EPOCHREALTIME
	if command -v podman >/dev/null 2>&1 && [[ -s $RT_DIR/made/podman-containers || -s $RT_DIR/made/podman-images ]]; then
		{
			_rt_records podman-containers
			_rt_podman podman ps -aq --filter "label=$RT_LABEL" 2>/dev/null
		} | sort -u | while read -r name; do
			[[ -n $name ]] && rt_rm podman "$name" 2>&4
		done
		_rt_records podman-images | while read -r name; do
			_rt_podman podman rmi -f "$name" >/dev/null 2>&4
		done
		# the storage was ours alone: remove it all, with its mounts
		# (the overlay driver's private bind mount of its own directory)
		if ! _rt_preexisting /var/lib/containers; then
			_rt_podman podman system reset -f >/dev/null 2>&4
		fi
	fi
	rm -f "$RT_DIR/made/podman-containers" "$RT_DIR/made/podman-images"
	_rt_time "cleanup podman" "$t"

	# podman, rootless
	t=$EPOCHREALTIME
	_rt_cleanup_rootless
	_rt_time "cleanup rootless" "$t"

	# containerd
	t=$EPOCHREALTIME
	if _rt_daemon_ours containerd; then
		_rt_records ctr-containers | while read -r ns id; do
			rt_rm ctr "$ns/$id" 2>&4
		done
		_rt_records ctr-images | while read -r ns name; do
			ctr -n "$ns" image rm --sync "$name" >/dev/null 2>&4
		done
		_rt_records ctr-namespaces | while read -r ns; do
			local i
			for ((i = 0; i < 50; i++)); do
				ctr namespaces rm "$ns" >/dev/null 2>&1 && break
				ctr namespaces ls -q 2>/dev/null | grep -qxF -- "$ns" || break
				sleep 0.1
			done
		done
	fi
	rm -f "$RT_DIR/made/ctr-containers" "$RT_DIR/made/ctr-images" "$RT_DIR/made/ctr-namespaces"
	_rt_time "cleanup ctr" "$t"

	# runc
	t=$EPOCHREALTIME
	_rt_records runc-containers | while read -r id root; do
		_RT_ROOT=$root
		_rt_runc resume "$id" >/dev/null 2>&1 || true
		_rt_runc delete -f "$id" >/dev/null 2>&1 || true
		rm -rf "${RT_DIR:?}/bundles/$id"
		if [[ -n $root && $root == "$RT_DIR"/* ]]; then
			rmdir "$root" 2>/dev/null || true
		fi
	done
	rm -f "$RT_DIR/made/runc-containers"
	_rt_time "cleanup runc" "$t"

	# cgroups the runtimes made and left (parents of their containers)
	t=$EPOCHREALTIME
	local mnt top p
	for mnt in $(_rt_cgroup_mounts); do
		for top in $(_rt_cgroup_tops); do
			p=$mnt/$top
			[[ -d $p ]] && ! _rt_preexisting "$p" && _rt_rmdir_tree "$p"
		done
	done
	_rt_time "cleanup cgroups" "$t"
	exec 4>&-
	_rt_time cleanup "$t0"
	return 0
}

_rt_cleanup_rootless() {
	local name
	# the user may have been made in a subshell: its ids from passwd
	_rt_rootless_vars
	if [[ -s $RT_DIR/made/rootless-containers || -s $RT_DIR/made/rootless-images ]] && [[ -n $RT_RL_UID ]]; then
		_rt_records rootless-containers | while read -r name; do
			rt_rm rootless "$name" 2>&4
		done
		_rt_records rootless-images | while read -r name; do
			_rt_podman rootless rmi -f "$name" >/dev/null 2>&4
		done
	fi
	rm -f "$RT_DIR/made/rootless-containers" "$RT_DIR/made/rootless-images"
	if [[ -s $RT_DIR/made/rootless-user && -n $RT_RL_UID ]]; then
		# the user is ours, and so is every process it runs (podman's
		# pause process, conmon, containers' processes, started by our
		# podman runs): its storage, those processes, then the user
		_rt_podman rootless system reset -f >/dev/null 2>&4 || true
		_rt_stop_pause_process
		_rt_kill_uid "$RT_RL_UID"
		userdel -r "$RT_RL_USER" 2>&1 | grep -v 'mail spool' >&4
		if getent passwd "$RT_RL_USER" >/dev/null; then
			echo "runtimes.bash: could not remove the user $RT_RL_USER" >&4
		else
			rm -f "$RT_DIR/made/rootless-user"
		fi
	elif [[ -s $RT_DIR/made/rootless-xdg ]]; then
		# a user of the host, whose runtime directory we made: its
		# podman pause process is one our runs started
		_rt_stop_pause_process
	fi
	if [[ -s $RT_DIR/made/rootless-xdg ]]; then
		local xdg
		xdg=$(cat "$RT_DIR/made/rootless-xdg")
		[[ $xdg == /run/user/* ]] && rm -rf -- "$xdg"
		rm -f "$RT_DIR/made/rootless-xdg"
	fi
	_rt_rootless_vars
}

# _rt_kill_uid UID: SIGKILL, by pid, every process whose real uid is UID
# (only for a user the tests created), and wait until they are gone (5 s).
_rt_kill_uid() {
	local uid=$1 i pid
	local -a pids
	for ((i = 0; i < 100; i++)); do
		pids=()
		for pid in /proc/[0-9]*; do
			[[ $(stat -c %u "$pid" 2>/dev/null) == "$uid" ]] || continue
			pid=${pid#/proc/}
			[[ $(proc_state "$pid") == Z ]] && continue
			pids+=("$pid")
		done
		[[ ${#pids[@]} -eq 0 ]] && return 0
		((i == 0)) || kill -KILL "${pids[@]}" 2>/dev/null
		sleep 0.05
	done
	echo "runtimes.bash: processes of uid $uid still running: ${pids[*]}" >&4
}

# The rootless podman's pause process (catatonit -P), named by its
# pause.pid; only if it is the user's and is that program.
_rt_stop_pause_process() {
	local f=$RT_RL_XDG/libpod/tmp/pause.pid pid i
	[[ -n $RT_RL_XDG && -f $f ]] || return 0
	read -r pid <"$f" || return 0
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	[[ $(stat -c %u "/proc/$pid" 2>/dev/null) == "$RT_RL_UID" ]] || return 0
	[[ $(cat "/proc/$pid/comm" 2>/dev/null) == catatonit ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		[[ -d /proc/$pid ]] || return 0
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
}
