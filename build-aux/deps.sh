#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# deps.sh - install, as root on Debian 12, everything nsjoin's build and test
# suite need.  Quiet on success; on failure prints apt's output.
set -eu

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: must be run as root" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: apt-get not found; this script is for Debian 12" >&2
	exit 1
fi

PACKAGES="build-essential autoconf automake pkg-config libcap-ng-dev libbsd-dev
bats bats-support bats-assert util-linux iproute2 tmux sudo busybox mandoc
shellcheck strace procps zsh fish libc6-dev passwd libcap2-bin python3
clang libclang-rt-14-dev valgrind hyperfine time
libselinux1-dev bash-completion man-db git debhelper lintian"

DEBIAN_FRONTEND=noninteractive
export DEBIAN_FRONTEND

log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
	if ! "$@" >"$log" 2>&1; then
		cat "$log" >&2
		echo "deps.sh: failed: $*" >&2
		exit 1
	fi
}

echo "deps.sh: apt-get update"
run apt-get update -q
echo "deps.sh: installing build and test dependencies"
# shellcheck disable=SC2086 # the list is split into words on purpose
run apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 $PACKAGES
echo "deps.sh: done"
