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

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsjoin.h"

struct each_ns {
	ino_t ino;
	pid_t pid;		/* 0: held by the bind mount in path */
	char *path;		/* the file to join it by */
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

static void add(struct each_ns **v, size_t *n, size_t *cap, ino_t ino,
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
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = realloc(*v, *cap * sizeof(**v));
		if (!*v) {
			fprintf(stderr, "%s: out of memory\n", progname);
			exit(1);
		}
	}
	(*v)[(*n)++] = (struct each_ns){ ino, pid, path };
}

static size_t collect(int type, struct each_ns **v)
{
	size_t n = 0, cap = 0;
	struct dirent *de;
	struct stat st;
	char *path;
	DIR *d;

	d = opendir("/proc");
	while (d && (de = readdir(d))) {
		uint64_t pid;

		if (parse_decimal(de->d_name, INT32_MAX, &pid) < 0 || pid == 0)
			continue;
		path = xasprintf("/proc/%s/ns/%s", de->d_name, nstypes[type].name);
		if (stat(path, &st) < 0) {
			free(path);	/* gone, a zombie, or not ours to see */
			continue;
		}
		add(v, &n, &cap, st.st_ino, (pid_t)pid, path);
	}
	if (d)
		closedir(d);
	if (type == NS_NET && (d = opendir("/run/netns"))) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			path = xasprintf("/run/netns/%s", de->d_name);
			if (stat(path, &st) < 0 || st.st_dev == 0) {
				free(path);
				continue;
			}
			add(v, &n, &cap, st.st_ino, 0, path);
		}
		closedir(d);
	}
	qsort(*v, n, sizeof(**v), by_ino);
	return n;
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

/*
 * Returns 0 in a child, which goes on with opt->ns[type] set to one
 * namespace; in the parent, returns the worst exit code (>= 0) once every
 * run is done, or -1.
 */
int each_namespace(struct options *opt, int *worst)
{
	struct each_ns *v = NULL;
	size_t n, i;
	int type = opt->each_type;

	n = collect(type, &v);
	if (!n)
		return fail("no %s namespace found in /proc", nstypes[type].name);
	*worst = 0;
	for (i = 0; i < n; i++) {
		pid_t child;
		int status;

		header(type, &v[i]);
		child = fork();
		if (child < 0)
			return fail_errno(errno, "cannot fork");
		if (child == 0) {
			opt->ns[type].source = SRC_FILE;
			opt->ns[type].path = v[i].path;
			opt->each_type = -1;
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
