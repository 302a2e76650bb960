#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 80-completions: the bash, zsh and fish completions, run for real.
#
#  - bash: completions/nsjoin.bash is sourced in a fresh "bash --norc",
#    once alone and once after the bash-completion package's library when it
#    is installed; COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT are set
#    as readline sets them (words split at blanks and COMP_WORDBREAKS), and
#    _nsjoin is called; COMPREPLY is what is checked.
#  - zsh: an interactive "zsh -f -i" under zsh/zpty, with compinit and the
#    completion directory first in fpath, gets the command line and a TAB;
#    compadd is wrapped to print every match (and its description) that
#    zsh's completion system adds.  So _arguments, _pids, _files and
#    _describe run exactly as for a user; only the final insertion into the
#    line and the listing on the terminal are not checked.
#  - fish: "complete -C LINE", with the completion directory first in
#    fish_complete_path, so fish autoloads the file as it would for a user.
#
# Files under test: the installed ones when NSJOIN is an installed nsjoin
# (PREFIX/bin/nsjoin with PREFIX/share/bash-completion/completions/nsjoin
# next to it, e.g. NSJOIN=/usr/bin/nsjoin from the Debian package),
# otherwise the source tree's completions/.  COMPLETIONS_DIR=DIR (a
# directory with nsjoin.bash, _nsjoin and nsjoin.fish) overrides both.
#
# A missing shell skips its tests with the reason.

# output and lines are set by bats' run in each test's own shell, and so is
# COMPLETE_IN where a test sets it (the helpers here read them)
# shellcheck disable=SC2030,SC2031

load helpers

bats_require_minimum_version 1.5.0

NETNS_NAME=

setup_file() {
	local dir=$BATS_FILE_TMPDIR

	# --- bash: bashcomp MODE LINE -------------------------------------------
	cat >"$dir/bashcomp.bash" <<'EOF'
# bash --norc --noprofile bashcomp.bash MODE FILE LINE
# MODE "plain": only FILE; "bc": bash-completion's library first.
mode=$1 file=$2 line=$3
if [[ $mode == bc ]]; then
	# shellcheck source=/dev/null
	source /usr/share/bash-completion/bash_completion || exit 3
fi
# shellcheck source=/dev/null
source "$file" || exit 3
# compopt works only while readline completes: NSJC_COMPOPT_LOG, when set,
# gets each call's arguments, one line each
compopt() {
	[[ -z ${NSJC_COMPOPT_LOG-} ]] || printf '%s\n' "$*" >>"$NSJC_COMPOPT_LOG"
	builtin compopt "$@"
}
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMP_KEY=9
# Words as readline makes them: split at blanks; a run of COMP_WORDBREAKS
# characters is a word of its own ("--net=x" is "--net" "=" "x").
COMP_WORDS=()
w=
for ((i = 0; i < ${#line}; i++)); do
	c=${line:i:1}
	if [[ $c == [[:blank:]] ]]; then
		[[ -n $w ]] && COMP_WORDS+=("$w")
		w=
		continue
	fi
	if [[ -n $w ]]; then
		last=${w: -1}
		is_break=0 last_break=0
		[[ $COMP_WORDBREAKS == *"$c"* ]] && is_break=1
		[[ $COMP_WORDBREAKS == *"$last"* ]] && last_break=1
		if ((is_break != last_break)); then
			COMP_WORDS+=("$w")
			w=
		fi
	fi
	w+=$c
done
[[ -n $w ]] && COMP_WORDS+=("$w")
[[ ${#COMP_WORDS[@]} -eq 0 || $line == *[[:blank:]] ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
prev=
((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
_nsjoin "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
EOF

	# --- zsh: sourced by the interactive zsh under zpty ---------------------
	cat >"$dir/zshcapture.zsh" <<'EOF'
# Sourced by an interactive "zsh -f -i" under zpty: compinit, then compadd
# is wrapped to print every match it adds, as "<nsjc>MATCH" or
# "<nsjc>MATCH -- DESCRIPTION"; after the completion "<nsjc-end>" is printed
# and the shell exits.  The argument is a comma-separated list of modes:
# "job": a "sleep 1000" is started first as a job of this shell (so that
# zsh's _pids, which runs ps, lists it) and its pid printed as
# "<nsjc-pid>PID"; "order": each match starts with "unsorted " when zsh
# lists its group in the order the matches were added (compadd -V, or -o
# nosort as _describe -V gives), else with "sorted ".
unsetopt prompt_cr prompt_sp
PS1='' PROMPT='' RPROMPT='' PROMPT_EOL_MARK=''
unset zle_bracketed_paste
if [[ ,$1, == *,job,* ]]; then
  sleep 1000 &
  print -r -- "<nsjc-pid>$!"
  # ps must see it as "sleep", not as the zsh it is forked from
  for i in {1..500}; do
    [[ $(</proc/$!/comm) == sleep ]] 2>/dev/null && break
    sleep 0.01
  done
fi
autoload -U compinit
compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
bindkey '^M' undefined
bindkey '^J' undefined
bindkey '^I' complete-word
[[ ,$1, == *,order,* ]] && __nsjc_order=1 || __nsjc_order=
_nsjc_end() { print -r -- '<nsjc-end>'; exit }
comppostfuncs=( _nsjc_end )
compadd() {
  local -a __hits __dscr
  local __a __c __v __P= __p= __S= __s= __d= __i __j __o=sorted
  # compadd's own option syntax: a letter that takes an argument takes the
  # rest of the word, or the next word.  -O, -A, -D: not adding, pass on.
  for (( __i = 1; __i <= $#; __i++ )); do
    __a=${@[__i]}
    [[ $__a == (-|--) || $__a != -* ]] && break
    for (( __j = 2; __j <= $#__a; __j++ )); do
      __c=${__a[__j]}
      [[ $__c == [OAD] ]] && { builtin compadd "$@"; return }
      [[ $__c == V ]] && __o=unsorted
      if [[ $__c == o ]]; then
        # -o [ORDER]: the order is optional, attached or the next word
        __v=${__a[__j+1,-1]}
        [[ -z $__v && ${@[__i+1]} == [a-z]##(,[a-z]##)# ]] && { (( __i++ )); __v=${@[__i]} }
        [[ ,$__v, == *,no[a-z]#,* ]] && __o=unsorted
        break
      fi
      [[ $__c == [PSpsiIWdJVXxrRMFE] ]] || continue
      __v=${__a[__j+1,-1]}
      [[ -z $__v ]] && { (( __i++ )); __v=${@[__i]} }
      case $__c in
        P) __P=$__v ;; p) __p=$__v ;; S) __S=$__v ;; s) __s=$__v ;; d) __d=$__v ;;
      esac
      break
    done
  done
  if [[ -n $__d ]]; then
    if [[ $__d == \(* ]]; then eval "__dscr=$__d"; else __dscr=( "${(@P)__d}" ); fi
  fi
  builtin compadd -A __hits -D __dscr "$@"
  [[ -n $__nsjc_order ]] && __o+=' ' || __o=
  for (( __i = 1; __i <= $#__hits; __i++ )); do
    if (( $#__dscr >= __i )); then
      print -r -- "<nsjc>$__o$IPREFIX$__P$__p$__hits[__i]$__s$__S -- $__dscr[__i]"
    else
      print -r -- "<nsjc>$__o$IPREFIX$__P$__p$__hits[__i]$__s$__S"
    fi
  done
  builtin compadd "$@"
}
print -r -- '<nsjc-ready>'
EOF
	cat >"$dir/zshcomp.zsh" <<'EOF'
# zsh -f zshcomp.zsh COMPDIR CAPTURE LINE [MODES]
# Prints the pid of the job (with "job") on the first line, then the
# matches, and any error message of the completion functions, as
# "<zsh-error>MESSAGE".
zmodload zsh/zpty || exit 3
local line job=
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); source ${(q)2} ${(q)4}"
while zpty -r z line; do
  line=${${line//$'\r'/}%$'\n'}
  if [[ $line == *'<nsjc-pid>'<-> ]]; then
    job=${line#*<nsjc-pid>}
    print -r -- $job
  fi
  [[ $line == *'<nsjc-ready>'* ]] && break
done
zpty -w -n z "$3"$'\t'
while zpty -r z line; do
  line=${${line//$'\r'/}%$'\n'}
  [[ $line == *'<nsjc-end>'* ]] && break
  if [[ $line == *'<nsjc>'* ]]; then
    print -r -- "${line#*<nsjc>}"
  elif [[ $line == *(_arguments|comparguments|_nsjoin|not found|error)* ]]; then
    # what the completion functions printed on the terminal
    print -r -- "<zsh-error>$line"
  fi
done
zpty -d z
# the shell's exit hangs up its job; make sure
[[ -n $job ]] && kill $job 2>/dev/null
return 0
EOF

	# --- new-pidns CMD...: a pid namespace where pids have 1 and 2 digits ---
	cat >"$dir/new-pidns" <<'EOF'
#!/bin/sh
# new-pidns CMD...: CMD as pid 1 of a new pid namespace with a /proc of its
# own, after eleven "sleep 1000" got pids 2 to 12 there, so that text order
# (10 before 2) and numeric order differ.  The sleeps end with CMD: the
# kernel kills what is left in a pid namespace when its pid 1 exits.
exec unshare --pid --fork --mount-proc sh -c '
	i=0
	while [ $i -lt 11 ]; do
		sleep 1000 </dev/null >/dev/null 2>&1 &
		i=$((i + 1))
	done
	# each is "sh" until it has executed sleep
	for pid in 2 3 4 5 6 7 8 9 10 11 12; do
		i=0
		while [ "$(cat /proc/$pid/comm)" != sleep ] && [ $i -lt 500 ]; do
			sleep 0.01
			i=$((i + 1))
		done
	done
	exec "$@"' sh "$@"
EOF
	chmod +x "$dir/new-pidns"
}

teardown() {
	stop_targets
	if [[ -n $NETNS_NAME ]]; then
		ip netns delete "$NETNS_NAME" 2>/dev/null || true
	fi
}

# --- which files -------------------------------------------------------------

# Sets BASH_COMP (the bash file), ZSH_DIR (the directory with _nsjoin) and
# FISH_DIR (the directory with nsjoin.fish).
completion_files() {
	local bindir prefix src
	if [[ -n ${COMPLETIONS_DIR:-} ]]; then
		BASH_COMP=$COMPLETIONS_DIR/nsjoin.bash
		ZSH_DIR=$COMPLETIONS_DIR
		FISH_DIR=$COMPLETIONS_DIR
		return
	fi
	bindir=$(dirname "$NSJOIN")
	prefix=$(dirname "$bindir")
	if [[ ${bindir##*/} == bin && -f $prefix/share/bash-completion/completions/nsjoin ]]; then
		BASH_COMP=$prefix/share/bash-completion/completions/nsjoin
		ZSH_DIR=$prefix/share/zsh/vendor-completions
		FISH_DIR=$prefix/share/fish/vendor_completions.d
		return
	fi
	src=$(cd "$BATS_TEST_DIRNAME/../completions" && pwd)
	BASH_COMP=$src/nsjoin.bash
	ZSH_DIR=$src
	FISH_DIR=$src
}

# A scratch working directory with known files in it, for file completion.
in_scratch_dir() {
	mkdir -p "$BATS_TEST_TMPDIR/work/nsjc-dir"
	: >"$BATS_TEST_TMPDIR/work/nsjc-file1"
	: >"$BATS_TEST_TMPDIR/work/other"
	cd "$BATS_TEST_TMPDIR/work" || return 1
}

# A "sleep 1000" of ours, as a target for -t; sets SLEEP_PID once its
# comm is "sleep" (before the exec it is still a bash).
start_sleep() {
	sleep 1000 >/dev/null 2>&1 3>&- &
	SLEEP_PID=$!
	track_pid "$SLEEP_PID"
	wait_comm "$SLEEP_PID" sleep
}

# A network namespace "ip netns add nsjc-PID"; sets NETNS_NAME.
add_netns() {
	require_root
	require_cmd ip
	NETNS_NAME=nsjc-$$
	ip netns add "$NETNS_NAME"
}

# The name of the user or group with id ID.
name_of() {
	getent "$1" "$2" | cut -d: -f1
}

# The command line of PID, its arguments joined by blanks (control
# characters in them, such as newlines, are each a blank too).
command_line() {
	tr '\0[:cntrl:]' '  ' <"/proc/$1/cmdline" | sed 's/ $//'
}

# The columns "nsjoin --list --output=help" prints, "NAME<TAB>DESCRIPTION"
# per line, in its order; with an extended regex, only the names that
# start with a match of it.
help_columns() {
	"$NSJOIN" --list --output=help |
		sed -n 's/^ *\([A-Z][A-Z0-9-]*\)  *\(.*\)$/\1\t\2/p' |
		grep -E "^(${1:-})"
}

# help_names [REGEX] [PREFIX]: the names only, each after PREFIX.
help_names() {
	help_columns "${1:-}" | cut -f1 | sed "s/^/${2:-}/"
}

# Two stand-ins for the nsjoin being completed, each the "nsjoin" of a
# directory: NEW_NSJOIN_DIR's knows a column this nsjoin does not
# (FAKECOL), OLD_NSJOIN_DIR's fails --output=help as an nsjoin older than
# --output does.
fake_nsjoins() {
	NEW_NSJOIN_DIR=$BATS_TEST_TMPDIR/new-nsjoin
	OLD_NSJOIN_DIR=$BATS_TEST_TMPDIR/old-nsjoin
	mkdir -p "$NEW_NSJOIN_DIR" "$OLD_NSJOIN_DIR"
	cat >"$NEW_NSJOIN_DIR/nsjoin" <<'EOF'
#!/bin/sh
[ "$*" = "--list --output=help" ] || exit 1
echo 'Available output columns (--output=LIST, --output=+LIST):'
printf ' %11s  %s\n' NS 'namespace identifier (inode number)' \
	FAKECOL 'a column of a newer nsjoin'
EOF
	cat >"$OLD_NSJOIN_DIR/nsjoin" <<'EOF'
#!/bin/sh
echo "nsjoin: unrecognized option '$2'" >&2
exit 1
EOF
	chmod +x "$NEW_NSJOIN_DIR/nsjoin" "$OLD_NSJOIN_DIR/nsjoin"
}

# A directory with this nsjoin as "nsjoin", for PATH; its name on stdout.
nsjoin_dir() {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$NSJOIN" "$BATS_TEST_TMPDIR/bin/nsjoin"
	echo "$BATS_TEST_TMPDIR/bin"
}

# Kernel threads, one pid per line: kthreadd and its children, where this
# /proc shows them (pid 2 is kthreadd, in the initial pid namespace).
kernel_threads() {
	local d stat ppid
	[[ $(cat /proc/2/comm 2>/dev/null) == kthreadd ]] || return 0
	echo 2
	for d in /proc/[0-9]*; do
		stat=$(cat "$d/stat" 2>/dev/null) || continue
		read -r _ ppid _ <<<"${stat##*) }"
		[[ $ppid == 2 ]] && echo "${d#/proc/}"
	done
	return 0
}

# assert_pid_list PID...: the pids in the first column of $output are in
# numeric order, PID... among them.
assert_pid_list() {
	local -a pids
	local pid
	mapfile -t pids < <(awk '{ print $1 }' <<<"$output")
	((${#pids[@]} > 1)) || fail "no pids offered: $output"
	printf '%s\n' "${pids[@]}" | sort -n -C ||
		fail "not in numeric order: ${pids[*]}"
	for pid; do
		printf '%s\n' "${pids[@]}" | grep -qx "$pid" ||
			fail "pid $pid not offered: ${pids[*]}"
	done
}

# refute_kernel_threads: no pid in the first column of $output is one of
# this /proc's kernel threads.
refute_kernel_threads() {
	local -a pids
	local pid
	mapfile -t pids < <(awk '{ print $1 }' <<<"$output")
	for pid in $(kernel_threads); do
		if printf '%s\n' "${pids[@]}" | grep -qx "$pid"; then
			fail "kernel thread $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) offered: ${pids[*]}"
		fi
	done
}

# Making a pid namespace needs root, and a kernel that lets us.
require_pidns() {
	require_root
	require_cmd unshare
	unshare --pid --fork --mount-proc true 2>/dev/null ||
		skip "cannot make a pid namespace here (unshare --pid --mount-proc fails)"
}

# Runtime state, under STATE (for NSJOIN_STATE_ROOT), where --container
# reads it: runc's state roots of runc, containerd (Kubernetes), Docker and
# a rootless user; Docker's config.v2.json with the name nsjc-web, and
# containers-storage's vfs-containers/containers.json with nsjc-db.  Only
# what the completions look at: directory names, names in the JSON files.
# CONTAINER_REFS: every id and name, sorted.  And a home directory,
# CONTAINER_HOME, with a rootless user's containers-storage holding
# nsjc-mine (looked at without NSJOIN_STATE_ROOT too).
make_container_state() {
	local runc k8s docker rootless podman storage
	STATE=$BATS_TEST_TMPDIR/state
	runc=$(printf 'a1%062d' 0)
	k8s=$(printf 'b2%062d' 0)
	docker=$(printf 'c3%062d' 0)
	rootless=$(printf 'd4%062d' 0)
	podman=$(printf 'e5%062d' 0)
	mkdir -p "$STATE/run/runc/$runc" "$STATE/run/containerd/runc/k8s.io/$k8s" \
		"$STATE/run/docker/runtime-runc/moby/$docker" \
		"$STATE/run/user/1000/runc/$rootless" \
		"$STATE/var/lib/docker/containers/$docker" \
		"$STATE/var/lib/containers/storage/vfs-containers"
	touch "$STATE/run/runc/$runc/state.json" \
		"$STATE/run/containerd/runc/k8s.io/$k8s/state.json" \
		"$STATE/run/docker/runtime-runc/moby/$docker/state.json" \
		"$STATE/run/user/1000/runc/$rootless/state.json"
	printf '{"ID":"%s","Name":"/nsjc-web","State":{"Running":true}}\n' "$docker" \
		>"$STATE/var/lib/docker/containers/$docker/config.v2.json"
	printf '[{"id":"%s","names":["nsjc-db"]}]\n' "$podman" \
		>"$STATE/var/lib/containers/storage/vfs-containers/containers.json"
	CONTAINER_REFS=$(printf '%s\n' "$runc" "$k8s" "$docker" "$rootless" "$podman" \
		nsjc-web nsjc-db | sort)
	CONTAINER_HOME=$BATS_TEST_TMPDIR/home
	storage=$CONTAINER_HOME/.local/share/containers/storage/overlay-containers
	mkdir -p "$storage"
	printf '[{"id":"%s","names":["nsjc-mine"]}]\n' "$(printf 'f6%062d' 0)" \
		>"$storage/containers.json"
}

# --- bash ----------------------------------------------------------------------

# The modes to run the bash tests in: "plain" always, and "bc" when the
# bash-completion package is installed.
bash_modes() {
	BASH_MODES=(plain)
	[[ -f /usr/share/bash-completion/bash_completion ]] && BASH_MODES+=(bc)
	return 0
}

# bash_complete MODE LINE: COMPREPLY, one per line, in $output.  The
# commands in the array COMPLETE_IN, if any, run bash (new-pidns).
bash_complete() {
	run "${COMPLETE_IN[@]}" bash --norc --noprofile "$BATS_FILE_TMPDIR/bashcomp.bash" \
		"$1" "$BASH_COMP" "$2"
	assert_success
}

@test "bash: the completion loads and binds _nsjoin to nsjoin, with and without bash-completion" {
	completion_files
	bash_modes
	local mode
	for mode in "${BASH_MODES[@]}"; do
		run bash --norc --noprofile -c '
			[[ $1 == bc ]] && source /usr/share/bash-completion/bash_completion
			source "$2" && complete -p nsjoin' _ "$mode" "$BASH_COMP"
		assert_success
		assert_output "complete -F _nsjoin nsjoin"
	done
}

@test "bash: the bash-completion package is there, so its helpers are tested too" {
	[[ -f /usr/share/bash-completion/bash_completion ]] ||
		skip "bash-completion not installed: the bash tests ran without it only"
}

@test "bash: --pre completes to --preserve-credentials; - offers every option" {
	completion_files
	bash_modes
	local mode o
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --pre"
		assert_output "--preserve-credentials"
		bash_complete "$mode" "nsjoin -"
		for o in -a --all -t --target -n --net -m --mount -S --setuid -G --setgid \
			--preserve-credentials --show --list --type --json -h --help; do
			assert_line -- "$o"
		done
		refute_line --regexp '^[^-]'
	done
}

@test "bash: -t offers pids with their commands, our sleep among them; -t PID and --target=PID insert the bare pid" {
	completion_files
	bash_modes
	start_sleep
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin -t "
		assert_line "$SLEEP_PID (sleep)"
		assert_line "1 ($(cat /proc/1/comm))"
		refute_line --regexp '^[^0-9]'
		bash_complete "$mode" "nsjoin --target $SLEEP_PID"
		assert_line --regexp "^$SLEEP_PID( \(sleep\))?\$"
		bash_complete "$mode" "nsjoin --target=$SLEEP_PID"
		assert_line "$SLEEP_PID"
		refute_line --partial "("
		bash_complete "$mode" "nsjoin -t$SLEEP_PID"
		assert_line "-t$SLEEP_PID"
	done
}

@test "bash: --type= and --tree= offer namespace types and hierarchies" {
	completion_files
	bash_modes
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --list --type="
		assert_output "$(printf '%s\n' cgroup ipc mnt mount net pid time user uts)"
		bash_complete "$mode" "nsjoin --list --type=u"
		assert_output "$(printf '%s\n' user uts)"
		bash_complete "$mode" "nsjoin --list --type u"
		assert_output "$(printf '%s\n' user uts)"
		bash_complete "$mode" "nsjoin --tree="
		assert_output "$(printf '%s\n' user pid)"
	done
}

@test "bash: --net= offers /run/netns names and files; -nNAME too" {
	completion_files
	bash_modes
	add_netns
	in_scratch_dir
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --net="
		assert_line "$NETNS_NAME"
		assert_line "nsjc-file1"
		assert_line "other"
		bash_complete "$mode" "nsjoin -t 1 --net=nsjc-"
		assert_output "$(printf '%s\n' "$NETNS_NAME" nsjc-dir nsjc-file1 | sort)"
		bash_complete "$mode" "nsjoin -nnsjc-$$"
		assert_output "-n$NETNS_NAME"
		# a namespace id: nothing to guess
		bash_complete "$mode" "nsjoin --net=:"
		assert_output ""
	done
}

@test "bash: --mount= and -m offer files after the =, attached or not" {
	completion_files
	bash_modes
	in_scratch_dir
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --mount=nsjc-f"
		assert_output "nsjc-file1"
		bash_complete "$mode" "nsjoin --mount=/pro"
		assert_output "/proc"
		bash_complete "$mode" "nsjoin -m=/pro"
		assert_output "/proc"
		bash_complete "$mode" "nsjoin -mnsjc-f"
		assert_output "-mnsjc-file1"
		# -r and -w: directories only
		bash_complete "$mode" "nsjoin --root=nsjc-"
		assert_output "nsjc-dir"
	done
}

@test "bash: -S offers uids with user names and follow, -G gids with group names" {
	completion_files
	bash_modes
	local mode nobody nogroup
	nobody=$(name_of passwd 65534)
	nogroup=$(name_of group 65534)
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin -S "
		assert_line "follow"
		assert_line "0 ($(name_of passwd 0))"
		[[ -z $nobody ]] || assert_line "65534 ($nobody)"
		refute_line --regexp '^[a-z]+ '
		bash_complete "$mode" "nsjoin --setuid=fol"
		assert_output "follow"
		bash_complete "$mode" "nsjoin -G "
		assert_line "follow"
		assert_line "0 ($(name_of group 0))"
		[[ -z $nogroup ]] || assert_line "65534 ($nogroup)"
		bash_complete "$mode" "nsjoin -G$(getent group 0 | cut -d: -f3)"
		assert_line "-G0"
	done
}

@test "bash: --caps= completes the last item of a comma-separated list" {
	completion_files
	bash_modes
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --caps=-all,+net_a"
		assert_output "-all,+net_admin"
	done
}

@test "bash: --output= offers --output=help's columns, a leading + kept; after a comma the next column, none twice" {
	completion_files
	bash_modes
	local mode bin
	bin=$(nsjoin_dir)
	for mode in "${BASH_MODES[@]}"; do
		PATH=$bin:$PATH bash_complete "$mode" "nsjoin --list --output="
		assert_output "$(help_names)"
		PATH=$bin:$PATH bash_complete "$mode" "nsjoin --list --output=+NS"
		assert_output "$(help_names NS +)"
		assert_line "+NSFS"
		PATH=$bin:$PATH bash_complete "$mode" "nsjoin --list --output NS,P"
		assert_output "$(help_names P NS,)"
		assert_line "NS,PID"
		assert_line "NS,PPID"
		PATH=$bin:$PATH bash_complete "$mode" "nsjoin --list --output=+NSFS,PI"
		assert_output "+NSFS,PID"
		# NS is there already
		PATH=$bin:$PATH bash_complete "$mode" "nsjoin --list --output=NS,PID,N"
		assert_output "$(help_names 'N[^S]|NS[A-Z]' NS,PID,)"
		refute_line "NS,PID,NS"
	done
}

@test "bash: --output's columns are asked of the nsjoin being completed; else its own copy, which is --output=help's" {
	completion_files
	bash_modes
	fake_nsjoins
	local mode
	for mode in "${BASH_MODES[@]}"; do
		PATH=$NEW_NSJOIN_DIR:$PATH bash_complete "$mode" "nsjoin --list --output=+F"
		assert_output "+FAKECOL"
		bash_complete "$mode" "$NEW_NSJOIN_DIR/nsjoin --list --output=+F"
		assert_output "+FAKECOL"
		PATH=$OLD_NSJOIN_DIR:$PATH bash_complete "$mode" "nsjoin --list --output="
		assert_output "$(help_names)"
		bash_complete "$mode" "/nonexistent/nsjoin --list --output="
		assert_output "$(help_names)"
	done
}

@test "bash: --type= completes the last type of a comma-separated list, none twice" {
	completion_files
	bash_modes
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --list --type=net,p"
		assert_output "net,pid"
		bash_complete "$mode" "nsjoin --list --type net,pid,u"
		assert_output "$(printf '%s\n' net,pid,user net,pid,uts)"
		bash_complete "$mode" "nsjoin --list --type=net,"
		assert_line "net,pid"
		refute_line "net,net"
	done
}

@test "bash: --no, --r and --out offer --noheadings, --nowrap, --raw, --output and --output-all" {
	completion_files
	bash_modes
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin --no"
		assert_output "$(printf '%s\n' --no-new-privs --no-fork --noheadings --nowrap)"
		bash_complete "$mode" "nsjoin --r"
		assert_output "$(printf '%s\n' --root --raw)"
		bash_complete "$mode" "nsjoin --out"
		assert_output "$(printf '%s\n' --output --output-all)"
	done
}

@test "bash: -t offers user processes in numeric order, listed so (nosort), two sleeps of ours among them, no kernel thread" {
	completion_files
	bash_modes
	local mode s1 s2
	start_sleep
	s1=$SLEEP_PID
	start_sleep
	s2=$SLEEP_PID
	for mode in "${BASH_MODES[@]}"; do
		rm -f "$BATS_TEST_TMPDIR/compopt"
		NSJC_COMPOPT_LOG=$BATS_TEST_TMPDIR/compopt bash_complete "$mode" "nsjoin -t "
		assert_line "$s1 (sleep)"
		assert_line "$s2 (sleep)"
		assert_line "1 ($(cat /proc/1/comm))"
		assert_pid_list 1 "$s1" "$s2"
		refute_kernel_threads
		# bash would sort the list again, by text
		run grep -x -- '-o nosort' "$BATS_TEST_TMPDIR/compopt"
		assert_success
	done
}

@test "bash: -t in a new pid namespace: pids 1 to 12 in numeric order, pid 2 a process like any other there" {
	require_pidns
	completion_files
	bash_modes
	local mode
	local -a COMPLETE_IN=("$BATS_FILE_TMPDIR/new-pidns")
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin -t "
		assert_pid_list 1 2 3 4 5 6 7 8 9 10 11 12
		assert_line "2 (sleep)"
		assert_line "12 (sleep)"
	done
}

@test "bash: --container offers the ids in runc's state roots and Docker's and containers-storage's ids and names" {
	completion_files
	bash_modes
	make_container_state
	local mode
	for mode in "${BASH_MODES[@]}"; do
		NSJOIN_STATE_ROOT=$STATE bash_complete "$mode" "nsjoin --container "
		run sort <<<"$output"
		assert_output "$CONTAINER_REFS"
		NSJOIN_STATE_ROOT=$STATE bash_complete "$mode" "nsjoin --container=nsjc-"
		assert_output "$(printf '%s\n' nsjc-db nsjc-web)"
		# the default root, /
		HOME=$CONTAINER_HOME bash_complete "$mode" "nsjoin --container=nsjc-m"
		assert_output "nsjc-mine"
	done
}

@test "bash: the program: commands after the options and after -n (no file there); its own arguments after it" {
	completion_files
	bash_modes
	in_scratch_dir
	local mode
	for mode in "${BASH_MODES[@]}"; do
		bash_complete "$mode" "nsjoin -t 1 -m bas"
		assert_line "bash"
		# "-n FILE" runs FILE, as with nsenter: a command, not a netns
		bash_complete "$mode" "nsjoin -n bas"
		assert_line "bash"
		bash_complete "$mode" "nsjoin -t 1 -- bas"
		assert_line "bash"
		bash_complete "$mode" "nsjoin -t 1 cat nsjc-f"
		assert_output "nsjc-file1"
	done
	if [[ -f /usr/share/bash-completion/bash_completion ]]; then
		# ls's own completion, through bash-completion's _command_offset
		bash_complete bc "nsjoin -t 1 ls --al"
		assert_line "--all"
		assert_line "--almost-all"
	fi
}

# --- zsh -----------------------------------------------------------------------

require_zsh() {
	require_cmd zsh
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"
}

# zsh_complete LINE [MODES]: the matches, "MATCH" or "MATCH -- DESCRIPTION",
# one per line, in $output (MODES, comma-separated: "job", the job's pid
# first; "order", each match after "sorted " or "unsorted ", its group's
# order).  The commands in the array COMPLETE_IN, if any, run zsh.
zsh_complete() {
	# no bats fds for the shell and its job: bats would wait for them
	run with_clean_fds timeout 30 "${COMPLETE_IN[@]}" zsh -f "$BATS_FILE_TMPDIR/zshcomp.zsh" \
		"$ZSH_DIR" "$BATS_FILE_TMPDIR/zshcapture.zsh" "$1" "${2:-}"
	assert_success
	refute_output --partial "<zsh-error>"
}

# zsh_described [PREFIX]: the matches in $output that _describe added,
# "MATCH -- DISPLAY -- DESCRIPTION" (the display string is the match again,
# padded), as "MATCH<TAB>DESCRIPTION" with the "," that ends an item of a
# list (removed when a blank is typed) left off, each after PREFIX.
zsh_described() {
	sed -n "s/^\\(.*\\) -- [^ ]* *-- \\(.*\\)\$/${1:-}\\1\t\\2/p" <<<"$output" |
		sed 's/,\t/\t/'
}

@test "zsh: compinit finds _nsjoin for nsjoin and its _arguments spec parses" {
	require_zsh
	completion_files
	run zsh -fc 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D
		[[ $_comps[nsjoin] == _nsjoin ]] || { print "nsjoin -> ${_comps[nsjoin]-nothing}"; exit 1 }
		autoload +X _nsjoin && print loaded' _ "$ZSH_DIR"
	assert_success
	assert_output "loaded"
	# _arguments reports a bad spec on the terminal ("_arguments:...:
	# invalid argument") when the completion runs: zsh_complete fails on
	# any such message.  Here with nothing typed: the program.
	zsh_complete "nsjoin "
	assert_line --regexp '^bash'
}

@test "zsh: --pre completes to --preserve-credentials; - offers the options with descriptions" {
	require_zsh
	completion_files
	zsh_complete "nsjoin --pre"
	assert_output --regexp '^--preserve-credentials -- .*do not touch uids or gids'
	zsh_complete "nsjoin --"
	# "=" marks the options whose argument zsh completes after it
	assert_line --regexp '^--target= -- '
	assert_line --regexp '^--net= -- '
	assert_line --regexp '^--show -- '
	assert_line --regexp '^--setuid= -- '
	refute_line --regexp '^[^-]'
}

@test "zsh: -t offers pids with their commands (a sleep of the shell's own)" {
	require_zsh
	completion_files
	zsh_complete "nsjoin -t " job
	local pid=${lines[0]}
	[[ $pid =~ ^[0-9]+$ ]] || fail "no job pid: $output"
	assert_line --regexp "^$pid -- .*sleep"
}

@test "zsh: --type= and --tree= offer namespace types and hierarchies" {
	require_zsh
	completion_files
	zsh_complete "nsjoin --list --type="
	local t
	for t in cgroup ipc mnt net pid time user uts; do
		# with the "," of a list, which a blank typed after it removes
		assert_line "--type=$t,"
	done
	zsh_complete "nsjoin --tree="
	run sort <<<"$output"
	assert_output "$(printf '%s\n' --tree=pid --tree=user)"
}

@test "zsh: --output= offers --output=help's columns and descriptions, a leading + kept; after a comma the next column, none twice" {
	require_zsh
	completion_files
	local bin
	bin=$(nsjoin_dir)
	PATH=$bin:$PATH zsh_complete "nsjoin --list --output="
	run zsh_described
	assert_output "$(help_columns | sed 's/^/--output=/')"
	PATH=$bin:$PATH zsh_complete "nsjoin --list --output=+NS"
	assert_line --regexp '^--output=\+NSFS,? -- '
	run zsh_described
	assert_output "$(help_columns NS | sed 's/^/--output=+/')"
	PATH=$bin:$PATH zsh_complete "nsjoin --list --output NS,P"
	run zsh_described
	assert_output "$(help_columns P | sed 's/^/NS,/')"
	assert_line --regexp $'^NS,PID\t'
	assert_line --regexp $'^NS,PPID\t'
	PATH=$bin:$PATH zsh_complete "nsjoin --list --output=+NSFS,PI"
	run zsh_described
	assert_output "$(help_columns PI | sed 's/^/--output=+NSFS,/')"
	# NS is there already
	PATH=$bin:$PATH zsh_complete "nsjoin --list --output=NS,PID,N"
	run zsh_described
	assert_output "$(help_columns 'N[^S]|NS[A-Z]' | sed 's/^/--output=NS,PID,/')"
}

@test "zsh: --output's columns are asked of the nsjoin being completed; else its own copy, which is --output=help's" {
	require_zsh
	completion_files
	fake_nsjoins
	PATH=$NEW_NSJOIN_DIR:$PATH zsh_complete "nsjoin --list --output=+F"
	run zsh_described
	assert_output $'--output=+FAKECOL\ta column of a newer nsjoin'
	zsh_complete "$NEW_NSJOIN_DIR/nsjoin --list --output=+F"
	run zsh_described
	assert_output $'--output=+FAKECOL\ta column of a newer nsjoin'
	PATH=$OLD_NSJOIN_DIR:$PATH zsh_complete "nsjoin --list --output="
	run zsh_described
	assert_output "$(help_columns | sed 's/^/--output=/')"
	zsh_complete "/nonexistent/nsjoin --list --output="
	run zsh_described
	assert_output "$(help_columns | sed 's/^/--output=/')"
}

@test "zsh: --type= completes the last type of a comma-separated list, none twice" {
	require_zsh
	completion_files
	zsh_complete "nsjoin --list --type=net,p"
	assert_output --regexp '^--type=net,pid,?$'
	zsh_complete "nsjoin --list --type net,pid,u"
	run sort <<<"$output"
	assert_output --regexp '^net,pid,user,?'$'\n''net,pid,uts,?$'
	zsh_complete "nsjoin --list --type=net,"
	assert_line --regexp '^--type=net,pid,?$'
	refute_line --regexp '^--type=net,net'
}

@test "zsh: --no, --r and --out offer --noheadings, --nowrap, --raw, --output and --output-all, described" {
	require_zsh
	completion_files
	zsh_complete "nsjoin --no"
	assert_line --regexp '^--noheadings -- .*-- .*do not print the headings$'
	assert_line --regexp '^--nowrap -- .*-- .*one line per namespace'
	zsh_complete "nsjoin --r"
	assert_line --regexp '^--raw -- .*-- .*unaligned output'
	zsh_complete "nsjoin --out"
	assert_line --regexp '^--output= -- .*-- .*the columns to show'
	assert_line --regexp '^--output-all -- .*-- .*show every column'
}

@test "zsh: -t offers user processes in numeric order, an unsorted group, described by their command lines; two sleeps of ours, no kernel thread" {
	require_zsh
	completion_files
	local s1 s2
	start_sleep
	s1=$SLEEP_PID
	start_sleep
	s2=$SLEEP_PID
	zsh_complete "nsjoin -t " order
	# zsh would sort a sorted group again, by text
	refute_line --regexp '^sorted '
	run sed 's/^unsorted //' <<<"$output"
	assert_line --regexp "^$s1 -- $s1 +-- sleep 1000\$"
	assert_line --regexp "^$s2 -- $s2 +-- sleep 1000\$"
	assert_line --regexp '^1 -- 1 +-- '
	assert_pid_list 1 "$s1" "$s2"
	refute_kernel_threads
}

@test "zsh: -t in a new pid namespace: pids 1 to 12 in numeric order, pid 2 a process like any other there" {
	require_pidns
	require_zsh
	completion_files
	local -a COMPLETE_IN=("$BATS_FILE_TMPDIR/new-pidns")
	zsh_complete "nsjoin -t " order
	refute_line --regexp '^sorted '
	run sed 's/^unsorted //' <<<"$output"
	assert_pid_list 1 2 3 4 5 6 7 8 9 10 11 12
	assert_line --regexp '^2 -- 2 +-- sleep 1000$'
}

@test "zsh: --container offers the ids in runc's state roots and Docker's and containers-storage's ids and names" {
	require_zsh
	completion_files
	make_container_state
	NSJOIN_STATE_ROOT=$STATE zsh_complete "nsjoin --container "
	run sort <<<"$output"
	assert_output "$CONTAINER_REFS"
	NSJOIN_STATE_ROOT=$STATE zsh_complete "nsjoin --container=nsjc-"
	run sort <<<"$output"
	assert_output "$(printf '%s\n' --container=nsjc-db --container=nsjc-web)"
	# the default root, /
	HOME=$CONTAINER_HOME zsh_complete "nsjoin --container=nsjc-m"
	assert_output "--container=nsjc-mine"
}

@test "zsh: --net= offers /run/netns names and files; -nNAME too" {
	require_zsh
	completion_files
	add_netns
	in_scratch_dir
	zsh_complete "nsjoin --net=nsjc-"
	assert_line "--net=$NETNS_NAME"
	assert_line "--net=nsjc-file1"
	refute_line "--net=other"
	zsh_complete "nsjoin -nnsjc-$$"
	assert_line "-n$NETNS_NAME"
}

@test "zsh: --mount= and -m offer files after the =, attached or not" {
	require_zsh
	completion_files
	in_scratch_dir
	zsh_complete "nsjoin --mount=nsjc-f"
	assert_output "--mount=nsjc-file1"
	zsh_complete "nsjoin --mount=/pro"
	assert_output "--mount=/proc"
	zsh_complete "nsjoin -mnsjc-f"
	assert_output "-mnsjc-file1"
}

@test "zsh: -S offers uids described by user names, -G gids by group names, and follow" {
	require_zsh
	completion_files
	zsh_complete "nsjoin -S "
	assert_line --regexp "^0 -- .*$(name_of passwd 0)\$"
	assert_line --regexp '^follow -- '
	zsh_complete "nsjoin -G "
	assert_line --regexp "^0 -- .*$(name_of group 0)\$"
	zsh_complete "nsjoin --setgid=fol"
	assert_line --regexp '^--setgid=follow'
}

@test "zsh: the program and then its own completion (ls --al)" {
	require_zsh
	completion_files
	zsh_complete "nsjoin -t 1 -m bas"
	assert_line --regexp '^bash'
	zsh_complete "nsjoin -t 1 ls --al"
	assert_line --regexp '^--all'
	assert_line --regexp '^--almost-all'
}

# --- fish ----------------------------------------------------------------------

# fish_complete LINE: fish's "complete -C LINE", "MATCH<TAB>DESCRIPTION" per
# line, in $output.  fish's own files stay in the test's directory.  fish
# autoloads the completion of a command only when the command is in PATH:
# NSJOIN is, as nsjoin (FISH_NSJOIN, when set, instead).  The commands in
# the array COMPLETE_IN, if any, run fish.
fish_complete() {
	mkdir -p "$BATS_TEST_TMPDIR/fish-bin"
	ln -sf "${FISH_NSJOIN:-$NSJOIN}" "$BATS_TEST_TMPDIR/fish-bin/nsjoin"
	# shellcheck disable=SC2016 # $argv is fish's, in fish's script
	PATH=$BATS_TEST_TMPDIR/fish-bin:$PATH \
	XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/xdg-config \
	XDG_DATA_HOME=$BATS_TEST_TMPDIR/xdg-data \
	XDG_CACHE_HOME=$BATS_TEST_TMPDIR/xdg-cache \
		run timeout 30 "${COMPLETE_IN[@]}" fish -c \
		'set -p fish_complete_path $argv[1]; complete -C$argv[2]' "$FISH_DIR" "$1"
	assert_success
}

@test "fish: the completion autoloads; --pre completes to --preserve-credentials, with its description" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin --pre"
	assert_output $'--preserve-credentials\tDo not touch uids or gids'
	fish_complete "nsjoin --"
	assert_line --regexp $'^--target\t'
	assert_line --regexp $'^--net\t'
	assert_line --regexp $'^--show\t'
}

@test "fish: -t offers pids with their commands, our sleep among them" {
	require_cmd fish
	completion_files
	start_sleep
	fish_complete "nsjoin -t "
	assert_line $'1\t'"$(command_line 1)"
	assert_line "$SLEEP_PID"$'\tsleep 1000'
	fish_complete "nsjoin --target=$SLEEP_PID"
	assert_line "--target=$SLEEP_PID"$'\tsleep 1000'
}

@test "fish: --type= and --tree= offer namespace types and hierarchies" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin --list --type="
	local t
	for t in cgroup ipc mnt net pid time user uts; do
		assert_line --regexp "^--type=$t"$'\t'
	done
	fish_complete "nsjoin --tree="
	assert_line --regexp $'^--tree=user\t'
	assert_line --regexp $'^--tree=pid\t'
}

@test "fish: --output= offers --output=help's columns and descriptions, a leading + kept; after a comma the next column, none twice" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin --list --output="
	assert_output "$(help_columns | sed 's/^/--output=/')"
	fish_complete "nsjoin --list --output=+NS"
	assert_output "$(help_columns NS | sed 's/^/--output=+/')"
	assert_line --regexp $'^--output=\\+NSFS\t'
	fish_complete "nsjoin --list --output NS,P"
	assert_output "$(help_columns P | sed 's/^/NS,/')"
	assert_line --regexp $'^NS,PID\t'
	assert_line --regexp $'^NS,PPID\t'
	fish_complete "nsjoin --list --output=+NSFS,PI"
	assert_output "$(help_columns PI | sed 's/^/--output=+NSFS,/')"
	# NS is there already
	fish_complete "nsjoin --list --output=NS,PID,N"
	assert_output "$(help_columns 'N[^S]|NS[A-Z]' | sed 's/^/--output=NS,PID,/')"
}

@test "fish: --output's columns are asked of the nsjoin being completed; else its own copy, which is --output=help's" {
	require_cmd fish
	completion_files
	fake_nsjoins
	FISH_NSJOIN=$NEW_NSJOIN_DIR/nsjoin fish_complete "nsjoin --list --output=+F"
	assert_output $'--output=+FAKECOL\ta column of a newer nsjoin'
	FISH_NSJOIN=$OLD_NSJOIN_DIR/nsjoin fish_complete "nsjoin --list --output="
	assert_output "$(help_columns | sed 's/^/--output=/')"
}

@test "fish: --type= completes the last type of a comma-separated list, none twice" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin --list --type=net,p"
	assert_output --regexp $'^--type=net,pid\t[^\n]*$'
	fish_complete "nsjoin --list --type net,pid,u"
	run cut -f1 <<<"$output"
	assert_output "$(printf '%s\n' net,pid,user net,pid,uts)"
	fish_complete "nsjoin --list --type=net,"
	assert_line --regexp $'^--type=net,pid\t'
	refute_line --regexp '^--type=net,net'
}

@test "fish: --no, --r and --out offer --noheadings, --nowrap, --raw, --output and --output-all, described" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin --no"
	assert_line $'--noheadings\tWith --list or --tree: do not print the headings'
	assert_line --regexp $'^--nowrap\t.*one line per namespace'
	fish_complete "nsjoin --r"
	assert_line --regexp $'^--raw\t.*unaligned output'
	fish_complete "nsjoin --out"
	assert_line --regexp $'^--output\t.*the columns to show'
	assert_line --regexp $'^--output-all\t.*show every column'
}

@test "fish: -t offers user processes in numeric order, described by their command lines; two sleeps of ours, no kernel thread" {
	require_cmd fish
	completion_files
	local s1 s2
	start_sleep
	s1=$SLEEP_PID
	start_sleep
	s2=$SLEEP_PID
	fish_complete "nsjoin -t "
	assert_line "$s1"$'\tsleep 1000'
	assert_line "$s2"$'\tsleep 1000'
	assert_line $'1\t'"$(command_line 1)"
	assert_pid_list 1 "$s1" "$s2"
	refute_kernel_threads
}

@test "fish: -t in a new pid namespace: pids 1 to 12 in numeric order, pid 2 a process like any other there" {
	require_pidns
	require_cmd fish
	completion_files
	local -a COMPLETE_IN=("$BATS_FILE_TMPDIR/new-pidns")
	fish_complete "nsjoin -t "
	assert_pid_list 1 2 3 4 5 6 7 8 9 10 11 12
	assert_line $'2\tsleep 1000'
}

@test "fish: --container offers the ids in runc's state roots and Docker's and containers-storage's ids and names" {
	require_cmd fish
	completion_files
	make_container_state
	NSJOIN_STATE_ROOT=$STATE fish_complete "nsjoin --container "
	run bash -c 'cut -f1 | sort' <<<"$output"
	assert_output "$CONTAINER_REFS"
	NSJOIN_STATE_ROOT=$STATE fish_complete "nsjoin --container=nsjc-"
	run cut -f1 <<<"$output"
	assert_output "$(printf '%s\n' --container=nsjc-db --container=nsjc-web)"
	# the default root, /
	HOME=$CONTAINER_HOME fish_complete "nsjoin --container=nsjc-m"
	run cut -f1 <<<"$output"
	assert_output "--container=nsjc-mine"
}

@test "fish: --net= offers /run/netns names and files; -n=NAME too" {
	require_cmd fish
	completion_files
	add_netns
	in_scratch_dir
	fish_complete "nsjoin --net=nsjc-"
	assert_line "--net=$NETNS_NAME"$'\tip netns name'
	assert_line --regexp '^--net=nsjc-file1'
	assert_line --regexp '^--net=nsjc-dir/'
	refute_line --regexp '^--net=other'
	fish_complete "nsjoin -n=nsjc-$$"
	assert_line "-n=$NETNS_NAME"$'\tip netns name'
	fish_complete "nsjoin -n/run/netns/nsjc-$$"
	assert_line --regexp "^-n/run/netns/$NETNS_NAME"
}

@test "fish: --mount= and -m offer files after the =, attached or not" {
	require_cmd fish
	completion_files
	in_scratch_dir
	fish_complete "nsjoin --mount=nsjc-f"
	assert_output --regexp '^--mount=nsjc-file1'
	fish_complete "nsjoin --mount=/pro"
	assert_output --regexp '^--mount=/proc/'
	fish_complete "nsjoin -m=nsjc-f"
	assert_output --regexp '^-m=nsjc-file1'
	fish_complete "nsjoin -m/pro"
	assert_output --regexp '^-m/proc/'
	fish_complete "nsjoin -m./nsjc-f"
	assert_output --regexp '^-m\./nsjc-file1'
}

# nsjoin, like getopt, reads "-mnsjc-f" as -m with the file "nsjc-f"; fish
# reads it as the cluster -m -n and completes an argument of -n from
# "sjc-f": the completion must still offer -m's files, word kept whole.
@test "fish: -mFILE with FILE starting with an option letter keeps the -m" {
	require_cmd fish
	completion_files
	in_scratch_dir
	fish_complete "nsjoin -mnsjc-f"
	assert_output --regexp '^-mnsjc-file1'
	fish_complete "nsjoin -amnsjc-f"
	assert_output --regexp '^-amnsjc-file1'
	fish_complete "nsjoin -m=nsjc-f"
	assert_output --regexp '^-m=nsjc-file1'
}

@test "fish: -S offers uids described by user names, -G gids by group names, and follow" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin -S "
	assert_line $'0\t'"$(name_of passwd 0)"
	assert_line --regexp $'^follow\t'
	fish_complete "nsjoin -G "
	assert_line $'0\t'"$(name_of group 0)"
	fish_complete "nsjoin --setgid=fol"
	assert_line --regexp $'^--setgid=follow\t'
}

@test "fish: the program and then its own completion (ls --al)" {
	require_cmd fish
	completion_files
	fish_complete "nsjoin -t 1 -m bas"
	assert_line --regexp $'^bash(\t|$)'
	fish_complete "nsjoin -t 1 ls --al"
	assert_line --regexp $'^--all\t'
	assert_line --regexp $'^--almost-all\t'
}
