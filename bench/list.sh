#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/list.sh - nsjoin --list against util-linux lsns on a busy host.
#
#   bench/list.sh [NSJOIN] [RUNS] [PROCS]
#
# Starts PROCS (default 5000) sleep processes of our own: 200 of them in
# fresh net+uts namespaces (unshare --net --uts --fork --kill-child sleep,
# which is 400 processes with the unshares), the rest plain sleeps; then
# times, side by side with hyperfine, "nsjoin --list" against "lsns" and
# "nsjoin --list --json" against "lsns -J", and prints the medians, the
# ratio nsjoin/lsns (below 1: nsjoin is faster) and the peak memory of
# each.  Everything started here is tracked by pid and killed by pid on
# exit, never by name.  A benchmark, not a test: only the ratio, measured in
# one run on one machine, means anything.  Needs root (to see every
# process's namespaces), hyperfine, unshare, lsns and GNU time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NSJOIN=$(realpath "${1:-$here/../src/nsjoin}")
RUNS=${2:-30}
PROCS=${3:-5000}
NS_TARGETS=200

for cmd in hyperfine unshare lsns sleep /usr/bin/time; do
	command -v "$cmd" >/dev/null || { echo "bench: $cmd not installed" >&2; exit 1; }
done
[[ $EUID -eq 0 ]] || { echo "bench: run as root" >&2; exit 1; }
((PROCS >= 2 * NS_TARGETS)) || { echo "bench: PROCS must be at least $((2 * NS_TARGETS))" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
	# Our own children only, by pid: an unshare's --kill-child takes its
	# sleep with it.
	if ((${#pids[@]})); then
		kill -KILL "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "starting $PROCS processes ($NS_TARGETS in their own net+uts namespaces)..." >&2
for ((i = 0; i < NS_TARGETS; i++)); do
	unshare --net --uts --fork --kill-child sleep 3600 \
		</dev/null >/dev/null 2>&1 3>&- &
	pids+=("$!")
done
# Each unshare has forked its sleep once its children file names one.
# (Checked before the plain sleeps start: a bash with thousands of jobs
# forks slowly, so no command substitution in this loop either.)
for ((i = 0; i < NS_TARGETS; i++)); do
	up=${pids[i]}
	for ((try = 0; try < 1000; try++)); do
		child=''
		comm=''
		read -r child _ <"/proc/$up/task/$up/children" 2>/dev/null || true
		if [[ -n $child ]]; then
			read -r comm <"/proc/$child/comm" 2>/dev/null || true
		fi
		[[ $comm == sleep ]] && break
		kill -0 "$up" 2>/dev/null || { echo "bench: unshare $up exited" >&2; exit 1; }
		sleep 0.01
	done
done
for ((i = 2 * NS_TARGETS; i < PROCS; i++)); do
	# shellcheck disable=SC2217 # no stdin of ours for the sleeps either
	sleep 3600 </dev/null >/dev/null 2>&1 3>&- &
	pids+=("$!")
done
shopt -s nullglob
procs=(/proc/[0-9]*)
nprocs=${#procs[@]}
nns=$("$NSJOIN" --list | tail -n +2 | wc -l)
echo "host: $nprocs processes, $nns namespaces seen by nsjoin" >&2

median_ms() { # hyperfine CSV: command,mean,stddev,median,... (one line each)
	awk -F, -v n="$2" 'NR == n + 1 { printf "%.2f\n", $4 * 1000 }' "$1"
}

peak_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}

compare() { # label, nsjoin args, lsns args
	local label=$1 csv=$work/$1.csv j l
	# shellcheck disable=SC2086 # the argument strings are split on purpose
	# (hyperfine's warnings about outliers would break the table)
	hyperfine -N --warmup 3 --runs "$RUNS" --export-csv "$csv" --style none \
		"$NSJOIN $2" "lsns $3" >/dev/null 2>"$work/hyperfine.err" || {
		cat "$work/hyperfine.err" >&2
		exit 1
	}
	j=$(median_ms "$csv" 1)
	l=$(median_ms "$csv" 2)
	# shellcheck disable=SC2086
	printf '%-22s %10s %10s %8s %12s %12s\n' "$label" "$j" "$l" \
		"$(awk -v j="$j" -v l="$l" 'BEGIN { printf "%.2f", j / l }')" \
		"$(peak_kb "$NSJOIN" $2)" "$(peak_kb lsns $3)"
}

printf '\nnsjoin: %s\n%s runs each, medians in ms\n\n' "$NSJOIN" "$RUNS"
printf '%-22s %10s %10s %8s %12s %12s\n' case nsjoin lsns ratio \
	'nsjoin kB' 'lsns kB'
compare "--list vs lsns" "--list" ""
compare "--list --json vs -J" "--list --json" "-J"
compare "--type=net vs -t net" "--list --type=net" "-t net"

cat <<EOT

ratio: nsjoin median / lsns median (below 1: nsjoin is faster).
kB: peak resident set (GNU time %M).
EOT
