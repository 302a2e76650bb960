/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * cgroup.c - the target's cgroups: joined with -c (the unified hierarchy,
 * as util-linux does) or, for --as-target, in every hierarchy (what
 * "docker exec" gives: the devices allow-list, memory and pids limits and
 * the freezer of v1 hosts too); and whether a process is frozen (a paused
 * container, which exec refuses).
 *
 *  - Every cgroup.procs file is opened before the first setns, from the
 *    host's mounts (/proc/self/mountinfo) and the target's
 *    /proc/PID/cgroup, and written ("0": ourselves) before it too: from
 *    inside the target's cgroup namespace our current cgroup would be out
 *    of sight and the kernel refuses the move.
 *  - The root of a hierarchy is nobody's cgroup: a target there (a rootless
 *    container on a v1 host has no cgroup of its own) gives nothing to
 *    join in that hierarchy with --as-target.
 *  - No fd reaches the program: they are ours (util.c) and closed after
 *    the write.  util-linux leaks a writable cgroup.procs.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsjoin.h"

#define MOUNTINFO_LIMIT (64u << 20)
#define MAX_LINES 64

/* The directory of path (as /proc/PID/cgroup shows it) under mount m:
 * NULL when the mount does not show it (a bind mount of a subtree). */
static char *cgroup_dir(const struct cgroup_mount *m, const char *path)
{
	size_t rl = strlen(m->root);

	if (strcmp(m->root, "/") != 0) {
		if (strncmp(path, m->root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0'))
			return NULL;
		path += rl;
	}
	return xasprintf("%s%s", m->mnt, strcmp(path, "/") == 0 ? "" : path);
}

static const struct cgroup_mount *find_mount(const struct cgroup_mount *m, size_t nm,
					     const struct cgroup_line *l)
{
	size_t i;

	for (i = 0; i < nm; i++)
		if (l->v2 ? !m[i].super : cgroup_mount_matches(m[i].super, l->controllers))
			return &m[i];
	return NULL;
}

/* The host's cgroup mounts and the cgroup lines of /proc/PID/cgroup read
 * through dirfd (a /proc/PID directory).  The buffers hold the strings. */
struct cgroup_view {
	char *mountinfo, *cgroup;
	struct cgroup_mount mounts[MAX_LINES];
	size_t nmounts;
	struct cgroup_line lines[MAX_LINES];
	size_t nlines;
};

static int view_read(int dirfd, struct cgroup_view *v)
{
	size_t len;

	memset(v, 0, sizeof(*v));
	if (read_small_file(AT_FDCWD, "/proc/self/mountinfo", MOUNTINFO_LIMIT,
			    &v->mountinfo, &len) < 0)
		return -1;
	v->nmounts = parse_mountinfo_cgroups(v->mountinfo, v->mounts, MAX_LINES);
	if (read_small_file(dirfd, "cgroup", 1u << 20, &v->cgroup, &len) < 0) {
		free(v->mountinfo);
		v->mountinfo = NULL;
		return -1;
	}
	v->nlines = parse_cgroup_lines(v->cgroup, v->lines, MAX_LINES);
	return 0;
}

static void view_free(struct cgroup_view *v)
{
	free(v->mountinfo);
	free(v->cgroup);
}

static int open_procs(const char *dir, struct cgroup_join *j)
{
	char *procs = xasprintf("%s/cgroup.procs", dir);
	int fd = open(procs, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);

	if (fd < 0) {
		int err = errno;

		fail_errno(err, "cannot open %s", quote(procs));
		free(procs);
		return -1;
	}
	own_fd(fd);
	j->fd[j->n] = fd;
	j->path[j->n] = procs;
	j->n++;
	return 0;
}

static bool listed(char *const *only, const char *dir)
{
	for (; *only; only++)
		if (strcmp(*only, dir) == 0)
			return true;
	return false;
}

/* Open the cgroup.procs to join: the unified hierarchy, or every one
 * (every); with only, just the directories it lists (those the runtime
 * made, from its state). */
int cgroup_prepare_join(struct target *t, bool every, char *const *only,
			struct cgroup_join *j)
{
	struct cgroup_view v;
	size_t i;
	bool v2_seen = false;
	int r = 0;

	memset(j, 0, sizeof(*j));
	if (!t->pid)
		return fail("no target PID specified for --join-cgroup");
	if (target_dir(t) < 0)
		return -1;
	if (view_read(t->procfd, &v) < 0) {
		int err = errno;

		if (target_explain(t, err) < 0)
			return -1;
		return fail_errno(err, "cannot read the cgroups of process %d", (int)t->pid);
	}
	for (i = 0; i < v.nlines && r == 0 && j->n < ARRAY_SIZE(j->fd); i++) {
		const struct cgroup_line *l = &v.lines[i];
		const struct cgroup_mount *m;
		char *dir;

		if (!every && !l->v2)
			continue;
		if (l->v2)
			v2_seen = true;
		if (every && strcmp(l->path, "/") == 0)
			continue;	/* nobody's cgroup: nothing to join */
		m = find_mount(v.mounts, v.nmounts, l);
		if (!m) {
			if (!every)
				r = fail("--join-cgroup needs cgroup v2, and no cgroup2 filesystem "
					 "is mounted (this host uses cgroup v1 only)");
			continue;	/* a hierarchy this host does not mount */
		}
		dir = cgroup_dir(m, l->path);
		if (!dir) {
			r = fail("the cgroup %s of process %d is outside the cgroup "
				 "mounted on %s", quote(l->path), (int)t->pid, quote(m->mnt));
			break;
		}
		if (!only || listed(only, dir))
			r = open_procs(dir, j);
		free(dir);
	}
	if (r == 0 && !every && !v2_seen)
		r = fail("process %d has no cgroup v2 path in /proc/%d/cgroup",
			 (int)t->pid, (int)t->pid);
	view_free(&v);
	return r;
}

/* Before the first setns: move ourselves (and so the child). */
int cgroup_join(struct cgroup_join *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		if (write(j->fd[i], "0", 1) != 1)
			return fail_errno(errno, "cannot join cgroup: write to %s",
					  quote(j->path[i]));
		close_own(&j->fd[i]);
	}
	return 0;
}

/* Is the process of the /proc/PID directory dirfd frozen, as runc decides
 * it: in a v1 freezer cgroup whose freezer.state is FROZEN (or FREEZING)
 * of its own (freezer.self_freezing 1), or in a v2 cgroup whose
 * cgroup.freeze is 1.  1 yes, 0 no (or unknown). */
int cgroup_frozen(int dirfd)
{
	struct cgroup_view v;
	size_t i;
	int frozen = 0;

	if (view_read(dirfd, &v) < 0)
		return 0;
	for (i = 0; i < v.nlines && !frozen; i++) {
		const struct cgroup_line *l = &v.lines[i];
		const struct cgroup_mount *m;
		char *dir, *state = NULL, *self = NULL, *path;
		size_t len;

		if (!l->v2 && !cgroup_mount_matches("freezer", l->controllers))
			continue;
		m = find_mount(v.mounts, v.nmounts, l);
		dir = m ? cgroup_dir(m, l->path) : NULL;
		if (!dir)
			continue;
		path = xasprintf("%s/%s", dir, l->v2 ? "cgroup.freeze" : "freezer.state");
		if (read_small_file(AT_FDCWD, path, 64, &state, &len) == 0) {
			if (l->v2) {
				frozen = state[0] == '1';
			} else if (strncmp(state, "FROZEN", 6) == 0 ||
				   strncmp(state, "FREEZING", 8) == 0) {
				free(path);
				path = xasprintf("%s/freezer.self_freezing", dir);
				frozen = read_small_file(AT_FDCWD, path, 64, &self, &len) < 0 ||
					 self[0] == '1';
				free(self);
			}
			free(state);
		}
		free(path);
		free(dir);
	}
	view_free(&v);
	return frozen;
}

/* --as-target: a frozen target (a paused container) is refused, as
 * "docker exec" refuses: the program would hang there. */
int cgroup_refuse_frozen(struct target *t)
{
	int dir = target_dir(t);

	if (dir < 0)
		return -1;
	if (cgroup_frozen(dir) == 1)
		return fail("process %d is frozen (its container is paused): unpause it "
			    "before entering it", (int)t->pid);
	return 0;
}
