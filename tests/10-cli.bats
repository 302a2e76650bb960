#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 10-cli: the command line.  --help and --version, usage errors, strict
# parsing of numbers (HAZARDS.md 1, 2, 4, 7, 8, 9), long option prefixes,
# where option parsing stops, the "nsenter" name, and the consistency of
# --help with the man page and the shell completions (STYLE.md 14).

# stderr and stderr_lines are set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

# The long options of util-linux nsenter (DESIGN.md, the compatibility
# contract): --help must list every one of them.
contract_long_options=(
	all target mount uts ipc net pid cgroup user time net-socket
	user-parent setuid setgid preserve-credentials keep-caps root wd wdns
	env no-fork join-cgroup follow-context help version
)

# The long options that "$NSJOIN --help" lists, one per line, sorted.
help_long_options() {
	"$NSJOIN" --help | grep -oE -- '--[a-z][a-z-]*' | sed 's/^--//' | sort -u
}

# A link named nsenter to the binary under test.
make_nsenter_link() {
	NSENTER_LINK=$BATS_TEST_TMPDIR/nsenter
	ln -sf "$NSJOIN" "$NSENTER_LINK"
}

# The usage-error contract: exactly MESSAGE then the "Try" line on stderr,
# nothing on stdout, exit 1.  Run as: check_usage_error "MESSAGE" ARGS...
check_usage_error() {
	local msg=$1
	shift
	run --separate-stderr "$NSJOIN" "$@"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: $msg"$'\n'"Try 'nsjoin --help' for more information."
}

# A plain (non-usage) error: exactly "nsjoin: MESSAGE" on stderr, nothing on
# stdout, exit 1.
check_error() {
	local msg=$1
	shift
	run --separate-stderr "$NSJOIN" "$@"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: $msg"
}

# --- help and version ----------------------------------------------------------

@test "--help: usage on stdout, nothing on stderr, exit 0" {
	run --separate-stderr "$NSJOIN" --help
	assert_success
	assert_equal "$stderr" ""
	assert_line "Usage:"
	assert_line --regexp "^ nsjoin \[options\] "
}

@test "-h prints exactly what --help prints" {
	local help
	help=$("$NSJOIN" --help)
	run --separate-stderr "$NSJOIN" -h
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$help"
}

@test "--help lists every long option of util-linux nsenter" {
	run help_long_options
	assert_success
	local o
	for o in "${contract_long_options[@]}"; do
		assert_line "$o"
	done
}

@test "--help lists each short option next to its long one" {
	run "$NSJOIN" --help
	assert_success
	local pair
	for pair in a:all t:target m:mount u:uts i:ipc n:net p:pid C:cgroup \
		U:user T:time N:net-socket S:setuid G:setgid r:root w:wd \
		W:wdns e:env F:no-fork c:join-cgroup Z:follow-context h:help \
		V:version; do
		assert_line --regexp "^ -${pair%%:*}, --${pair#*:}([ =[]|$)"
	done
}

@test "--version and -V: 'nsjoin 0.1.0' on stdout, exit 0" {
	run --separate-stderr "$NSJOIN" --version
	assert_success
	assert_equal "$stderr" ""
	assert_output "nsjoin 0.1.0"

	run --separate-stderr "$NSJOIN" -V
	assert_success
	assert_equal "$stderr" ""
	assert_output "nsjoin 0.1.0"
}

@test "--help >/dev/full: write error, exit 1" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	run bash -c 'exec "$NSJOIN" --help >/dev/full'
	assert_failure 1
	assert_output "nsjoin: write error: No space left on device"

	run bash -c 'exec "$NSJOIN" --version >/dev/full'
	assert_failure 1
	assert_output "nsjoin: write error: No space left on device"
}

@test "--help wins over the options around it" {
	local help
	help=$("$NSJOIN" --help)

	# options before it are parsed (and valid), then help
	run --separate-stderr "$NSJOIN" -a -n -S 0 --help
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$help"

	# what comes after it is never looked at, as in util-linux
	run --separate-stderr "$NSJOIN" --help -t not-a-pid --no-such-option
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$help"

	run --separate-stderr "$NSJOIN" --net=/nonexistent -h "$PROBE" exit:3
	assert_success
	assert_equal "$output" "$help"
}

# --- usage errors ----------------------------------------------------------------

@test "unknown long option: message, Try line, exit 1" {
	check_usage_error "unrecognized option '--no-such-option'" --no-such-option
	# glibc (and so nsenter) names the whole word, value included
	check_usage_error "unrecognized option '--no-such-option=x'" --no-such-option=x "$PROBE" pid
}

@test "invalid short option: message, Try line, exit 1" {
	check_usage_error "invalid option -- 'q'" -q
	# in a bundle, after a valid flag
	check_usage_error "invalid option -- 'q'" -Fq "$PROBE" pid
}

@test "ambiguous prefix --p: message, Try line, exit 1" {
	check_usage_error "option '--p' is ambiguous; possibilities: '--pid' '--preserve-credentials' '--pty'" --p
	# (--no is nsenter's --no-fork, whatever options of ours share "no":
	# see "a prefix nsenter accepts")
}

@test "--all=x: option doesn't allow an argument" {
	check_usage_error "option '--all' doesn't allow an argument" --all=x
	check_usage_error "option '--no-fork' doesn't allow an argument" --no-fork=
}

@test "missing argument: -t at the end, --target at the end" {
	check_usage_error "option requires an argument -- 't'" -t
	check_usage_error "option requires an argument -- 'S'" -n -S
	check_usage_error "option '--target' requires an argument" --target
}

@test "a usage error about an abbreviated option names the whole option" {
	# as getopt_long (and so util-linux nsenter) does
	check_usage_error "option '--no-fork' doesn't allow an argument" --no-f=1
	check_usage_error "option '--setgid' requires an argument" --setg
}

@test "usage errors read exactly as util-linux nsenter's, when called nsenter" {
	require_cmd nsenter
	make_nsenter_link
	local arg want_out want_err want_status
	for arg in --no-such-option -q --all=x --no-f=1 -t --target --setg; do
		run --separate-stderr nsenter "$arg"
		want_out=$output want_err=$stderr want_status=$status
		run --separate-stderr "$NSENTER_LINK" "$arg"
		assert_equal "$status" "$want_status"
		assert_equal "$output" "$want_out"
		assert_equal "$stderr" "$want_err"
	done
}

# --- -t PID[:INODE] (HAZARDS.md 1) ---------------------------------------------

@test "-t rejects '', 0, -1, +5, ' 5', 5x, 0x10, 2147483648, naming the value" {
	check_error "invalid target PID '': not a decimal number" -t "" -n
	check_error "invalid target PID '0': out of range (1 to 2147483647)" -t 0 -n
	check_error "invalid target PID '-1': not a decimal number" -t -1 -n
	check_error "invalid target PID '+5': not a decimal number" -t +5 -n
	check_error "invalid target PID ' 5': not a decimal number" -t " 5" -n
	check_error "invalid target PID '5x': not a decimal number" -t 5x -n
	check_error "invalid target PID '0x10': not a decimal number" -t 0x10 -n
	check_error "invalid target PID '2147483648': out of range (1 to 2147483647)" -t 2147483648 -n
	check_error "invalid target PID '99999999999999999999999999999999999': out of range" \
		-t 99999999999999999999999999999999999 -n
	# the same through the long option, and attached
	check_error "invalid target PID '5x': not a decimal number" --target=5x -n
	check_error "invalid target PID '5x': not a decimal number" -t5x -n
}

@test "-t PID:INODE with a wrong inode: the PID is not that process" {
	require_root
	require_cmd python3
	start_target --net
	local ino wrong
	ino=$(pidfd_inode "$TARGET")
	[[ $ino =~ ^[0-9]+$ ]]
	wrong=$((ino + 1))
	check_error "target process $TARGET is not the process with inode $wrong (its pidfd inode is $ino): it has exited and its PID was reused" \
		-t "$TARGET:$wrong" -n "$PROBE" ns:net
}

@test "-t PID:INODE with the right inode joins the target" {
	require_root
	require_cmd python3
	start_target --net
	local ino
	ino=$(pidfd_inode "$TARGET")
	run "$NSJOIN" -t "$TARGET:$ino" -n "$PROBE" ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"
}

@test "-t PID:INODE with a non-numeric or empty inode is rejected" {
	require_root
	start_target --net
	check_error "invalid target '$TARGET:abc': the inode after ':' must be a decimal number" \
		-t "$TARGET:abc" -n "$PROBE" ns:net
	check_error "invalid target '$TARGET:': the inode after ':' must be a decimal number" \
		-t "$TARGET:" -n "$PROBE" ns:net
	check_error "invalid target '$TARGET:-1': the inode after ':' must be a decimal number" \
		-t "$TARGET:-1" -n "$PROBE" ns:net
	check_error "invalid target PID 'x:5': not a decimal number" -t x:5 -n
}

@test "-t given twice: option --target may be given only once" {
	require_root
	start_target --net
	check_error "option --target may be given only once" \
		-t "$TARGET" -n -t "$TARGET" "$PROBE" ns:net
	check_error "option --target may be given only once" \
		--target="$TARGET" --targ "$TARGET" -n "$PROBE" ns:net
}

# --- -S / -G (HAZARDS.md 2) --------------------------------------------------------

@test "-S rejects 4294967295, 4294967296, 4294967297, -1, '', 0x10, 1e3" {
	local v
	for v in 4294967295 4294967296 4294967297 99999999999999999999999; do
		check_error "invalid uid '$v': out of range (0 to 4294967294)" -S "$v" "$PROBE" uid
	done
	for v in -1 "" 0x10 1e3 " 1" +1 1x; do
		check_error "invalid uid '$v': not a decimal number or 'follow'" -S "$v" "$PROBE" uid
	done
}

@test "-G rejects 4294967295, 4294967296, 4294967297, -1, '', 0x10, 1e3" {
	local v
	for v in 4294967295 4294967296 4294967297; do
		check_error "invalid gid '$v': out of range (0 to 4294967294)" -G "$v" "$PROBE" gid
		check_error "invalid gid '$v': out of range (0 to 4294967294)" --setgid="$v" "$PROBE" gid
	done
	for v in -1 "" 0x10 1e3; do
		check_error "invalid gid '$v': not a decimal number or 'follow'" -G "$v" "$PROBE" gid
	done
}

@test "-S 4294967297 is never truncated to uid 1 (util-linux runs as uid 1)" {
	require_root
	run --separate-stderr "$NSJOIN" -S 4294967297 "$PROBE" uid
	assert_failure 1
	assert_equal "$output" ""
	refute [ "$output" = "1 1 1" ]
	run --separate-stderr "$NSJOIN" -G 4294967297 "$PROBE" gid
	assert_failure 1
	assert_equal "$output" ""
}

@test "-S 4294967294 and -G 4294967294 are accepted (the largest ids)" {
	require_root
	run "$NSJOIN" -S 4294967294 -G 4294967294 "$PROBE" uid gid
	assert_success
	assert_output $'4294967294 4294967294 4294967294\n4294967294 4294967294 4294967294'
}

# --- --net-socket --------------------------------------------------------------

@test "--net-socket rejects what is not a decimal fd number" {
	local v
	for v in abc "" -1 3x 0x3 " 3" +3 2147483648; do
		check_error "invalid socket file descriptor '$v' for --net-socket" \
			--net-socket "$v" "$PROBE" ns:net
	done
	check_error "invalid socket file descriptor 'abc' for --net-socket" -N abc
	check_error "invalid socket file descriptor 'abc' for --net-socket" --net-socket=abc
}

# --- long option prefixes ------------------------------------------------------

@test "--targ PID --mou works as --target PID --mount" {
	require_root
	start_target --mount --net
	run "$NSJOIN" --targ "$TARGET" --mou "$PROBE" ns:mnt ns:net
	assert_success
	assert_output "$(nsid_of "$TARGET" mnt)"$'\n'"$(nsid_of $$ net)"

	run "$NSJOIN" --ta "$TARGET" --ne "$PROBE" ns:mnt ns:net
	assert_failure 1
	assert_output --partial "option '--ne' is ambiguous"

	run "$NSJOIN" --ta="$TARGET" --net= "$PROBE" ns:net
	assert_failure 1
	assert_output "nsjoin: empty file name for --net"
}

@test "a prefix nsenter accepts means nsenter's option, though options of nsjoin share it: --no, --no-, --pres" {
	require_root
	start_target --pid --net
	# --no: util-linux's --no-fork (ours: --no-new-privs, --noheadings, --nowrap)
	run_both -t "$TARGET" -p -n --no "$PROBE" ns:pid
	assert_success
	assert_same_as_nsenter
	run_both -t "$TARGET" -p -n --no- "$PROBE" ns:pid
	assert_success
	assert_same_as_nsenter
	run_both -t "$TARGET" -n --pres "$PROBE" uid
	assert_success
	assert_same_as_nsenter
	# and with a value: --no=1 is --no-fork=1, refused as nsenter refuses it
	run --separate-stderr "$NSJOIN" -t "$TARGET" -n --no=1 true
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "nsjoin: option '--no-fork' doesn't allow an argument"
}

@test "--targ/--mou behave as util-linux nsenter's prefixes" {
	require_root
	start_target --mount --uts
	run_both --targ "$TARGET" --mou --ut "$PROBE" ns:mnt ns:uts
	assert_success
	assert_output "$(nsid_of "$TARGET" mnt)"$'\n'"$(nsid_of "$TARGET" uts)"
	assert_same_as_nsenter
}

@test "--preserve-cred works as --preserve-credentials" {
	require_root
	require_userns
	start_target_as 65534 --user --map-root-user --net
	# joining a user namespace makes us uid/gid 0 in it ...
	run "$NSJOIN" -t "$TARGET" -U -n "$PROBE" uid gid
	assert_success
	assert_output $'0 0 0\n0 0 0'
	# ... unless credentials are preserved: our root is unmapped there
	run "$NSJOIN" -t "$TARGET" -U -n --preserve-cred "$PROBE" uid gid ns:net
	assert_success
	assert_output $'65534 65534 65534\n65534 65534 65534\n'"$(nsid_of "$TARGET" net)"
	run "$NSJOIN" -t "$TARGET" -U -n --preserve-credentials "$PROBE" uid gid ns:net
	assert_success
	assert_output $'65534 65534 65534\n65534 65534 65534\n'"$(nsid_of "$TARGET" net)"
}

# --- where option parsing stops (HAZARDS.md 7) ----------------------------------

@test "options stop at the program: -n PROBE and -n -- PROBE are the same" {
	require_root
	start_target --net
	local want
	want=$(nsid_of "$TARGET" net)
	run "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_success
	assert_output "$want"
	run "$NSJOIN" -t "$TARGET" -n -- "$PROBE" ns:net
	assert_success
	assert_output "$want"
}

@test "the program's own flags are never ours: sh -c 'echo \$0' -a" {
	require_root
	start_target --net
	# shellcheck disable=SC2016 # $0 is for the inner sh
	run_both -t "$TARGET" -n sh -c 'echo "$0 $1"' -a -V
	assert_success
	assert_output "-a -V"
	assert_same_as_nsenter

	# and the probe's own arguments that look like options
	run "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net --help
	assert_failure 2
	assert_output --partial "$(nsid_of "$TARGET" net)"
	assert_output --partial "unknown fact '--help'"
}

@test "a program named -x after --, or an empty program name: not found, 127" {
	require_root
	run -127 --separate-stderr "$NSJOIN" --net=/proc/self/ns/net -- -x
	assert_failure 127
	assert_equal "$stderr" "nsjoin: failed to execute '-x': No such file or directory"

	run -127 --separate-stderr "$NSJOIN" --net=/proc/self/ns/net -- ""
	assert_failure 127
	assert_equal "$stderr" "nsjoin: failed to execute '': No such file or directory"
}

@test "argc 0 (execve with an empty argv): no crash, no namespace specified" {
	require_cmd cc
	cat >"$BATS_TEST_TMPDIR/argc0.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char *none[] = { NULL };

	if (argc < 2)
		return 2;
	execve(argv[1], none, none);
	perror("execve");
	return 2;
}
EOF
	cc -o "$BATS_TEST_TMPDIR/argc0" "$BATS_TEST_TMPDIR/argc0.c"
	run --separate-stderr "$BATS_TEST_TMPDIR/argc0" "$NSJOIN"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: no namespace specified: give --target PID with -a or the types to enter (-U -C -i -u -n -p -m -T), or a namespace file (--net=FILE)"$'\n'"Try 'nsjoin --help' for more information."
}

# --- called as nsenter -----------------------------------------------------------

@test "called as nsenter: messages say nsenter" {
	make_nsenter_link
	run --separate-stderr "$NSENTER_LINK" --no-such-option
	assert_failure 1
	assert_equal "$stderr" "nsenter: unrecognized option '--no-such-option'"$'\n'"Try 'nsenter --help' for more information."

	run --separate-stderr "$NSENTER_LINK" -t 5x -n
	assert_failure 1
	assert_equal "$stderr" "nsenter: invalid target PID '5x': not a decimal number"

	run --separate-stderr "$NSENTER_LINK" -n true
	assert_failure 1
	assert_equal "$stderr" "nsenter: no target PID specified for --net"
}

@test "called as nsenter: usage line says nsenter" {
	make_nsenter_link
	run --separate-stderr "$NSENTER_LINK" --help
	assert_success
	assert_line --regexp "^ nsenter \[options\] "
	refute_line --regexp "^ nsjoin "
}

@test "called as nsenter: --version says 'nsenter from nsjoin 0.1.0'" {
	make_nsenter_link
	run --separate-stderr "$NSENTER_LINK" --version
	assert_success
	assert_output "nsenter from nsjoin 0.1.0"
	run --separate-stderr "$NSENTER_LINK" -V
	assert_success
	assert_output "nsenter from nsjoin 0.1.0"
}

# --- paths in messages (HAZARDS.md 9) -------------------------------------------

@test "a newline in a path is escaped in the message, between quotes" {
	run --separate-stderr "$NSJOIN" --net=$'/nonexistent/a\nb' true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/a\\x0ab' for --net: No such file or directory"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "a quote or a backslash in a path is escaped in the message" {
	run --separate-stderr "$NSJOIN" --uts="/nonexistent/it's\\x" true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/it\\'s\\\\x' for --uts: No such file or directory"
}

@test "a non-UTF-8 byte in a path is escaped in the message" {
	run --separate-stderr "$NSJOIN" --net=$'/nonexistent/\xff\x9b[2J' true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '/nonexistent/\\xff\\x9b[2J' for --net: No such file or directory"
}

@test "a 3000-character path is shown whole" {
	local long
	long=/nonexistent/$(printf 'x%.0s' {1..2987})
	assert_equal "${#long}" 3000
	run --separate-stderr "$NSJOIN" --net="$long" true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '$long' for --net: No such file or directory"
}

@test "a 3000-character path of newlines is shown whole, escaped" {
	local long esc
	# (printf -v: a command substitution would drop trailing newlines)
	printf -v long '\n%.0s' {1..2984}
	long=/nonexistent/${long}END
	assert_equal "${#long}" 3000
	esc=${long//$'\n'/\\x0a}
	run --separate-stderr "$NSJOIN" --net="$long" true
	assert_failure 1
	assert_equal "$stderr" "nsjoin: cannot open '$esc' for --net: No such file or directory"
}

@test "a 3000-character unknown long option is reported whole" {
	local name
	name=$(printf 'y%.0s' {1..3000})
	check_usage_error "unrecognized option '--$name'" "--$name"
}

# --- --help, the man page and the completions agree (STYLE.md 14) ----------------

# Prints the options of --help that FILE does not mention as
# BEFORE PREFIX name AFTER (extended regexps; in the man page a '-' inside
# the name is written '\-').
missing_in() {
	local file=$1 before=$2 prefix=$3 after=$4 o name
	while read -r o; do
		name=$o
		[[ $prefix == '\\-\\-' ]] && name=${o//-/\\\\-}
		grep -qE -- "$before$prefix$name$after" "$file" || echo "$o"
	done < <(help_long_options)
}

@test "every --help option is in the man page (as \\-\\-name)" {
	local man=$BATS_TEST_DIRNAME/../man/nsjoin.1
	[[ -f $man ]]
	[[ -n $(help_long_options) ]]
	# \-\-net must not be matched by \-\-net\-socket
	run missing_in "$man" '' '\\-\\-' '(\\[^-]|[^a-z\\]|$)'
	assert_output ""
}

@test "every --help option is in the bash completion" {
	local f=$BATS_TEST_DIRNAME/../completions/nsjoin.bash
	[[ -f $f ]]
	run missing_in "$f" '(^|[^a-zA-Z-])' '--' '([^a-z-]|$)'
	assert_output ""
}

@test "every --help option is in the zsh completion" {
	local f=$BATS_TEST_DIRNAME/../completions/_nsjoin
	[[ -f $f ]]
	run missing_in "$f" '(^|[^a-zA-Z-])' '--' '([^a-z-]|$)'
	assert_output ""
}

@test "every --help option is in the fish completion (-l name)" {
	local f=$BATS_TEST_DIRNAME/../completions/nsjoin.fish
	[[ -f $f ]]
	run missing_in "$f" '(^|[^a-zA-Z-])' '-l ' '([^a-z-]|$)'
	assert_output ""
}

@test "every option the man page documents in OPTIONS exists in --help" {
	local man=$BATS_TEST_DIRNAME/../man/nsjoin.1 help documented o
	[[ -f $man ]]
	help=$(help_long_options)
	# the tag lines (the line after .TP) of the OPTIONS section
	documented=$(awk '
		/^\.SH/ { in_opts = ($0 ~ /^\.SH +"?OPTIONS"?$/); next }
		in_opts && tag { print; tag = 0; next }
		in_opts && /^\.TP/ { tag = 1 }
	' "$man" | grep -oE -- '\\-\\-[a-z]([a-z]|\\-)*' | sed -e 's/\\-/-/g' -e 's/^--//' | sort -u)
	[[ -n $documented ]]
	run bash -c 'comm -23 <(printf "%s\n" "$1") <(printf "%s\n" "$2")' _ "$documented" "$help"
	assert_output ""
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	require_cmd mandoc
	run mandoc -Tlint -W warning "$BATS_TEST_DIRNAME/../man/nsjoin.1"
	assert_success
	assert_output ""
}
