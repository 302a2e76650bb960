/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * each.c - --each=TYPE: run the program once in every namespace of a type,
 * as "ip -all netns exec" does for network namespaces.
 *
 * The namespaces are those of the processes in /proc (each by its lowest
 * pid) and, for network namespaces, the bind mounts of /run/netns.  Each
 * run is a child that goes through the normal join with --TYPE=FILE, where
 * FILE is the namespace file of that process (or the bind mount), so every
 * check and every error of a single run applies to each.  Output blocks
 * are headed by the namespace id and the process; the exit status is the
 * worst of the runs.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

struct each_ns {
	ino_t ino;
	pid_t pid;		/* 0: held by the bind mount in path */
	char *path;		/* the file to join it by */
	ino_t owner;		/* mnt: its user namespace when not ours, else 0 */
	const char *skip;	/* why it cannot be entered as its owner */
};

/* A process of each user namespace, to read its id maps (mnt only). */
struct userns_pid {
	ino_t ino;
	pid_t pid;
};

static int by_ino(const void *a, const void *b)
{
	const struct each_ns *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static struct each_ns *find(struct each_ns *v, size_t n, ino_t ino)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ino == ino)
			return &v[i];
	return NULL;
}

static void add(struct each_ns **v, size_t *n, ino_t ino,
		pid_t pid, char *path)
{
	struct each_ns *e = find(*v, *n, ino);

	if (e) {
		if (pid && (!e->pid || pid < e->pid)) {
			free(e->path);
			e->pid = pid;
			e->path = path;
		} else {
			free(path);
		}
		return;
	}
	*v = xgrow(*v, *n, sizeof(**v));
	(*v)[(*n)++] = (struct each_ns){ ino, pid, path, 0, NULL };
}

struct collect {
	int type;
	struct each_ns *v;
	size_t n;
	struct userns_pid *up;	/* --each=mnt: the user namespace of each pid */
	size_t nup;
};

static int collect_one(void *ctx, int dirfd, const char *dir, const char *path,
		       pid_t pid)
{
	struct collect *c = ctx;
	struct stat st;
	char upath[48];

	if (fstatat(dirfd, path, &st, 0) < 0)
		return 0;	/* gone, a zombie, or not ours to see */
	if (!pid && st.st_dev == 0)
		return 0;
	add(&c->v, &c->n, st.st_ino, pid, xasprintf("%s/%s", dir, path));
	if (c->type == NS_MNT && pid) {
		snprintf(upath, sizeof(upath), "%d/ns/user", (int)pid);
		if (fstatat(dirfd, upath, &st, 0) == 0) {
			c->up = xgrow(c->up, c->nup, sizeof(*c->up));
			c->up[c->nup++] = (struct userns_pid){ st.st_ino, pid };
		}
	}
	return 0;
}

static size_t collect(int type, struct each_ns **v, struct userns_pid **up,
		      size_t *nup)
{
	struct collect c = { type, NULL, 0, NULL, 0 };

	ns_walk(type, collect_one, &c);
	qsort(c.v, c.n, sizeof(*c.v), by_ino);
	*v = c.v;
	*up = c.up;
	*nup = c.nup;
	return c.n;
}

/* Does the id map of PID map id 0 inside?  1 yes, 0 no, -1 unknown. */
static int maps_zero(pid_t pid, const char *file)
{
	char path[48], *buf, *line, *save = NULL;
	size_t len;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (read_small_file(AT_FDCWD, path, 1u << 16, &buf, &len) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strtoul(line + strspn(line, " "), NULL, 10) == 0)
			r = 1;
	free(buf);
	return r;
}

/* --each=mnt: the owning user namespace of each mount namespace, when it
 * is not ours, and whether it can be entered as uid and gid 0 there. */
static void find_owners(struct each_ns *v, size_t n, const struct userns_pid *up,
			size_t nup)
{
	struct stat self, st;
	size_t i, k;

	if (stat("/proc/self/ns/user", &self) < 0)
		return;
	for (i = 0; i < n; i++) {
		int fd = open(v[i].path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		int owner = fd < 0 ? -1 : ioctl(fd, NS_GET_USERNS);

		if (owner < 0) {
			/* EPERM: the owner is out of our sight */
			v[i].skip = "its owning user namespace is out of sight";
			v[i].owner = 1;
		} else if (fstat(owner, &st) == 0 && st.st_ino != self.st_ino) {
			v[i].owner = st.st_ino;
			for (k = 0; k < nup && up[k].ino != st.st_ino; k++)
				;
			if (k < nup && (maps_zero(up[k].pid, "uid_map") == 0 ||
					maps_zero(up[k].pid, "gid_map") == 0))
				v[i].skip = "uid or gid 0 is not mapped in its owning user namespace";
		}
		if (owner >= 0)
			close(owner);
		if (fd >= 0)
			close(fd);
	}
}

static void header(int type, const struct each_ns *e)
{
	char comm[64] = "";
	char *buf = NULL;
	size_t len;

	if (e->pid) {
		char proc[40];

		snprintf(proc, sizeof(proc), "/proc/%d/comm", (int)e->pid);
		if (read_small_file(AT_FDCWD, proc, 4096, &buf, &len) == 0) {
			snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(buf, "\n"), buf);
			free(buf);
		}
		printf("=== %s %ju: process %d (%s)\n", nstypes[type].name,
		       (uintmax_t)e->ino, (int)e->pid, safe_text(comm));
	} else {
		printf("=== %s %ju: %s\n", nstypes[type].name, (uintmax_t)e->ino,
		       safe_text(e->path));
	}
	fflush(stdout);
}

/* The worst of two statuses, as a shell would report them. */
static int status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* In the child: the owning user namespace joins the run, by descriptor
 * (no process need be in it), as if -U had named it. */
static int owner_request(struct options *opt, const struct each_ns *e)
{
	int fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), owner;

	if (fd < 0)
		return fail_errno(errno, "cannot open %s", quote(e->path));
	owner = ioctl(fd, NS_GET_USERNS);
	close(fd);
	if (owner < 0)
		return fail_errno(errno, "cannot get the owner of %s", quote(e->path));
	own_fd(owner);
	opt->ns[NS_USER].source = SRC_FD;
	opt->ns[NS_USER].fd = owner;
	opt->ns[NS_USER].path = xasprintf("user namespace %ju (the owner of %s)",
					  (uintmax_t)e->owner, e->path);
	return 0;
}

/*
 * Returns 0 in a child, which goes on with opt->ns[type] set to one
 * namespace; in the parent, returns the worst exit code (>= 0) once every
 * run is done, or -1.
 */
int each_namespace(struct options *opt, int *worst)
{
	struct each_ns *v = NULL;
	struct userns_pid *up = NULL;
	size_t n, i, nup = 0;
	int type = opt->each_type;

	n = collect(type, &v, &up, &nup);
	if (type == NS_MNT)
		find_owners(v, n, up, nup);
	free(up);
	if (!n)
		return fail("no %s namespace found in /proc", nstypes[type].name);
	*worst = 0;
	for (i = 0; i < n; i++) {
		pid_t child;
		int status;

		header(type, &v[i]);
		if (v[i].skip) {
			fprintf(stderr, "%s: --each=%s: skipped %s namespace %ju: %s (its files "
				"are another user's, and root would run them)\n", progname,
				nstypes[type].name, nstypes[type].name, (uintmax_t)v[i].ino,
				v[i].skip);
			continue;
		}
		child = fork();
		if (child < 0)
			return fail_errno(errno, "cannot fork");
		if (child == 0) {
			opt->ns[type].source = SRC_FILE;
			opt->ns[type].path = v[i].path;
			opt->each_type = -1;
			if (v[i].owner && owner_request(opt, &v[i]) < 0)
				return -1;
			return 0;
		}
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR)
				return fail_errno(errno, "cannot wait for process %d", (int)child);
		if (status_code(status) > *worst)
			*worst = status_code(status);
	}
	return 1;
}
