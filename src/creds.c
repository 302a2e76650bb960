/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * creds.c - who the program runs as, and with which capabilities.
 *
 * Invariants, and what each one stops:
 *  - Order: supplementary groups, then gid, then uid.  After setuid() to a
 *    non-root uid we could no longer change groups or gid, and a process
 *    left with root's groups can read what group 0 can.
 *  - Every change is checked afterwards with getresuid/getresgid/getgroups:
 *    a drop that silently did not happen is worse than an error
 *    (bubblewrap CVE-2020-5291).
 *  - Saved ids too (setresuid, not setuid): a saved uid 0 is a way back.
 *  - After a drop to a non-root uid without --keep-caps, the effective and
 *    permitted sets must be empty (ambient follows permitted).
 *  - PR_SET_KEEPCAPS is set only around setresuid() and cleared right after.
 *  - Every negative return from libcap-ng is fatal.
 *  - -S without -G from root clears the supplementary groups (util-linux
 *    keeps root's groups silently); the primary gid is left as nsenter
 *    leaves it.  Documented in nsjoin(1).
 */
#include "config.h"

#include <cap-ng.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_SELINUX
# include <selinux/selinux.h>
#endif

#include "nsjoin.h"

static int map_id(const char *map, const char *what, uint32_t *id)
{
	uint32_t inside;

	if (parse_id_map(map, *id, &inside) < 0)
		return fail("cannot follow the target's %s %u: it is not mapped in "
			    "the target user namespace", what, (unsigned)*id);
	*id = inside;
	return 0;
}

static int as_target_plan(const struct join_plan *plan, const struct context *ctx,
			  struct creds *cr)
{
	const struct status_creds *tc = ctx->tcreds;
	bool translate = plan->enters_user && plan->ns[NS_USER].from_target &&
			 ctx->gid_map;
	size_t i;

	cr->as_target = true;
	cr->clear_groups = false;	/* set to the target's instead */
	cr->groups = xcalloc(tc->ngroups + 1, sizeof(*cr->groups));
	cr->host_groups = xcalloc(tc->ngroups + 1, sizeof(*cr->host_groups));
	cr->ngroups = cr->nhost_groups = tc->ngroups;
	for (i = 0; i < tc->ngroups; i++) {
		uint32_t g = tc->groups[i];

		if (translate && map_id(ctx->gid_map, "group", &g) < 0)
			return -1;
		cr->groups[i] = g;
		cr->host_groups[i] = tc->groups[i];
	}
	cr->cap_inh = tc->cap_inh;
	cr->cap_prm = tc->cap_prm;
	cr->cap_eff = tc->cap_eff;
	cr->cap_bnd = tc->cap_bnd;
	cr->cap_amb = tc->cap_amb;
	cr->no_new_privs = cr->no_new_privs || tc->no_new_privs;
	return 0;
}

int creds_plan(const struct options *opt, const struct join_plan *plan,
	       const struct context *ctx, struct creds *cr)
{
	bool force = plan->enters_user && !opt->preserve_credentials;

	memset(cr, 0, sizeof(*cr));
	cr->in_user_ns = plan->enters_user;
	/* In a new user namespace, util-linux becomes uid and gid 0 there. */
	if (opt->uid_mode != ID_KEEP || force) {
		cr->set_uid = true;
		cr->uid = opt->uid_mode == ID_SET ? opt->uid :
			  opt->uid_mode == ID_FOLLOW ? ctx->follow_uid : 0;
	}
	if (opt->gid_mode != ID_KEEP || force) {
		cr->set_gid = true;
		cr->gid = opt->gid_mode == ID_SET ? opt->gid :
			  opt->gid_mode == ID_FOLLOW ? ctx->follow_gid : 0;
	}
	cr->clear_groups = cr->set_gid || cr->set_uid;
	/* Ids taken from the target are the host's numbers: inside the
	 * target's user namespace, which we join, they are its own. */
	if (plan->enters_user && plan->ns[NS_USER].from_target && ctx->uid_map) {
		if (opt->uid_mode == ID_FOLLOW && map_id(ctx->uid_map, "uid", &cr->uid) < 0)
			return -1;
		if (opt->gid_mode == ID_FOLLOW && map_id(ctx->gid_map, "gid", &cr->gid) < 0)
			return -1;
	}

	cr->keep_caps = opt->keep_caps;
	cr->caps = opt->caps;
	cr->no_new_privs = opt->no_new_privs;
	cr->exec_context = ctx->exec_context;
	if (ctx->tcreds && as_target_plan(plan, ctx, cr) < 0)
		return -1;
	return 0;
}

/* Whether the caller could drop its groups before joining: an
 * unprivileged caller cannot, and its groups are its own. */
static bool groups_droppable = true;
static bool groups_kept;	/* the caller's own, in a setgroups=deny namespace */

/* Before joining a user namespace: drop supplementary groups while we are
 * still privileged, since /proc/PID/setgroups may say "deny" inside. */
int creds_prepare(const struct creds *cr)
{
	if (cr->as_target && cr->in_user_ns) {
		/* host numbers, before the namespace may deny setgroups */
		(void)setgroups(cr->nhost_groups, cr->host_groups);
		return 0;
	}
	if (cr->in_user_ns && cr->clear_groups && setgroups(0, NULL) < 0 &&
	    errno == EPERM)
		groups_droppable = false;	/* checked in creds_apply() */
	return 0;
}

static int id_error(int err, const char *what, unsigned id)
{
	if (err == EINVAL)
		return fail("cannot set %s %u: it is not mapped in the target user namespace",
			    what, id);
	return fail_errno(err, "cannot set %s %u", what, id);
}

static int capget_sets(uint64_t *eff, uint64_t *prm, uint64_t *inh)
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

static int capset_empty(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capset, &h, d) < 0)
		return fail_errno(errno, "cannot clear our capabilities");
	return 0;
}

/* Apply the bounding set libcap-ng holds, and read it back: libcap-ng
 * 0.8.3 returns 0 from capng_apply(CAPNG_SELECT_BOUNDS) when it could not
 * drop anything (without CAP_SETPCAP it only writes to syslog), and a root
 * program would then get every capability back at execve. */
static int apply_bounds(const char *what)
{
	unsigned cap;
	int r;

	if (capng_apply(CAPNG_SELECT_BOUNDS) < 0)
		return fail_errno(errno, "cannot set %s", what);
	for (cap = 0;; cap++) {
		r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0 && errno == EINVAL && cap > 0)
			return 0;	/* past the kernel's last capability */
		if (r < 0)
			return fail_errno(errno, "cannot set %s: reading it back", what);
		if (r == 1 && capng_have_capability(CAPNG_BOUNDING_SET, cap) == 0) {
			const char *name = capng_capability_to_name(cap);

			return fail("cannot set %s: cap_%s is still in it (dropping "
				    "needs CAP_SETPCAP, and no seccomp filter against "
				    "PR_CAPBSET_DROP)", what, name ? name : "?");
		}
	}
}

/* --caps=LIST in libcap-ng's spelling: "-all,+net_admin,+sys_ptrace".  The
 * result becomes the effective, permitted, inheritable and bounding sets.
 * The bounding set is applied now, while we still hold CAP_SETPCAP. */
static int caps_from_list(const char *list)
{
	char buf[1024], *tok, *save = NULL;

	if (strlcpy(buf, list, sizeof(buf)) >= sizeof(buf))
		return fail("--caps list is too long");
	if (capng_get_caps_process() < 0)
		return fail_errno(errno, "cannot read our capabilities (libcap-ng)");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		capng_act_t act;
		int cap;

		if (*tok != '+' && *tok != '-')
			return fail("invalid --caps entry %s: expected +name or -name",
				    quote(tok));
		act = *tok == '+' ? CAPNG_ADD : CAPNG_DROP;
		tok++;
		if (strcmp(tok, "all") == 0) {
			if (act == CAPNG_ADD)
				capng_fill(CAPNG_SELECT_BOTH);
			else
				capng_clear(CAPNG_SELECT_BOTH);
			continue;
		}
		if (strncmp(tok, "cap_", 4) == 0)
			tok += 4;
		cap = capng_name_to_capability(tok);
		if (cap < 0)
			return fail("invalid --caps entry %s: unknown capability",
				    quote(tok));
		if (capng_update(act, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
				 CAPNG_INHERITABLE | CAPNG_BOUNDING_SET,
				 (unsigned)cap) < 0)
			return fail("cannot update capability %s (libcap-ng)", tok);
	}
	return apply_bounds("the capability bounding set");
}

/* Make every permitted capability inheritable and ambient, so it survives
 * exec of a program without file capabilities. */
static int permitted_to_ambient(void)
{
	unsigned cap;
	int last;

	if (capng_get_caps_process() < 0)
		return fail_errno(errno, "cannot read our capabilities (libcap-ng)");
	last = (int)CAP_LAST_CAP;
	for (cap = 0; cap <= (unsigned)last + 8; cap++) {
		if (!capng_have_capability(CAPNG_PERMITTED, cap))
			continue;
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_INHERITABLE |
				 CAPNG_AMBIENT, cap) < 0)
			return fail("cannot update capability %u (libcap-ng)", cap);
	}
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail_errno(errno, "cannot set capabilities");
	if (capng_apply(CAPNG_SELECT_AMBIENT) < 0)
		return fail_errno(errno, "cannot set ambient capabilities");
	return 0;
}

static int verify(const struct creds *cr)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return fail_errno(errno, "cannot read our ids");
	if (cr->set_uid && (ru != cr->uid || eu != cr->uid || su != cr->uid))
		return fail("uid change to %u did not hold", (unsigned)cr->uid);
	if (cr->set_gid && (rg != cr->gid || eg != cr->gid || sg != cr->gid))
		return fail("gid change to %u did not hold", (unsigned)cr->gid);
	if (cr->clear_groups && !groups_kept && getgroups(0, NULL) != 0)
		return fail("supplementary groups are still set after setgroups()");
	return 0;
}

/* Do we already have exactly these groups (set in creds_prepare())? */
static bool same_groups(const gid_t *want, size_t n)
{
	gid_t have[256];
	int got = getgroups(256, have);
	size_t i, j;

	if (got < 0 || (size_t)got != n)
		return false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && have[j] != want[i]; j++)
			;
		if (j == n)
			return false;
	}
	return true;
}

static int capng_from_masks(uint64_t eff, uint64_t prm, uint64_t inh,
			    uint64_t bnd, uint64_t amb)
{
	unsigned cap;

	capng_clear(CAPNG_SELECT_ALL);
	for (cap = 0; cap < 64; cap++) {
		uint64_t bit = (uint64_t)1 << cap;
		int type = (eff & bit ? CAPNG_EFFECTIVE : 0) |
			   (prm & bit ? CAPNG_PERMITTED : 0) |
			   (inh & bit ? CAPNG_INHERITABLE : 0) |
			   (bnd & bit ? CAPNG_BOUNDING_SET : 0) |
			   (amb & bit ? CAPNG_AMBIENT : 0);

		if (type && cap <= (unsigned)CAP_LAST_CAP &&
		    capng_update(CAPNG_ADD, (capng_type_t)type, cap) < 0)
			return fail("cannot update capability %u (libcap-ng)", cap);
	}
	return 0;
}

/*
 * --as-target: the target's groups, ids and every capability set.  The
 * bounding set is narrowed first, while we still hold CAP_SETPCAP; the
 * other sets after the uid change, which PR_SET_KEEPCAPS survives.
 */
static int as_target_apply(const struct creds *cr)
{
	uint64_t eff, prm, inh;

	if (capng_from_masks(cr->cap_eff, cr->cap_prm, cr->cap_inh, cr->cap_bnd,
			     cr->cap_amb) < 0)
		return -1;
	if (apply_bounds("the target's capability bounding set") < 0)
		return -1;
	if (setgroups(cr->ngroups, cr->groups) < 0 &&
	    !(errno == EPERM && same_groups(cr->groups, cr->ngroups)))
		return fail_errno(errno, "cannot set the target's supplementary groups%s",
				  errno == EPERM ? " (the user namespace denies setgroups)" : "");
	if (setresgid(cr->gid, cr->gid, cr->gid) < 0)
		return id_error(errno, "gid", (unsigned)cr->gid);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set PR_SET_KEEPCAPS");
	if (setresuid(cr->uid, cr->uid, cr->uid) < 0)
		return id_error(errno, "uid", (unsigned)cr->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot clear PR_SET_KEEPCAPS");
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail_errno(errno, "cannot set the target's capabilities");
	if (capng_apply(CAPNG_SELECT_AMBIENT) < 0)
		return fail_errno(errno, "cannot set the target's ambient capabilities");
	if (verify(cr) < 0 || capget_sets(&eff, &prm, &inh) < 0)
		return -1;
	if (getgroups(0, NULL) != (int)cr->ngroups)
		return fail("the target's supplementary groups did not hold");
	if (eff != cr->cap_eff || prm != cr->cap_prm || inh != cr->cap_inh)
		return fail("the target's capabilities did not hold");
	if (cr->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set no_new_privs");
	return 0;
}

int creds_apply(const struct creds *cr)
{
	bool dropping = cr->set_uid && cr->uid != 0;
	/* --keep-caps means something in a user namespace only (util-linux) */
	bool keep = dropping && ((cr->keep_caps && cr->in_user_ns) || cr->caps);
	uint64_t eff = 0, prm = 0, inh = 0;

	if (cr->as_target) {
#ifdef HAVE_SELINUX
		if (cr->exec_context && setexeccon(cr->exec_context) < 0)
			return fail_errno(errno, "cannot set the SELinux exec context %s",
					  quote(cr->exec_context));
#endif
		return as_target_apply(cr);
	}
	if (cr->caps && caps_from_list(cr->caps) < 0)
		return -1;

	if (cr->clear_groups && setgroups(0, NULL) < 0) {
		/* In a user namespace whose setgroups file says "deny", the
		 * groups were dropped in creds_prepare() before joining, or,
		 * for an unprivileged caller, they are its own to keep
		 * (util-linux fails here: "setgroups failed"). */
		if (errno != EPERM)
			return fail_errno(errno, "cannot drop supplementary groups");
		if (getgroups(0, NULL) != 0 && groups_droppable)
			return fail_errno(EPERM, "cannot drop supplementary groups");
		groups_kept = getgroups(0, NULL) != 0;
	}
	if (cr->set_gid && setresgid(cr->gid, cr->gid, cr->gid) < 0)
		return id_error(errno, "gid", (unsigned)cr->gid);
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set PR_SET_KEEPCAPS");
	if (cr->set_uid && setresuid(cr->uid, cr->uid, cr->uid) < 0)
		return id_error(errno, "uid", (unsigned)cr->uid);
	if (keep && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot clear PR_SET_KEEPCAPS");
	if ((cr->set_uid || cr->set_gid || cr->clear_groups) && verify(cr) < 0)
		return -1;

	if (cr->caps) {
		/* the list decided E, P and I; for a non-root uid, ambient
		 * carries them across exec */
		if (capng_apply(CAPNG_SELECT_CAPS) < 0)
			return fail_errno(errno, "cannot set capabilities");
		if (dropping && permitted_to_ambient() < 0)
			return -1;
	} else if (cr->keep_caps && cr->in_user_ns) {
		if (permitted_to_ambient() < 0)
			return -1;
	} else if (dropping) {
		/* The kernel empties the sets only when a process leaves uid 0
		 * of its user namespace: root joining a user namespace where
		 * uid 0 is not mapped holds every capability there and keeps
		 * them across setresuid().  So clear them, then check. */
		if (capget_sets(&eff, &prm, &inh) < 0)
			return -1;
		if ((eff || prm) && capset_empty() < 0)
			return -1;
		if (capget_sets(&eff, &prm, &inh) < 0)
			return -1;
		if (eff || prm)
			return fail("capabilities remain after the change to uid %u",
				    (unsigned)cr->uid);
	}

#ifdef HAVE_SELINUX
	if (cr->exec_context && setexeccon(cr->exec_context) < 0)
		return fail_errno(errno, "cannot set the SELinux exec context %s",
				  quote(cr->exec_context));
#endif
	if (cr->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set no_new_privs");
	return 0;
}
