/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * exec.c - choose the program and execute it.
 *
 *  - The program is found with the caller's PATH, never the target's
 *    (--env replaces the environment the program gets, not the one we
 *    search with).
 *  - With no program: $SHELL (the caller's), else
 *    the passwd shell, else /bin/sh, started as a login shell ("-bash") as
 *    util-linux does.  The passwd shell is read from the host's
 *    /etc/passwd before any namespace is joined, without NSS (util.c,
 *    passwd_entry): no module is loaded, from the host or the target
 *    (CVE-2019-5736 is about running a target's file for us).
 *  - Before exec: every signal the caller left ignored or blocked is reset
 *    (signals.c), and every descriptor of ours is closed.
 *  - Exit status: 127 when the program is not found, 126 when it cannot be
 *    executed, as the shell and nsenter do.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

/* --as-target with no program: the target's $SHELL (from the
 * environment it gets) if it is a file of the target's root, else /bin/sh
 * there.  "docker exec" requires a command: this is nsjoin's choice. */
static const char *target_shell(struct target *t, const struct context *ctx,
				const char **source)
{
	const char *shell = getenv_in(ctx->env, "SHELL");
	struct stat st;
	int fd;

	if (shell && shell[0] == '/') {
		fd = target_open_in_root(t, shell, O_PATH);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111)) {
			close(fd);
			*source = "the target's $SHELL";
			return shell;
		}
		if (fd >= 0)
			close(fd);
	}
	*source = "the target's default";
	return "/bin/sh";
}

int program_resolve(const struct options *opt, struct target *t,
		    const struct join_plan *plan, const struct creds *cr,
		    const struct context *ctx, struct program *prog)
{
	const struct ns_entry *mnt = &plan->ns[NS_MNT];
	const char *shell, *base;

	memset(prog, 0, sizeof(*prog));
	prog->in_target_files = (mnt->action == ACT_JOIN && mnt->from_target) ||
				(opt->root_set && !opt->root_dir);
	if (opt->argc > 0) {
		prog->path = opt->argv[0];
		prog->argv = opt->argv;
		return 0;
	}

	prog->is_shell = true;
	if (opt->as_target && prog->in_target_files) {
		shell = target_shell(t, ctx, &prog->shell_source);
	} else if ((shell = secure_getenv("SHELL")) != NULL) {
		prog->shell_source = "$SHELL";
		if (!*shell || *shell != '/') {
			fail("no program given and SHELL=%s is not an absolute path",
			     quote(shell));
			fail_status(127);
			return -1;
		}
	} else {
		char *pw_shell = NULL;

		if (passwd_entry(cr->set_uid ? cr->uid : getuid(), NULL, &pw_shell) == 0 &&
		    pw_shell[0] == '/') {
			shell = pw_shell;
			prog->shell_source = "the passwd entry";
		} else {
			shell = "/bin/sh";
			prog->shell_source = "the default";
		}
	}
	prog->path = xasprintf("%s", shell);
	base = strrchr(prog->path, '/');
	base = base ? base + 1 : prog->path;
	prog->argv0_buf = xasprintf("-%s", base);
	prog->argv = xcalloc(2, sizeof(char *));
	prog->argv[0] = prog->argv0_buf;
	return 0;
}

/* Is path a file that may be executed, as seen from dirfd's root (-1: our
 * own root)?  0 yes, else the errno execve() would give; -1 when it cannot
 * be known here: no openat2() to look inside a root safely (before Linux
 * 5.6: ENOSYS; a seccomp filter: ENOSYS or, as Docker's profile answers,
 * EPERM; a path lookup itself never fails with EPERM), where the run
 * itself, after setns, can. */
static int executable_at(int rootfd, struct target *t, const char *path)
{
	struct nsj_open_how how = { .flags = O_PATH | O_CLOEXEC,
				    .resolve = NSJ_RESOLVE_IN_ROOT };
	struct stat st;
	int fd, err;

	if (t)
		fd = target_open_in_root(t, path, O_PATH);
	else if (rootfd >= 0)
		fd = nsj_openat2(rootfd, path[0] == '/' ? path + 1 : path, &how);
	else
		fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0 && (errno == ENOSYS || errno == EOPNOTSUPP || errno == EPERM))
		return -1;	/* no openat2(), or a seccomp filter's answer */
	if (fd < 0)
		return errno == ENOTDIR ? ENOENT : errno;
	err = fstat(fd, &st) < 0 ? errno : !S_ISREG(st.st_mode) || !(st.st_mode & 0111) ?
	      EACCES : 0;
	close(fd);
	return err;
}

/* --show: would the program be found and executed?  Where that can be
 * known before joining: on our own files, or among the target's (its root,
 * looked up inside it), or in the root given with -r; not in a mount
 * namespace given as a file.  The PATH searched is the caller's, as
 * execvpe() searches it.  -1 with the run's message and status. */
int program_check(const struct program *prog, struct target *t,
		  const struct join_plan *plan, const struct context *ctx)
{
	const struct ns_entry *mnt = &plan->ns[NS_MNT];
	const char *path = getenv("PATH");
	struct target *in = prog->in_target_files ? t : NULL;
	int rootfd = !in ? ctx->root_fd : -1, err = ENOENT;
	char *cand;

	if (mnt->action == ACT_JOIN && !mnt->from_target)
		return 0;	/* another mount namespace: not to be known */
	if (prog->is_shell || strchr(prog->path, '/')) {
		err = executable_at(rootfd, in, prog->path);
	} else if (*prog->path) {
		/* as execvpe(): the first that runs; EACCES if one was
		 * found that does not, else ENOENT */
		const char *dir = path ? path : "/bin:/usr/bin";
		bool denied = false;

		for (;;) {
			size_t n = strcspn(dir, ":");
			int e;

			cand = n ? xasprintf("%.*s/%s", (int)n, dir, prog->path)
				 : xasprintf("%s", prog->path);
			e = executable_at(rootfd, in, cand);
			free(cand);
			if (e < 0)
				return 0;	/* cannot be known */
			if (e == 0) {
				err = 0;
				break;
			}
			denied = denied || e == EACCES;
			if (!dir[n])
				break;
			dir += n + 1;
		}
		if (err)
			err = denied ? EACCES : ENOENT;
	}
	if (err <= 0)
		return 0;	/* found, or cannot be known */
	fail_errno(err, "failed to execute %s", quote(prog->path));
	fail_status(err == ENOENT || err == ENOTDIR ? 127 : 126);
	return -1;
}

int exec_program(const struct program *prog, char **env)
{
	int err;

	signals_reset();
	close_all_own();
	if (supervise_child_arm() < 0)
		return -1;

	if (!env)
		env = environ;
	/* execvpe() searches the PATH of environ (the caller's), not of env */
	if (prog->is_shell)
		execve(prog->path, prog->argv, env);
	else
		execvpe(prog->path, prog->argv, env);

	err = errno;
	if (prog->is_shell)
		fail_errno(err, "failed to execute the shell %s (from %s)",
			   quote(prog->path), prog->shell_source);
	else
		fail_errno(err, "failed to execute %s", quote(prog->path));
	fail_status(err == ENOENT || err == ENOTDIR ? 127 : 126);
	return -1;
}
