#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# valgrind memcheck over a representative set of runs: no invalid read or
# write, no use of uninitialised memory, no bad free (HAZARDS, issue 4).
# Leaks are not counted: nsjoin execs the program or exits.

load helpers

setup() {
	require_cmd valgrind
	# memcheck cannot see into a static glibc (its own internals look
	# uninitialised): .ci/run runs this file against a dynamic build
	local libs
	libs=$(ldd "$NSJOIN" 2>/dev/null) ||
		skip "memcheck needs a dynamically linked nsjoin (configure --disable-static-binary)"
	[[ $libs != *libasan* ]] ||
		skip "memcheck cannot run a build with AddressSanitizer (the sanitizer checks it)"
	VG=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=no
		--trace-children=no --quiet)
}

# memcheck ARGS...: nsjoin under valgrind; fails on any memcheck error.
memcheck() {
	run "${VG[@]}" "$NSJOIN" "$@"
	if [[ $status -eq 99 ]] || [[ $output == *"Invalid "* ]] ||
		[[ $output == *"uninitialised"* ]]; then
		echo "memcheck errors for: nsjoin $*" >&2
		echo "$output" >&2
		return 1
	fi
}

@test "memcheck: joining by target, by file, by id, with a fork" {
	require_root
	start_target --net --uts --pid --mount
	memcheck -t "$TARGET" -a "$PROBE" ns:net
	assert_success
	assert_line "$(nsid_of "$TARGET" net)"
	memcheck --net=/proc/"$TARGET"/ns/net -F -- "$PROBE" ns:net
	assert_success
	memcheck -t "$TARGET" -m -u -n -r -w -e -S 1000 -G 1000 "$PROBE" uid
	assert_success
	assert_line "1000 1000 1000"
}

@test "memcheck: --show --json, --list --json, --tree=user, --each" {
	require_root
	start_target --net --uts
	memcheck -t "$TARGET" -a --show --json
	assert_success
	memcheck --list --json
	assert_success
	memcheck --tree=user
	assert_success
	memcheck --each=uts "$PROBE" ns:uts
	assert_success
}

@test "memcheck: errors (bad values, bad files, bad options) and --help" {
	require_root
	memcheck -t 5x true
	assert_failure 1
	memcheck --net=/dev/null true
	assert_failure 1
	memcheck --no-such-option
	assert_failure 1
	memcheck --caps=-all,+nonexistent -n/proc/self/ns/net true
	assert_failure 1
	memcheck --help
	assert_success
}

@test "memcheck: --as-target and --container lookups" {
	require_root
	start_target --net --uts
	# valgrind keeps 12 descriptors of its own above the client's limit
	# and lets the client set RLIMIT_NOFILE only with the hard limit it
	# computed (the soft limit it started with): started with 512:524,
	# that is 512, the target's own
	prlimit --pid "$TARGET" --nofile=512:512
	local -a vg=("${VG[@]}")
	VG=(prlimit --nofile=512:524 "${vg[@]}")
	memcheck -t "$TARGET" --as-target "$PROBE" uid
	VG=("${vg[@]}")
	assert_success
	memcheck --container=0123456789abcdef true
	assert_failure 1
}
