/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * context.c - root, working directory, environment and cgroup.
 *
 * Everything that comes from the target is opened before the first setns()
 * (relative to the pinned /proc/PID directory, see target.c) and applied
 * after it: after joining a mount namespace, paths mean something else.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

/* A process environment is bounded by the kernel's argument limits; a larger
 * /proc/PID/environ is hostile, not something to allocate for. */
#define ENVIRON_LIMIT (16u << 20)

static int open_dir(struct target *t, const char *given,
		    const char *proc_name, const char *what, int *fdp)
{
	int fd;

	if (given) {
		fd = open(given, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return fail_errno(errno, "cannot open %s directory %s", what,
					  quote(given));
	} else {
		if (!t->pid)
			return fail("no target PID specified for --%s", what);
		if (target_dir(t) < 0)
			return -1;
		fd = openat(t->procfd, proc_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			int err = errno;

			if (target_explain(t, err) < 0)
				return -1;
			return fail_errno(err, "cannot open /proc/%d/%s", (int)t->pid,
					  proc_name);
		}
	}
	own_fd(fd);
	*fdp = fd;
	return 0;
}

/* -e: the target's environment, filtered (env.c).  "Its own files": the
 * program runs in the target's mount namespace or root. */
static int read_target_env(struct target *t, bool own_files, struct context *ctx)
{
	struct target_env te;
	char *buf, **entries;
	size_t len;

	if (!t->pid)
		return fail("no target PID specified for --env");
	if (target_dir(t) < 0)
		return -1;
	if (read_small_file(t->procfd, "environ", ENVIRON_LIMIT, &buf, &len) < 0) {
		int err = errno;

		if (err == EFBIG)
			return fail("the environment of process %d is larger than %u MiB",
				    (int)t->pid, ENVIRON_LIMIT >> 20);
		if (target_explain(t, err) < 0)
			return -1;
		return fail_errno(err, "cannot read /proc/%d/environ", (int)t->pid);
	}
	entries = parse_environ(buf, len);	/* points into buf: kept */
	env_filter(entries, own_files, &te);
	free(entries);
	ctx->env = te.env;
	ctx->env_dropped = te.dropped;
	ctx->env_callers = te.callers;
	return 0;
}

/* Find the cgroup2 mount: /sys/fs/cgroup on pure v2 hosts, elsewhere
 * (/sys/fs/cgroup/unified) on hybrid ones. */
static int find_cgroup2_mount(char **mnt, char **root)
{
	char *buf, *m, *r;
	size_t len;

	if (read_small_file(AT_FDCWD, "/proc/self/mountinfo", 64u << 20, &buf, &len) < 0)
		return fail_errno(errno, "cannot read /proc/self/mountinfo");
	if (parse_mountinfo_cgroup2(buf, &m, &r) < 0) {
		free(buf);
		return fail("--join-cgroup needs cgroup v2, and no cgroup2 filesystem is "
			    "mounted (this host uses cgroup v1 only)");
	}
	*mnt = xasprintf("%s", m);
	*root = xasprintf("%s", r);
	free(buf);
	return 0;
}

static int open_target_cgroup(struct target *t, struct context *ctx)
{
	char *buf, *path, *mnt = NULL, *root = NULL, *procs;
	size_t len, rl;
	int fd;

	if (!t->pid)
		return fail("no target PID specified for --join-cgroup");
	if (find_cgroup2_mount(&mnt, &root) < 0 || target_dir(t) < 0)
		return -1;
	if (read_small_file(t->procfd, "cgroup", 1u << 20, &buf, &len) < 0) {
		int err = errno;

		if (target_explain(t, err) < 0)
			return -1;
		return fail_errno(err, "cannot read /proc/%d/cgroup", (int)t->pid);
	}
	path = parse_cgroup_v2_path(buf);
	if (!path) {
		free(buf);
		return fail("process %d has no cgroup v2 path in /proc/%d/cgroup",
			    (int)t->pid, (int)t->pid);
	}
	rl = strlen(root);
	if (strcmp(root, "/") != 0 && strncmp(path, root, rl) == 0 &&
	    (path[rl] == '/' || path[rl] == '\0'))
		path += rl;
	procs = xasprintf("%s%s%scgroup.procs", mnt, path,
			  path[strlen(path) - 1] == '/' ? "" : "/");
	fd = open(procs, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0) {
		int err = errno;

		free(buf);
		return fail_errno(err, "cannot open %s", quote(procs));
	}
	own_fd(fd);
	ctx->cgroup_procs_fd = fd;
	ctx->cgroup_path = procs;
	free(buf);
	free(mnt);
	free(root);
	return 0;
}

int context_prepare(const struct options *opt, struct target *t,
		    const struct join_plan *plan, struct context *ctx)
{
	const struct ns_entry *mnt = &plan->ns[NS_MNT];
	bool own_files = (mnt->action == ACT_JOIN && mnt->from_target) ||
			 (opt->root_set && !opt->root_dir);

	memset(ctx, 0, sizeof(*ctx));
	ctx->root_fd = ctx->wd_fd = ctx->cgroup_procs_fd = -1;
	ctx->wdns = opt->wdns;

	if (opt->root_set &&
	    open_dir(t, opt->root_dir, "root", "root", &ctx->root_fd) < 0)
		return -1;
	if (opt->wd_set &&
	    open_dir(t, opt->wd_dir, "cwd", "wd", &ctx->wd_fd) < 0)
		return -1;
	/* chroot without a new cwd: keep the one we have, as util-linux,
	 * where the new root can reach it (see context_apply) */
	if (ctx->root_fd >= 0 && ctx->wd_fd < 0 && !ctx->wdns) {
		ctx->wd_implicit = true;
		ctx->wd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (ctx->wd_fd < 0)
			return fail_errno(errno, "cannot open the current directory");
		own_fd(ctx->wd_fd);
	}
	ctx->check_cwd = opt->root_set || opt->wd_set || opt->wdns;

	if (opt->env && read_target_env(t, own_files, ctx) < 0)
		return -1;
	if (opt->join_cgroup && open_target_cgroup(t, ctx) < 0)
		return -1;

	return 0;
}

/* Move into the target's cgroup before joining its cgroup namespace: from
 * inside that namespace our current cgroup is out of sight and the kernel
 * refuses the migration. */
int context_join_cgroup(struct context *ctx)
{
	if (ctx->cgroup_procs_fd < 0)
		return 0;
	if (write(ctx->cgroup_procs_fd, "0", 1) != 1)
		return fail_errno(errno, "cannot join cgroup: write to %s",
				  quote(ctx->cgroup_path));
	close_own(&ctx->cgroup_procs_fd);
	return 0;
}

int context_apply(struct context *ctx)
{
	char cwd[PATH_MAX];
	bool root_was_set = ctx->root_fd >= 0;

	if (ctx->root_fd >= 0) {
		if (fchdir(ctx->root_fd) < 0)
			return fail_errno(errno, "cannot change directory to the new root");
		if (chroot(".") < 0)
			return fail_errno(errno, "cannot change root directory");
		if (chdir("/") < 0)
			return fail_errno(errno, "cannot change directory to '/'");
		close_own(&ctx->root_fd);
	}
	if (ctx->wdns && chdir(ctx->wdns) < 0)
		return fail_errno(errno, "cannot change directory to %s in the namespace",
				  quote(ctx->wdns));
	if (ctx->wd_fd >= 0) {
		if (fchdir(ctx->wd_fd) < 0)
			return fail_errno(errno, "cannot change to the working directory");
		close_own(&ctx->wd_fd);
	}
	/* A cwd outside the root is a way out of it (runc CVE-2024-21626):
	 * ".." from a cwd on another mount than the root never meets the
	 * root.  The kernel calls such a cwd "(unreachable)"; glibc's
	 * getcwd() hides that by walking ".." and comparing st_dev/st_ino,
	 * which matches whenever both trees share directories (a mount
	 * namespace copied from ours, a target chrooted into a directory we
	 * see too), so the kernel is asked directly.  Only when the root
	 * changed (-r, or a mount namespace joined): with -w alone the
	 * program keeps our root and the target's cwd, as util-linux. */
	if (ctx->check_cwd && (ctx->root_changed || root_was_set)) {
		long r = syscall(SYS_getcwd, cwd, sizeof(cwd));

		if (ctx->wd_implicit && (r < 0 ? errno == ENOENT : cwd[0] != '/')) {
			/* the caller's cwd, not asked for, is outside the new
			 * root: start at its top, as chroot(1) always does */
			if (chdir("/") < 0)
				return fail_errno(errno, "cannot change directory to '/'");
			r = syscall(SYS_getcwd, cwd, sizeof(cwd));
		}
		if (r < 0 && errno != ERANGE && errno != ENAMETOOLONG)
			return fail_errno(errno, "the working directory is "
					  "unreachable from the new root directory");
		if (r > 0 && cwd[0] != '/')
			return fail("the working directory is outside the new root directory");
	}
	return 0;
}

/*
 * --ip-netns: what "ip netns exec NAME" adds to joining the namespace, so
 * that tools reading /sys/class/net or /etc/resolv.conf see the netns's:
 * a private mount namespace whose mounts do not propagate back, a sysfs
 * mounted for the new network namespace over /sys, and every file of
 * /etc/netns/NAME bound over its namesake in /etc.
 */
int ip_netns_mounts(const char *netns)
{
	const char *name = strrchr(netns, '/') ? strrchr(netns, '/') + 1 : netns;
	unsigned long flags = 0;
	struct statvfs sv;
	struct dirent *de;
	char *dir;
	DIR *d;

	if (unshare(CLONE_NEWNS) < 0)
		return fail_errno(errno, "--ip-netns: cannot make a private mount namespace");
	if (mount("", "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return fail_errno(errno, "--ip-netns: cannot make '/' a slave mount");
	if (statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		return fail_errno(errno, "--ip-netns: cannot unmount '/sys'");
	if (mount(name, "/sys", "sysfs", flags, NULL) < 0)
		return fail_errno(errno, "--ip-netns: cannot mount sysfs on '/sys'");

	dir = xasprintf("/etc/netns/%s", name);
	d = opendir(dir);
	if (!d) {
		int err = errno;

		if (err != ENOENT)
			fail_errno(err, "--ip-netns: cannot open %s", quote(dir));
		free(dir);
		return err == ENOENT ? 0 : -1;
	}
	while ((de = readdir(d))) {
		char *src, *dst;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		src = xasprintf("%s/%s", dir, de->d_name);
		dst = xasprintf("/etc/%s", de->d_name);
		if (mount(src, dst, "none", MS_BIND, NULL) < 0) {
			int err = errno;

			closedir(d);
			fail_errno(err, "--ip-netns: cannot bind %s over %s", quote(src), quote(dst));
			free(src);
			free(dst);
			free(dir);
			return -1;
		}
		free(src);
		free(dst);
	}
	closedir(d);
	free(dir);
	return 0;
}
