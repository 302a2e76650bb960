#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# demo.sh NSJOIN - show nsjoin entering a throwaway set of namespaces.
#
# Starts "sleep" in new uts, ipc, net, mount and pid namespaces with the
# hostname nsjoin-demo, then compares what the host sees with what a program
# run through nsjoin sees.  The target is killed by its pid on exit.
set -eu

NSJOIN=${1:-}
if [ -z "$NSJOIN" ]; then
	echo "usage: demo.sh /path/to/nsjoin" >&2
	exit 2
fi
if [ ! -x "$NSJOIN" ]; then
	echo "demo.sh: '$NSJOIN' is not an executable (run make first)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: must be run as root (it creates namespaces)" >&2
	exit 1
fi

UNSHARE_PID=
TARGET=
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	if [ -n "$TARGET" ]; then
		kill -KILL "$TARGET" 2>/dev/null || :
	fi
	if [ -n "$UNSHARE_PID" ]; then
		kill -KILL "$UNSHARE_PID" 2>/dev/null || :
		wait "$UNSHARE_PID" 2>/dev/null || :
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

unshare --uts --ipc --net --mount --pid --fork --kill-child --mount-proc \
	sh -c 'hostname nsjoin-demo; exec sleep 300' </dev/null &
UNSHARE_PID=$!

# The target is unshare's child, once it has set its hostname and exec'd
# sleep; poll for up to 5 seconds.
my_uts=$(readlink /proc/self/ns/uts)
i=0
while [ "$i" -lt 500 ]; do
	child=
	if [ -r "/proc/$UNSHARE_PID/task/$UNSHARE_PID/children" ]; then
		read -r child _ <"/proc/$UNSHARE_PID/task/$UNSHARE_PID/children" || :
	fi
	if [ -n "$child" ] &&
		[ "$(cat "/proc/$child/comm" 2>/dev/null || :)" = sleep ] &&
		[ "$(readlink "/proc/$child/ns/uts" 2>/dev/null || :)" != "$my_uts" ]; then
		TARGET=$child
		break
	fi
	if ! kill -0 "$UNSHARE_PID" 2>/dev/null; then
		echo "demo.sh: unshare failed (are namespaces available?)" >&2
		exit 1
	fi
	sleep 0.01
	i=$((i + 1))
done
if [ -z "$TARGET" ]; then
	echo "demo.sh: the target did not start within 5 seconds" >&2
	exit 1
fi

echo "Target: pid $TARGET, 'sleep 300' in new uts, ipc, net, mount and pid namespaces"
echo

types=
paths=
for link in /proc/self/ns/*; do
	t=${link##*/}
	types="$types $t"
	paths="$paths /proc/self/ns/$t"
done

echo "\$ $NSJOIN -t $TARGET -a readlink /proc/self/ns/..."
# shellcheck disable=SC2086 # word splitting of the path list is intended
if ! inside=$("$NSJOIN" -t "$TARGET" -a readlink $paths); then
	echo "demo.sh: nsjoin failed" >&2
	exit 1
fi

ok=1
printf '%-18s %-28s %-28s\n' TYPE "OUTSIDE (this shell)" "INSIDE (via nsjoin)"
n=0
for t in $types; do
	n=$((n + 1))
	out=$(readlink "/proc/self/ns/$t")
	in=$(printf '%s\n' "$inside" | sed -n "${n}p")
	want=$(readlink "/proc/$TARGET/ns/$t")
	mark=
	if [ "$out" != "$in" ]; then
		mark="  <- joined"
	fi
	# pid_for_children of the target is never used: nsjoin's program is
	# the child of a process in the target's pid namespace.
	case $t in
	pid_for_children) ;;
	*) [ "$in" = "$want" ] || { mark="  <- WRONG, target has $want"; ok=0; } ;;
	esac
	printf '%-18s %-28s %-28s%s\n' "$t" "$out" "$in" "$mark"
done
echo

host_out=$(hostname)
host_in=$("$NSJOIN" -t "$TARGET" -u hostname) || host_in="(nsjoin failed)"
printf 'hostname: outside %s, inside %s\n' "$host_out" "$host_in"
[ "$host_in" = nsjoin-demo ] || ok=0
echo

if command -v ps >/dev/null 2>&1; then
	echo "\$ $NSJOIN -t $TARGET -a ps -e"
	"$NSJOIN" -t "$TARGET" -a ps -e || ok=0
	echo
fi
if command -v ip >/dev/null 2>&1; then
	echo "\$ $NSJOIN -t $TARGET -n ip -brief link"
	"$NSJOIN" -t "$TARGET" -n ip -brief link || ok=0
	echo
fi

if [ "$ok" -eq 1 ]; then
	echo "demo: nsjoin entered the target's namespaces"
	exit 0
fi
echo "demo: FAILED, see above" >&2
exit 1
