#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 76-runtimes: --container and --as-target against the REAL runtimes
# (RUNTIMES.md, HAZARDS.md 33 and 41), not fabricated state: Docker,
# rootful and rootless Podman, containerd's ctr and plain runc, each at its
# default paths, started once for the file (tests/runtimes.bash).
#
# Each failure here is a difference from what the engine's own exec gives.
# Where the engines' own execs differ from their configurations, nsjoin
# follows the configuration (as exec mostly does) and the comparison
# normalises the difference, saying why (see normalise): podman exec gives
# no supplementary groups and no HOSTNAME although its config.json has
# them.
#
# The containers of the field tests run "sleep 100000" with what RUNTIMES.md
# measures with: --user 1000:1000 --cap-drop ALL --cap-add NET_RAW
# --memory 64m --pids-limit 50 -w /srv -e FOO=bar (and the ulimits podman
# needs here); ctr and runc get the same through their own means.  Each
# field test runs one busybox command inside the container twice, through
# the engine's exec and through nsjoin, and compares the output and the
# exit status.  The keys:
#   docker         docker exec nsjd          / --container=nsjd
#   podman         podman exec nsjp          / --container=nsjp
#   rootless       podman exec nsjrl (as its user) / --container=nsjrl as root
#   rootless-user  podman exec nsjrl (as its user) / --container=nsjrl as its user
#   ctr            ctr task exec (ns nsjtest) web / --container=web
#   runc-pid       runc --root RT_DIR/runc exec runcweb / -t PID (the live init)
#   runc           runc exec nsjrunc (root /run/runc) / --container=nsjrunc

# stderr and status are set by bats' run (--separate-stderr) in each test,
# RT_* by runtimes.bash; TMUX_SOCK is read by terminal.bash; the
# single-quoted commands are expanded by the container's shell.
# shellcheck disable=SC2154,SC2030,SC2031,SC2034,SC2016

load helpers
load runtimes
load terminal

bats_require_minimum_version 1.5.0

# --- the containers ------------------------------------------------------------------

# docker run / podman run options (RUNTIMES.md), the ulimits explicit
# so that the OCI config holds them (podman needs them here; with docker,
# without them, exec inherits the shim's limits).
RESTRICTED=(--user 1000:1000 --cap-drop ALL --cap-add NET_RAW --memory 64m
	--pids-limit 50 -w /srv -e FOO=bar
	--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# ctr run has no --user, --pids-limit, --cap-drop ALL: the image u1000 says
# User 1000:1000; every default capability but NET_RAW is dropped by name;
# containerd's default rlimit is nofile 1024.
CTR_DROPS=()
for _c in CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD SETGID SETUID SETFCAP SETPCAP \
	NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE; do
	CTR_DROPS+=(--cap-drop "CAP_$_c")
done
unset _c
CTR_RESTRICTED=(--image=u1000 --seccomp --memory-limit 67108864
	"${CTR_DROPS[@]}" --env FOO=bar --cwd /srv)

# runc: config.json edits with the same meaning, plus an oom_score_adj
# and a small seccomp profile (allow all but unshare, EPERM), so that the
# live init has something to copy for -t PID.
RUNC_RESTRICTED=(
	'process.user={"uid":1000,"gid":1000,"additionalGids":[2000]}'
	'process.capabilities={"bounding":["CAP_NET_RAW"],"effective":["CAP_NET_RAW"],"permitted":["CAP_NET_RAW"],"inheritable":["CAP_NET_RAW"],"ambient":["CAP_NET_RAW"]}'
	'process.rlimits=[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024},{"type":"RLIMIT_NPROC","hard":1024,"soft":1024}]'
	'process.oomScoreAdj=7'
	'process.cwd="/srv"'
	'process.env=["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","TERM=xterm","FOO=bar"]'
	'linux.resources.memory={"limit":67108864}'
	'linux.resources.pids={"limit":50}'
	'linux.seccomp={"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["unshare"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}'
)

# the runtime (require_runtime) of each key
declare -gA RT_OF=([docker]=docker [podman]=podman [rootless]=rootless
	[rootless-user]=rootless [ctr]=ctr [runc-pid]=runc [runc]=runc)

setup_file() {
	[[ $EUID -eq 0 ]] || skip "requires root (running as uid $EUID)"
	rt_setup
	mkdir -p "$RT_DIR/broken"
	rt_start_containerd
	rt_start_dockerd

	# a failure to run a container where the runtime works is a failure
	# of every test that needs it (RT_DIR/broken/KEY), not a skip
	_start docker rt_docker_run nsjd "${RESTRICTED[@]}" -- sleep 100000
	_start podman rt_podman_run nsjp "${RESTRICTED[@]}" -- sleep 100000
	_start rootless rt_rootless_run nsjrl "${RESTRICTED[@]}" -- sleep 100000
	_start ctr rt_ctr_run web "${CTR_RESTRICTED[@]}" -- sleep 100000
	_start runc rt_runc_run runcweb "${RUNC_RESTRICTED[@]}" -- sleep 100000
	_start runc rt_runc_run nsjrunc --root= "${RUNC_RESTRICTED[@]}" -- sleep 100000

	# nsjoin and the probe, runnable by the rootless user (a missing
	# binary fails the tests that use it, not the whole file)
	NSJ_USER_DIR=$(mktemp -d /tmp/nsjoin-76.XXXXXX)
	chmod 0755 "$NSJ_USER_DIR"
	cp "$NSJOIN" "$NSJ_USER_DIR/nsjoin" || true
	cp "$PROBE" "$NSJ_USER_DIR/probe" || true
	chmod 0755 "$NSJ_USER_DIR"/* 2>/dev/null || true
	export NSJ_USER_DIR
}

# _start RUNTIME CMD...: CMD, unless RUNTIME is skipped; a failure is
# written down for the tests.
_start() {
	local rt=$1 out
	shift
	[[ -e $RT_DIR/skip/$rt ]] && return 0
	out=$("$@" 2>&1) || printf '%s failed: %s\n' "$*" "$out" >>"$RT_DIR/broken/$rt"
	return 0
}

teardown_file() {
	if [[ -n ${RT_DIR:-} ]]; then
		rt_cleanup
		rt_stop_daemons
		# the timings of this run, for the CI budget, and what the
		# cleanup could not do
		sed 's/^/# /' "$RT_DIR/timings" "$RT_DIR/logs/cleanup.log" >&3 2>/dev/null || true
	fi
	if [[ -n ${NSJ_USER_DIR:-} ]]; then
		rm -rf "$NSJ_USER_DIR"
	fi
}

# containers a test made for itself: "RUNTIME REF" pairs, removed after it
TEST_MADE=()

setup() {
	TMUX_SOCK=nsjrt-$$-$BATS_TEST_NUMBER
}

teardown() {
	stop_shell
	stop_targets
	local i
	for ((i = 0; i < ${#TEST_MADE[@]}; i += 2)); do
		rt_rm "${TEST_MADE[i]}" "${TEST_MADE[i + 1]}" 2>/dev/null || true
	done
	TEST_MADE=()
}

# need KEY: skip when the key's runtime cannot run here; fail when its
# container did not start.
need() {
	local rt=${RT_OF[$1]}
	require_runtime "$rt"
	if [[ -s $RT_DIR/broken/$rt ]]; then
		fail "$(cat "$RT_DIR/broken/$rt")"
	fi
}

# --- the two ways in ---------------------------------------------------------------------

# ENGINE=(...) the engine's exec of KEY's container, [-t] then the command.
engine_argv() {
	local key=$1 tty=${2:-}
	local -a it=() t=()
	if [[ -n $tty ]]; then
		it=(-it) t=(-t)
	fi
	case $key in
	docker) ENGINE=("$RT_DOCKER" exec "${it[@]}" nsjd) ;;
	podman) ENGINE=(podman "${RT_PODMAN_ARGS[@]}" exec "${it[@]}" nsjp) ;;
	rootless | rootless-user)
		rt_rootless_argv
		ENGINE=("${RT_ARGV[@]}" podman "${RT_PODMAN_ARGS[@]}" exec "${it[@]}" nsjrl)
		;;
	ctr) ENGINE=(ctr -n "$RT_CTR_NS" task exec "${t[@]}" --exec-id "nsj-$$-$RANDOM" web) ;;
	runc-pid) ENGINE=(runc --root "$RT_RUNC_ROOT" exec "${t[@]}" runcweb) ;;
	runc) ENGINE=(runc exec "${t[@]}" nsjrunc) ;;
	esac
}

# NSJ=(...) nsjoin --as-target into KEY's container; the command follows.
nsj_argv() {
	case $1 in
	docker) NSJ=("$NSJOIN" --container=nsjd --as-target) ;;
	podman) NSJ=("$NSJOIN" --container=nsjp --as-target) ;;
	rootless) NSJ=("$NSJOIN" --container=nsjrl --as-target) ;;
	rootless-user)
		rt_rootless_argv
		NSJ=("${RT_ARGV[@]}" "$NSJ_USER_DIR/nsjoin" --container=nsjrl --as-target)
		;;
	ctr) NSJ=("$NSJOIN" --container=web --as-target) ;;
	runc-pid) NSJ=("$NSJOIN" -t "$(rt_pid runc runcweb)" --as-target) ;;
	runc) NSJ=("$NSJOIN" --container=nsjrunc --as-target) ;;
	esac
}

# FIELD_CMD=(...): the busybox command that shows a field group, run in
# the container (absolute paths: nsjoin searches the caller's PATH).
field_cmd() {
	case $1 in
	ns) FIELD_CMD=(/bin/sh -c 'for n in cgroup ipc mnt net pid pid_for_children time time_for_children user uts; do echo "$n $(readlink /proc/self/ns/$n)"; done') ;;
	ids) FIELD_CMD=(/bin/grep -E '^(Uid|Gid|Groups):' /proc/self/status) ;;
	caps) FIELD_CMD=(/bin/grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status) ;;
	nnp) FIELD_CMD=(/bin/grep '^NoNewPrivs:' /proc/self/status) ;;
	seccomp) FIELD_CMD=(/bin/sh -c 'grep -E "^Seccomp(_filters)?:" /proc/self/status; unshare -U true 2>/dev/null; echo "unshare -U: $?"') ;;
	cgroup) FIELD_CMD=(/bin/cat /proc/self/cgroup) ;;
	rlimits) FIELD_CMD=(/bin/cat /proc/self/limits) ;;
	oom) FIELD_CMD=(/bin/cat /proc/self/oom_score_adj) ;;
	env) FIELD_CMD=(/bin/env) ;;
	cwd) FIELD_CMD=(/bin/pwd) ;;
	root) FIELD_CMD=(/bin/sh -c 'stat -c "%d:%i" /; ls /') ;;
	esac
}

# normalise KEY FIELD < OUTPUT: what legitimately differs, made equal.
normalise() {
	local key=$1 field=$2
	case $field in
	ids)
		# A supplementary group equal to the primary gid grants nothing
		# more; engines differ there: docker exec lists it, runc exec
		# gives only additionalGids, podman exec gives none at all though
		# the init and config.json have it.  So the effective gid is
		# dropped from Groups on both sides.
		awk '/^Gid:/ { g = $3 }
			/^Groups:/ { s = "Groups:"; for (i = 2; i <= NF; i++) if ($i != g) s = s " " $i; print s; next }
			{ print }'
		;;
	env)
		# The order of the environment means nothing: sorted.  Podman
		# exec leaves out HOSTNAME, which config.json and the init have
		# (libpod adds it to the init's spec only): dropped for podman.
		if [[ $key == podman || $key == rootless* ]]; then
			grep -v '^HOSTNAME=' | LC_ALL=C sort
		else
			LC_ALL=C sort
		fi
		;;
	tty)
		# The index depends on how many terminals are open in the
		# container's devpts at that moment.
		sed -E 's#^/dev/pts/[0-9]+#/dev/pts/N#'
		;;
	*) cat ;;
	esac
}

# compare KEY FIELD: the field group through the engine's exec and through
# nsjoin --as-target: same output (normalised) and exit status.
compare() {
	local key=$1 field=$2
	need "$key"
	field_cmd "$field"
	engine_argv "$key"
	nsj_argv "$key"
	run --separate-stderr timeout -k 5 60 "${ENGINE[@]}" "${FIELD_CMD[@]}"
	local want_status=$status want_err=$stderr want
	want=$(normalise "$key" "$field" <<<"$output")
	run --separate-stderr timeout -k 5 60 "${NSJ[@]}" "${FIELD_CMD[@]}"
	local got_status=$status got_err=$stderr got
	got=$(normalise "$key" "$field" <<<"$output")
	if [[ $want_status != "$got_status" || $want != "$got" ]]; then
		{
			echo "engine: ${ENGINE[*]} ${FIELD_CMD[*]}"
			echo "nsjoin: ${NSJ[*]} ${FIELD_CMD[*]}"
			echo "status: engine $want_status, nsjoin $got_status"
			[[ -z $want_err ]] || echo "engine stderr: $want_err"
			[[ -z $got_err ]] || echo "nsjoin stderr: $got_err"
			echo "--- engine  +++ nsjoin"
			diff -u <(echo "$want") <(echo "$got") | tail -n +3
		} | batslib_decorate "nsjoin --as-target differs from the engine's exec ($key, $field)" | fail
	fi
}

# compare_tty KEY: on a real terminal (tmux), the engine's exec -it
# against nsjoin --as-target --pty: the name of the terminal and its owner
# and mode, seen inside; both must be a terminal of the container's own
# devpts (HAZARDS.md 41).
compare_tty() {
	local key=$1 line want got
	local cmd='t=$(tty); echo "tty=$t"; echo "mode=$(stat -c "%u:%g %a" "$t" 2>&1)"'
	need "$key"
	engine_argv "$key" -t
	nsj_argv "$key"
	start_shell
	printf -v line '%q ' "${ENGINE[@]}" /bin/sh -c "$cmd"
	type_line "$line; echo engine-done"
	wait_lines '^engine-done' 1 30
	# (an engine may leave its first line next to the typed command)
	want=$(screen | grep -oE '(tty=/[^ ]*|tty=not a tty|mode=[0-9]+:[0-9]+ [0-7]+)' | tr -d '\r')
	printf -v line '%q ' "${NSJ[@]}" --pty /bin/sh -c "$cmd"
	type_line "$line; echo nsjoin-done"
	wait_lines '^nsjoin-done' 1 30
	got=$(screen | grep -oE '(tty=/[^ ]*|tty=not a tty|mode=[0-9]+:[0-9]+ [0-7]+)' | tail -n +3 | tr -d '\r')
	[[ $want == tty=/dev/pts/* ]] ||
		fail "the engine's exec gave no terminal of its own: $(screen)"
	assert_equal "$(normalise "$key" tty <<<"${got#tty=}")" "$(normalise "$key" tty <<<"${want#tty=}")"
}

# assert_finds PID REF...: --container=REF enters the namespaces of PID
# (net and uts, read by the probe from the host).
assert_finds() {
	local pid=$1 ref
	shift
	for ref in "$@"; do
		run --separate-stderr timeout -k 5 30 "$NSJOIN" --container="$ref" -n -u "$PROBE" ns:net ns:uts
		if [[ $status -ne 0 ]]; then
			fail "--container='$ref': status $status: $stderr"
		fi
		assert_output "$(nsid_of "$pid" net)"$'\n'"$(nsid_of "$pid" uts)"
	done
}

# made RUNTIME REF: remove the container after the test.
made() {
	TEST_MADE+=("$1" "$2")
}

# --- field by field: the engine's exec against nsjoin --as-target --------------------


@test "docker: namespaces (readlink /proc/self/ns/*)" {
	compare docker ns
}

@test "docker: uid, gid, groups" {
	compare docker ids
}

@test "docker: the five capability sets" {
	compare docker caps
}

@test "docker: NoNewPrivs" {
	compare docker nnp
}

@test "docker: seccomp mode, filters, and its effect (unshare -U)" {
	compare docker seccomp
}

@test "docker: every line of /proc/self/cgroup" {
	compare docker cgroup
}

@test "docker: rlimits (/proc/self/limits)" {
	compare docker rlimits
}

@test "docker: oom_score_adj" {
	compare docker oom
}

@test "docker: environment" {
	compare docker env
}

@test "docker: working directory" {
	compare docker cwd
}

@test "docker: root directory" {
	compare docker root
}

@test "docker: --pty: a terminal of the container's own devpts" {
	compare_tty docker
}


@test "podman: namespaces (readlink /proc/self/ns/*)" {
	compare podman ns
}

@test "podman: uid, gid, groups" {
	compare podman ids
}

@test "podman: the five capability sets" {
	compare podman caps
}

@test "podman: NoNewPrivs" {
	compare podman nnp
}

@test "podman: seccomp mode, filters, and its effect (unshare -U)" {
	compare podman seccomp
}

@test "podman: every line of /proc/self/cgroup" {
	compare podman cgroup
}

@test "podman: rlimits (/proc/self/limits)" {
	compare podman rlimits
}

@test "podman: oom_score_adj" {
	compare podman oom
}

@test "podman: environment" {
	compare podman env
}

@test "podman: working directory" {
	compare podman cwd
}

@test "podman: root directory" {
	compare podman root
}

@test "podman: --pty: a terminal of the container's own devpts" {
	compare_tty podman
}


@test "rootless podman, nsjoin as root: namespaces (readlink /proc/self/ns/*)" {
	compare rootless ns
}

@test "rootless podman, nsjoin as root: uid, gid, groups" {
	compare rootless ids
}

@test "rootless podman, nsjoin as root: the five capability sets" {
	compare rootless caps
}

@test "rootless podman, nsjoin as root: NoNewPrivs" {
	compare rootless nnp
}

@test "rootless podman, nsjoin as root: seccomp mode, filters, and its effect (unshare -U)" {
	compare rootless seccomp
}

@test "rootless podman, nsjoin as root: every line of /proc/self/cgroup" {
	compare rootless cgroup
}

@test "rootless podman, nsjoin as root: rlimits (/proc/self/limits)" {
	compare rootless rlimits
}

@test "rootless podman, nsjoin as root: oom_score_adj" {
	compare rootless oom
}

@test "rootless podman, nsjoin as root: environment" {
	compare rootless env
}

@test "rootless podman, nsjoin as root: working directory" {
	compare rootless cwd
}

@test "rootless podman, nsjoin as root: root directory" {
	compare rootless root
}

@test "rootless podman, nsjoin as root: --pty: a terminal of the container's own devpts" {
	compare_tty rootless
}


@test "rootless podman, nsjoin as its user: namespaces (readlink /proc/self/ns/*)" {
	compare rootless-user ns
}

@test "rootless podman, nsjoin as its user: uid, gid, groups" {
	compare rootless-user ids
}

@test "rootless podman, nsjoin as its user: the five capability sets" {
	compare rootless-user caps
}

@test "rootless podman, nsjoin as its user: NoNewPrivs" {
	compare rootless-user nnp
}

@test "rootless podman, nsjoin as its user: seccomp mode, filters, and its effect (unshare -U)" {
	compare rootless-user seccomp
}

@test "rootless podman, nsjoin as its user: every line of /proc/self/cgroup" {
	compare rootless-user cgroup
}

@test "rootless podman, nsjoin as its user: rlimits (/proc/self/limits)" {
	compare rootless-user rlimits
}

@test "rootless podman, nsjoin as its user: oom_score_adj" {
	compare rootless-user oom
}

@test "rootless podman, nsjoin as its user: environment" {
	compare rootless-user env
}

@test "rootless podman, nsjoin as its user: working directory" {
	compare rootless-user cwd
}

@test "rootless podman, nsjoin as its user: root directory" {
	compare rootless-user root
}

@test "rootless podman, nsjoin as its user: --pty: a terminal of the container's own devpts" {
	compare_tty rootless-user
}


@test "ctr: namespaces (readlink /proc/self/ns/*)" {
	compare ctr ns
}

@test "ctr: uid, gid, groups" {
	compare ctr ids
}

@test "ctr: the five capability sets" {
	compare ctr caps
}

@test "ctr: NoNewPrivs" {
	compare ctr nnp
}

@test "ctr: seccomp mode, filters, and its effect (unshare -U)" {
	compare ctr seccomp
}

@test "ctr: every line of /proc/self/cgroup" {
	compare ctr cgroup
}

@test "ctr: rlimits (/proc/self/limits)" {
	compare ctr rlimits
}

@test "ctr: oom_score_adj" {
	compare ctr oom
}

@test "ctr: environment" {
	compare ctr env
}

@test "ctr: working directory" {
	compare ctr cwd
}

@test "ctr: root directory" {
	compare ctr root
}

@test "ctr: --pty: a terminal of the container's own devpts" {
	compare_tty ctr
}


@test "runc, -t PID: namespaces (readlink /proc/self/ns/*)" {
	compare runc-pid ns
}

@test "runc, -t PID: uid, gid, groups" {
	compare runc-pid ids
}

@test "runc, -t PID: the five capability sets" {
	compare runc-pid caps
}

@test "runc, -t PID: NoNewPrivs" {
	compare runc-pid nnp
}

@test "runc, -t PID: seccomp mode, filters, and its effect (unshare -U)" {
	compare runc-pid seccomp
}

@test "runc, -t PID: every line of /proc/self/cgroup" {
	compare runc-pid cgroup
}

@test "runc, -t PID: rlimits (/proc/self/limits)" {
	compare runc-pid rlimits
}

@test "runc, -t PID: oom_score_adj" {
	compare runc-pid oom
}

@test "runc, -t PID: environment" {
	compare runc-pid env
}

@test "runc, -t PID: working directory" {
	compare runc-pid cwd
}

@test "runc, -t PID: root directory" {
	compare runc-pid root
}

@test "runc, -t PID: --pty: a terminal of the container's own devpts" {
	compare_tty runc-pid
}


@test "runc, --container: namespaces (readlink /proc/self/ns/*)" {
	compare runc ns
}

@test "runc, --container: uid, gid, groups" {
	compare runc ids
}

@test "runc, --container: the five capability sets" {
	compare runc caps
}

@test "runc, --container: NoNewPrivs" {
	compare runc nnp
}

@test "runc, --container: seccomp mode, filters, and its effect (unshare -U)" {
	compare runc seccomp
}

@test "runc, --container: every line of /proc/self/cgroup" {
	compare runc cgroup
}

@test "runc, --container: rlimits (/proc/self/limits)" {
	compare runc rlimits
}

@test "runc, --container: oom_score_adj" {
	compare runc oom
}

@test "runc, --container: environment" {
	compare runc env
}

@test "runc, --container: working directory" {
	compare runc cwd
}

@test "runc, --container: root directory" {
	compare runc root
}

@test "runc, --container: --pty: a terminal of the container's own devpts" {
	compare_tty runc
}

# --- finding the container --------------------------------------------------------------

@test "docker: found by name, full id and id prefix" {
	need docker
	local id
	id=$(rt_id docker nsjd)
	assert_finds "$(rt_pid docker nsjd)" nsjd "$id" "${id:0:12}" "${id:0:5}" "docker://$id"
}

@test "podman: found by name, full id and id prefix" {
	need podman
	local id
	id=$(rt_id podman nsjp)
	assert_finds "$(rt_pid podman nsjp)" nsjp "$id" "${id:0:12}" "${id:0:5}"
}

@test "ctr: found by the id its caller chose (web)" {
	need ctr
	assert_finds "$(rt_pid ctr web)" web
}

@test "runc: found by the id its caller chose, under /run/runc" {
	need runc
	assert_finds "$(rt_pid runc nsjrunc)" nsjrunc
}

@test "rootless podman: found by root, by name and by id, though its cgroup is 0::/" {
	need rootless
	local id pid
	id=$(rt_id rootless nsjrl)
	pid=$(rt_pid rootless nsjrl)
	# the reason it is hard: on this v1 host the init has no cgroup of its own
	grep -qx '0::/' "/proc/$pid/cgroup" ||
		echo "# note: the rootless init has a cgroup of its own here" >&3
	assert_finds "$pid" nsjrl "$id" "${id:0:12}"
}

@test "rootless podman: found and entered by its user" {
	need rootless
	local pid
	pid=$(rt_pid rootless nsjrl)
	run --separate-stderr rt_as_rootless timeout -k 5 30 "$NSJ_USER_DIR/nsjoin" \
		--container=nsjrl --as-target /bin/sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/user; id -u'
	assert_success
	assert_output "$(readlink "/proc/$pid/ns/net")"$'\n'"$(readlink "/proc/$pid/ns/user")"$'\n'1000
}

# --- paused: refused, as the engine's exec refuses -----------------------------------

# paused_refused RUNTIME REF: the engine refuses exec; so does nsjoin
# --as-target, saying "is paused", and the program does not run.
paused_refused() {
	local rt=$1 ref=$2
	run --separate-stderr rt_exec "$rt" "$ref" /bin/echo ran
	refute_output ran
	[[ $status -ne 0 ]] || fail "the engine's exec ran in the paused container"
	echo "# $rt exec: $stderr" >&3
	run --separate-stderr timeout -k 5 30 "$NSJOIN" "${@:3}" --as-target /bin/echo ran
	assert_failure 1
	assert_output ""
	[[ $stderr == *"is paused"* ]] || fail "nsjoin: '$stderr', not '... is paused'"
}

@test "docker: a paused container is refused, as docker exec refuses it" {
	need docker
	rt_docker_run nsjd-paused -- sleep 100000
	made docker nsjd-paused
	rt_pause docker nsjd-paused
	paused_refused docker nsjd-paused --container=nsjd-paused
}

@test "podman: a paused container is refused, as podman exec refuses it" {
	need podman
	rt_podman_run nsjp-paused -- sleep 100000
	made podman nsjp-paused
	rt_pause podman nsjp-paused
	paused_refused podman nsjp-paused --container=nsjp-paused
}

@test "rootless podman: paused (where podman can pause it) is refused" {
	need rootless
	rt_rootless_run nsjrl-paused -- sleep 100000
	made rootless nsjrl-paused
	local err
	err=$(rt_pause rootless nsjrl-paused 2>&1) || skip "podman pause: $err"
	paused_refused rootless nsjrl-paused --container=nsjrl-paused
}

@test "ctr: a paused task is refused, as ctr task exec refuses it" {
	need ctr
	rt_ctr_run webpaused -- sleep 100000
	made ctr webpaused
	rt_pause ctr webpaused
	paused_refused ctr webpaused --container=webpaused
}

@test "runc: a paused container is refused, as runc exec refuses it (by id and by -t PID)" {
	need runc
	rt_runc_run nsjrunc-paused --root= -- sleep 100000
	made runc nsjrunc-paused
	local pid=$RT_PID
	rt_pause runc nsjrunc-paused
	paused_refused runc nsjrunc-paused --container=nsjrunc-paused
	# a plain -t PID in a frozen cgroup: nothing says "container", but
	# the program would freeze with it
	run --separate-stderr timeout -k 5 30 "$NSJOIN" -t "$pid" --as-target /bin/echo ran
	assert_failure 1
	assert_output ""
	[[ $stderr == *"paused"* || $stderr == *"frozen"* ]] || fail "nsjoin: '$stderr'"
}

# --- stopped, restarted, removed --------------------------------------------------

# stopped_refused RUNTIME REF: exec refused by the engine and by nsjoin
# ("is not running"), also with the runtime's stale files left behind
# (podman's pidfile, ctr's init.pid and runc's state.json keep the dead pid).
stopped_refused() {
	local rt=$1 ref=$2 nref=${3:-$2}
	run --separate-stderr rt_exec "$rt" "$ref" /bin/echo ran
	refute_output ran
	[[ $status -ne 0 ]] || fail "the engine's exec ran in the stopped container"
	echo "# $rt exec: $stderr" >&3
	run --separate-stderr timeout -k 5 30 "$NSJOIN" --container="$nref" --as-target /bin/echo ran
	assert_failure 1
	assert_output ""
	[[ $stderr == *"is not running"* ]] || fail "nsjoin: '$stderr', not '... is not running'"
}

@test "docker: a stopped container is not running; restarted, its new init is found; removed, nothing matches" {
	need docker
	local old
	rt_docker_run nsjd-life -- sleep 100000
	made docker nsjd-life
	old=$RT_PID
	rt_stop docker nsjd-life
	stopped_refused docker nsjd-life
	rt_start docker nsjd-life
	[[ $(rt_pid docker nsjd-life) != "$old" ]]
	assert_finds "$(rt_pid docker nsjd-life)" nsjd-life
	rt_restart docker nsjd-life
	assert_finds "$(rt_pid docker nsjd-life)" nsjd-life
	rt_rm docker nsjd-life
	run --separate-stderr "$NSJOIN" --container=nsjd-life -n true
	assert_failure 1
	[[ $stderr == "nsjoin: no container matches 'nsjd-life'"* ]] || fail "nsjoin: '$stderr'"
}

@test "podman: stopped (its pidfile stays), restarted, removed" {
	need podman
	local id old
	rt_podman_run nsjp-life -- sleep 100000
	made podman nsjp-life
	id=$RT_ID old=$RT_PID
	rt_stop podman nsjp-life
	# the stale pidfile names the dead init
	assert_equal "$(cat "/run/containers/storage/overlay-containers/$id/userdata/pidfile")" "$old"
	stopped_refused podman nsjp-life
	rt_restart podman nsjp-life
	assert_finds "$(rt_pid podman nsjp-life)" nsjp-life
	rt_rm podman nsjp-life
	run --separate-stderr "$NSJOIN" --container=nsjp-life -n true
	assert_failure 1
	[[ $stderr == "nsjoin: no container matches 'nsjp-life'"* ]] || fail "nsjoin: '$stderr'"
}

@test "ctr: a stopped task (init.pid and state.json stale, cgroup empty) is not running; started again, found" {
	need ctr
	rt_ctr_run webstop -- sleep 100000
	made ctr webstop
	local old=$RT_PID
	rt_stop ctr webstop
	assert_equal "$(cat "/run/containerd/io.containerd.runtime.v2.task/$RT_CTR_NS/webstop/init.pid")" "$old"
	stopped_refused ctr webstop
	rt_start ctr webstop
	assert_finds "$(rt_pid ctr webstop)" webstop
	rt_rm ctr webstop
	run --separate-stderr "$NSJOIN" --container=webstop -n true
	assert_failure 1
}

@test "runc: a stopped container (state.json stale) is not running; run again, found" {
	need runc
	rt_runc_run nsjrunc-life --root= -- sleep 100000
	made runc nsjrunc-life
	rt_stop runc nsjrunc-life
	[[ -f /run/runc/nsjrunc-life/state.json ]]
	stopped_refused runc nsjrunc-life
	rt_start runc nsjrunc-life
	assert_finds "$(rt_pid runc nsjrunc-life)" nsjrunc-life
}

# --- one reference, two containers: refused, both listed ------------------------

# refused_both WHEN REF ID1 ID2: --container=REF fails naming both ids.
refused_both() {
	local when=$1 ref=$2
	run --separate-stderr timeout -k 5 30 "$NSJOIN" --container="$ref" -n true
	[[ $status -eq 1 && -z $output ]] ||
		fail "$when: --container=$ref: status $status, output '$output', stderr '$stderr'"
	[[ $stderr == *"'$ref' matches 2 containers"* ]] || fail "$when: nsjoin: '$stderr'"
	[[ $stderr == *"$3"* && $stderr == *"$4"* ]] ||
		fail "$when: nsjoin: '$stderr' does not list '$3' and '$4'"
}

@test "a name used by docker and podman is refused, both listed, running or stopped" {
	need docker
	need podman
	local did pid
	rt_docker_run nsjdup -- sleep 100000
	made docker nsjdup
	did=$RT_ID
	rt_podman_run nsjdup -- sleep 100000
	made podman nsjdup
	pid=$RT_ID
	refused_both "both running" nsjdup "$did" "$pid"
	rt_stop docker nsjdup
	refused_both "docker's stopped" nsjdup "$did" "$pid"
	rt_stop podman nsjdup
	refused_both "both stopped" nsjdup "$did" "$pid"
}

@test "an id chosen in ctr and in runc (web) is refused, both listed" {
	need ctr
	need runc
	rt_runc_run web --root= -- sleep 100000
	made runc web
	refused_both "both running" web web web
	[[ $stderr == *ctr* || $stderr == *containerd* ]] || fail "nsjoin: '$stderr' does not name containerd"
	[[ $stderr == *runc* ]] || fail "nsjoin: '$stderr' does not name runc"
}

@test "a name used by rootful podman and by a rootless user is refused as root, both listed" {
	need podman
	need rootless
	local rid uid
	rt_podman_run nsjdup2 -- sleep 100000
	made podman nsjdup2
	rid=$RT_ID
	rt_rootless_run nsjdup2 -- sleep 100000
	made rootless nsjdup2
	uid=$RT_ID
	refused_both "both running" nsjdup2 "$rid" "$uid"
}

# --- crun --------------------------------------------------------------------------

@test "crun: runs, or is skipped with its own reason" {
	require_runtime crun
	# crun runs here (a cgroup v2 host): nothing more is tested with it yet
	true
}

# --- HAZARDS.md 33: the attack of issue 12 on a real Docker --------------------------

# A user with a delegated cgroup subtree (what systemd's user@UID.service
# gives every logged-in user) names a cgroup after a STOPPED Docker
# container and puts a process of theirs there: in their own user and
# mount namespace, with a file bound over /usr/bin/id.  Root's
# "--container=NAME -m id" entered it and ran the user's file as root
# with every capability.  A stopped container is "not running", whatever
# cgroup looks like it.
@test "H33: a user's cgroup named after a stopped Docker container, with their process in it: not running, never entered" {
	need docker
	require_userns
	local id v2 cg dir pid
	v2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[[ -n $v2 ]] || skip "no cgroup2 mount"
	rt_docker_run nsjstop -- sleep 100000
	made docker nsjstop
	id=$RT_ID
	rt_stop docker nsjstop
	# the user's subtree, delegated as systemd does it
	cg=$v2/nsjtest-user-$$-$BATS_TEST_NUMBER
	mkdir "$cg"
	chown 65534 "$cg" "$cg/cgroup.procs" "$cg/cgroup.subtree_control" "$cg/cgroup.threads"
	dir=$(mktemp -d /tmp/nsjoin-76.XXXXXX)
	chmod 0755 "$dir"
	printf '#!/bin/sh\ntouch %s/ran-as-root 2>/dev/null; echo EVIL\n' "$dir" >"$dir/evil"
	chmod 0755 "$dir/evil"
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare --user --map-root-user --mount --fork --kill-child \
		sh -c "mount --bind '$dir/evil' /usr/bin/id && exec sleep 1000") \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	pid=$(child_with_comm $! sleep)
	# root puts the user's process in their subtree; the user moves it
	echo "$pid" >"$cg/cgroup.procs"
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		sh -c "mkdir '$cg/$id' && echo $pid >'$cg/$id/cgroup.procs'"
	grep -qx "0::/${cg#"$v2"/}/$id" "/proc/$pid/cgroup"
	run --separate-stderr timeout -k 5 30 "$NSJOIN" --container=nsjstop -m id
	echo "$pid" >"$cg/cgroup.procs" 2>/dev/null || true
	kill -KILL "$pid" 2>/dev/null || true
	rmdir_cgroups "$cg" "$cg/$id"
	local ran=0
	[[ -e $dir/ran-as-root ]] && ran=1
	rm -rf "$dir"
	assert_equal "$ran" 0
	assert_failure 1
	refute_output --partial EVIL
	assert_equal "$stderr" "nsjoin: container '$id' 'nsjstop' (docker) is not running"
}
