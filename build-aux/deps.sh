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
libjson-c-dev libseccomp-dev
bats bats-support bats-assert util-linux iproute2 tmux sudo busybox-static mandoc graphviz
shellcheck strace procps zsh fish libc6-dev passwd libcap2-bin python3
clang libclang-rt-14-dev valgrind hyperfine time
libselinux1-dev bash-completion man-db git debhelper lintian
docker.io podman containerd runc crun uidmap slirp4netns catatonit"

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
# The container runtimes (tests/76-runtimes.bats) must not be started as
# services by their packages: the tests start them, at their default paths,
# and stop them by pid.  policy-rc.d says so to invoke-rc.d, for this
# install only (an administrator's own policy is left alone).
policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 0755 "$policy"
fi
trap 'rm -f "$log" ${policy:+"$policy"}' EXIT
# shellcheck disable=SC2086 # the list is split into words on purpose
run apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 $PACKAGES
echo "deps.sh: done"
