#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 92-hostile: HAZARDS.md 33 to 40, "hostile targets and neighbours".  The
# caller is root; the target, its files and any directory an ordinary user
# can write are the attacker's.  Each test carries out an attack of issue
# 12 against the built nsjoin (an unprivileged user the test creates or
# nobody, a hostile comm, a FIFO-filled /proc, ...) and fails without the
# fix.  Lines 35 to 37 are tested next to their options (50-creds,
# 40-context, 20-join); the hazard map of 90-hazards names every test.

# stderr is set by bats' run --separate-stderr; TARGET is set by the
# helpers in each test's own shell
# shellcheck disable=SC2154,SC2030,SC2031

load helpers

bats_require_minimum_version 1.5.0

NETNS_NAME=

teardown() {
	stop_targets
	if [[ -n $NETNS_NAME ]]; then
		ip netns delete "$NETNS_NAME" 2>/dev/null || true
	fi
}

ESC=$'\e'
# what a hostile process names itself: set the terminal's title, clear it
EVIL_COMM=$'\e]0;PWN\a\e[2J'
EVIL_COMM_SHOWN='\x1b]0;PWN\x07\x1b[2J'

# A target in a net namespace of its own (so that it is the namespace's
# lowest pid) whose comm is EVIL_COMM.
start_evil_comm() {
	require_cmd python3
	unshare --net python3 -c '
import ctypes, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)  # PR_SET_NAME
time.sleep(1000)
' "$EVIL_COMM" </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	wait_comm "$TARGET" "$EVIL_COMM"
}

# A sleep in a net namespace of its own whose command line holds a C1
# control in UTF-8 (U+009B, the 8-bit CSI), a lone 0xff and a newline.
start_evil_cmdline() {
	require_cmd python3
	unshare --net python3 -c '
import os
os.execv("/bin/sleep", [b"\x1b[31m\xc2\x9b2J\xff\nforged", b"1000"])
' </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	wait_comm "$TARGET" sleep
}

# --- 39: every byte from a target is escaped, on every output path -----------

@test "H39: --show prints a hostile comm escaped (text), as the comm's very bytes (JSON)" {
	require_root
	start_evil_comm
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --show true
	assert_success
	assert_line --index 0 "target: process $TARGET ($EVIL_COMM_SHOWN)"
	[[ $output != *"$ESC"* ]]
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --show --json true
	assert_success
	[[ $output != *"$ESC"* ]]
	[[ $output == *'"command": "\u001b]0;PWN\u0007\u001b[2J"'* ]]
	run python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["target"]["command"] == sys.argv[1])' \
		"$EVIL_COMM" <<<"$output"
	assert_output True
}

@test "H39: --each=net headers show a hostile comm and a hostile /run/netns name escaped" {
	require_root
	require_cmd ip
	start_evil_comm
	NETNS_NAME=nsjoin-$$-$'\e[2J\xc2\x9b'
	ip netns add "$NETNS_NAME" || skip "ip netns add refuses a name with control bytes"
	local ino
	ino=$(stat -L -c %i "/run/netns/$NETNS_NAME")
	# --each visits every net namespace of the host: only true runs there
	run --separate-stderr "$NSJOIN" --each=net true
	assert_success
	assert_line "=== net $(nsid_of "$TARGET" net): process $TARGET ($EVIL_COMM_SHOWN)"
	assert_line "=== net $ino: /run/netns/nsjoin-$$-\\x1b[2J\\xc2\\x9b"
	[[ $output != *"$ESC"* && $output != *$'\xc2\x9b'* ]]
}

@test "H39: --list text escapes C0, C1 (UTF-8) and invalid bytes of a command line; JSON keeps each byte" {
	require_root
	start_evil_cmdline
	run --separate-stderr "$NSJOIN" --list -t "$TARGET" --type=net
	assert_success
	assert_line --partial '\x1b[31m\xc2\x9b2J\xff\x0aforged 1000'
	[[ $output != *"$ESC"* && $output != *$'\xc2\x9b'* && $output != *$'\xff'* ]]
	# one line per namespace: the newline forged nothing
	assert_equal "${#lines[@]}" 2
	run --separate-stderr "$NSJOIN" --list -t "$TARGET" --type=net --json
	assert_success
	[[ $output == *'"\u001b[31m\u009b2J\\xff\u000aforged 1000"'* ]]
	run python3 -c 'import json, sys; json.loads(sys.stdin.read()); print("valid")' <<<"$output"
	assert_output valid
}

@test "H39: --tree and --dot escape a hostile command line too" {
	require_root
	start_evil_cmdline
	run --separate-stderr "$NSJOIN" --tree=user --type=net -t "$TARGET"
	assert_success
	assert_output --partial '\x1b[31m\xc2\x9b2J\xff\x0aforged 1000'
	[[ $output != *"$ESC"* && $output != *$'\xc2\x9b'* && $output != *$'\xff'* ]]
	run --separate-stderr "$NSJOIN" --list --dot -t "$TARGET" --type=net
	assert_success
	assert_output --partial '\\x1b[31m\\xc2\\x9b2J\\xff\\x0aforged 1000'
	[[ $output != *"$ESC"* && $output != *$'\xc2\x9b'* && $output != *$'\xff'* ]]
}

@test "H39: invisible characters that change how a line reads (U+202E, U+200B, U+061C) are shown as their bytes; JSON as \\u escapes" {
	require_root
	require_cmd python3
	unshare --net python3 -c '
import os
os.execv("/bin/sleep", ["txt.\u202eexe\u200bx\u061c".encode(), b"1000"])
' </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	wait_comm "$TARGET" sleep
	run --separate-stderr "$NSJOIN" --list -t "$TARGET" --type=net --output=NS,COMMAND
	assert_success
	assert_line --partial 'txt.\xe2\x80\xaeexe\xe2\x80\x8bx\xd8\x9c 1000'
	[[ $output != *$'\u202e'* && $output != *$'\u200b'* && $output != *$'\u061c'* ]]
	run --separate-stderr "$NSJOIN" --list -t "$TARGET" --type=net --output=NS,COMMAND --json
	assert_success
	assert_output --partial '"txt.\u202eexe\u200bx\u061c 1000"'
	# messages too
	run --separate-stderr "$NSJOIN" --net=$'/nonexistent/a\u202eb' true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/a\\xe2\\x80\\xaeb' for --net: No such file or directory"
}

@test "H39: a bind mount whose path holds newlines is one NSFS value, escaped, in the table, --nowrap, --raw and JSON" {
	require_root
	start_target --net
	# in a mount namespace of the test's own: a path with newlines,
	# bind-mounted from the target's net namespace
	cat >"$BATS_TEST_TMPDIR/inner.sh" <<'EOF'
nsjoin=$1 target=$2
mount -t tmpfs none /mnt || exit 3
f=$'/mnt/a\nb\nc\nd\ne\nf'
touch "$f" && mount --bind "/proc/$target/ns/net" "$f" || exit 3
"$nsjoin" --list -t "$target" --type=net --output=NS,NSFS
"$nsjoin" --list -t "$target" --type=net --output=NS,NSFS --nowrap --noheadings
"$nsjoin" --list -t "$target" --type=net --output=NS,NSFS --raw --noheadings
"$nsjoin" --list -t "$target" --type=net --output=NSFS --json
EOF
	run --separate-stderr unshare --mount --propagation private bash "$BATS_TEST_TMPDIR/inner.sh" "$NSJOIN" "$TARGET"
	assert_success
	local net
	net=$(nsid_of "$TARGET" net)
	assert_line --index 0 --regexp '^ +NS NSFS +$|^ +NS NSFS$'
	assert_line --index 1 "$net /mnt/a\\x0ab\\x0ac\\x0ad\\x0ae\\x0af"
	assert_line --index 2 "$net /mnt/a\\x0ab\\x0ac\\x0ad\\x0ae\\x0af"
	assert_line --index 3 "$net /mnt/a\\x0ab\\x0ac\\x0ad\\x0ae\\x0af"
	assert_line --index 5 '  {"nsfs": ["/mnt/a\u000ab\u000ac\u000ad\u000ae\u000af"]}'
}

@test "H39: messages escape a C1 control sent as UTF-8 (U+009B) and DEL" {
	run --separate-stderr "$NSJOIN" --net=$'/nonexistent/\xc2\x9b2J\x7f' true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/\\xc2\\x9b2J\\x7f' for --net: No such file or directory"
}

# --- 40: nothing opened by path after the first setns; SIGTERM ends a run ----

# A target in mount, net and uts namespaces of its own whose /proc is a
# tmpfs full of FIFOs where nsjoin's own files would be: /proc/self,
# /proc/thread-self and /proc/N for the next 2000 pids, each with status,
# stat, environ, cgroup, the id maps, attr/exec, ns/* ... as FIFOs; and
# /proc/sys/kernel.  Opening any of them for reading blocks forever.
start_fifo_proc_target() {
	require_cmd python3
	(cd / && exec unshare --mount --net --uts --fork --kill-child python3 -c '
import os
last = int(open("/proc/sys/kernel/ns_last_pid").read())
import socket
socket.sethostname("fifo-target")
os.system("mount -t tmpfs -o mode=0755 fifoproc /proc")
names = ["status", "stat", "environ", "cgroup", "mountinfo", "uid_map",
         "gid_map", "setgroups", "comm", "cmdline", "limits", "oom_score_adj",
         "attr/exec", "attr/current", "ns/net", "ns/mnt", "ns/user", "ns/uts",
         "ns/pid", "ns/ipc", "ns/cgroup", "ns/time", "fd/0"]
def fill(d):
    for sub in ("ns", "attr", "fd"):
        os.makedirs(d + "/" + sub, exist_ok=True)
    for n in names:
        os.mkfifo(d + "/" + n)
fill("/proc/self")
fill("/proc/thread-self")
os.makedirs("/proc/sys/kernel")
for n in ("cap_last_cap", "ns_last_pid", "overflowuid"):
    os.mkfifo("/proc/sys/kernel/" + n)
for pid in range(last, last + 2000):
    fill("/proc/%d" % pid)
os.execv("/bin/sleep", ["sleep", "1000"])
') </dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	TARGET=$(child_with_comm $! sleep)
	# really hostile: its /proc is not a procfs
	[[ $(stat -f -c %T "/proc/$TARGET/root/proc") == tmpfs ]]
}

@test "H40: a target whose /proc is full of FIFOs: -m with --caps, -S --keep-caps, -p, -a and --as-target all finish" {
	require_root
	start_fifo_proc_target
	# the program runs there too: it may only look at what needs no /proc
	# (timeout -s KILL: a hang is a failure, not a stuck suite)
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" -m -n -u --caps=-all "$PROBE" hostname
	assert_success
	assert_output fifo-target
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" -m -u -S 1000 -G 1000 --keep-caps "$PROBE" uid hostname
	assert_success
	assert_output "1000 1000 1000"$'\n'"fifo-target"
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" -a -p --caps=-all,+net_raw "$PROBE" hostname
	assert_success
	assert_output fifo-target
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" --as-target "$PROBE" hostname uid
	assert_success
	assert_output "fifo-target"$'\n'"0 0 0"
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" -a --show
	assert_success
}

@test "H40: a target in a user namespace whose /proc is full of FIFOs: -U -m --keep-caps and --as-target finish" {
	require_root
	require_userns
	require_cmd python3
	(cd / && exec unshare --user --map-root-user --mount --uts --fork --kill-child python3 -c '
import os, socket
last = int(open("/proc/sys/kernel/ns_last_pid").read())
socket.sethostname("fifo-target")
os.system("mount -t tmpfs -o mode=0755 fifoproc /proc")
for d in ["/proc/self", "/proc/thread-self"] + ["/proc/%d" % p for p in range(last, last + 2000)]:
    os.makedirs(d + "/ns")
    for n in ("status", "stat", "uid_map", "gid_map", "setgroups", "ns/user", "ns/mnt"):
        os.mkfifo(d + "/" + n)
os.makedirs("/proc/sys/kernel")
os.mkfifo("/proc/sys/kernel/cap_last_cap")
os.execv("/bin/sleep", ["sleep", "1000"])
') </dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	TARGET=$(child_with_comm $! sleep)
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" -U -m -u --keep-caps "$PROBE" uid hostname
	assert_success
	assert_output "0 0 0"$'\n'"fifo-target"
	run timeout -s KILL 10 "$NSJOIN" -t "$TARGET" --as-target --caps=-all "$PROBE" uid hostname
	assert_success
	assert_output "0 0 0"$'\n'"fifo-target"
}

# The same as a rule: from the first setns on, the strace log of nsjoin (and
# its child) has no open, openat, openat2, socket or connect, for every
# option that reads or sets something of the process.
@test "H40: after the first setns nothing is opened by path: --caps, -S -G --keep-caps, -U, -p, --as-target, -e, -c" {
	require_root
	require_cmd strace
	require_cgroup2
	local log=$BATS_TEST_TMPDIR/strace.log args calls t u
	start_target --mount --net --uts --pid
	t=$TARGET
	start_target --user --map-root-user --mount --net --uts
	u=$TARGET
	local -a runs=(
		"-t $t -m -n --caps=-all,+net_raw -S 1000 -G 1000"
		"-t $t -a -p --keep-caps -S 0 -G 0 -e -r -w -c"
		"-t $t -a --as-target --no-new-privs"
		"-t $t -a --as-target --caps=-all --keep-caps -S 1000"
		"-t $u -a --keep-caps"
		"-t $u --as-target --caps=-all"
		"--net=/proc/$t/ns/net -t $u -U -m --preserve-credentials"
	)
	for args in "${runs[@]}"; do
		# shellcheck disable=SC2086 # the runs are split into words
		run timeout 20 strace -f -qq -o "$log" "$NSJOIN" $args "$PROBE" ns:net
		assert_success
		calls=$(awk '/setns\(/ { s = 1 } s' <<<"$(nsjoin_calls "$log" "$PROBE")")
		[[ -n $calls ]]
		if grep -E '(open|openat|openat2|socket|connect)\(' <<<"$calls"; then
			fail "nsjoin $args opened a file after the first setns (above)"
		fi
	done
}

# Until the program runs, a signal passed on to the child must reach it at
# once: the child blocks none (the --as-target child had SIGTERM blocked,
# so when it hung only SIGKILL ended it).
@test "H40: from fork to exec the child blocks no signal (a SIGTERM passed on ends it at once)" {
	require_root
	require_cmd strace
	start_target --pid --net
	local st nsj child comm
	# the child is held for 3 s at its setresuid(), a point before exec
	timeout 20 strace -f -qq -o /dev/null -e trace=setresuid \
		-e inject=setresuid:delay_enter=3000000 \
		"$NSJOIN" -t "$TARGET" -p -n --as-target "$PROBE" ns:net \
		</dev/null >/dev/null 2>&1 3>&- &
	track_pid $!
	st=$(child_with_comm $! strace)
	nsj=$(child_with_comm "$st" nsjoin)
	child=$(child_with_comm "$nsj" nsjoin)
	sleep 0.5
	comm=$(cat "/proc/$child/comm")
	assert_equal "$comm" nsjoin	# still before the exec
	assert_equal "$(awk '/^SigBlk:/ { print $2 }' "/proc/$child/status")" 0000000000000000
}

@test "H38: --show fails where the run would: an unknown capability, exit 1, the same message" {
	require_root
	start_target --net
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --caps=+bogus true
	assert_failure 1
	local msg=$stderr
	assert_equal "$msg" "nsjoin: invalid --caps entry 'bogus': unknown capability"
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --caps=+bogus --show true
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
}
