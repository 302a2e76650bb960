/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * nswalk.c - every namespace file of one type on the host: /proc/PID/ns/<type>
 * of each process, then, for net, the bind mounts in /run/netns that
 * "ip netns add" makes (a namespace there may have no process at all).
 * --each visits them, --net=:NSID searches them on kernels that cannot
 * open a namespace by its id.  --list walks /proc once for every type and
 * keeps what it learns per namespace: list_scan.c.
 *
 * The same namespace comes once per process in it: the caller tells them
 * apart by inode.  A process that is gone, a zombie or not ours to see
 * leaves a path that does not open: the caller skips it.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>

#include "nsjoin.h"

/* fn(ctx, dirfd, dir, path, pid) for each file: path relative to dirfd,
 * which is dir ("/proc" or "/run/netns"); pid 0 for a bind mount.  A
 * nonzero return stops the walk and is returned; 0 when all were seen. */
int ns_walk(int type, ns_walk_fn fn, void *ctx)
{
	struct dirent *de;
	char path[300];	/* a pid, or a name of /run/netns (NAME_MAX) */
	uint64_t pid;
	int r = 0;
	DIR *d;

	if ((d = opendir("/proc")) != NULL) {
		while (r == 0 && (de = readdir(d)) != NULL) {
			if (parse_decimal(de->d_name, INT32_MAX, &pid) < 0 || pid == 0)
				continue;
			snprintf(path, sizeof(path), "%s/ns/%s", de->d_name,
				 nstypes[type].name);
			r = fn(ctx, dirfd(d), "/proc", path, (pid_t)pid);
		}
		closedir(d);
	}
	if (r == 0 && type == NS_NET && (d = opendir("/run/netns")) != NULL) {
		while (r == 0 && (de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				r = fn(ctx, dirfd(d), "/run/netns", de->d_name, 0);
		closedir(d);
	}
	return r;
}
