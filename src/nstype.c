/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * nstype.c - the one table of namespace types.  Options, help, the man page
 * check and the join order all read it.
 */
#include "config.h"

#include <sched.h>
#include <string.h>

#include "compat.h"
#include "nsjoin.h"

/* Join order matters: the user namespace comes first in the table so that,
 * in the second pass of enter.c, an unprivileged caller gains the
 * capabilities it needs for the others; mount comes late because entering it
 * moves our root and cwd, and time last as util-linux does. */
const struct nstype nstypes[NS_COUNT] = {
	[NS_USER]   = { "user",   "user",   'U', CLONE_NEWUSER,    9, "enter user namespace" },
	[NS_CGROUP] = { "cgroup", "cgroup", 'C', CLONE_NEWCGROUP,  1, "enter cgroup namespace" },
	[NS_IPC]    = { "ipc",    "ipc",    'i', CLONE_NEWIPC,     2, "enter System V IPC namespace" },
	[NS_UTS]    = { "uts",    "uts",    'u', CLONE_NEWUTS,    10, "enter UTS namespace (hostname etc)" },
	[NS_NET]    = { "net",    "net",    'n', CLONE_NEWNET,     4, "enter network namespace" },
	[NS_PID]    = { "pid",    "pid",    'p', CLONE_NEWPID,     5, "enter pid namespace" },
	[NS_MNT]    = { "mnt",    "mount",  'm', CLONE_NEWNS,      3, "enter mount namespace" },
	[NS_TIME]   = { "time",   "time",   'T', CLONE_NEWTIME,    7, "enter time namespace" },
};

int nstype_index_by_flag(int flag)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if (nstypes[i].flag == flag)
			return i;
	return -1;
}

int nstype_index_by_letter(int letter)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if (nstypes[i].letter == letter)
			return i;
	return -1;
}

/* "mnt" or "mount": both spellings name the mount namespace. */
int nstype_index_by_name(const char *name)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if (strcmp(nstypes[i].name, name) == 0 ||
		    strcmp(nstypes[i].option, name) == 0)
			return i;
	return -1;
}

/* The order util-linux nsenter's --help and man page list the types in:
 * -m -u -i -n -p -C -U -T.  For people, not for joining. */
const int nstype_display_order[NS_COUNT] = {
	NS_MNT, NS_UTS, NS_IPC, NS_NET, NS_PID, NS_CGROUP, NS_USER, NS_TIME,
};
