#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 40-context: what the program gets besides namespaces.  Root and working
# directory (-r, -w, -W), the target's environment (-e), its cgroup (-c),
# its SELinux context (-Z).  HAZARDS.md 20, 23, 24.

# shellcheck disable=SC2016 # $NSJOIN, $PROBE, $1 are expanded by inner shells
# lines is set by bats' run in each test's own shell (client_shape reads it)
# shellcheck disable=SC2030,SC2031

load helpers
bats_require_minimum_version 1.5.0

CGROUPS=()

teardown() {
	stop_targets
	# children first; an emptied cgroup may be busy for a moment
	rmdir_cgroups "${CGROUPS[@]}"
	CGROUPS=()
}

# Start CMD... in the background (cwd /, no stdio) and wait for its child
# named COMM (the process unshare --fork starts); TARGET= that child.
start_cmd_target() {
	local comm=$1
	shift
	(cd / && exec "$@") </dev/null >/dev/null 2>&1 3>&- &
	local up=$!
	track_pid "$up"
	TARGET=$(child_with_comm "$up" "$comm")
}

# Start CMD... in the background; it execs into a process named COMM
# itself (no unshare): TARGET= its pid.
start_exec_target() {
	local comm=$1
	shift
	(cd / && exec "$@") </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	wait_comm "$TARGET" "$comm"
}

# A directory tree with the static probe at /nsjoin-probe and a /sub
# directory; a target chrooted into it with /sub as its cwd.  ROOT= the tree.
start_root_target() {
	ROOT=$BATS_TEST_TMPDIR/root
	mkdir -p "$ROOT/sub"
	cp "$PROBE" "$ROOT/nsjoin-probe"
	[[ ! -e /nsjoin-probe ]] || skip "/nsjoin-probe exists on the host"
	start_cmd_target nsjoin-probe unshare --mount --fork --kill-child \
		--root="$ROOT" --wd=/sub /nsjoin-probe sleep:1000
}

cgroup2_mount() {
	# mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - cgroup2 ...
	sed -n 's/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .* - cgroup2 .*/\1/p' /proc/self/mountinfo | head -n 1
}

# Make a fresh cgroup under the cgroup2 mount; CG= its path, CGNAME= its
# path inside the hierarchy.
make_cgroup() {
	local mnt
	mnt=$(cgroup2_mount)
	[[ -n $mnt ]] || skip "no cgroup2 mount"
	CGNAME=/nsjoin-test-$$-$BATS_TEST_NUMBER
	CG=$mnt$CGNAME
	mkdir "$CG"
	CGROUPS+=("$CG")
}

selinux_build() {
	command -v ldd >/dev/null 2>&1 && ldd "$NSJOIN" 2>/dev/null | grep -q libselinux
}

# --- root and working directory --------------------------------------------------

@test "-r -w take the target's root and cwd, as nsenter" {
	require_root
	start_root_target
	cd "$BATS_TEST_TMPDIR"
	# /nsjoin-probe exists only inside the target's root (which has no
	# /proc for the probe's "root" fact)
	run_both -t "$TARGET" -r -w /nsjoin-probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter
}

@test "-w alone takes the target's cwd, seen from our root, as nsenter" {
	require_root
	start_root_target
	run_both -t "$TARGET" -w "$PROBE" cwd
	assert_success
	assert_output "$ROOT/sub"
	assert_same_as_nsenter
}

# A container-like target: a tmpfs made its root by pivot_root, cwd /sub,
# the probe at /probe.  CTR= the tmpfs mount point on our side.
start_container_target() {
	CTR=$BATS_TEST_TMPDIR/ctr
	mkdir -p "$CTR"
	start_cmd_target probe unshare --mount --propagation private --fork --kill-child \
		sh -c 'mount -t tmpfs nsjoin-ctr "$1" && mkdir "$1/old" "$1/sub" &&
			cp "$2" "$1/probe" && cd "$1" && pivot_root . old && cd /sub &&
			exec /probe sleep:1000' sh "$CTR" "$PROBE"
}

@test "a pivot_root'ed target: -r -w and -m -w give its root and cwd, as nsenter" {
	require_root
	start_container_target
	cd /
	run_both -t "$TARGET" -r -w /probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter
	# (no /proc in there for ns:mnt; /probe exists only in the container)
	run_both -t "$TARGET" -m -w /probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter
}

@test "a pivot_root'ed target: -w alone runs the program in its cwd under our root, as nsenter" {
	require_root
	start_container_target
	cd /
	# no new root: our root stays, and glibc finds no path for the cwd
	run_both -t "$TARGET" -w "$PROBE" cwd root
	assert_success
	assert_output $'unreachable\n/'
	assert_same_as_nsenter
}

@test "-rDIR -wDIR and --root=DIR --wd=DIR given explicitly, as nsenter" {
	require_root
	start_root_target
	cd /
	run_both -t "$TARGET" -r"$ROOT" -w"$ROOT/sub" /nsjoin-probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter

	run_both --root="$ROOT" --wd="$ROOT/sub" /nsjoin-probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter
}

@test "-rDIR alone keeps a cwd that is inside the new root, as nsenter" {
	require_root
	start_root_target
	cd "$ROOT/sub"
	run_both -r"$ROOT" /nsjoin-probe cwd
	assert_success
	assert_output /sub
	assert_same_as_nsenter
}

@test "-t PID -r with the caller's cwd in our own view of the target's root: the program starts at /" {
	require_root
	start_root_target
	# The target's root is a mount of its own mount namespace; our
	# $ROOT/sub is the same directory on our mount: the kernel calls it
	# unreachable from the target's root ("(unreachable)/sub") and ".."
	# from it never meets that root.  nsenter keeps it.
	cd "$ROOT/sub"
	run "$NSJOIN" -t "$TARGET" -r /nsjoin-probe cwd
	assert_success
	assert_output /
}

# A static helper that climbs ".." 8 times, then prints the kernel's cwd
# and whether the root's marker file /in-root is there.
build_climber() {
	require_cmd cc
	cat >"$BATS_TEST_TMPDIR/climb.c" <<-'EOF'
		#include <stdio.h>
		#include <unistd.h>
		#include <sys/syscall.h>
		int main(void)
		{
			char buf[4096];
			long r;
			for (int i = 0; i < 8; i++)
				if (chdir("..") < 0)
					return 1;
			r = syscall(SYS_getcwd, buf, sizeof(buf));
			printf("cwd=%s marker=%s\n", r > 0 ? buf : "?",
			       access("in-root", F_OK) == 0 ? "yes" : "no");
			return 0;
		}
	EOF
	cc -static -o "$1" "$BATS_TEST_TMPDIR/climb.c" 2>/dev/null ||
		skip "cannot build a static helper (cc -static)"
}

@test "-t PID -r, -t PID -m -r: '..' from the program's cwd never leaves the target's root" {
	require_root
	start_root_target
	build_climber "$ROOT/climb"
	touch "$ROOT/in-root"
	[ ! -e /in-root ]
	cd "$ROOT/sub"
	run "$NSJOIN" -t "$TARGET" -r /climb
	assert_success
	assert_output "cwd=/ marker=yes"
	run "$NSJOIN" -t "$TARGET" -m -r /climb
	assert_success
	assert_output "cwd=/ marker=yes"
	# the control: with the target's cwd the climb stays inside too
	run "$NSJOIN" -t "$TARGET" -r -w /climb
	assert_success
	assert_output "cwd=/ marker=yes"
}

@test "-r alone with the caller's cwd outside the new root: the program starts at / (nsenter leaves it unreachable)" {
	require_root
	start_root_target
	cd "$BATS_TEST_TMPDIR"
	run "$NSJOIN" -t "$TARGET" -r /nsjoin-probe cwd
	assert_success
	assert_output /
	run "$NSJOIN" -r"$ROOT" /nsjoin-probe cwd
	assert_success
	assert_output /
}

@test "an explicit -w outside the new root, where that path is no directory or another one: refused, naming -W" {
	require_root
	start_root_target
	cd /
	run "$NSJOIN" -t "$TARGET" -r -w"$BATS_TEST_TMPDIR" /nsjoin-probe cwd
	assert_failure 1
	assert_output "nsjoin: the working directory '$BATS_TEST_TMPDIR' is outside the new root directory, where '$BATS_TEST_TMPDIR' is no directory: for the one inside, give -W '$BATS_TEST_TMPDIR' (--wdns)"

	run "$NSJOIN" -r"$ROOT" --wd=/ /nsjoin-probe cwd
	assert_failure 1
	assert_output "nsjoin: the working directory '/' is outside the new root directory, where '/' is another directory: for the one inside, give -W '/' (--wdns)"
}

@test "-m: the program starts at the root of the mount namespace, as nsenter" {
	require_root
	start_target --mount
	cd "$BATS_TEST_TMPDIR"
	run_both -t "$TARGET" -m "$PROBE" cwd ns:mnt
	assert_success
	assert_output "/"$'\n'"$(nsid_of "$TARGET" mnt)"
	assert_same_as_nsenter
}

# A target whose mount namespace has a tmpfs on $M holding only-in-ns/.
start_tmpfs_target() {
	M=$BATS_TEST_TMPDIR/m
	mkdir -p "$M"
	start_cmd_target sleep unshare --mount --propagation private --fork --kill-child \
		sh -c 'mount -t tmpfs nsjoin-test "$1" && mkdir "$1/only-in-ns" && exec sleep 1000' sh "$M"
}

@test "-W DIR (next word), -WDIR, --wdns=DIR, --wdns DIR: cwd inside the joined mount namespace" {
	require_root
	start_tmpfs_target
	[ ! -e "$M/only-in-ns" ]
	# util-linux 2.38 declares -W's argument optional: "-W DIR" there
	# means "-W" without one, then DIR run as the program
	local -a form
	local f
	for f in "-W|$M/only-in-ns" "-W$M/only-in-ns" "--wdns=$M/only-in-ns" "--wdns|$M/only-in-ns"; do
		IFS='|' read -r -a form <<<"$f"
		run "$NSJOIN" -t "$TARGET" -m "${form[@]}" "$PROBE" cwd ns:mnt
		assert_success
		assert_output "$M/only-in-ns"$'\n'"$(nsid_of "$TARGET" mnt)"
	done
}

@test "-W with a directory missing in the namespace: exit 1 naming it" {
	require_root
	start_tmpfs_target
	run "$NSJOIN" -t "$TARGET" -m -W "$M/nowhere" "$PROBE" cwd
	assert_failure 1
	assert_output "nsjoin: cannot change directory to '$M/nowhere' in the namespace: No such file or directory"
}

@test "-m with -w to a host directory that the namespace covers: refused, naming -W" {
	require_root
	start_tmpfs_target
	# the host's $M, hidden under the target's tmpfs in its namespace
	touch "$M/host-file"
	cd /
	# glibc's getcwd() walks ".." when the kernel says "(unreachable)" and,
	# with the same root directory in both namespaces, finds a path: only
	# the kernel's answer tells that the cwd is the host's mount
	run "$NSJOIN" -t "$TARGET" -m -w"$M" "$PROBE" cwd
	assert_failure 1
	assert_output "nsjoin: the working directory '$M' is outside the new root directory, where '$M' is another directory: for the one inside, give -W '$M' (--wdns)"
	# -W takes that one
	run "$NSJOIN" -t "$TARGET" -m -W"$M" "$PROBE" cwd
	assert_success
	assert_output "$M"
}

# DESIGN.md "Working directory", issue 14: the command lines real clients
# send give -w DIR with a mount namespace.  util-linux opens DIR before
# joining and leaves the program there, through the caller's mounts,
# outside its root; nsjoin takes the same directory (device and inode) by
# the same path inside the new root.  Each shape is run by both: the same
# exit status, namespaces and directory; nsjoin's cwd is reachable.
client_shape() {
	local dir=$1
	shift
	run_both "$@" "$PROBE" cwdid nsall
	assert_equal "$NSJOIN_STATUS" "$NSENTER_STATUS"
	assert_equal "$NSJOIN_OUTPUT" "$NSENTER_OUTPUT"
	assert_success
	assert_equal "${lines[0]}" "$(stat -c %d:%i "$dir")"
	run "$NSJOIN" "$@" "$PROBE" cwd
	assert_success
	assert_output "$dir"
}

@test "clients' -w DIR with a mount namespace: nerdctl, podman on WSL, munet, frr, -a --wd: the directory inside, as util-linux's" {
	require_root
	local dir=$BATS_TEST_TMPDIR/work
	mkdir -p "$dir"
	cd "$dir"
	start_target --mount --net --uts --pid
	local t=$TARGET
	# frr: -a -t PID -F --wd=/tmp; and -t PID -a --wd=DIR
	client_shape /tmp -a -t "$t" -F --wd=/tmp
	client_shape "$dir" -t "$t" -a --wd="$dir"
	# podman on WSL: -m -p -t PID --wd=DIR
	client_shape "$dir" -m -p -t "$t" --wd="$dir"
	# munet: every namespace by file, -F --wd=DIR
	client_shape "$dir" --mount="/proc/$t/ns/mnt" --net="/proc/$t/ns/net" \
		--uts="/proc/$t/ns/uts" -F --wd="$dir"
	# nerdctl rootless: -w$PWD --preserve-credentials -m -U -t PID -F
	start_target --user --map-root-user --mount --net
	client_shape "$dir" -w"$PWD" --preserve-credentials -m -U -t "$TARGET" -F
	# a relative -w is made absolute against the caller's cwd
	cd "$BATS_TEST_TMPDIR"
	run "$NSJOIN" -t "$t" -m -wwork "$PROBE" cwd
	assert_success
	assert_output "$dir"
}

@test "-t PID -m --root=/: the program starts at the root of the mount namespace, as util-linux (-r alone is evaluated after joining)" {
	require_root
	start_tmpfs_target
	cd "$M"
	run_both -t "$TARGET" -m --root=/ "$PROBE" cwd cwdid
	assert_success
	assert_same_as_nsenter
	assert_line --index 0 /
	# a target in our own mount namespace: joining it still moves the cwd
	# to its root, and -r keeps that
	start_target --net
	cd "$BATS_TEST_TMPDIR"
	run_both -t "$TARGET" -m --root=/ "$PROBE" cwd cwdid
	assert_success
	assert_same_as_nsenter
	assert_line --index 0 /
}

@test "-m -r with the caller's cwd in the host's mount tree: the program starts at / of the namespace" {
	require_root
	start_tmpfs_target
	touch "$M/host-file"
	cd "$M"
	run "$NSJOIN" -t "$TARGET" -m -r "$PROBE" cwd
	assert_success
	assert_output /
}

@test "-w and -W together: mutually exclusive, exit 1" {
	require_root
	start_target --mount
	run "$NSJOIN" -t "$TARGET" -m -w -W / "$PROBE" cwd
	assert_failure 1
	assert_line --index 0 "nsjoin: --wd and --wdns are mutually exclusive"
	assert_line --index 1 "Try 'nsjoin --help' for more information."
	# named in the order they were typed
	run "$NSJOIN" -t "$TARGET" -m --wdns=/ --wd=/ "$PROBE" cwd
	assert_failure 1
	assert_line --index 0 "nsjoin: --wdns and --wd are mutually exclusive"
}

# --- environment ---------------------------------------------------------------------

@test "-e: the target's environment, without its loader variables; PATH and HOME stay the caller's off its files" {
	require_root
	local evil=$BATS_TEST_TMPDIR/evil
	start_exec_target sleep env -i FOO=bar PATH="$evil" LD_PRELOAD=/x/y.so HOME=/h \
		LD_LIBRARY_PATH=/x GCONV_PATH=/x /bin/sleep 1000
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" -e "$PROBE" envall
	assert_success
	assert_output "FOO=bar"$'\n'"PATH=/usr/bin:/bin"$'\n'"HOME=/caller"$'\n'"--end--"
	# a caller without HOME: none, never the target's
	run env -i PATH=/usr/bin:/bin "$NSJOIN" -t "$TARGET" -e "$PROBE" envall
	assert_output "FOO=bar"$'\n'"PATH=/usr/bin:/bin"$'\n'"--end--"
}

@test "-e: GLIBC_TUNABLES of the target is dropped too (read by the loader, CVE-2023-4911)" {
	require_root
	start_exec_target sleep env -i FOO=bar GLIBC_TUNABLES=glibc.malloc.check=3 /bin/sleep 1000
	run env -i "$NSJOIN" -t "$TARGET" -e "$PROBE" envall
	assert_success
	assert_output $'FOO=bar\n--end--'
}

@test "-e: the program is found with the caller's PATH, not the target's" {
	require_root
	local evil=$BATS_TEST_TMPDIR/evil good=$BATS_TEST_TMPDIR/good
	mkdir -p "$evil" "$good"
	cp "$PROBE" "$good/nsjoin-test-probe"
	printf '#!/bin/sh\necho EVIL\n' >"$evil/nsjoin-test-probe"
	chmod 755 "$evil/nsjoin-test-probe"
	start_exec_target sleep env -i PATH="$evil" /bin/sleep 1000
	PATH=$good:$PATH run "$NSJOIN" -t "$TARGET" -e nsjoin-test-probe env:PATH argv0
	assert_success
	assert_output "$good:$PATH"$'\n'"nsjoin-test-probe"
	start_target --net
	# and with a namespace joined too
	PATH=$good:$PATH run -127 "$NSJOIN" -t "$TARGET" -n -e no-such-program-xyz
	assert_output "nsjoin: failed to execute 'no-such-program-xyz': No such file or directory"
}

# HAZARDS.md 36: PATH, HOME and the XDG directories are the target's only
# where the program runs among the target's own files.
@test "H36: -e keeps the target's PATH, HOME and XDG places in its mount namespace (-m) or root (-r), not otherwise" {
	require_root
	start_exec_target sleep unshare --mount env -i PATH=/tpath HOME=/thome \
		XDG_CONFIG_HOME=/tx FOO=1 /bin/sleep 1000
	local theirs=$'PATH=/tpath\nHOME=/thome\nXDG_CONFIG_HOME=/tx\nFOO=1\n--end--'
	local mine=$'FOO=1\nPATH=/usr/bin:/bin\nHOME=/caller\n--end--'
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" -m -e "$PROBE" envall
	assert_success
	assert_output "$theirs"
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" -r -e "$PROBE" envall
	assert_output "$theirs"
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" -n -e "$PROBE" envall
	assert_output "$mine"
	# a mount namespace given as a file is not the target's own
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" \
		--mount=/proc/self/ns/mnt -e "$PROBE" envall
	assert_output "$mine"
	run env -i PATH=/usr/bin:/bin HOME=/caller "$NSJOIN" -t "$TARGET" -n -e --show true
	assert_line "env:     the target's; the caller's: 'PATH', 'HOME', 'XDG_CONFIG_HOME'"
}

# The attack of issue 12: root's "bash -c" ran the target's BASH_ENV.
@test "H36: -e never lets the target's BASH_ENV, ENV or PS4 run code in root's shell" {
	require_root
	local mark=$BATS_TEST_TMPDIR/ran
	start_exec_target sleep env -i "BASH_ENV=\$(id >$mark.bash_env)" \
		"ENV=/dev/null; id >$mark.env" "PS4=\$(id >$mark.ps4)" SHELLOPTS=xtrace \
		"BASH_FUNC_echo%%=() { id >$mark.func; }" /bin/sleep 1000
	run "$NSJOIN" -t "$TARGET" -n -e bash -c 'echo ran'
	assert_success
	assert_output "ran"
	run "$NSJOIN" -t "$TARGET" -n -e sh -c 'echo ran'
	assert_output "ran"
	run "$NSJOIN" -t "$TARGET" -n -e bash -ic 'echo ran' </dev/null
	assert_line "ran"
	run ls "$BATS_TEST_TMPDIR"
	assert_output ""
}

# Every name the man page lists (ENVIRONMENT, under --env) is dropped, and
# --show (text and JSON) names each one.
@test "H36: -e drops every variable of the man page's list, and --show names them" {
	require_root
	local man=${NSJOIN_MAN:-$BATS_TEST_DIRNAME/../man/nsjoin.1}
	[[ -f $man ]] || skip "no man page at $man"
	local -a names=() envs=()
	local n
	# the list: the line after the comment that announces it
	mapfile -t names < <(sed -n '/^\.\\" the list (tests\/40-context.bats/{n;p}' "$man" |
		tr ' ' '\n' | grep .)
	[ "${#names[@]}" -ge 60 ]
	for n in "${names[@]}"; do
		envs+=("${n/%\*/X}=x")	# a prefix (LD_*): one name of it
	done
	start_exec_target sleep env -i "${envs[@]}" KEPT=1 /bin/sleep 1000
	[ "$(tr '\0' '\n' <"/proc/$TARGET/environ" | wc -l)" -eq $((${#names[@]} + 1)) ]
	run env -i "$NSJOIN" -t "$TARGET" -n -e "$PROBE" envall
	assert_success
	assert_output $'KEPT=1\n--end--'
	run env -i "$NSJOIN" -t "$TARGET" -n -e --show --json true
	assert_success
	local dropped
	dropped=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["env_dropped"]))' <<<"$output")
	assert_equal "$dropped" "${#names[@]}"
}

@test "-e: environ entries without '=' or with an empty name are skipped" {
	require_root
	require_cmd python3
	# execve() itself takes any strings: python's os.execve would refuse
	start_exec_target sleep python3 -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
def arr(*s):
    a = (ctypes.c_char_p * (len(s) + 1))(*s)
    a[len(s)] = None
    return a
libc.execve(b"/bin/sleep", arr(b"sleep", b"1000"),
            arr(b"NOEQUALS", b"A=1", b"=novalue", b"", b"B=two=2", b"C="))
raise SystemExit("execve failed: %d" % ctypes.get_errno())
'
	run env -i "$NSJOIN" -t "$TARGET" -e "$PROBE" envall
	assert_success
	assert_output $'A=1\nB=two=2\nC=\n--end--'
}

@test "-e: a 2 MB environment is read completely" {
	require_root
	require_cmd python3
	# 22 variables of 100 KB (MAX_ARG_STRLEN is 128 KB each); a bigger
	# stack limit raises the kernel's total limit above 2 MB
	start_exec_target sleep python3 -c '
import os, resource
resource.setrlimit(resource.RLIMIT_STACK, (64 << 20, resource.RLIM_INFINITY))
env = {"V%02d" % i: chr(ord("a") + i) * 100000 for i in range(22)}
env["LAST"] = "the end"
os.execve("/bin/sleep", ["sleep", "1000"], env)
'
	local size
	size=$(wc -c <"/proc/$TARGET/environ")
	[ "$size" -gt $((2 << 20)) ]
	run bash -c 'ulimit -s 65536 && exec env -i "$NSJOIN" -t "$1" -e "$PROBE" envall' _ "$TARGET"
	assert_success
	assert_equal "${#lines[@]}" 24
	assert_equal "${lines[22]}" "LAST=the end"
	assert_equal "${lines[23]}" "--end--"
	local i
	for ((i = 0; i < 22; i++)); do
		assert_equal "${#lines[i]}" 100004
	done
	assert_equal "${lines[21]:0:8}" "V21=vvvv"
	assert_equal "$(($(printf '%s\n' "${lines[@]:0:23}" | wc -c)))" "$size"
}

# --- cgroup --------------------------------------------------------------------------

@test "-c joins the target's cgroup v2 (the 0:: line), stdin untouched, no fd leaks" {
	require_root
	require_cgroup2
	make_cgroup
	start_target --net
	echo "$TARGET" >"$CG/cgroup.procs"
	run "$NSJOIN" -t "$TARGET" -c "$PROBE" cgroup
	assert_success
	assert_output "0::$CGNAME"

	# util-linux 2.38 replaces stdin with the cgroup.procs file
	run bash -c 'echo hi | "$NSJOIN" -t "$1" -c "$PROBE" read cgroup' _ "$TARGET"
	assert_success
	assert_output "hi"$'\n'"0::$CGNAME"
	run bash -c 'exec "$NSJOIN" -t "$1" -c "$PROBE" stdin </dev/null' _ "$TARGET"
	assert_output "$(stat -L -c '%d:%i' /dev/null)"

	run with_clean_fds "$NSJOIN" -t "$TARGET" -c -n "$PROBE" fds cgroup
	assert_success
	assert_output "0 1 2"$'\n'"0::$CGNAME"
	# and with a fork
	start_target --pid
	echo "$TARGET" >"$CG/cgroup.procs"
	run with_clean_fds bash -c 'exec "$NSJOIN" -t "$1" -c -p "$PROBE" fds cgroup 4</dev/null' _ "$TARGET"
	assert_success
	assert_output "0 1 2 4"$'\n'"0::$CGNAME"
}

@test "-c -C: the cgroup path is shown relative to the target's cgroup namespace" {
	require_root
	require_cgroup2
	make_cgroup
	mkdir "$CG/child"
	CGROUPS+=("$CG/child")
	# the cgroup namespace is rooted where its creator is: in $CG
	start_cmd_target sleep sh -c 'echo "$$" >"$1/cgroup.procs" && exec unshare --cgroup --fork --kill-child sleep 1000' sh "$CG"
	echo "$TARGET" >"$CG/child/cgroup.procs"
	run "$NSJOIN" -t "$TARGET" -c -C "$PROBE" cgroup ns:cgroup
	assert_success
	assert_output "0::/child"$'\n'"$(nsid_of "$TARGET" cgroup)"
	run "$NSJOIN" -t "$TARGET" -c "$PROBE" cgroup
	assert_success
	assert_output "0::$CGNAME/child"
}

@test "-c with no cgroup2 mounted (v1 only): a clear error, exit 1" {
	require_root
	require_cgroup2
	start_target --net
	run unshare --mount --propagation private sh -c '
		sed -n "s/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .* - cgroup2 .*/\1/p" /proc/self/mountinfo |
		while read -r m; do umount -l "$m" || exit 1; done
		grep -q " - cgroup2 " /proc/self/mountinfo && { echo "still mounted"; exit 9; }
		exec "$NSJOIN" -t "$1" -c true' sh "$TARGET"
	assert_failure 1
	assert_output "nsjoin: --join-cgroup needs cgroup v2, and no cgroup2 filesystem is mounted (this host uses cgroup v1 only)"
}

# --- SELinux ---------------------------------------------------------------------------

@test "-Z / --follow-context on a build without SELinux: a clear error, exit 1" {
	require_root
	if selinux_build; then
		skip "this nsjoin is built with SELinux"
	fi
	start_target --net
	local opt
	for opt in -Z --follow-context; do
		run "$NSJOIN" -t "$TARGET" -n "$opt" "$PROBE" exit:0
		assert_failure 1
		assert_output "nsjoin: --follow-context needs SELinux support: this nsjoin was built without it (configure --with-selinux)"
	done
}
