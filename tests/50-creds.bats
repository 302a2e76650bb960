#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 50-creds: credentials and capabilities (HAZARDS.md 2, 14, 15, 21, 25-28).
#
# Every credential check reads all three ids back through the probe (uid and
# gid as "real effective saved", and the supplementary groups), so a drop
# that did not hold in one of them shows.  Unprivileged callers are uid and
# gid 65534 with no groups (setpriv); the setuid and file-capability tests
# install copies of nsjoin in a private 0755 directory.

load helpers

PRIV_DIR=

setup() {
	require_root
}

NETNS_NAME=

teardown() {
	stop_targets
	if [[ -n $PRIV_DIR ]]; then
		rm -rf -- "$PRIV_DIR"
	fi
	if [[ -n $NETNS_NAME ]]; then
		ip netns delete "$NETNS_NAME" 2>/dev/null || true
	fi
}

ZERO=0000000000000000
NET_ADMIN=0000000000001000

# --- helpers -----------------------------------------------------------------

require_nobody_can_run() {
	require_cmd setpriv
	as_nobody test -x "$NSJOIN" ||
		skip "uid 65534 cannot execute $NSJOIN (a directory on its path is not searchable)"
	as_nobody test -x "$PROBE" ||
		skip "uid 65534 cannot execute $PROBE (a directory on its path is not searchable)"
}

# run_both_under PREFIX... -- ARGS: run_both, with both commands run under
# PREFIX (e.g. setpriv --groups=4,24 --).
# shellcheck disable=SC2034 # NSENTER_* and NSJOIN_* are read by assert_same_as_nsenter
run_both_under() {
	require_cmd nsenter
	local -a prefix=()
	while [[ $1 != -- ]]; do
		prefix+=("$1")
		shift
	done
	shift
	run "${prefix[@]}" nsenter "$@"
	NSENTER_OUTPUT=$output
	NSENTER_STATUS=$status
	run "${prefix[@]}" "$NSJOIN" "$@"
	NSJOIN_OUTPUT=$output
	NSJOIN_STATUS=$status
}

# Line N (from 0) of $output, empty lines included (bats' lines[] skips
# them, and an empty line is what the probe prints for "no groups").
line_n() {
	sed -n "$(($1 + 1))p" <<<"$output"
}

# Every capability this kernel has, as the probe prints a set.
all_caps() {
	local last
	last=$(cat /proc/sys/kernel/cap_last_cap)
	printf '%016x\n' $(((1 << (last + 1)) - 1))
}

# The caps line without its bounding set (which depends on the runner).
caps_but_bnd() {
	echo "${1% bnd=*}"
}

# A target in a user namespace made by root that maps 0-65535 inside to
# 100000-165535 outside, so that uid and gid 1000 exist in it.
start_mapped_userns_target() {
	start_target --user --net
	echo "0 100000 65536" >"/proc/$TARGET/uid_map"
	echo "0 100000 65536" >"/proc/$TARGET/gid_map"
}

# A private directory that uid 65534 can search, on a filesystem that
# honours set-user-ID bits and file capabilities.
make_priv_dir() {
	local dir opts
	for dir in "${TMPDIR:-/tmp}" /var/tmp; do
		opts=$(findmnt -no OPTIONS --target "$dir" 2>/dev/null) || continue
		[[ ,$opts, == *,nosuid,* ]] && continue
		PRIV_DIR=$(mktemp -d "$dir/nsjoin-creds.XXXXXX") || continue
		chmod 0755 "$PRIV_DIR"
		as_nobody test -x "$PRIV_DIR" && return 0
		rm -rf -- "$PRIV_DIR"
		PRIV_DIR=
	done
	skip "no temporary directory that uid 65534 can reach on a filesystem without nosuid"
}

# The syscalls that change credentials, in order, from an strace log:
# "setgroups setresgid keepcaps=1 setresuid keepcaps=0".
cred_syscalls() {
	sed -nE \
		-e 's/^(setgroups|setresgid|setresuid)\(.*/\1/p' \
		-e 's/^prctl\(PR_SET_KEEPCAPS, ([01])\).*/keepcaps=\1/p' "$1" |
		tr '\n' ' ' | sed 's/ $//'
}

# --- -S and -G from root -----------------------------------------------------

@test "-S 1000 -G 1000: uid and gid 1000 (real, effective, saved), no groups, no capabilities, as nsenter" {
	start_target --net
	run_both_under setpriv --groups=4,24 -- -t "$TARGET" -n -S 1000 -G 1000 "$PROBE" uid gid groups caps ns:net
	assert_success
	assert_equal "$(line_n 0)" "1000 1000 1000"
	assert_equal "$(line_n 1)" "1000 1000 1000"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$ZERO prm=$ZERO inh=$ZERO amb=$ZERO"
	assert_equal "$(line_n 4)" "$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "-G 1000 alone: gid 1000, uid stays 0, the caller's groups are dropped, as nsenter" {
	start_target --net
	run_both_under setpriv --groups=4,24 -- -t "$TARGET" -n -G 1000 "$PROBE" uid gid groups ns:net
	assert_success
	assert_output $'0 0 0\n1000 1000 1000\n\n'"$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "-S 1000 alone from root: uid 1000, gid 0 kept, supplementary groups cleared (util-linux keeps 4 24)" {
	start_target --net
	run setpriv --groups=4,24 -- "$NSJOIN" -t "$TARGET" -n -S 1000 "$PROBE" uid gid groups caps
	assert_success
	assert_equal "$(line_n 0)" "1000 1000 1000"
	assert_equal "$(line_n 1)" "0 0 0"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$ZERO prm=$ZERO inh=$ZERO amb=$ZERO"

	# the deliberate difference: util-linux leaves root's groups in place
	if command -v nsenter >/dev/null; then
		run setpriv --groups=4,24 -- nsenter -t "$TARGET" -n -S 1000 "$PROBE" uid gid groups
		assert_success
		assert_output $'1000 1000 1000\n0 0 0\n4 24'
	fi
}

@test "the man page says that -S without -G clears the supplementary groups" {
	local man=$BATS_TEST_DIRNAME/../man/nsjoin.1
	[[ -f $man ]] || skip "no man page at $man"
	run grep -c 'the supplementary groups are cleared and the gid is left as it is' "$man"
	assert_output 1
}

@test "-S follow -G follow: the target's uid 1234 and gid 4321" {
	# _start_target from helpers.bash (start_target_as gives uid = gid):
	# root makes the net namespace, then becomes 1234/4321 and starts the
	# sleep through a plain unshare
	_start_target unshare --net setpriv --reuid=1234 --regid=4321 --clear-groups --
	run "$NSJOIN" -t "$TARGET" -n -S follow -G follow "$PROBE" uid gid groups caps
	assert_success
	assert_equal "$(line_n 0)" "1234 1234 1234"
	assert_equal "$(line_n 1)" "4321 4321 4321"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$ZERO prm=$ZERO inh=$ZERO amb=$ZERO"
}

@test "-S and -G reject values that are out of range or not decimal, never truncating (util-linux: 4294967297 is uid 1)" {
	start_target --net
	local v opt what
	for opt in -S -G; do
		what=uid
		[[ $opt == -G ]] && what=gid
		for v in 4294967295 4294967296 4294967297 99999999999999999999; do
			run "$NSJOIN" -t "$TARGET" -n "$opt" "$v" "$PROBE" uid gid
			assert_failure 1
			assert_output "nsjoin: invalid $what '$v': out of range (0 to 4294967294)"
		done
		for v in -1 "" 0x10 1e3 " 5" +5 5x; do
			run "$NSJOIN" -t "$TARGET" -n "$opt" "$v" "$PROBE" uid gid
			assert_failure 1
			assert_output "nsjoin: invalid $what '$v': not a decimal number or 'follow'"
		done
	done
}

# --- user namespaces ---------------------------------------------------------

@test "-U into a user namespace owned by nobody, as root: uid and gid 0 in it, no groups, as nsenter" {
	require_userns
	start_target_as 65534 --user --map-root-user --net
	run_both_under setpriv --groups=4,24 -- -t "$TARGET" -U -n "$PROBE" uid gid groups ns:user ns:net
	assert_success
	assert_output "0 0 0"$'\n'"0 0 0"$'\n\n'"$(nsid_of "$TARGET" user)"$'\n'"$(nsid_of "$TARGET" net)"
	assert_same_as_nsenter
}

@test "--preserve-credentials: ids and groups untouched, shown as the overflow id in the namespace, as nsenter" {
	require_userns
	start_target_as 65534 --user --map-root-user --net
	local o
	o=$(cat /proc/sys/kernel/overflowuid)
	run_both_under setpriv --groups=4,24 -- -t "$TARGET" -U -n --preserve-credentials "$PROBE" uid gid groups ns:user
	assert_success
	assert_output "$o $o $o"$'\n'"$o $o $o"$'\n'"$o $o"$'\n'"$(nsid_of "$TARGET" user)"
	assert_same_as_nsenter
}

@test "-S 5 or -G 5 with -U where 5 is not mapped: exit 1, 'not mapped in the target user namespace'" {
	require_userns
	start_target_as 65534 --user --map-root-user --net
	run "$NSJOIN" -t "$TARGET" -U -n -S 5 "$PROBE" uid
	assert_failure 1
	assert_output "nsjoin: cannot set uid 5: it is not mapped in the target user namespace"

	run "$NSJOIN" -t "$TARGET" -U -n -G 5 "$PROBE" gid
	assert_failure 1
	assert_output "nsjoin: cannot set gid 5: it is not mapped in the target user namespace"
}

@test "a user namespace that denies setgroups, entered by root with groups 4 24: uid 0, no groups" {
	require_userns
	start_target_as 65534 --user --map-root-user --net
	assert_equal "$(cat "/proc/$TARGET/setgroups")" deny
	run setpriv --groups=4,24 -- "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid gid groups ns:net
	assert_success
	assert_output "0 0 0"$'\n'"0 0 0"$'\n\n'"$(nsid_of "$TARGET" net)"
}

@test "a user namespace that denies setgroups, entered by its unprivileged owner: uid 0, no groups" {
	require_userns
	require_nobody_can_run
	start_target_as 65534 --user --map-root-user --net
	assert_equal "$(cat "/proc/$TARGET/setgroups")" deny
	run as_nobody "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid gid groups ns:user ns:net
	assert_success
	assert_output "0 0 0"$'\n'"0 0 0"$'\n\n'"$(nsid_of "$TARGET" user)"$'\n'"$(nsid_of "$TARGET" net)"
}

@test "a user namespace that denies setgroups, entered by its owner with groups 4 24: they are kept (util-linux: setgroups failed)" {
	require_userns
	require_nobody_can_run
	start_target_as 65534 --user --map-root-user --net
	assert_equal "$(cat "/proc/$TARGET/setgroups")" deny
	local o
	o=$(cat /proc/sys/kernel/overflowgid)
	# the caller could never drop 4 and 24 itself: they show unmapped
	run bash -c 'cd / && exec setpriv --reuid=65534 --regid=65534 --groups=4,24 -- "$@"' \
		nobody-with-groups "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid gid groups ns:net
	assert_success
	assert_output "0 0 0"$'\n'"0 0 0"$'\n'"$o $o"$'\n'"$(nsid_of "$TARGET" net)"
}

@test "-U -S 1000 -G 1000 without --keep-caps, 1000 mapped: runs as 1000 with no capabilities, as nsenter" {
	start_mapped_userns_target
	run_both -t "$TARGET" -U -n -S 1000 -G 1000 "$PROBE" uid gid groups caps
	assert_success
	assert_equal "$(line_n 0)" "1000 1000 1000"
	assert_equal "$(line_n 1)" "1000 1000 1000"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$ZERO prm=$ZERO inh=$ZERO amb=$ZERO"
	assert_same_as_nsenter
}

# --- capabilities ------------------------------------------------------------

@test "--keep-caps with -U: ambient equals permitted (every capability); without it ambient is empty" {
	require_userns
	start_target_as 65534 --user --map-root-user --net
	local all
	all=$(all_caps)
	run "$NSJOIN" -t "$TARGET" -U -n --keep-caps "$PROBE" uid caps
	assert_success
	assert_equal "$(line_n 0)" "0 0 0"
	assert_equal "$(caps_but_bnd "$(line_n 1)")" "eff=$all prm=$all inh=$all amb=$all"

	run "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid caps
	assert_success
	assert_equal "$(line_n 0)" "0 0 0"
	assert_equal "$(caps_but_bnd "$(line_n 1)")" "eff=$all prm=$all inh=$ZERO amb=$ZERO"
}

@test "--keep-caps -U -S 1000 -G 1000, 1000 mapped: uid 1000 keeps the namespace's capabilities as ambient" {
	start_mapped_userns_target
	local all
	all=$(all_caps)
	run "$NSJOIN" -t "$TARGET" -U -n -S 1000 -G 1000 --keep-caps "$PROBE" uid gid groups caps
	assert_success
	assert_equal "$(line_n 0)" "1000 1000 1000"
	assert_equal "$(line_n 1)" "1000 1000 1000"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$all prm=$all inh=$all amb=$all"
}

@test "-S 1000 --keep-caps without a user namespace: nothing to keep, uid 1000 with no capabilities (util-linux 2.40)" {
	start_target --net
	run "$NSJOIN" -t "$TARGET" -n -S 1000 --keep-caps "$PROBE" uid gid groups caps
	assert_success
	assert_equal "$(line_n 0)" "1000 1000 1000"
	assert_equal "$(line_n 1)" "0 0 0"
	assert_equal "$(line_n 2)" ""
	assert_equal "$(caps_but_bnd "$(line_n 3)")" "eff=$ZERO prm=$ZERO inh=$ZERO amb=$ZERO"
}

@test "groups, then gid, then uid; PR_SET_KEEPCAPS is set only around setresuid and cleared after it" {
	require_cmd strace
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log
	run strace -qq -o "$log" -e trace=setgroups,setresgid,setresuid,prctl -e signal=none \
		"$NSJOIN" -t "$TARGET" -n -S 1000 -G 1000 --caps=-all,+net_admin "$PROBE" uid gid
	assert_success
	assert_output $'1000 1000 1000\n1000 1000 1000'
	assert_equal "$(cred_syscalls "$log")" "setgroups setresgid keepcaps=1 setresuid keepcaps=0"

	# the same through a user namespace with --keep-caps (groups are also
	# dropped once before joining, where the namespace may deny it)
	stop_targets
	start_mapped_userns_target
	run strace -qq -o "$log" -e trace=setgroups,setresgid,setresuid,prctl -e signal=none \
		"$NSJOIN" -t "$TARGET" -U -n -S 1000 -G 1000 --keep-caps "$PROBE" uid gid
	assert_success
	assert_output $'1000 1000 1000\n1000 1000 1000'
	run cred_syscalls "$log"
	assert_output --regexp '^(setgroups )+setresgid keepcaps=1 setresuid keepcaps=0$'
}

@test "--caps=-all,+net_admin as root: effective, permitted, inheritable and bounding are net_admin only" {
	start_target --net
	run "$NSJOIN" -t "$TARGET" -n --caps=-all,+net_admin "$PROBE" uid caps
	assert_success
	assert_output "0 0 0"$'\n'"eff=$NET_ADMIN prm=$NET_ADMIN inh=$NET_ADMIN amb=$ZERO bnd=$NET_ADMIN"
}

@test "--caps=-all,+net_admin with -S 1000: net_admin is ambient too, so it survives the exec" {
	start_target --net
	run "$NSJOIN" -t "$TARGET" -n -S 1000 --caps=-all,+cap_net_admin "$PROBE" uid gid groups caps
	assert_success
	assert_output "1000 1000 1000"$'\n'"0 0 0"$'\n\n'"eff=$NET_ADMIN prm=$NET_ADMIN inh=$NET_ADMIN amb=$NET_ADMIN bnd=$NET_ADMIN"
}

@test "--caps with an unknown capability or an entry without + or -: exit 1, nothing runs" {
	start_target --net
	run "$NSJOIN" -t "$TARGET" -n --caps=-all,+no_such_cap "$PROBE" uid
	assert_failure 1
	assert_output "nsjoin: invalid --caps entry 'no_such_cap': unknown capability"

	run "$NSJOIN" -t "$TARGET" -n --caps=-all,net_admin "$PROBE" uid
	assert_failure 1
	assert_output "nsjoin: invalid --caps entry 'net_admin': expected +name or -name"
}

@test "--no-new-privs sets no_new_privs for the program; without it, it is clear" {
	start_target --net
	run "$NSJOIN" -t "$TARGET" -n --no-new-privs "$PROBE" nnp ns:net
	assert_success
	assert_output "1"$'\n'"$(nsid_of "$TARGET" net)"

	run "$NSJOIN" -t "$TARGET" -n "$PROBE" nnp
	assert_success
	assert_output "0"
}

# --- unprivileged callers ----------------------------------------------------

@test "unprivileged: the owner of the target's user namespace joins it with -U" {
	require_userns
	require_nobody_can_run
	start_target_as 65534 --user --map-root-user --net --uts
	run as_nobody "$NSJOIN" -t "$TARGET" -U -n -u "$PROBE" uid ns:user ns:net ns:uts
	assert_success
	assert_output "0 0 0"$'\n'"$(nsid_of "$TARGET" user)"$'\n'"$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"
}

@test "unprivileged: a root target's net namespace is refused, exit 1, naming the file; nothing runs" {
	require_nobody_can_run
	start_target --net
	run as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^nsjoin: cannot open '/proc/$TARGET/ns/net': Permission denied \(opening another process's namespaces needs the right to ptrace it"
}

@test "unprivileged: joining a namespace of its user namespace without -U: EPERM names the namespace and says why" {
	require_userns
	require_nobody_can_run
	start_target_as 65534 --user --map-root-user --net
	run as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output "nsjoin: cannot join net namespace '/proc/$TARGET/ns/net': Operation not permitted (it belongs to a user namespace of yours: add --user, or --user=FILE with that namespace, to join it first)"
}

@test "messages quote the target's namespace file names, as STYLE.md shows: cannot open '/proc/PID/ns/net'" {
	require_userns
	require_nobody_can_run
	start_target --net
	run as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_output "nsjoin: cannot open '/proc/$TARGET/ns/net': Permission denied (opening another process's namespaces needs the right to ptrace it: the same user, or CAP_SYS_PTRACE)"

	stop_targets
	start_target_as 65534 --user --map-root-user --net
	run as_nobody "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_output "nsjoin: cannot join net namespace '/proc/$TARGET/ns/net': Operation not permitted (it belongs to a user namespace of yours: add --user, or --user=FILE with that namespace, to join it first)"
}

# issue 14: as an ordinary user, --net=NAME of root's "ip netns add" said
# "add --user", which then failed with another message.
@test "unprivileged: root's ip netns by name: EPERM says it is root's to join, never 'add --user'" {
	require_nobody_can_run
	require_cmd ip
	NETNS_NAME=nsjoin-50-$$-$BATS_TEST_NUMBER
	ip netns add "$NETNS_NAME"
	run as_nobody "$NSJOIN" --net="$NETNS_NAME" "$PROBE" ns:net
	assert_failure 1
	assert_output "nsjoin: cannot join net namespace '/run/netns/$NETNS_NAME': Operation not permitted (it belongs to your own user namespace, where you lack CAP_SYS_ADMIN: run as root)"
	refute_output --partial -- "--user"
}

@test "unprivileged: -U on a target in the caller's own user namespace is not an error" {
	require_nobody_can_run
	start_target_as 65534
	[ "$(nsid_of "$TARGET" user)" = "$(nsid_of $$ user)" ]
	run as_nobody "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid ns:user ns:net
	assert_success
	assert_output "65534 65534 65534"$'\n'"$(nsid_of $$ user)"$'\n'"$(nsid_of $$ net)"
}

# --- installed setuid, or with file capabilities -----------------------------

REFUSED="nsjoin: refusing to run setuid, setgid or with file capabilities: nsjoin is not a privilege boundary (grant it with a sudo policy instead)"

@test "installed setuid root (or setgid root): refuses to run, exit 1, nothing joined" {
	require_nobody_can_run
	make_priv_dir
	start_target --net
	cp "$NSJOIN" "$PRIV_DIR/nsjoin"
	chown root:root "$PRIV_DIR/nsjoin"
	chmod 4755 "$PRIV_DIR/nsjoin"
	run as_nobody "$PRIV_DIR/nsjoin" -t "$TARGET" -n "$PROBE" uid ns:net
	assert_failure 1
	assert_output "$REFUSED"

	chmod 2755 "$PRIV_DIR/nsjoin"
	run as_nobody "$PRIV_DIR/nsjoin" -t "$TARGET" -n "$PROBE" uid ns:net
	assert_failure 1
	assert_output "$REFUSED"
}

# HAZARDS.md 35, the attack of issue 12: a copy with file capabilities
# handed any user CAP_SYS_ADMIN in all three sets through --caps (a
# mount(2) in the host's mount namespace worked).
@test "H35: file capabilities (the attack: --caps=+sys_admin as nobody): refused, exit 1, the program never runs" {
	require_nobody_can_run
	require_cmd setcap
	make_priv_dir
	cp "$NSJOIN" "$PRIV_DIR/nsjoin"
	setcap cap_sys_admin,cap_sys_ptrace+ep "$PRIV_DIR/nsjoin" 2>/dev/null ||
		skip "setcap does not work on $PRIV_DIR"
	start_target_as 65534
	run as_nobody "$PRIV_DIR/nsjoin" -t "$TARGET" -n -S 65534 --caps=+sys_admin -- "$PROBE" caps
	assert_failure 1
	assert_output "$REFUSED"
	# the least that ever worked, too: one capability, no option at all
	setcap cap_sys_ptrace+ep "$PRIV_DIR/nsjoin"
	run as_nobody "$PRIV_DIR/nsjoin" --show
	assert_failure 1
	assert_output "$REFUSED"
}

@test "H35: file capabilities: a SHELL from the environment is never run" {
	require_nobody_can_run
	require_cmd setcap
	make_priv_dir
	start_target --net
	# the marker goes where uid 65534 can write it
	mkdir "$PRIV_DIR/w"
	chmod 0777 "$PRIV_DIR/w"
	local marker=$PRIV_DIR/w/evil-ran
	printf '#!/bin/sh\ntouch %s\necho evil\n' "$marker" >"$PRIV_DIR/evil"
	chmod 0755 "$PRIV_DIR/evil"

	# the test can see it: a plain nsjoin runs $SHELL
	run env SHELL="$PRIV_DIR/evil" "$NSJOIN" -t "$TARGET" -n </dev/null
	assert_success
	assert_output "evil"
	[ -e "$marker" ]
	rm -f "$marker"

	cp "$NSJOIN" "$PRIV_DIR/nsjoin"
	setcap cap_sys_admin,cap_sys_ptrace+ep "$PRIV_DIR/nsjoin" 2>/dev/null ||
		skip "setcap does not work on $PRIV_DIR"
	# shellcheck disable=SC2016 # "$@" is the inner bash's
	run env SHELL="$PRIV_DIR/evil" bash -c 'cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"' \
		as_nobody "$PRIV_DIR/nsjoin" -t "$TARGET" -n </dev/null
	assert_failure 1
	assert_output "$REFUSED"
	[ ! -e "$marker" ]
}
