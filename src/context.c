/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * context.c - root, working directory, environment, cgroups, and what
 * --as-target sets before the joins (oom_score_adj, the LSM profile).
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
 * program runs in the target's mount namespace or root.  --as-target takes
 * the environment of the runtime's configuration instead (what exec gives),
 * with HOME from the container's passwd when it has none, as runc adds it;
 * an explicit -e takes the live one. */
static int read_target_env(struct target *t, const struct exec_config *xc,
			   bool live, bool own_files, struct context *ctx)
{
	struct target_env te;
	char *buf = NULL, **entries;
	size_t len, n;

	if (!t->pid)
		return fail("no target PID specified for --env");
	if (xc && xc->from_config && !live) {
		char *home = NULL;

		for (n = 0; xc->env[n]; n++)
			;
		entries = xcalloc(n + 2, sizeof(*entries));
		memcpy(entries, xc->env, n * sizeof(*entries));
		if (!getenv_in(entries, "HOME")) {
			if (target_passwd(t, xc->uid, &home, NULL) < 0 || !home || home[0] != '/') {
				free(home);
				home = xasprintf("/");
			}
			entries[n] = xasprintf("HOME=%s", home);
			free(home);
		}
		ctx->env_source = "the container's configuration";
	} else {
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
		ctx->env_source = "the target's";
	}
	env_filter(entries, own_files, &te);
	free(entries);
	ctx->env = te.env;
	ctx->env_dropped = te.dropped;
	ctx->env_callers = te.callers;
	return 0;
}

/* PATH made absolute against our cwd (not resolved: the same string is
 * looked up again inside the new root). */
static char *absolute_path(const char *path)
{
	char *cwd;

	if (path[0] == '/')
		return xasprintf("%s", path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	path = xasprintf("%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path);
	free(cwd);
	return (char *)path;
}

/* --as-target: the configured working directory, inside the container's
 * root (the target's), opened without leaving it. */
static int open_config_cwd(struct target *t, const char *cwd, struct context *ctx)
{
	int fd;

	if (cwd[0] != '/')
		return fail("the container's configured working directory %s is not "
			    "absolute", quote(cwd));
	fd = target_open_in_root(t, cwd, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fail_errno(errno, "cannot open the container's working directory %s",
				  quote(cwd));
	own_fd(fd);
	ctx->wd_fd = fd;
	ctx->wd_label = xasprintf("%s", cwd);
	return 0;
}

/* --as-target: the configured oom_score_adj, written to ours before the
 * first setns (a file of /proc) and inherited by the child. */
static int open_oom(const struct exec_config *xc, struct context *ctx)
{
	ctx->oom_fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (ctx->oom_fd < 0)
		return fail_errno(errno, "cannot open /proc/self/oom_score_adj");
	own_fd(ctx->oom_fd);
	ctx->oom_score_adj = xc->oom_score_adj;
	return 0;
}

/* --as-target: the container's AppArmor profile, where the host has
 * AppArmor: "exec PROFILE" in our exec attribute, which fork() and
 * setns() keep.  Without AppArmor, the profile means nothing here. */
static int open_lsm(const struct exec_config *xc, struct context *ctx)
{
	char *enabled = NULL;
	size_t len;

	if (!xc->apparmor)
		return 0;
	if (read_small_file(AT_FDCWD, "/sys/module/apparmor/parameters/enabled", 16,
			    &enabled, &len) < 0 || enabled[0] != 'Y') {
		free(enabled);
		ctx->lsm_note = "the host has no AppArmor";
		return 0;
	}
	free(enabled);
	ctx->lsm_fd = open("/proc/thread-self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC);
	if (ctx->lsm_fd < 0)
		ctx->lsm_fd = open("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (ctx->lsm_fd < 0)
		return fail_errno(errno, "cannot set the AppArmor profile %s: no exec attribute",
				  quote(xc->apparmor));
	own_fd(ctx->lsm_fd);
	ctx->lsm_label = xasprintf("exec %s", xc->apparmor);
	return 0;
}

int context_prepare(const struct options *opt, struct target *t,
		    const struct join_plan *plan, const struct exec_config *xc,
		    struct context *ctx)
{
	const struct ns_entry *mnt = &plan->ns[NS_MNT];
	bool own_files = (mnt->action == ACT_JOIN && mnt->from_target) ||
			 (opt->root_set && !opt->root_dir);

	memset(ctx, 0, sizeof(*ctx));
	ctx->root_fd = ctx->wd_fd = ctx->oom_fd = ctx->lsm_fd = -1;
	ctx->wdns = opt->wdns;

	if (opt->root_set &&
	    open_dir(t, opt->root_dir, "root", "root", &ctx->root_fd) < 0)
		return -1;
	if (xc && xc->cwd && opt->wd_set && !opt->wd_dir && !opt->wd_explicit) {
		if (open_config_cwd(t, xc->cwd, ctx) < 0)
			return -1;
	} else if (opt->wd_set) {
		if (open_dir(t, opt->wd_dir, "cwd", "wd", &ctx->wd_fd) < 0)
			return -1;
		/* -w DIR: its absolute path, to find it again inside a new
		 * root (see context_apply) */
		if (opt->wd_dir && fstat(ctx->wd_fd, &ctx->wd_stat) == 0)
			ctx->wd_abs = absolute_path(opt->wd_dir);
	}
	/* chroot without a new cwd: the cwd we have after the joins, as
	 * util-linux remembers it (see context_apply) */
	ctx->wd_implicit = ctx->root_fd >= 0 && ctx->wd_fd < 0 && !ctx->wdns;
	ctx->check_cwd = opt->root_set || opt->wd_set || opt->wdns;

	if (opt->env && read_target_env(t, xc, opt->env_live, own_files, ctx) < 0)
		return -1;
	/* -c: the unified hierarchy; --as-target: every one the runtime
	 * made (none for a rootless container on a v1 host) */
	if (opt->join_cgroup &&
	    cgroup_prepare_join(t, opt->as_target, xc ? xc->cgroup_dirs : NULL,
				&ctx->cgroups) < 0)
		return -1;
	if (xc && xc->have_oom && open_oom(xc, ctx) < 0)
		return -1;
	if (xc && open_lsm(xc, ctx) < 0)
		return -1;
	return 0;
}

/* Before the first setns: the cgroups (from inside the target's cgroup
 * namespace ours would be out of sight and the move refused), the
 * oom_score_adj and the LSM exec label (files of our /proc), all inherited
 * by the child. */
int context_before_join(struct context *ctx)
{
	char buf[16];
	int n;

	if (cgroup_join(&ctx->cgroups) < 0)
		return -1;
	if (ctx->oom_fd >= 0) {
		n = snprintf(buf, sizeof(buf), "%d", ctx->oom_score_adj);
		if (write(ctx->oom_fd, buf, (size_t)n) != n)
			return fail_errno(errno, "cannot set oom_score_adj to %d",
					  ctx->oom_score_adj);
		close_own(&ctx->oom_fd);
	}
	if (ctx->lsm_fd >= 0) {
		n = (int)strlen(ctx->lsm_label);
		if (write(ctx->lsm_fd, ctx->lsm_label, (size_t)n) != n)
			return fail_errno(errno, "cannot set the AppArmor profile (%s)",
					  quote(ctx->lsm_label));
		close_own(&ctx->lsm_fd);
	}
	return 0;
}

/* -w DIR ended outside the new root (DESIGN.md, "Working directory"):
 * nsenter's clients (nerdctl, podman, munet, frr) give -w with -m and
 * mean the directory of that name in the namespace.  The same absolute
 * path inside the new root is taken when it is the same directory (device
 * and inode): what they see is what they named.  Opened O_DIRECTORY, which
 * a FIFO can never block. */
static int wd_inside(struct context *ctx)
{
	struct stat st;
	int fd;

	if (!ctx->wd_abs)
		return fail("the working directory is outside the new root directory");
	fd = open(ctx->wd_abs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == ctx->wd_stat.st_dev &&
	    st.st_ino == ctx->wd_stat.st_ino) {
		int r = fchdir(fd);

		close(fd);
		if (r < 0)
			return fail_errno(errno, "cannot change directory to %s",
					  quote(ctx->wd_abs));
		return 0;
	}
	if (fd >= 0)
		close(fd);
	return fail("the working directory %s is outside the new root directory, "
		    "where %s is %s: for the one inside, give -W %s (--wdns)",
		    quote(ctx->wd_abs), quote(ctx->wd_abs),
		    fd >= 0 ? "another directory" : "no directory", quote(ctx->wd_abs));
}

int context_apply(struct context *ctx)
{
	char cwd[PATH_MAX];
	bool root_was_set = ctx->root_fd >= 0;

	if (ctx->root_fd >= 0) {
		/* -r alone: the cwd as it is now, after the joins (in a
		 * mount namespace joined, its root), as util-linux does;
		 * "." is the one path looked up here, as a directory */
		if (ctx->wd_implicit) {
			ctx->wd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (ctx->wd_fd < 0)
				return fail_errno(errno, "cannot open the current directory");
			own_fd(ctx->wd_fd);
		}
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
		bool outside = r < 0 ? errno == ENOENT : cwd[0] != '/';

		if (outside && ctx->wd_implicit) {
			/* the cwd, not asked for, is outside the new root:
			 * start at its top, as chroot(1) always does */
			if (chdir("/") < 0)
				return fail_errno(errno, "cannot change directory to '/'");
			return 0;
		}
		if (outside)
			return wd_inside(ctx);
		if (r < 0 && errno != ERANGE && errno != ENAMETOOLONG)
			return fail_errno(errno, "the working directory is "
					  "unreachable from the new root directory");
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
