#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 70-list: --list, --tree=user|pid, --json and --dot (DESIGN.md "Beyond
# nsenter" 4).  Each test builds the namespaces it looks for (a 3-deep user
# namespace chain, nested pid namespaces, a bind-mounted netns, a namespace
# held by a descriptor) and checks nsjoin's answers against the kernel's
# (stat of /proc/PID/ns/*, the NS_GET_ID ioctl) and against util-linux lsns
# where the two overlap.

# stderr is set by bats' run --separate-stderr; each @test is a function
# that bats runs in a subshell of its own, so a test setting TARGET again
# changes nothing for the others
# shellcheck disable=SC2154,SC2030,SC2031

load helpers
load terminal

bats_require_minimum_version 1.5.0

NETNS_NAME=
UNPRIV_DIR=
BIND_MOUNT=
CHAIN=()

teardown() {
	stop_shell
	stop_targets
	if [[ -n $BIND_MOUNT ]]; then
		umount "$BIND_MOUNT" 2>/dev/null || true
	fi
	if [[ -n $NETNS_NAME ]]; then
		ip netns delete "$NETNS_NAME" 2>/dev/null || true
	fi
	if [[ -n $UNPRIV_DIR ]]; then
		rm -rf "$UNPRIV_DIR"
	fi
}

# --- helpers -------------------------------------------------------------------

# start_chain DEPTH UNSHARE-OPTS...: DEPTH nested
# "unshare OPTS --fork --kill-child --", the innermost running sleep 1000.
# CHAIN=(outer unshare, its child, ..., the sleep).  Which process is in
# which namespace depends on the type: unshare(CLONE_NEWUSER) moves the
# caller, so CHAIN[0] is in the first new user namespace and CHAIN[2] and
# the sleep in the third; unshare(CLONE_NEWPID) moves only the children,
# so CHAIN[1] is pid 1 of the first new pid namespace, CHAIN[3] of the third.
# Every pid is tracked: stop_targets kills them all by pid.
start_chain() {
	local depth=$1 i cur child comm
	shift
	local -a cmd=()
	for ((i = 0; i < depth; i++)); do
		cmd+=(unshare "$@" --fork --kill-child --)
	done
	cmd+=(sleep 1000)
	(cd / && exec "${cmd[@]}") </dev/null >/dev/null 2>&1 3>&- &
	CHAIN=("$!")
	track_pid "$!"
	for ((i = 0; i < 1000; i++)); do
		cur=${CHAIN[-1]}
		if ((${#CHAIN[@]} == depth + 1)); then
			comm=$(cat "/proc/$cur/comm" 2>/dev/null) || comm=
			[[ $comm == sleep ]] && return 0
		else
			child=
			read -r child _ <"/proc/$cur/task/$cur/children" 2>/dev/null || true
			if [[ -n $child ]]; then
				CHAIN+=("$child")
				track_pid "$child"
				continue
			fi
		fi
		kill -0 "${CHAIN[0]}" 2>/dev/null || {
			echo "start_chain: '${cmd[*]}' exited" >&2
			return 1
		}
		sleep 0.01
	done
	echo "start_chain: '${cmd[*]}' not ready after 10 s (have ${CHAIN[*]})" >&2
	return 1
}

# json_get JSON ID KEY: KEY of the namespace ID in "nsjoin --list --json"
# output, as JSON ("null", 2, "\"net\""); "missing" if ID is not listed.
json_get() {
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
ns = {n["id"]: n for n in d["namespaces"]}
n = ns.get(int(sys.argv[2]))
print("missing" if n is None else json.dumps(n[sys.argv[3]]))
' "$@"
}

# tree_depth OUTPUT ID: the depth of ID in a --tree table (0: a root),
# from its box-drawing prefix; "missing" if ID is not there.
tree_depth() {
	python3 -c '
import sys
for line in sys.argv[1].splitlines()[1:]:
    rest = line.lstrip("\u2502\u251c\u2514\u2500 ")
    prefix = line[:len(line) - len(rest)]
    if rest.split()[0] == sys.argv[2]:
        print(len(prefix) // 2)
        sys.exit(0)
print("missing")
' "$@"
}

# tree_path JSON ID: the ids from a root of "--tree --json" down to ID,
# space-separated; "missing" if ID is not in the tree.
tree_path() {
	python3 -c '
import json, sys
def walk(nodes, path):
    for n in nodes:
        p = path + [n["id"]]
        if n["id"] == int(sys.argv[2]):
            return p
        r = walk(n["children"], p)
        if r:
            return r
    return None
p = walk(json.loads(sys.argv[1])["tree"], [])
print("missing" if p is None else " ".join(map(str, p)))
' "$@"
}

unpriv_binary() {
	require_cmd setpriv
	if as_nobody test -x "$NSJOIN"; then
		return 0
	fi
	UNPRIV_DIR=$(mktemp -d /tmp/nsjoin-70-list.XXXXXX)
	chmod 0755 "$UNPRIV_DIR"
	cp "$NSJOIN" "$UNPRIV_DIR/nsjoin"
	chmod 0755 "$UNPRIV_DIR/nsjoin"
	NSJOIN=$UNPRIV_DIR/nsjoin
}

# --- --list ----------------------------------------------------------------------

@test "--list: a row for each namespace of a target, ids as stat shows" {
	require_root
	start_target --net --uts
	run "$NSJOIN" --list
	assert_success
	# lsns's columns, and the 64-bit id
	assert_line --index 0 --regexp '^ +NS +NSID +TYPE +NPROCS +PID +USER +COMMAND$'
	run "$NSJOIN" --list --output=NS,NSID,TYPE,NPROCS,PID,USER,ONS,PNS,OWNER-UID,COMMAND
	assert_success
	assert_line --index 0 --regexp '^ +NS +NSID +TYPE +NPROCS +PID +USER +ONS +PNS +OWNER-UID +COMMAND$'
	local type ino
	for type in net uts ipc mnt pid user cgroup; do
		ino=$(stat -L -c %i "/proc/$TARGET/ns/$type")
		assert_line --regexp "^ *$ino +[0-9-]+ +$type +[0-9]+ "
	done
	# the unshare and its sleep are the only processes in the new net
	# namespace: 2, and the lowest pid is the unshare's (its parent)
	local up lowest
	up=$(awk '/^PPid:/ { print $2 }' "/proc/$TARGET/status")
	lowest=$((up < TARGET ? up : TARGET))
	ino=$(nsid_of "$TARGET" net)
	assert_line --regexp "^ *$ino +[0-9-]+ +net +2 +$lowest +root +[0-9]+ +- +- +unshare --net --uts --fork --kill-child -- sleep 1000$"
}

@test "--list --json: parses, has exactly the documented fields, matches the kernel" {
	require_root
	start_target --net
	run "$NSJOIN" --list --json
	assert_success
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
	local json=$output ino up lowest
	# every entry has the 16 fields of the man page, nothing else: the 11
	# of earlier versions first (the JSON form is stable), then the new
	run python3 -c '
import json, sys
want = ["id", "nsid", "type", "nprocs", "pid", "uid", "user", "owner",
        "parent", "owner_uid", "command", "ppid", "path", "netnsid", "nsfs",
        "holder"]
for n in json.loads(sys.argv[1])["namespaces"]:
    assert list(n) == want, n
print("ok")' "$json"
	assert_output ok

	ino=$(nsid_of "$TARGET" net)
	up=$(awk '/^PPid:/ { print $2 }' "/proc/$TARGET/status")
	lowest=$((up < TARGET ? up : TARGET))
	assert_equal "$(json_get "$json" "$ino" type)" '"net"'
	assert_equal "$(json_get "$json" "$ino" nprocs)" 2
	assert_equal "$(json_get "$json" "$ino" pid)" "$lowest"
	assert_equal "$(json_get "$json" "$ino" uid)" 0
	assert_equal "$(json_get "$json" "$ino" user)" '"root"'
	assert_equal "$(json_get "$json" "$ino" owner)" "$(nsid_of $$ user)"
	assert_equal "$(json_get "$json" "$ino" parent)" null
	assert_equal "$(json_get "$json" "$ino" owner_uid)" null
	assert_equal "$(json_get "$json" "$ino" nsid)" "$(ns_id_of "/proc/$TARGET/ns/net")"
	assert_equal "$(json_get "$json" "$ino" command)" \
		'"unshare --net --fork --kill-child -- sleep 1000"'
	assert_equal "$(json_get "$json" "$ino" ppid)" "$(awk '{ print $4 }' "/proc/$lowest/stat")"
	assert_equal "$(json_get "$json" "$ino" path)" "\"/proc/$lowest/ns/net\""
	assert_equal "$(json_get "$json" "$ino" nsfs)" null
	assert_equal "$(json_get "$json" "$ino" holder)" null
	# the host's user namespace: owner_uid 0, no parent in sight
	ino=$(nsid_of $$ user)
	assert_equal "$(json_get "$json" "$ino" type)" '"user"'
	assert_equal "$(json_get "$json" "$ino" owner_uid)" 0
}

@test "--list --json agrees with lsns -J on id, type, nprocs, pid and command" {
	require_root
	require_cmd lsns
	start_target --net --uts --ipc
	run "$NSJOIN" --list --json
	assert_success
	local json=$output ours theirs type
	run lsns -J
	assert_success
	theirs=$output
	for type in net uts ipc; do
		ours=$(nsid_of "$TARGET" "$type")
		run python3 -c '
import json, sys
a = {n["id"]: n for n in json.loads(sys.argv[1])["namespaces"]}
b = {int(n["ns"]): n for n in json.loads(sys.argv[2])["namespaces"]}
i = int(sys.argv[3])
x, y = a[i], b[i]
for ka, kb in (("type", "type"), ("nprocs", "nprocs"), ("pid", "pid"),
               ("command", "command")):
    va, vb = x[ka], y[kb]
    if ka in ("nprocs", "pid"):
        vb = int(vb)
    assert va == vb, (ka, va, vb)
print("same")' "$json" "$theirs" "$ours"
		assert_output same
	done
}

@test "--list shows a netns held only by a bind mount (ip netns add)" {
	require_root
	require_cmd ip
	NETNS_NAME=nsjtest-$$
	ip netns add "$NETNS_NAME"
	local ino
	ino=$(stat -L -c %i "/run/netns/$NETNS_NAME")
	run "$NSJOIN" --list --output=NS,NSID,TYPE,NPROCS,PID,USER,ONS,PNS,OWNER-UID,COMMAND
	assert_success
	assert_line --regexp "^ *$ino +[0-9-]+ +net +0 +- +- +[0-9]+ +- +- +\[bind mount /run/netns/$NETNS_NAME\]$"
	# lsns's NSFS, also in JSON (issue 15: JSON lost it)
	run "$NSJOIN" --list --type=net
	assert_line --regexp "^ *$ino +[0-9-]+ +net +0 +- +- +(unassigned|[0-9]+) +/run/netns/$NETNS_NAME +\[bind mount /run/netns/$NETNS_NAME\]$"

	run "$NSJOIN" --list --json
	assert_success
	local json=$output
	assert_equal "$(json_get "$json" "$ino" nprocs)" 0
	assert_equal "$(json_get "$json" "$ino" pid)" null
	assert_equal "$(json_get "$json" "$ino" command)" null
	assert_equal "$(json_get "$json" "$ino" owner)" "$(nsid_of $$ user)"
	assert_equal "$(json_get "$json" "$ino" nsid)" "$(ns_id_of "/run/netns/$NETNS_NAME")"
	assert_equal "$(json_get "$json" "$ino" nsfs)" "[\"/run/netns/$NETNS_NAME\"]"
	assert_equal "$(json_get "$json" "$ino" holder)" "\"bind mount /run/netns/$NETNS_NAME\""
}

@test "--list shows a namespace held only by an open descriptor" {
	require_root
	start_target --net
	local ino holder i
	ino=$(nsid_of "$TARGET" net)
	# a process of ours holds the namespace open as fd 7 (opened here, before
	# the background job starts, so the target is surely still there)...
	local nsfd
	exec {nsfd}<"/proc/$TARGET/ns/net"
	(cd / && exec sleep 1000) 7<&"$nsfd" </dev/null >/dev/null 2>&1 3>&- &
	holder=$!
	exec {nsfd}<&-
	for ((i = 0; i < 500; i++)); do
		[[ $(readlink "/proc/$holder/fd/7") == "net:[$ino]" ]] && break
		sleep 0.01
	done
	# ...then the processes in it go (stop_targets forgets the holder)
	stop_targets
	track_pid "$holder"
	for ((i = 0; i < 500; i++)); do
		[[ $(readlink "/proc/$holder/fd/7") == "net:[$ino]" ]] || break
		# the sleep, reparented, is reaped by someone else: wait for it
		run "$NSJOIN" --list --json
		[[ $(json_get "$output" "$ino" nprocs) == 0 ]] && break
		sleep 0.01
	done
	run "$NSJOIN" --list --type=net
	assert_success
	assert_line --regexp "^ *$ino +[0-9-]+ +net +0 +- +- .*\[fd 7 of pid $holder\]$"
}

@test "--list shows a netns held by a descriptor opened through its bind mount" {
	require_root
	require_cmd ip
	NETNS_NAME=nsjtest-$$
	ip netns add "$NETNS_NAME"
	local ino holder
	ino=$(stat -L -c %i "/run/netns/$NETNS_NAME")
	local nsfd
	exec {nsfd}<"/run/netns/$NETNS_NAME"
	(cd / && exec sleep 1000) 7<&"$nsfd" </dev/null >/dev/null 2>&1 3>&- &
	holder=$!
	exec {nsfd}<&-
	track_pid "$holder"
	local i
	for ((i = 0; i < 500; i++)); do
		[[ -e /proc/$holder/fd/7 ]] && break
		sleep 0.01
	done
	# unmounted, it lives on in fd 7, whose link now reads "/", not net:[ID]
	ip netns delete "$NETNS_NAME"
	NETNS_NAME=
	[[ $(readlink "/proc/$holder/fd/7") != "net:["* ]]
	run "$NSJOIN" --list --type=net
	assert_success
	assert_line --regexp "^ *$ino +[0-9-]+ +net +0 +- +- .*\[fd 7 of pid $holder\]$"
}

# --- user namespaces: the 3-deep chain ----------------------------------------

@test "--list: OWNER and PARENT of each nested user namespace is the one above" {
	require_root
	start_chain 3 --user --map-root-user
	local host u1 u2 u3 json
	host=$(nsid_of $$ user)
	u1=$(nsid_of "${CHAIN[0]}" user)
	u2=$(nsid_of "${CHAIN[1]}" user)
	u3=$(nsid_of "${CHAIN[2]}" user)
	assert [ "$u1" != "$host" ]
	assert [ "$u2" != "$u1" ]
	assert [ "$u3" != "$u2" ]
	assert_equal "$(nsid_of "${CHAIN[3]}" user)" "$u3"

	run "$NSJOIN" --list --json
	assert_success
	json=$output
	assert_equal "$(json_get "$json" "$u1" owner)" "$host"
	assert_equal "$(json_get "$json" "$u1" parent)" "$host"
	assert_equal "$(json_get "$json" "$u2" owner)" "$u1"
	assert_equal "$(json_get "$json" "$u2" parent)" "$u1"
	assert_equal "$(json_get "$json" "$u3" owner)" "$u2"
	assert_equal "$(json_get "$json" "$u3" parent)" "$u2"
	# an unshare each, and the innermost one's sleep
	assert_equal "$(json_get "$json" "$u1" nprocs)" 1
	assert_equal "$(json_get "$json" "$u1" pid)" "${CHAIN[0]}"
	assert_equal "$(json_get "$json" "$u2" nprocs)" 1
	assert_equal "$(json_get "$json" "$u3" nprocs)" 2
	assert_equal "$(json_get "$json" "$u3" pid)" "${CHAIN[2]}"
	assert_equal "$(json_get "$json" "$u3" command)" \
		'"unshare --user --map-root-user --fork --kill-child -- sleep 1000"'
	# created by root (uid 0 inside each parent, 0 seen from here)
	assert_equal "$(json_get "$json" "$u3" owner_uid)" 0

	# the table says the same
	run "$NSJOIN" --list --type=user --output=NS,NSID,TYPE,NPROCS,PID,USER,ONS,PNS,OWNER-UID,COMMAND
	assert_success
	assert_line --regexp "^ *$u2 +[0-9-]+ +user +1 +${CHAIN[1]} +root +$u1 +$u1 +0 +unshare "
	assert_line --regexp "^ *$u3 +[0-9-]+ +user +2 +${CHAIN[2]} +root +$u2 +$u2 +0 +unshare --user --map-root-user --fork --kill-child -- sleep 1000$"
}

@test "--list: OWNER-UID and USER of a user namespace made by nobody" {
	require_root
	require_userns
	start_target_as 65534 --user --map-root-user --net
	local ino name
	ino=$(nsid_of "$TARGET" user)
	name=$(getent passwd 65534 | cut -d: -f1) || name=
	run "$NSJOIN" --list --json
	assert_success
	assert_equal "$(json_get "$output" "$ino" owner_uid)" 65534
	assert_equal "$(json_get "$output" "$ino" uid)" 65534
	if [[ -n $name ]]; then
		assert_equal "$(json_get "$output" "$ino" user)" "\"$name\""
	fi
	# and its net namespace is owned by it
	assert_equal "$(json_get "$output" "$(nsid_of "$TARGET" net)" owner)" "$ino"
}

@test "--tree=user draws the 3-deep chain nested, with box-drawing characters" {
	require_root
	start_chain 3 --user --map-root-user
	local host u1 u2 u3
	host=$(nsid_of $$ user)
	u1=$(nsid_of "${CHAIN[0]}" user)
	u2=$(nsid_of "${CHAIN[1]}" user)
	u3=$(nsid_of "${CHAIN[2]}" user)

	run "$NSJOIN" --tree=user
	assert_success
	assert_line --index 0 --regexp '^NS +NSID +TYPE +NPROCS +PID +USER '
	assert_line --index 1 --regexp "^$host +"
	assert_equal "$(tree_depth "$output" "$host")" 0
	assert_equal "$(tree_depth "$output" "$u1")" 1
	assert_equal "$(tree_depth "$output" "$u2")" 2
	assert_equal "$(tree_depth "$output" "$u3")" 3
	# u1 has one child, u2, drawn right below it; u2 likewise u3
	assert_line --regexp "^(├─|└─)$u1 "
	assert_line --regexp "^(│ |  )└─$u2 "
	assert_line --regexp "^(│ |  )  └─$u3 +[0-9-]+ +user +2 +${CHAIN[2]} .* sleep 1000$"
	# only user namespaces in a user tree
	refute_output --regexp ' (net|uts|ipc|mnt|pid|cgroup|time) +[0-9]+ '

	run "$NSJOIN" --tree=user --json
	assert_success
	assert_equal "$(tree_path "$output" "$u3")" "$host $u1 $u2 $u3"
	run python3 -c '
import json, sys
def check(nodes):
    for n in nodes:
        assert "children" in n and n["type"] == "user", n
        check(n["children"])
check(json.loads(sys.argv[1])["tree"])
print("ok")' "$output"
	assert_output ok
}

@test "--tree=user -t PID: the path from the top to the target's user namespace" {
	require_root
	start_chain 3 --user --map-root-user
	start_target --net	# another branch, not on the path
	local host u1 u2 u3
	host=$(nsid_of $$ user)
	u1=$(nsid_of "${CHAIN[0]}" user)
	u2=$(nsid_of "${CHAIN[1]}" user)
	u3=$(nsid_of "${CHAIN[2]}" user)
	run "$NSJOIN" --tree=user --json -t "${CHAIN[3]}"
	assert_success
	assert_equal "$(tree_path "$output" "$u3")" "$host $u1 $u2 $u3"
	run python3 -c '
import json, sys
t = json.loads(sys.argv[1])["tree"]
n = 0
while t:
    assert len(t) == 1, t
    n += 1
    t = t[0]["children"]
print(n)' "$output"
	assert_output 4
}

@test "--tree=user --type=net hangs each net namespace under its owner" {
	require_root
	start_target --user --map-root-user --net
	local user net
	user=$(nsid_of "$TARGET" user)
	net=$(nsid_of "$TARGET" net)
	run "$NSJOIN" --tree=user --type=net
	assert_success
	assert_equal "$(tree_depth "$output" "$user")" 1
	assert_equal "$(tree_depth "$output" "$net")" 2
	assert_line --regexp "^(│ |  )└─$net +[0-9-]+ +net +2 "

	run "$NSJOIN" --tree=user --type=net --json
	assert_success
	assert_equal "$(tree_path "$output" "$net")" "$(nsid_of $$ user) $user $net"
	refute_output --partial '"type": "uts"'
}

# --- pid namespaces ------------------------------------------------------------

@test "--list: PARENT of nested pid namespaces, and their processes" {
	require_root
	start_chain 3 --pid --mount-proc
	local host p1 p2 p3 json i
	host=$(nsid_of $$ pid)
	p1=$(nsid_of "${CHAIN[1]}" pid)
	p2=$(nsid_of "${CHAIN[2]}" pid)
	p3=$(nsid_of "${CHAIN[3]}" pid)
	assert [ "$p1" != "$host" ]
	assert [ "$p2" != "$p1" ]
	assert [ "$p3" != "$p2" ]

	run "$NSJOIN" --list --json --type=pid
	assert_success
	json=$output
	assert_equal "$(json_get "$json" "$p1" parent)" "$host"
	assert_equal "$(json_get "$json" "$p2" parent)" "$p1"
	assert_equal "$(json_get "$json" "$p3" parent)" "$p2"
	# one process each: pid 1 of its namespace
	for i in 1 2 3; do
		local p
		p=$(nsid_of "${CHAIN[i]}" pid)
		assert_equal "$(json_get "$json" "$p" nprocs)" 1
		assert_equal "$(json_get "$json" "$p" pid)" "${CHAIN[i]}"
		assert_equal "$(json_get "$json" "$p" owner)" "$(nsid_of $$ user)"
	done
	run "$NSJOIN" --list --type=pid --output=NS,NSID,TYPE,NPROCS,PID,USER,ONS,PNS,OWNER-UID,COMMAND
	assert_success
	assert_line --regexp "^ *$p3 +[0-9-]+ +pid +1 +${CHAIN[3]} +root +[0-9]+ +$p2 +- +sleep 1000$"
}

@test "--tree=pid draws the nesting" {
	require_root
	start_chain 3 --pid --mount-proc
	local host p1 p2 p3
	host=$(nsid_of $$ pid)
	p1=$(nsid_of "${CHAIN[1]}" pid)
	p2=$(nsid_of "${CHAIN[2]}" pid)
	p3=$(nsid_of "${CHAIN[3]}" pid)
	run "$NSJOIN" --tree=pid
	assert_success
	assert_line --index 1 --regexp "^$host +"
	assert_equal "$(tree_depth "$output" "$p1")" 1
	assert_equal "$(tree_depth "$output" "$p2")" 2
	assert_equal "$(tree_depth "$output" "$p3")" 3
	assert_line --regexp "^(│ |  )  └─$p3 +[0-9-]+ +pid +1 +${CHAIN[3]} "
	refute_output --regexp ' (net|uts|ipc|mnt|user|cgroup|time) +[0-9]+ '

	run "$NSJOIN" --tree=pid --json
	assert_success
	assert_equal "$(tree_path "$output" "$p3")" "$host $p1 $p2 $p3"

	run "$NSJOIN" --tree=pid --json -t "${CHAIN[2]}"
	assert_success
	assert_equal "$(tree_path "$output" "$p2")" "$host $p1 $p2"
	assert_equal "$(tree_path "$output" "$p3")" missing
}

@test "--tree=pid --type=net is refused, saying why" {
	run "$NSJOIN" --tree=pid --type=net
	assert_failure 1
	assert_output --partial "--tree=pid draws pid namespaces only"
}

# --- --dot -----------------------------------------------------------------------

# A light syntax check: "digraph NAME {", then node, edge and comment lines,
# then "}".
check_dot() {
	python3 -c '
import re, sys
lines = sys.argv[1].splitlines()
assert re.fullmatch(r"digraph \w+ \{", lines[0]), lines[0]
assert lines[-1] == "}", lines[-1]
node = re.compile(r"\t+\"\d+\" \[shape=\w+, label=\"([^\"\\]|\\.)*\"\];")
edge = re.compile(r"\t+\"\d+\" -> \"\d+\"( \[style=(dashed|invis)\])?;")
sub = re.compile(r" *subgraph \"cluster_\d+\" \{| *label=\"user namespace \d+\";| *\}")
depth = 0
for l in lines[1:-1]:
    assert (node.fullmatch(l) or edge.fullmatch(l) or sub.fullmatch(l)
            or l.startswith("\t//") or l.startswith("\tnode [")
            or l.startswith("\tcompound=")), l
    depth += l.count("{") - l.count("}")
assert depth == 0
print("ok")' "$1"
}

@test "--dot: a digraph with the ownership and nesting edges" {
	require_root
	start_chain 3 --user --map-root-user --net
	local u1 u2 u3 host
	host=$(nsid_of $$ user)
	u1=$(nsid_of "${CHAIN[0]}" user)
	u2=$(nsid_of "${CHAIN[1]}" user)
	u3=$(nsid_of "${CHAIN[2]}" user)
	run "$NSJOIN" --list --dot
	assert_success
	assert_line --index 0 'digraph namespaces {'
	assert_equal "$(check_dot "$output")" ok
	assert_line "	\"$host\" -> \"$u1\";"
	assert_line "	\"$u1\" -> \"$u2\";"
	assert_line "	\"$u2\" -> \"$u3\";"
	# the innermost net namespace is drawn in the cluster of the innermost
	# user namespace, which owns it
	run python3 -c '
import re, sys
lines, u3, net = sys.argv[1].splitlines(), sys.argv[2], sys.argv[3]
start = lines.index(next(l for l in lines if l.strip() == "subgraph \"cluster_%s\" {" % u3))
depth, inside = 0, False
for l in lines[start:]:
    depth += l.count("{") - l.count("}")
    if re.match(r"\t+\"%s\" \[" % net, l) and depth == 1:
        inside = True
    if depth == 0:
        break
print("inside" if inside else "outside")' "$output" "$u3" "$(nsid_of "${CHAIN[3]}" net)"
	assert_output inside
	run "$NSJOIN" --list --dot
	if command -v dot >/dev/null; then
		dot -Tsvg <<<"$output" >/dev/null
	fi

	run "$NSJOIN" --tree=user --dot
	assert_success
	assert_equal "$(check_dot "$output")" ok
	assert_line "	\"$u2\" -> \"$u3\";"
	refute_output --partial 'style=dashed'
}

@test "--tree=pid --dot: the pid nesting edges" {
	require_root
	start_chain 2 --pid --mount-proc
	local p1 p2
	p1=$(nsid_of "${CHAIN[1]}" pid)
	p2=$(nsid_of "${CHAIN[2]}" pid)
	run "$NSJOIN" --tree=pid --dot
	assert_success
	assert_equal "$(check_dot "$output")" ok
	assert_line "	\"$(nsid_of $$ pid)\" -> \"$p1\";"
	assert_line "	\"$p1\" -> \"$p2\";"
}

# --- filters -----------------------------------------------------------------------

@test "--type=net lists net namespaces only" {
	require_root
	start_target --net --uts
	local net uts
	net=$(nsid_of "$TARGET" net)
	uts=$(nsid_of "$TARGET" uts)
	run "$NSJOIN" --list --type=net
	assert_success
	assert_line --regexp "^ *$net +[0-9-]+ +net "
	refute_line --regexp "^ *$uts "
	run python3 -c '
import json, sys
t = {n["type"] for n in json.loads(sys.stdin.read())["namespaces"]}
print(" ".join(sorted(t)))' < <("$NSJOIN" --list --type=net --json)
	assert_output net
	# --type=mount and --type=mnt are the same
	run "$NSJOIN" --list --type=mount
	assert_success
	assert_line --regexp "^ *$(nsid_of "$TARGET" mnt) +[0-9-]+ +mnt "
}

@test "-t PID lists that process's namespaces only, with host-wide counts" {
	require_root
	start_target --net --uts
	local f want got
	want=$(for f in "/proc/$TARGET/ns/"*; do
		[[ $f == *_for_children ]] || stat -L -c %i "$f"
	done | sort -n | tr '\n' ' ')
	run "$NSJOIN" --list --json -t "$TARGET"
	assert_success
	got=$(python3 -c '
import json, sys
print(" ".join(str(n["id"]) for n in json.loads(sys.argv[1])["namespaces"]) + " ")' "$output")
	assert_equal "$got" "$want"
	# nprocs counts every process in it, not only the target
	assert_equal "$(json_get "$output" "$(nsid_of "$TARGET" net)" nprocs)" 2

	run "$NSJOIN" --list -t "$TARGET" --type=net
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp "^ *$(nsid_of "$TARGET" net) +[0-9-]+ +net +2 "
}

@test "-t PID of no process fails with a message" {
	run --separate-stderr "$NSJOIN" --list -t 2147483647
	assert_failure 1
	assert_equal "$stderr" "nsjoin: no process 2147483647 (or it is a zombie, with no namespaces)"
}

# --- lsns's output options ----------------------------------------------------------

# lsns_same NSJOIN-OUTPUT LSNS-OUTPUT HOST-IDS: both --raw outputs of the
# same columns, with the rows of HOST-IDS (the host's namespaces, whose
# counts move with every process the machine starts) left out and lsns's
# own conventions undone: PNS "0" where there is no parent (nsjoin: empty),
# and the tree it draws in COMMAND for a process whose parent is listed.
# Prints "same", or both sides.
lsns_same() {
	python3 -c '
import re, sys
mine, theirs, host, cols = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split(",")
tree = re.compile(r"^(\\xe2\\x94\\x82|\\xe2\\x94\\x9c|\\xe2\\x94\\x94|\\xe2\\x94\\x80|\\x20)+")
def rows(text, lsns):
    out = []
    for line in text.splitlines():
        f = line.split(" ")
        assert len(f) == len(cols), line
        if f[0] in host:
            continue
        if lsns:
            f[cols.index("PNS")] = "" if f[cols.index("PNS")] == "0" else f[cols.index("PNS")]
            f[cols.index("COMMAND")] = tree.sub("", f[cols.index("COMMAND")])
        out.append(" ".join(f))
    return out
a, b = rows(mine, False), rows(theirs, True)
if a == b and a:
    print("same")
else:
    print("nsjoin:\n" + "\n".join(a) + "\nlsns:\n" + "\n".join(b))
' "$@"
}

host_ids() {
	local t
	for t in cgroup ipc mnt net pid time user uts; do
		nsid_of $$ "$t"
	done | tr '\n' ' '
}

@test "--output, --raw, --noheadings: every lsns column as lsns -p PID prints it, NSFS and NETNSID of an ip netns included" {
	require_root
	require_cmd lsns ip
	NETNS_NAME=nsj70o-$$
	ip netns add "$NETNS_NAME"
	ip netns set "$NETNS_NAME" auto
	_start_target ip netns exec "$NETNS_NAME" -- --user --map-root-user --uts --pid
	local cols=NS,TYPE,PATH,NPROCS,PID,PPID,USER,UID,COMMAND,NETNSID,NSFS,PNS,ONS mine theirs
	mine=$("$NSJOIN" --list -t "$TARGET" --output="$cols" --raw --noheadings)
	theirs=$(lsns -p "$TARGET" --output="$cols" --raw --noheadings)
	run lsns_same "$mine" "$theirs" "$(host_ids)" "$cols"
	assert_output same
	# the net namespace's row: its id here, its ip netns file, no parent
	run grep "^$(nsid_of "$TARGET" net) " <<<"$mine"
	assert_output --regexp "^[0-9]+ net .* [0-9]+ /run/netns/$NETNS_NAME  [0-9]+$"
	# the same columns in lower case, and --json with the chosen fields only
	run "$NSJOIN" --list -t "$TARGET" --output=ns,nsfs --json
	assert_success
	assert_line --regexp "^  \{\"id\": $(nsid_of "$TARGET" net), \"nsfs\": \[\"/run/netns/$NETNS_NAME\"\]\},?$"
}

@test "--type=net,pid and --type=net --type=pid: the namespaces lsns -t net -t pid lists" {
	require_root
	require_cmd lsns
	start_target --net --pid --uts
	local mine theirs i
	# the host may start a process between the two runs: three tries
	for ((i = 0; i < 3; i++)); do
		mine=$("$NSJOIN" --list --type=net,pid --output=NS,TYPE,PID --raw --noheadings)
		theirs=$(lsns -t net -t pid --output=NS,TYPE,PID --raw --noheadings)
		[[ $mine == "$theirs" ]] && break
	done
	assert_equal "$mine" "$theirs"
	# given twice, the types add up, as lsns's -t
	assert_equal "$("$NSJOIN" --list --type=net --type=pid --output=NS,TYPE,PID --raw --noheadings)" "$mine"
	run printf '%s\n' "$mine"
	assert_line --regexp "^$(nsid_of "$TARGET" net) net [0-9]+$"
	assert_line "$(nsid_of "$TARGET" pid) pid $TARGET"
	refute_line --regexp "^$(nsid_of "$TARGET" uts) "
	local bad
	for bad in net,bogus net,,pid 'net,' ''; do
		run "$NSJOIN" --list --type="$bad"
		assert_failure 1
		assert_output --regexp "^nsjoin: invalid --type '(bogus|)': expected one of cgroup, ipc, mnt, net, pid, time, user, uts$"
	done
}

# tree_edges TREE: "NS TYPE PARENT" for each line of a drawn tree (the
# NS and TYPE columns), sorted: the tree's shape, whatever the order of
# siblings (lsns adds them as it finds them, nsjoin by id).
tree_edges() {
	python3 -c '
import sys
stack, out = [], []
for line in sys.argv[1].splitlines():
    rest = line.lstrip("\u2502\u251c\u2514\u2500 ")
    depth = (len(line) - len(rest)) // 2
    ns, typ = rest.split()[:2]
    del stack[depth:]
    out.append("%s %s %s" % (ns, typ, stack[-1] if stack else "-"))
    stack.append(ns)
print("\n".join(sorted(out)))' "$1"
}

@test "--tree=user draws the tree lsns --tree=parent draws; --type=net, the one lsns --tree=owner draws" {
	require_root
	require_cmd lsns
	start_chain 3 --user --map-root-user --net
	local mine theirs i
	# the host may start or end a process between the two runs: three tries
	for ((i = 0; i < 3; i++)); do
		mine=$(tree_edges "$("$NSJOIN" --tree=user --output=NS,TYPE --noheadings)")
		theirs=$(tree_edges "$(lsns --tree=parent -t user --output=NS,TYPE --noheadings)")
		[[ $mine == "$theirs" ]] && break
	done
	assert_equal "$mine" "$theirs"
	for ((i = 0; i < 3; i++)); do
		mine=$(tree_edges "$("$NSJOIN" --tree=user --type=net --output=NS,TYPE --noheadings)")
		theirs=$(tree_edges "$(lsns --tree=owner -t user -t net --output=NS,TYPE --noheadings)")
		[[ $mine == "$theirs" ]] && break
	done
	assert_equal "$mine" "$theirs"
	# the innermost net namespace hangs under the innermost user namespace
	run printf '%s\n' "$mine"
	assert_line "$(nsid_of "${CHAIN[3]}" net) net $(nsid_of "${CHAIN[3]}" user)"
	assert_line "$(nsid_of "${CHAIN[2]}" user) user $(nsid_of "${CHAIN[1]}" user)"
}

@test "--output=help names lsns's columns as lsns does; --output-all shows every column; +LIST adds to the defaults" {
	require_cmd lsns
	local line
	run "$NSJOIN" --list --output=help
	assert_success
	# every column lsns lists, with lsns's words
	while IFS= read -r line; do
		assert_line "$line"
	done < <(lsns --help | sed -n '/^Available output columns:/,/^$/p' | grep -E '^ +[A-Z]')
	local all
	all=$(sed -n 's/^ *\([A-Z-]*\)  .*/\1/p' <<<"$output" | tr '\n' ' ')
	assert_equal "$all" "NS NSID TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS OWNER-UID HOLDER "
	run "$NSJOIN" --list --output-all -t $$
	assert_success
	assert_equal "$(sed 's/^ *//; s/  */ /g' <<<"${lines[0]}") " "$all"
	# lsns's, in lsns's order, with ours (NSID, OWNER-UID, HOLDER) between
	local ours theirs
	ours=$(sed 's/^ *//; s/  */ /g; s/ NSID / /; s/ OWNER-UID / /; s/ HOLDER$//' <<<"${lines[0]}")
	theirs=$(lsns --output-all -p $$ | head -n 1 | sed 's/^ *//; s/  */ /g')
	assert_equal "$ours" "$theirs"
	run "$NSJOIN" --list --output=+PPID,uid -t $$
	assert_success
	assert_regex "${lines[0]}" '^ +NS +NSID +TYPE +NPROCS +PID +USER +COMMAND +PPID +UID$'
	run "$NSJOIN" --list --output=NS,BOGUS
	assert_failure 1
	assert_output "nsjoin: unknown column 'BOGUS' for --output (--output=help lists them)"
	run "$NSJOIN" --list --output=NS,
	assert_failure 1
	assert_output "nsjoin: unknown column '' for --output (--output=help lists them)"
	run "$NSJOIN" --list --noheadings --output=NS -t $$
	assert_success
	assert_equal "${#lines[@]}" 8
	assert_line --index 0 --regexp '^[0-9]+$'
}

@test "--raw: one line per namespace, blanks as \\x20, unknown values empty, no tree; --nowrap joins the bind mounts of NSFS with commas" {
	require_root
	require_cmd ip
	NETNS_NAME=nsj70r-$$
	ip netns add "$NETNS_NAME"
	local net second
	net=$(stat -L -c %i "/run/netns/$NETNS_NAME")
	second=$BATS_TEST_TMPDIR/second-name
	touch "$second"
	mount --bind "/run/netns/$NETNS_NAME" "$second"
	BIND_MOUNT=$second
	run "$NSJOIN" --list --type=net --output=NS,PID,NSFS,COMMAND --raw --noheadings
	assert_success
	assert_line --regexp "^$net  /run/netns/$NETNS_NAME,$second \\[bind\\\\x20mount\\\\x20[^ ]*\\]\$"
	# the table: one bind mount a line in the NSFS column, nothing cut
	run "$NSJOIN" --list --type=net --output=NS,NSFS,PID
	assert_success
	assert_line --regexp "^$net /run/netns/$NETNS_NAME +-\$"
	assert_line --regexp "^ +$second *\$"
	run "$NSJOIN" --list --type=net --output=NS,NSFS --nowrap
	assert_success
	assert_line "$net /run/netns/$NETNS_NAME,$second"
	# a tree in raw form is the list: no drawing
	run "$NSJOIN" --tree=user --raw --noheadings --output=NS
	assert_success
	refute_output --partial '─'
}

@test "a zombie is counted where it still is, its pid and user namespaces, as lsns counts it" {
	require_root
	require_cmd lsns
	# sh forks "sleep 0", pid 1 of a new pid namespace, and becomes a
	# sleep that never reaps it: a zombie alone in its pid namespace,
	# gone from its mount, net... namespaces, still in its user namespace
	(cd / && exec unshare --user --map-root-user --pid sh -c 'sleep 0 & exec sleep 1000') \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	local up=$! zombie='' i t
	for ((i = 0; i < 500; i++)); do
		read -r zombie _ <"/proc/$up/task/$up/children" 2>/dev/null || true
		[[ -n $zombie && $(proc_state "$zombie") == Z ]] && break
		sleep 0.01
	done
	assert_equal "$(proc_state "$zombie")" Z
	local pidns userns cols=NS,TYPE,NPROCS,PID mine theirs
	pidns=$(nsid_of "$zombie" pid)
	userns=$(nsid_of "$up" user)
	# the types before pid in the table (user, net) are asked too
	for t in net,pid user,pid,net; do
		mine=$("$NSJOIN" --list --type="$t" --output="$cols" --raw --noheadings)
		local -a types
		read -r -a types <<<"${t//,/ -t }"
		theirs=$(lsns -t "${types[@]}" --output="$cols" --raw --noheadings)
		run printf '%s\n' "$mine"
		assert_line "$pidns pid 1 $zombie"
		run printf '%s\n' "$theirs"
		assert_line "$pidns pid 1 $zombie"
	done
	run "$NSJOIN" --list --output="$cols" --raw --noheadings
	assert_line "$pidns pid 1 $zombie"
	assert_line "$userns user 2 $up"
}

@test "--raw, --json and --dot exclude each other; the list options need --list or --tree" {
	run "$NSJOIN" --list --raw --json
	assert_failure 1
	assert_line --index 0 "nsjoin: --raw and --json are mutually exclusive"
	run "$NSJOIN" --output=NS true
	assert_failure 1
	assert_line --index 0 "nsjoin: --dot, --type, --output, --output-all, --noheadings, --raw and --nowrap need --list or --tree"
}

# --list --dot for a busy host, as a person sees it: rendered by graphviz.
# PNG: width and height are the big-endian words at bytes 16 and 20.
png_size() {
	python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n"
print("%d %d" % struct.unpack(">II", d[16:24]))' "$1"
}

@test "--list --dot for forty namespaces renders as a picture a person can read: a block, not a row" {
	require_root
	require_cmd dot
	local i w h
	# five container-like targets (five namespaces each), a 2-deep user
	# chain, two ip netns: about fifty namespaces with the host's
	for ((i = 0; i < 5; i++)); do
		start_target --net --uts --ipc --mount --pid
	done
	start_chain 2 --user --map-root-user --net
	NETNS_NAME=nsj70d-$$
	ip netns add "$NETNS_NAME"
	"$NSJOIN" --list --dot >"$BATS_TEST_TMPDIR/ns.dot"
	dot -Tpng -o "$BATS_TEST_TMPDIR/ns.png" "$BATS_TEST_TMPDIR/ns.dot"
	read -r w h < <(png_size "$BATS_TEST_TMPDIR/ns.png")
	echo "# --list --dot: ${w}x${h} pixels" >&3
	# forty nodes in a row made 12512x687 pixels: now a block, at most four
	# times as wide as it is tall, and narrower than 6000 pixels
	[ "$w" -le $((4 * h)) ]
	[ "$w" -le 6000 ]
	# and the picture is drawn the way the man page says: a cluster per
	# user namespace, around what it owns
	grep -q "subgraph \"cluster_$(nsid_of $$ user)\"" "$BATS_TEST_TMPDIR/ns.dot"
	grep -q "subgraph \"cluster_$(nsid_of "${CHAIN[1]}" user)\"" "$BATS_TEST_TMPDIR/ns.dot"
}

# --- a terminal 80 columns wide ---------------------------------------------------

@test "an 80-column terminal: --list and --tree lines fit, a long command is cut with …, wide characters counted as two columns, none wraps" {
	require_root
	require_cmd tmux ip
	# shellcheck disable=SC2034 # read by terminal.bash
	TMUX_SOCK="nsj70-$$-$BATS_TEST_NUMBER"
	local long
	long=$(printf 'long-command-%.0s' {1..11})
	# a command line of 190 characters, an ip netns name of 57
	# shellcheck disable=SC2016 # expanded by the inner bash
	_start_target bash -c 'exec -a "$0" "$@"' "$long" -- --net --uts
	# and one whose command is 60 characters two columns wide each
	local wide_target=$TARGET
	# shellcheck disable=SC2016 # expanded by the inner bash
	_start_target bash -c 'exec -a "$0" "$@"' "$(printf '漢%.0s' {1..60})" -- --net --ipc
	local wide=$TARGET
	TARGET=$wide_target
	NETNS_NAME=nsj70w-$(printf 'n%.0s' {1..50})
	ip netns add "$NETNS_NAME"
	start_shell 80
	local i=0 cmd row joined plain
	for cmd in "--list" "--list --type=net" "--tree=user --type=net,uts" "--list --output=NS,TYPE,PID,COMMAND,NSFS"; do
		i=$((i + 1))
		row=$(nsid_of "$TARGET" uts)
		[[ $cmd == *type=net ]] && row=$(nsid_of "$TARGET" net)
		type_line "clear; \"\$NSJOIN\" $cmd; echo END-$i-\$?"
		wait_lines "^END-$i-"
		# capture-pane -J joins the lines the terminal wrapped (and keeps
		# trailing blanks): the same text with and without it means that
		# no line wrapped
		joined=$(tmx capture-pane -p -J -t nsj | sed 's/ *$//')
		plain=$(tmx capture-pane -p -t nsj | sed 's/ *$//')
		assert_equal "$joined" "$plain"
		run printf '%s\n' "$plain"
		assert_line "END-$i-0"
		# the target's row, its command cut with an ellipsis
		assert_line --regexp "^[^0-9]*$row .* long-c[a-z-]*…( |$)"
		# the ip netns's row (not in the tree of uts)
		[[ $cmd == *uts ]] || assert_line --regexp "^ *[0-9]+ .*/run/netns/nsj70w-n+.*…"
		# the wide command, cut to fit too
		[[ $cmd == *uts ]] || assert_line --regexp "^[^0-9]*$(nsid_of "$wide" net) .* 漢+…( |$)"
	done
	# not a terminal: nothing cut
	run "$NSJOIN" --list
	assert_line --regexp "^ *$(nsid_of "$TARGET" uts) .* $long --net --uts --fork --kill-child -- sleep 1000$"
}

# --- degrading -----------------------------------------------------------------------

@test "--list as nobody: no error, its own namespaces at least, and a note that the view is partial" {
	require_root
	unpriv_binary
	start_target --net	# root's: hidden from nobody by the ptrace rules
	run --separate-stderr as_nobody "$NSJOIN" --list --json
	assert_success
	[[ $stderr =~ ^"nsjoin: note: "[0-9]+" process"(es)?" of other users could not be looked at (not root): the view and the counts are partial"$ ]]
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
	assert_equal "$(json_get "$output" "$(nsid_of $$ net)" type)" '"net"'
	assert_equal "$(json_get "$output" "$(nsid_of "$TARGET" net)" type)" missing
}

@test "--list while processes come and go: every run succeeds" {
	require_root
	# a burst of short-lived processes, some in namespaces of their own
	(
		end=$((SECONDS + 3))
		while ((SECONDS < end)); do
			/bin/true & unshare --net --uts /bin/true & wait
		done
	) </dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	local i
	for ((i = 0; i < 20; i++)); do
		run "$NSJOIN" --list --json
		assert_success
		python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$output"
	done
}

@test "--list: output errors are reported" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr "$NSJOIN" --list
	assert_success
	# shellcheck disable=SC2016 # $NSJOIN is expanded by the inner bash
	run --separate-stderr bash -c 'exec "$NSJOIN" --list >/dev/full'
	assert_failure 1
	assert_equal "$stderr" "nsjoin: write error: No space left on device"
}
