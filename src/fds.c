/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fds.c - the registry of nsjoin's own descriptors.
 *
 * Every descriptor nsjoin opens is O_CLOEXEC, and still each is registered
 * here and closed explicitly before the program can be reached: runc's
 * CVE-2016-9962 and CVE-2024-21626 were descriptors that outlived setns,
 * a way back into the host's file system for a process in the container.
 * Only the registered numbers are closed, never a range beyond them: the
 * caller's inherited descriptors (dockerd's fd 3, a pipe of a script)
 * belong to the program.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

#define MAX_OWN_FDS 64
static int own_fds[MAX_OWN_FDS];
static size_t n_own_fds;

void own_fd(int fd)
{
	if (fd < 0)
		return;
	if (n_own_fds == MAX_OWN_FDS) {
		fprintf(stderr, "%s: internal error: too many descriptors\n",
			progname);
		abort();
	}
	own_fds[n_own_fds++] = fd;
}

void close_own(int *fd)
{
	size_t i;

	if (*fd < 0)
		return;
	for (i = 0; i < n_own_fds; i++) {
		if (own_fds[i] == *fd) {
			own_fds[i] = own_fds[--n_own_fds];
			break;
		}
	}
	close(*fd);
	*fd = -1;
}

/* Done with *fd before the end: it stays open and registered, and *fd is
 * forgotten (-1); it is closed with the others in close_all_own(), which
 * costs one system call for all of them. */
void close_own_later(int *fd)
{
	*fd = -1;
}

/* All at once: our descriptors were opened one after the other, so their
 * numbers mostly form one run, closed by one close_range(); close() one by
 * one where the kernel (before 5.9) or a seccomp filter refuses it. */
void close_all_own(void)
{
	size_t i, j, k;

	for (i = 1; i < n_own_fds; i++)		/* a few entries: insertion sort */
		for (j = i; j > 0 && own_fds[j - 1] > own_fds[j]; j--) {
			int t = own_fds[j];

			own_fds[j] = own_fds[j - 1];
			own_fds[j - 1] = t;
		}
	for (i = 0; i < n_own_fds; i = j) {
		/* own_fds[i..j-1]: consecutive numbers (repeats allowed) */
		for (j = i + 1; j < n_own_fds && own_fds[j] - own_fds[j - 1] <= 1; j++)
			;
		if (own_fds[j - 1] > own_fds[i] &&
		    nsj_close_range((unsigned)own_fds[i], (unsigned)own_fds[j - 1], 0) == 0)
			continue;
		for (k = i; k < j; k++)
			if (k == i || own_fds[k] != own_fds[k - 1])
				close(own_fds[k]);
	}
	n_own_fds = 0;
}
