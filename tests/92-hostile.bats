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

# stderr is set by bats' run --separate-stderr
# shellcheck disable=SC2154

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
	local i
	unshare --net python3 -c '
import ctypes, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)  # PR_SET_NAME
time.sleep(1000)
' "$EVIL_COMM" </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	for ((i = 0; i < 500; i++)); do
		[[ $(cat "/proc/$TARGET/comm" 2>/dev/null) == "$EVIL_COMM" ]] && return 0
		sleep 0.01
	done
	echo "start_evil_comm: no process named so after 5 s" >&2
	return 1
}

# A sleep in a net namespace of its own whose command line holds a C1
# control in UTF-8 (U+009B, the 8-bit CSI), a lone 0xff and a newline.
start_evil_cmdline() {
	require_cmd python3
	local i
	unshare --net python3 -c '
import os
os.execv("/bin/sleep", [b"\x1b[31m\xc2\x9b2J\xff\nforged", b"1000"])
' </dev/null >/dev/null 2>&1 3>&- &
	TARGET=$!
	track_pid "$TARGET"
	for ((i = 0; i < 500; i++)); do
		[[ $(cat "/proc/$TARGET/comm" 2>/dev/null) == sleep ]] && return 0
		sleep 0.01
	done
	echo "start_evil_cmdline: the sleep did not start" >&2
	return 1
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

@test "H39: messages escape a C1 control sent as UTF-8 (U+009B) and DEL" {
	run --separate-stderr "$NSJOIN" --net=$'/nonexistent/\xc2\x9b2J\x7f' true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/\\xc2\\x9b2J\\x7f' for --net: No such file or directory"
}
