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
# strace, GNU time, python3, busybox and util-linux.  ROUNDS (default 10):
# how many rounds the runs are spread over.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NSJOIN=$(realpath "${1:-$here/../src/nsjoin}")
RUNS=${2:-300}
PROG=/bin/true

for cmd in hyperfine strace nsenter busybox unshare python3 /usr/bin/time; do
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

# Timing: the machine drifts by 20% from one minute to the next, so the
# commands are timed in ROUNDS rounds, each command RUNS/ROUNDS times per
# round, in a rotating order; a command's figure is the median of all its
# runs, and each ratio is also computed per round to show its spread.
ROUNDS=${ROUNDS:-10}

time_all() { # label=command... ; writes $work/<label>.times (seconds)
	local r i n=$# per=$(((RUNS + ROUNDS - 1) / ROUNDS)) spec label cmd
	local -a specs=("$@")
	for ((r = 0; r < ROUNDS; r++)); do
		for ((i = 0; i < n; i++)); do
			spec=${specs[(i + r) % n]}
			label=${spec%%=*}
			cmd=${spec#*=}
			hyperfine -N --warmup 5 --runs "$per" --export-json "$work/$label.json" \
				--style none "$cmd" >/dev/null 2>&1 || continue
			python3 -c 'import json, sys
for t in json.load(open(sys.argv[1]))["results"][0]["times"]:
    print(sys.argv[2], t)' "$work/$label.json" "$r" >>"$work/$label.times"
		done
	done
}

median_ms() { # label
	[[ -s $work/$1.times ]] || { echo n/a; return; }
	python3 -c 'import statistics, sys
print("%.3f" % (1000 * statistics.median(float(l.split()[1]) for l in open(sys.argv[1]))))' "$work/$1.times"
}

# ratio of the medians, then the lowest and highest of the per-round ratios
ratios() { # label-a label-b label-base
	local f
	for f in "$@"; do [[ -s $work/$f.times ]] || { echo "n/a n/a"; return; }; done
	python3 -c 'import collections, statistics, sys
def load(f):
    by = collections.defaultdict(list)
    for l in open(f):
        r, t = l.split()
        by[r].append(float(t))
    return by
a, b, base = (load(sys.argv[i]) for i in (1, 2, 3))
def r(x, y, z):
    return (x - z) / (y - z) if y > z else float("nan")
med = lambda d: statistics.median(t for v in d.values() for t in v)
per = [r(statistics.median(a[k]), statistics.median(b[k]), statistics.median(base[k]))
       for k in a if k in b and k in base]
print("%.2f %.2f-%.2f" % (r(med(a), med(b), med(base)), min(per), max(per)))' \
		"$work/$1.times" "$work/$2.times" "$work/$3.times"
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

# busybox nsenter has no -a, -C or -T: it gets the types it knows.
names=("-a -t PID" "-n -t PID" "-n<file> -F --")
args=("-a -t $target" "-n -t $target" "-n$work/netns -F --")
bbargs=("-m -u -i -n -p -t $target" "-n -t $target" "-n$work/netns -F --")
specs=("alone=$PROG")
# The floor: a static program that does nothing but execv() the program.
# Any wrapper pays that second exec; nsjoin's own work is what it adds.
if printf '#include <unistd.h>\nint main(int c, char **v) { (void)c; execv(v[1], v + 1); return 127; }\n' |
	cc -O2 -static -x c -o "$work/execv" - 2>/dev/null; then
	specs+=("floor=$work/execv $PROG")
fi
for i in 0 1 2; do
	specs+=("j$i=$NSJOIN ${args[i]} $PROG" "u$i=nsenter ${args[i]} $PROG"
		"b$i=busybox nsenter ${bbargs[i]} $PROG")
done
time_all "${specs[@]}"

printf 'nsjoin: %s\nprogram alone (%s): median %s ms; a static execv() wrapper: %s ms\n' \
	"$NSJOIN" "$PROG" "$(median_ms alone)" "$(median_ms floor)"
printf '%s runs of each command in %s rounds\n\n' "$RUNS" "$ROUNDS"
printf '%-16s %7s %7s %7s %16s %16s %5s %6s %8s\n' case nsjoin nsenter busybox \
	'ratio (rounds)' 'vs bb (rounds)' floor 'RSS kB' syscalls
for i in 0 1 2; do
	read -r ru su < <(ratios "j$i" "u$i" alone)
	read -r rb sb < <(ratios "j$i" "b$i" alone)
	read -r rf _ < <(ratios floor "u$i" alone)
	# shellcheck disable=SC2086 # the argument strings are split on purpose
	printf '%-16s %7s %7s %7s %16s %16s %5s %6s %8s\n' "${names[i]}" \
		"$(median_ms "j$i")" "$(median_ms "u$i")" "$(median_ms "b$i")" \
		"$ru ($su)" "$rb ($sb)" "$rf" \
		"$(peak_kb "$NSJOIN" ${args[i]} "$PROG")" "$(syscalls "$NSJOIN" ${args[i]} "$PROG")"
done

cat <<EOT

Medians in milliseconds.  ratio: (nsjoin - program alone) / (nsenter -
program alone), from the medians of all runs, and in brackets the lowest
and highest of the same ratio computed in each round; vs bb: the same
against busybox nsenter (which joins fewer types for -a).  floor: the
ratio of the execv() wrapper, the least any wrapper can cost.  RSS:
nsjoin's peak resident set.  syscalls: made by nsjoin and its child from
nsjoin's execve to the program's.
EOT
