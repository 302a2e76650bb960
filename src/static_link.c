/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * static_link.c - what the static binary does instead of glibc's NSS.
 *
 * libcap-ng's archive holds capng_change_id() in the same object as the
 * capability calls nsjoin makes, and it calls getpwuid() and initgroups(),
 * which a static glibc can only serve by loading the shared NSS modules of
 * the glibc it was built with (ld warns so at every link).  nsjoin never
 * calls capng_change_id(): it sets ids and groups itself (creds.c) and
 * reads /etc/passwd and /etc/group itself (util.c).  The static link
 * (configure.ac) renames those two references with -Wl,--wrap, so glibc's
 * NSS is not linked in at all; should they ever be reached, they fail
 * cleanly instead of loading code into a root process.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

struct passwd *__wrap_getpwuid(uid_t uid);
int __wrap_initgroups(const char *user, gid_t group);

struct passwd *__wrap_getpwuid(uid_t uid)
{
	(void)uid;
	errno = ENOSYS;
	return NULL;
}

int __wrap_initgroups(const char *user, gid_t group)
{
	(void)user;
	(void)group;
	errno = ENOSYS;
	return -1;
}
