/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * creds.c - who the program runs as, and with which capabilities.
 *
 * Decided before any namespace is joined (creds_plan: the target's ids,
 * groups and capability sets are read then, the --caps list is checked
 * then, so --show fails where the run would), carried out after
 * (creds_apply), by system calls only.
 *
 * Invariants, and what each one stops:
 *  - Nothing is opened by path once a namespace is joined (HAZARDS.md 40):
 *    a target that mounts its own /proc can put FIFOs there.  So no
 *    libcap-ng call that reads /proc/PID/status (capng_get_caps_process,
 *    capng_apply): the sets are computed here and set with capset(2) and
 *    prctl(2); libcap-ng only names the capabilities.
 *  - Order: supplementary groups, then gid, then uid.  After setuid() to a
 *    non-root uid we could no longer change groups or gid, and a process
 *    left with root's groups can read what group 0 can.
 *  - Every change is checked afterwards with getresuid/getresgid/getgroups,
 *    capget and prctl: a drop that silently did not happen is worse than an
 *    error (bubblewrap CVE-2020-5291); so is a bounding set that could not
 *    be narrowed (libcap-ng 0.8.3 says success then).
 *  - Saved ids too (setresuid, not setuid): a saved uid 0 is a way back.
 *  - After a drop to a non-root uid without --keep-caps or --caps, the
 *    effective and permitted sets must be empty (ambient follows).
 *  - PR_SET_KEEPCAPS is set only around setresuid() and cleared right after.
 *  - -S without -G from root clears the supplementary groups (util-linux
 *    keeps root's groups silently); the primary gid is left as nsenter
 *    leaves it.  Documented in nsjoin(1).
 */
#include "config.h"

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_SELINUX
# include <selinux/selinux.h>
#endif

#include "nsjoin.h"

#define MAX_GROUPS 65536

/* ---- the target's credentials, read before any join ---- */

static int read_target_file(struct target *t, const char *name, size_t limit,
			    char **buf)
{
	size_t len;

	if (target_dir(t) < 0)
		return -1;
	if (read_small_file(t->procfd, name, limit, buf, &len) < 0) {
		int err = errno;

		if (target_explain(t, err) < 0)
			return -1;
		return fail_errno(err, "cannot read /proc/%d/%s", (int)t->pid, name);
	}
	return 0;
}

/* An id of the target (host numbering) as seen inside its user namespace,
 * which we join (util-linux's -S follow uses the host's number there, which
 * is not mapped). */
static int map_id(const char *map, const char *what, uint32_t *id)
{
	uint32_t inside;

	if (parse_id_map(map, *id, &inside) < 0)
		return fail("cannot follow the target's %s %u: it is not mapped in "
			    "the target user namespace", what, (unsigned)*id);
	*id = inside;
	return 0;
}

/* ---- capabilities, by system call ---- */

static uint64_t bit(unsigned cap)
{
	return (uint64_t)1 << cap;
}

/* The highest capability this kernel knows: read while /proc is ours. */
static unsigned last_cap(void)
{
	char *buf;
	size_t len;
	uint64_t v;
	unsigned last = CAP_LAST_CAP;

	if (read_small_file(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", 64, &buf, &len) == 0) {
		buf[strcspn(buf, "\n")] = '\0';
		if (parse_decimal(buf, 63, &v) == 0)
			last = (unsigned)v;
		free(buf);
	}
	return last;
}

static int caps_get(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));	/* and valgrind knows only d[0] is written */
	if (syscall(SYS_capget, &h, d) < 0)
		return fail_errno(errno, "cannot read our capabilities");
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	*inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static int caps_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32) },
	};

	return (int)syscall(SYS_capset, &h, d);
}

static uint64_t bounding_now(unsigned last)
{
	uint64_t b = 0;
	unsigned cap;

	for (cap = 0; cap <= last; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			b |= bit(cap);
	return b;
}

static const char *cap_name(unsigned cap)
{
	const char *name = capng_capability_to_name(cap);

	return name ? name : "?";
}

/* --caps=LIST in libcap-ng's spelling, "-all,+net_admin,+sys_ptrace",
 * applied to the effective, permitted, inheritable and bounding sets. */
static int caps_apply_list(const char *list, struct capsets *c, uint64_t all)
{
	char *buf = xasprintf("%s", list), *tok, *save = NULL;
	int r = 0;

	for (tok = strtok_r(buf, ",", &save); tok && r == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		bool add = *tok == '+';
		uint64_t mask;
		int cap;

		if (*tok != '+' && *tok != '-') {
			r = fail("invalid --caps entry %s: expected +name or -name",
				 quote(tok));
			break;
		}
		tok++;
		if (strcmp(tok, "all") == 0) {
			mask = all;
		} else {
			if (strncmp(tok, "cap_", 4) == 0)
				tok += 4;
			cap = capng_name_to_capability(tok);
			if (cap < 0 || !(bit((unsigned)cap) & all)) {
				r = fail("invalid --caps entry %s: unknown capability",
					 quote(tok));
				break;
			}
			mask = bit((unsigned)cap);
		}
		if (add) {
			c->eff |= mask;
			c->prm |= mask;
			c->inh |= mask;
			c->bnd |= mask;
		} else {
			c->eff &= ~mask;
			c->prm &= ~mask;
			c->inh &= ~mask;
			c->bnd &= ~mask;
			c->amb &= ~mask;
		}
	}
	free(buf);
	return r;
}

/* ---- the plan ---- */

/* --as-target: the target's supplementary groups, as seen in the
 * namespace we end in, and on the host (set before joining, see
 * creds_prepare). */
static int plan_groups(const struct join_plan *plan, const struct exec_config *xc,
		       bool host_numbers, const char *gid_map, struct creds *cr)
{
	struct target *t = plan->target;
	char *map = gid_map ? xasprintf("%s", gid_map) : NULL;
	bool mapped = plan->enters_user && plan->ns[NS_USER].from_target;
	size_t i;
	int r = 0;

	if (mapped && !map && read_target_file(t, "gid_map", 1u << 16, &map) < 0)
		return -1;
	cr->groups = xcalloc(xc->ngroups + 1, sizeof(*cr->groups));
	cr->host_groups = xcalloc(xc->ngroups + 1, sizeof(*cr->host_groups));
	cr->ngroups = cr->nhost_groups = xc->ngroups;
	for (i = 0; r == 0 && i < xc->ngroups; i++) {
		uint32_t g = xc->groups[i], h = g;

		if (map && host_numbers)	/* the live process's: host numbers */
			r = map_id(map, "group", &g);
		else if (map && parse_id_map_outside(map, g, &h) < 0)
			r = fail("the container's group %u is not mapped to the host",
				 (unsigned)g);
		cr->groups[i] = g;
		cr->host_groups[i] = h;
	}
	free(map);
	return r;
}

static int plan_ids(const struct options *opt, const struct join_plan *plan,
		    const struct exec_config *xc, struct creds *cr)
{
	struct target *t = plan->target;
	bool force = plan->enters_user && !opt->preserve_credentials;
	/* ids of the host, to be seen inside the target's user namespace */
	bool in_target_userns = plan->enters_user && plan->ns[NS_USER].from_target &&
				!(xc && xc->ids_in_userns);
	uint32_t follow_uid = 0, follow_gid = 0;
	char *uid_map = NULL, *gid_map = NULL;
	int r = 0;

	if (opt->uid_mode == ID_FOLLOW || opt->gid_mode == ID_FOLLOW) {
		struct stat st;

		if (!t->pid)
			return fail("no target PID specified for 'follow'");
		if (xc) {	/* --as-target: whom the target acts as */
			follow_uid = xc->uid;
			follow_gid = xc->gid;
		} else {
			if (target_dir(t) < 0)
				return -1;
			if (fstat(t->procfd, &st) < 0)
				return fail_errno(errno, "cannot stat /proc/%d", (int)t->pid);
			follow_uid = st.st_uid;
			follow_gid = st.st_gid;
		}
		if (in_target_userns &&
		    (read_target_file(t, "uid_map", 1u << 16, &uid_map) < 0 ||
		     read_target_file(t, "gid_map", 1u << 16, &gid_map) < 0)) {
			free(uid_map);
			return -1;
		}
		if (uid_map && map_id(uid_map, "uid", &follow_uid) < 0)
			r = -1;
		if (r == 0 && gid_map && map_id(gid_map, "gid", &follow_gid) < 0)
			r = -1;
	}
	/* In a new user namespace, util-linux becomes uid and gid 0 there. */
	if (opt->uid_mode != ID_KEEP || force) {
		cr->set_uid = true;
		cr->uid = opt->uid_mode == ID_SET ? opt->uid :
			  opt->uid_mode == ID_FOLLOW ? follow_uid : 0;
	}
	if (opt->gid_mode != ID_KEEP || force) {
		cr->set_gid = true;
		cr->gid = opt->gid_mode == ID_SET ? opt->gid :
			  opt->gid_mode == ID_FOLLOW ? follow_gid : 0;
	}

	/* The uid as the host numbers it, for the terminal of --pty: the
	 * final uid is one of the user namespace we end in. */
	cr->host_uid = cr->uid;
	if (opt->pty && cr->set_uid && plan->enters_user) {
		uint32_t host;

		if (!uid_map && plan->ns[NS_USER].from_target)
			(void)read_target_file(t, "uid_map", 1u << 16, &uid_map);
		cr->host_uid = uid_map && parse_id_map_outside(uid_map, cr->uid, &host) == 0 ?
			       host : (uid_t)-1;
	}

	/* Supplementary groups: the target's with --as-target (unless -S or
	 * -G chose other ids), else none whenever an id changes. */
	cr->set_groups = cr->set_uid || cr->set_gid;
	if (r == 0 && xc && !opt->uid_explicit && !opt->gid_explicit)
		r = plan_groups(plan, xc, in_target_userns, gid_map, cr);
	free(uid_map);
	free(gid_map);
	return r;
}

static int plan_caps(const struct options *opt, const struct join_plan *plan,
		     const struct exec_config *xc, struct creds *cr)
{
	uint64_t all, eff, prm, inh;
	bool keep = opt->keep_caps && (cr->in_user_ns || xc);
	unsigned last;

	cr->dropping = cr->set_uid && cr->uid != 0;
	if (!xc && !opt->caps && !keep)
		return 0;	/* the kernel's rules, checked after a drop */

	last = last_cap();
	all = last >= 63 ? ~(uint64_t)0 : bit(last + 1) - 1;
	cr->set_caps = true;
	cr->last_cap = last;
	if (xc) {
		/* --as-target: the target's five sets */
		cr->caps = xc->caps;
	} else if (plan->enters_user) {
		/* what setns() into a user namespace gives: all of them */
		cr->caps = (struct capsets){ all, all, 0, all, 0 };
	} else {
		if (caps_get(&eff, &prm, &inh) < 0)
			return -1;
		cr->caps = (struct capsets){ eff, prm, inh, bounding_now(last), 0 };
	}
	cr->bnd_now = plan->enters_user ? all : bounding_now(last);
	if (opt->caps && caps_apply_list(opt->caps, &cr->caps, all) < 0)
		return -1;
	/* kept across exec, also by a non-root uid: ambient (which needs
	 * them permitted and inheritable) */
	if (keep || (opt->caps && cr->dropping && !xc)) {
		cr->caps.inh |= cr->caps.prm;
		cr->caps.eff |= cr->caps.prm;
		cr->caps.amb = cr->caps.prm;
	}
	cr->caps.amb &= cr->caps.prm & cr->caps.inh;
	cr->set_ambient = xc || keep || cr->dropping;
	return 0;
}

int creds_plan(const struct options *opt, const struct join_plan *plan,
	       const struct exec_config *xc, struct creds *cr)
{
	struct target *t = plan->target;

	memset(cr, 0, sizeof(*cr));
	cr->in_user_ns = plan->enters_user;
	cr->groups_droppable = true;
	cr->no_new_privs = opt->no_new_privs || (xc && xc->no_new_privs);
	cr->as_target = xc != NULL;
	if (plan_ids(opt, plan, xc, cr) < 0 || plan_caps(opt, plan, xc, cr) < 0)
		return -1;

	if (opt->follow_context) {
		/* -Z: the target's SELinux context for the exec.  Like
		 * util-linux, nothing happens where SELinux is disabled. */
		if (!t->pid)
			return fail("no target PID specified for --follow-context");
#ifdef HAVE_SELINUX
		if (is_selinux_enabled() > 0 && getpidcon(t->pid, &cr->exec_context) < 0)
			return fail_errno(errno, "cannot get the SELinux context of process %d",
					  (int)t->pid);
#else
		return fail("--follow-context needs SELinux support: this nsjoin was "
			    "built without it (configure --with-selinux)");
#endif
	}
	return 0;
}

/* ---- before the first setns ---- */

/* Supplementary groups are set while we are still privileged on the host:
 * /proc/PID/setgroups may say "deny" inside the user namespace.  The exec
 * context of -Z too: it is a file of /proc, and it survives setns() and
 * fork(). */
int creds_prepare(struct creds *cr)
{
	if (cr->in_user_ns && cr->set_groups &&
	    setgroups(cr->nhost_groups, cr->host_groups) < 0 && errno == EPERM &&
	    cr->nhost_groups == 0)
		cr->groups_droppable = false;	/* an unprivileged caller's own */
#ifdef HAVE_SELINUX
	if (cr->exec_context && setexeccon(cr->exec_context) < 0)
		return fail_errno(errno, "cannot set the SELinux exec context %s",
				  quote(cr->exec_context));
#endif
	return 0;
}

/* ---- after the joins ---- */

static int id_error(int err, const char *what, unsigned id)
{
	if (err == EINVAL)
		return fail("cannot set %s %u: it is not mapped in the target user namespace",
			    what, id);
	return fail_errno(err, "cannot set %s %u", what, id);
}

/* Do we have exactly these groups? */
static bool same_groups(const gid_t *want, size_t n)
{
	gid_t *have = xcalloc(MAX_GROUPS, sizeof(*have));
	int got = getgroups(MAX_GROUPS, have);
	size_t i, j;
	bool same = got >= 0 && (size_t)got == n;

	for (i = 0; same && i < n; i++) {
		for (j = 0; j < n && have[j] != want[i]; j++)
			;
		same = j < n;
	}
	free(have);
	return same;
}

static int set_groups(struct creds *cr)
{
	int err;

	if (setgroups(cr->ngroups, cr->groups) == 0)
		return 0;
	err = errno;
	if (same_groups(cr->groups, cr->ngroups))
		return 0;	/* set in creds_prepare() */
	if (err != EPERM)
		return fail_errno(err, "cannot set the supplementary groups");
	if (cr->ngroups == 0 && !cr->groups_droppable) {
		/* an unprivileged caller in a user namespace that denies
		 * setgroups: its groups are its own to keep (util-linux
		 * fails here: "setgroups failed") */
		cr->groups_kept = true;
		return 0;
	}
	if (cr->ngroups == 0)
		return fail_errno(EPERM, "cannot drop supplementary groups");
	return fail_errno(EPERM, "cannot set the target's supplementary groups "
			  "(the user namespace denies setgroups)");
}

static int verify_ids(const struct creds *cr)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return fail_errno(errno, "cannot read our ids");
	if (cr->set_uid && (ru != cr->uid || eu != cr->uid || su != cr->uid))
		return fail("uid change to %u did not hold", (unsigned)cr->uid);
	if (cr->set_gid && (rg != cr->gid || eg != cr->gid || sg != cr->gid))
		return fail("gid change to %u did not hold", (unsigned)cr->gid);
	if (cr->set_groups && !cr->groups_kept && !same_groups(cr->groups, cr->ngroups))
		return fail(cr->ngroups ? "the target's supplementary groups did not hold" :
			    "supplementary groups are still set after setgroups()");
	return 0;
}

/* Narrow the bounding set while we still hold CAP_SETPCAP, and read it
 * back. */
static int narrow_bounding(const struct creds *cr)
{
	const char *what = cr->as_target ? "the target's capability bounding set" :
			   "the capability bounding set";
	unsigned cap;
	int r;

	for (cap = 0; cap <= cr->last_cap; cap++)
		if ((cr->bnd_now & bit(cap)) && !(cr->caps.bnd & bit(cap)) &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return fail_errno(errno, "cannot set %s", what);
	for (cap = 0; cap <= cr->last_cap; cap++) {
		r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0)
			return fail_errno(errno, "cannot set %s: reading it back", what);
		if (r == 1 && !(cr->caps.bnd & bit(cap)))
			return fail("cannot set %s: cap_%s is still in it (dropping "
				    "needs CAP_SETPCAP, and no seccomp filter against "
				    "PR_CAPBSET_DROP)", what, cap_name(cap));
	}
	return 0;
}

/* The effective, permitted, inheritable and ambient sets, checked. */
static int set_caps(const struct creds *cr)
{
	uint64_t eff, prm, inh;
	unsigned cap;

	if (caps_set(cr->caps.eff, cr->caps.prm, cr->caps.inh) < 0)
		return fail_errno(errno, "cannot set capabilities");
	if (cr->set_ambient) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
		    cr->caps.amb)
			return fail_errno(errno, "cannot set ambient capabilities");
		for (cap = 0; cap <= cr->last_cap; cap++)
			if ((cr->caps.amb & bit(cap)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
				return fail_errno(errno, "cannot set ambient capabilities");
	}
	if (caps_get(&eff, &prm, &inh) < 0)
		return -1;
	if (eff != cr->caps.eff || prm != cr->caps.prm || inh != cr->caps.inh)
		return fail("%s did not hold", cr->as_target ? "the target's capabilities" :
			    "the capability change");
	for (cap = 0; cr->set_ambient && cap <= cr->last_cap; cap++)
		if ((prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1) !=
		    !!(cr->caps.amb & bit(cap)))
			return fail("the ambient capability cap_%s did not hold", cap_name(cap));
	return 0;
}

/* A drop to a non-root uid without --caps or --keep-caps: the kernel
 * empties the sets only when a process leaves uid 0 of its user namespace;
 * root joining a user namespace where uid 0 is not mapped holds every
 * capability there and keeps them across setresuid().  So clear them,
 * then check. */
static int drop_all_caps(const struct creds *cr)
{
	uint64_t eff, prm, inh;

	if (caps_get(&eff, &prm, &inh) < 0)
		return -1;
	if ((eff || prm) && caps_set(0, 0, 0) < 0)
		return fail_errno(errno, "cannot clear our capabilities");
	if (caps_get(&eff, &prm, &inh) < 0)
		return -1;
	if (eff || prm)
		return fail("capabilities remain after the change to uid %u",
			    (unsigned)cr->uid);
	return 0;
}

int creds_apply(struct creds *cr)
{
	bool keep = cr->set_caps && cr->dropping;

	if (cr->set_caps && narrow_bounding(cr) < 0)
		return -1;
	if (cr->set_groups && set_groups(cr) < 0)
		return -1;
	if (cr->set_gid && setresgid(cr->gid, cr->gid, cr->gid) < 0)
		return id_error(errno, "gid", (unsigned)cr->gid);
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set PR_SET_KEEPCAPS");
	if (cr->set_uid && setresuid(cr->uid, cr->uid, cr->uid) < 0)
		return id_error(errno, "uid", (unsigned)cr->uid);
	if (keep && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot clear PR_SET_KEEPCAPS");
	if ((cr->set_uid || cr->set_gid || cr->set_groups) && verify_ids(cr) < 0)
		return -1;

	if (cr->set_caps) {
		if (set_caps(cr) < 0)
			return -1;
	} else if (cr->dropping && drop_all_caps(cr) < 0) {
		return -1;
	}
	if (cr->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set no_new_privs");
	return 0;
}
