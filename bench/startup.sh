#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/startup.sh - start-up cost of nsjoin against util-linux nsenter,
# busybox nsenter and the program alone, measured in one run on this
# machine.  A benchmark, not a test: timings are noisy, so only ratios
# measured side by side mean anything.
#
#   bench/startup.sh [NSJOIN] [RUNS]
#
# For each case it prints the median wall time of each command, the
# overhead ratio (nsjoin - program alone) / (nsenter - program alone), the
# peak memory (maximum resident set) and the number of system calls from
# nsjoin's execve() to the program's (strace -f).  Needs root, hyperfine,
# strace, GNU time, busybox and util-linux.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NSJOIN=$(realpath "${1:-$here/../src/nsjoin}")
RUNS=${2:-300}
PROG=/bin/true

for cmd in hyperfine strace nsenter busybox unshare /usr/bin/time; do
	command -v "$cmd" >/dev/null || { echo "bench: $cmd not installed" >&2; exit 1; }
done
[[ $EUID -eq 0 ]] || { echo "bench: run as root" >&2; exit 1; }

work=$(mktemp -d)
up=
cleanup() {
	umount "$work/netns" 2>/dev/null || true
	[[ -n $up ]] && kill -KILL "$up" 2>/dev/null && wait "$up" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# A target with all eight namespace types.
unshare --mount --uts --ipc --net --pid --cgroup --time --fork --kill-child \
	sleep 3600 </dev/null >/dev/null 2>&1 &
up=$!
target=
for _ in $(seq 500); do
	read -r target _ <"/proc/$up/task/$up/children" 2>/dev/null || true
	[[ -n $target && $(cat "/proc/$target/comm" 2>/dev/null) == sleep ]] && break
	sleep 0.01
done
[[ -n $target ]] || { echo "bench: no target" >&2; exit 1; }
# what dockerd hands nsenter: a bind mount of the container's netns
touch "$work/netns"
mount --bind "/proc/$target/ns/net" "$work/netns"

median_ms() { # hyperfine CSV: command,mean,stddev,median,...
	awk -F, 'NR > 1 { printf "%.3f\n", $4 * 1000 }' "$1"
}

time_cmd() { # label, command...
	local csv=$work/$1.csv
	hyperfine -N --warmup 30 --runs "$RUNS" --export-csv "$csv" \
		--style none "${*:2}" >/dev/null 2>&1 || { echo "n/a"; return; }
	median_ms "$csv"
}

peak_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}

syscalls() { # from the tool's execve to the program's, all processes
	local log=$work/strace.log
	strace -f -qq -o "$log" "$@" >/dev/null 2>&1 || true
	awk -v prog="$PROG" '
		{ $1 = "" }
		/execve\(/ && index($0, "execve(\"" prog "\"") { exit }
		/resumed>/ || /^ *\+\+\+/ || /^ *---/ { next }
		{ n++ }
		END { print n - 1 }' "$log"
}

ratio() { # (a - base) / (b - base)
	awk -v a="$1" -v b="$2" -v base="$3" 'BEGIN {
		if (a == "n/a" || b == "n/a" || b - base <= 0) { print "n/a"; exit }
		printf "%.2f\n", (a - base) / (b - base) }'
}

alone=$(time_cmd alone "$PROG")
printf 'nsjoin: %s\nprogram alone (%s): median %s ms, %s runs each\n\n' \
	"$NSJOIN" "$PROG" "$alone" "$RUNS"
printf '%-28s %10s %10s %10s %8s %8s %8s %9s\n' case nsjoin nsenter busybox \
	'ratio' 'vs bb' 'RSS kB' syscalls

run_case() { # name, nsjoin/nsenter args, busybox args (or "-")
	local name=$1 args=$2 bbargs=$3 j u b
	# shellcheck disable=SC2086 # the argument strings are split on purpose
	{
		j=$(time_cmd "j-$name" "$NSJOIN" $args "$PROG")
		u=$(time_cmd "u-$name" nsenter $args "$PROG")
		if [[ $bbargs == - ]]; then b=n/a; else b=$(time_cmd "b-$name" busybox nsenter $bbargs "$PROG"); fi
		printf '%-28s %10s %10s %10s %8s %8s %8s %9s\n' "$name" "$j" "$u" "$b" \
			"$(ratio "$j" "$u" "$alone")" "$(ratio "$j" "$b" "$alone")" \
			"$(peak_kb "$NSJOIN" $args "$PROG")" "$(syscalls "$NSJOIN" $args "$PROG")"
	}
}

# busybox nsenter has no -a, -C or -T: it gets the types it knows.
run_case "-a -t PID" "-a -t $target" "-m -u -i -n -p -t $target"
run_case "-n -t PID" "-n -t $target" "-n -t $target"
run_case "-n<file> -F --" "-n$work/netns -F --" "-n$work/netns -F --"

cat <<EOT

Medians in milliseconds.  ratio: (nsjoin - program alone) / (nsenter -
program alone); vs bb: the same against busybox nsenter (which joins fewer
types for -a).  RSS: nsjoin's peak resident set.  syscalls: made by nsjoin
and its child from nsjoin's execve to the program's.
EOT
