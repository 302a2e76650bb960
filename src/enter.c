/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * enter.c - join the namespaces of the plan.
 *
 * Invariants, and what each one stops:
 *  - We are non-dumpable before the first setns() (main.c): once we are in
 *    the target's namespaces, its processes must not ptrace us or open
 *    /proc/<our pid>/fd to reach the host (runc CVE-2016-9962).
 *  - Two passes, as util-linux nsenter: first everything but the user
 *    namespace, errors ignored, so a privileged caller uses the capabilities
 *    of its own user namespace; then what is left, user namespace first,
 *    errors fatal, so an unprivileged caller gains the capabilities it needs
 *    in the user namespace it owns before the others.
 *  - The target's namespaces are joined with one setns(pidfd, mask) where the
 *    kernel has it (5.8): atomic, all or nothing, and no /proc file opened.
 *    If that fails (older kernel, seccomp), the /proc/PID/ns files are
 *    opened and joined one by one, and a failure names the namespace.
 *  - Any failure in the second pass is fatal before anything is executed:
 *    never a half-joined program.
 *  - Nothing is opened by path after the first setns() (HAZARDS.md 40):
 *    /proc/self/ns is opened before it, and a late fallback to the
 *    /proc/PID/ns files happens only through a /proc/PID opened before.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "compat.h"
#include "nsjoin.h"

static int pidfd_mask(const struct join_plan *plan, int types)
{
	int i, mask = 0;

	for (i = 0; i < NS_COUNT; i++) {
		const struct ns_entry *e = &plan->ns[i];

		if ((types & nstypes[i].flag) && e->action == ACT_JOIN &&
		    !e->joined && e->from_target && e->fd < 0)
			mask |= nstypes[i].flag;
	}
	return mask;
}

static int open_target_files(struct join_plan *plan, int mask)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if ((mask & nstypes[i].flag) &&
		    plan_entry_open(plan, i) < 0)
			return -1;
	return 0;
}

/* Why a join failed, and what would work (for EPERM: who owns the
 * namespace).  Returns a string for the message ("" when nothing). */
static const char *hint(int err, int idx, int fd, int self_ns)
{
	static char buf[200];
	struct stat mine, owner_st;
	int owner;
	uid_t uid;

	if (err == EINVAL && idx == NS_USER)
		return " (a user namespace can only be joined from its parent)";
	if (err != EPERM)
		return "";
	if (idx == NS_USER)
		return " (joining a user namespace needs CAP_SYS_ADMIN in it, "
		       "and a single-threaded caller not in a chroot)";
	owner = fd >= 0 ? ioctl(fd, NS_GET_USERNS) : -1;
	if (owner < 0)	/* out of our sight: not ours, nor a child of ours */
		return " (it belongs to a user namespace out of your reach: run as root)";
	if (self_ns >= 0 && fstatat(self_ns, "user", &mine, 0) == 0 &&
	    fstat(owner, &owner_st) == 0 && mine.st_ino == owner_st.st_ino &&
	    mine.st_dev == owner_st.st_dev) {
		close(owner);
		return " (it belongs to your own user namespace, where you lack "
		       "CAP_SYS_ADMIN: run as root)";
	}
	if (ioctl(owner, NS_GET_OWNER_UID, &uid) == 0 && uid == getuid()) {
		close(owner);
		return " (it belongs to a user namespace of yours: add --user, or "
		       "--user=FILE with that namespace, to join it first)";
	}
	snprintf(buf, sizeof(buf), " (it belongs to a user namespace of uid %u: "
		 "only root or that user can join it)", (unsigned)uid);
	close(owner);
	return buf;
}

/* Joining a namespace we are already in is a no-op that the kernel may
 * still refuse (EPERM without CAP_SYS_ADMIN over it, EINVAL for our own
 * user namespace).  nsenter -a as an unprivileged user trips on that for
 * every type its user namespace does not own; for us it is not an error. */
static bool already_in(int self_ns, int idx, int fd)
{
	struct stat mine, other;

	return self_ns >= 0 &&
	       fstatat(self_ns, nstypes[idx].name, &mine, 0) == 0 &&
	       fstat(fd, &other) == 0 && mine.st_dev == other.st_dev &&
	       mine.st_ino == other.st_ino;
}

static bool has_fd_entries(const struct join_plan *plan, int types)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if ((types & nstypes[i].flag) && plan->ns[i].action == ACT_JOIN &&
		    !plan->ns[i].joined && plan->ns[i].fd >= 0)
			return true;
	return false;
}

static bool any_joined(const struct join_plan *plan)
{
	int i;

	for (i = 0; i < NS_COUNT; i++)
		if (plan->ns[i].joined)
			return true;
	return false;
}

/* Our own namespaces, to tell "already in it" from a real refusal: opened
 * while /proc is still ours, before the first join. */
static void open_self_ns(int *self_ns)
{
	if (*self_ns >= 0)
		return;
	*self_ns = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	own_fd(*self_ns);
}

static int join_pass(struct join_plan *plan, int types, bool fatal, int *self_ns)
{
	int i, mask = pidfd_mask(plan, types);
	int nfail = 0, first_err = 0, err;
	char *msg = NULL, *more;

	if (mask) {
		if (setns(plan->target->pidfd, mask) == 0) {
			for (i = 0; i < NS_COUNT; i++)
				if (mask & nstypes[i].flag)
					plan->ns[i].joined = true;
		} else if (any_joined(plan) && plan->target->procfd < 0) {
			/* no /proc/PID to fall back on, and opening it now
			 * would look it up in a namespace we joined */
			err = errno;

			if (target_explain(plan->target, err) < 0)
				return -1;
			for (i = 0; i < NS_COUNT; i++)
				if (mask & nstypes[i].flag)
					break;
			return fail_errno(err, "cannot join %s namespace %s", nstypes[i].name,
					  plan->ns[i].label);
		} else {
			if (open_target_files(plan, mask) < 0)
				return -1;
			if (!any_joined(plan))
				open_self_ns(self_ns);
		}
	}

	for (i = 0; i < NS_COUNT; i++) {
		struct ns_entry *e = &plan->ns[i];

		if (!(types & nstypes[i].flag) || e->action != ACT_JOIN ||
		    e->joined || e->fd < 0)
			continue;
		if (setns(e->fd, nstypes[i].flag) == 0) {
			e->joined = true;
			close_own_later(&e->fd);
			continue;
		}
		if (!fatal)
			continue;
		err = errno;
		if ((err == EPERM || err == EINVAL) && already_in(*self_ns, i, e->fd)) {
			e->joined = true;
			close_own_later(&e->fd);
			continue;
		}
		if (!nfail++)
			first_err = err;
		/* every failure gets its own "nsjoin: " line */
		more = xasprintf("%s%s%s%scannot join %s namespace %s: %s%s",
				 msg ? msg : "", msg ? "\n" : "", msg ? progname : "",
				 msg ? ": " : "", nstypes[i].name, e->label,
				 strerror(err), hint(err, i, e->fd, *self_ns));
		free(msg);
		msg = more;
	}
	if (nfail) {
		fail("%s", msg);
		free(msg);
		errno = first_err;
		return -1;
	}
	return 0;
}

/* The order enter_namespaces() tries, for --show: a privileged caller
 * joins the user namespace last (pass 1 joins the others with the
 * capabilities it has), an unprivileged one first (pass 2). */
void enter_order(int order[NS_COUNT])
{
	int i, n = 0;
	bool user_first = geteuid() != 0;

	if (user_first)
		order[n++] = NS_USER;
	for (i = 0; i < NS_COUNT; i++)
		if (i != NS_USER)
			order[n++] = i;
	if (!user_first)
		order[n++] = NS_USER;
}

int enter_namespaces(struct join_plan *plan)
{
	/* our own namespaces, opened before the first join when anything is
	 * joined by file (a single setns(pidfd) needs none) */
	int self_ns = -1;
	int r;

	if (has_fd_entries(plan, ~0))
		open_self_ns(&self_ns);
	/* Pass 1: all but the user namespace, with the caps we have now. */
	r = join_pass(plan, ~CLONE_NEWUSER, false, &self_ns);
	/* Pass 2: the rest, user namespace first; errors are fatal. */
	if (r == 0)
		r = join_pass(plan, ~0, true, &self_ns);
	close_own_later(&self_ns);
	return r;
}
