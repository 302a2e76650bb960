#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 45-show: --show, the plan printed instead of carried out (show.c): text
# and JSON, what each entry says (its ids, whether joining it changes
# anything), and that it fails wherever the run would fail before the
# program runs.  Escaping of what a target names is in 92-hostile.

# stderr is set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

# json EXPR: evaluate the Python expression EXPR on the JSON in $output (as j)
json() {
	python3 -c 'import json, sys; j = json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' \
		"$1" <<<"$output"
}

@test "--show: the target, one row per namespace in join order (root: the user namespace last), then what else changes" {
	require_root
	start_target --net --uts
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n -u -U -S 1000 -G 1000 --show "$PROBE" uid
	assert_success
	assert_equal "${lines[0]}" "target: process $TARGET (sleep)"
	assert_equal "${lines[1]}" "TYPE    ID          NSID    OWNER       ACTION SOURCE"
	assert_line --index 2 --regexp "^uts +$(nsid_of "$TARGET" uts) .* join +'/proc/$TARGET/ns/uts'\$"
	assert_line --index 3 --regexp "^net +$(nsid_of "$TARGET" net) .* join +'/proc/$TARGET/ns/net'\$"
	assert_line --index 4 --regexp "^user +$(nsid_of "$TARGET" user) .* skip +'/proc/$TARGET/ns/user' \\(already in this user namespace\\)\$"
	assert_line "uid:     1000"
	assert_line "gid:     1000"
	assert_line "groups:  cleared"
	assert_line "fork:    no"
	assert_line "program: '$PROBE' 'uid'"
}

@test "--show joins nothing and runs nothing" {
	require_root
	require_cmd strace
	start_target --net --pid
	run strace -f -qq -o "$BATS_TEST_TMPDIR/log" -e trace=setns,execve,clone,clone3,fork \
		"$NSJOIN" -t "$TARGET" -a --show "$PROBE" uid
	assert_success
	run grep -cE 'setns\(|clone|fork|execve\("'"$PROBE" "$BATS_TEST_TMPDIR/log"
	assert_output 0
}

@test "--show: a namespace the caller is already in is marked, as no change (JSON: \"changes\": false)" {
	require_root
	start_target --net
	run --separate-stderr "$NSJOIN" -t "$TARGET" -a --show true
	assert_success
	assert_line --regexp "^net +$(nsid_of "$TARGET" net) .* join +'/proc/$TARGET/ns/net'\$"
	assert_line --regexp "^uts +$(nsid_of $$ uts) .* join +'/proc/$TARGET/ns/uts' \\(already in it: no change\\)\$"
	run --separate-stderr "$NSJOIN" -t "$TARGET" -a --show --json true
	assert_success
	assert_equal "$(json '[(e["type"], e["changes"]) for e in j["plan"] if e["type"] in ("net", "uts", "user")]')" \
		"[('uts', False), ('net', True), ('user', False)]"
}

@test "--show --json: every documented field, ids as the kernel says" {
	require_root
	start_target --net --uts
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n -u -r -w -e --show --json "$PROBE" uid
	assert_success
	assert_equal "$(json 'sorted(j)')" \
		"['as_target', 'caps', 'cgroup', 'cgroups', 'clear_groups', 'cwd', 'env', 'env_callers', 'env_dropped', 'fork', 'gid', 'groups', 'no_new_privs', 'plan', 'program', 'root', 'target', 'uid']"
	assert_equal "$(json 'sorted(j["plan"][0])')" \
		"['action', 'changes', 'id', 'nsid', 'owner', 'reason', 'source', 'type']"
	assert_equal "$(json 'j["target"]')" "{'pid': $TARGET, 'command': 'sleep'}"
	assert_equal "$(json '[(e["type"], e["id"]) for e in j["plan"]]')" \
		"[('uts', $(nsid_of "$TARGET" uts)), ('net', $(nsid_of "$TARGET" net))]"
	assert_equal "$(json 'j["root"], j["cwd"], j["env"], j["program"]')" \
		"('/proc/$TARGET/root', '/proc/$TARGET/cwd', 'target', ['$PROBE', 'uid'])"
}

@test "--show fails where the run would: a program not found (127) or not executable (126), with the run's message" {
	require_root
	start_target --net
	run -127 --separate-stderr "$NSJOIN" -t "$TARGET" -n nsjoin-no-such-program
	assert_failure 127
	local msg=$stderr
	run -127 --separate-stderr "$NSJOIN" -t "$TARGET" -n --show nsjoin-no-such-program
	assert_failure 127
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --show --json /etc/passwd
	assert_failure 126
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: failed to execute '/etc/passwd': Permission denied"
}

@test "--show looks for the program among the target's files when the program runs there; not in a mount namespace given as a file" {
	require_root
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root/bin"
	cp "$PROBE" "$root/bin/only-in-root"
	run --separate-stderr "$NSJOIN" -r"$root" --show /bin/only-in-root
	assert_success
	run -127 --separate-stderr "$NSJOIN" -r"$root" --show "$PROBE"
	assert_failure 127
	# a mount namespace from a file: where the program is cannot be known
	start_target --mount
	run --separate-stderr "$NSJOIN" --mount="/proc/$TARGET/ns/mnt" --show nsjoin-no-such-program
	assert_success
}

@test "--show on a kernel without openat2 (before 5.6, or a seccomp filter): the program among the target's files cannot be looked up safely, so it is not judged; the run finds it" {
	require_root
	require_cmd strace
	strace -f -qq -o /dev/null -e inject=getppid:error=EPERM true 2>/dev/null ||
		skip "strace cannot trace or inject faults here (ptrace denied?)"
	start_target --mount
	local log=$BATS_TEST_TMPDIR/strace.log err prog
	# ENOSYS: no such call; EPERM: what Docker's seccomp profile answers
	for err in ENOSYS EPERM; do
		for prog in "$PROBE" probe-by-path; do
			run --separate-stderr env PATH="${PROBE%/*}:$PATH" \
				strace -f -qq -o "$log" -e trace=openat2 -e inject=openat2:error=$err \
				"$NSJOIN" -t "$TARGET" -m --show "${prog/probe-by-path/probe}" ns:mnt
			assert_success
			grep -q "openat2(.*= -1 $err .* (INJECTED)" "$log"
		done
		# and the run, which finds it after setns, as execve does
		run --separate-stderr strace -f -qq -o "$log" -e trace=openat2 -e inject=openat2:error=$err \
			"$NSJOIN" -t "$TARGET" -m "$PROBE" ns:mnt
		assert_success
		assert_output "$(nsid_of "$TARGET" mnt)"
	done
}
