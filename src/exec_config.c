/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * exec_config.c - --as-target: what "docker exec" gives a process
 * (RUNTIMES.md), read before any namespace is joined.
 *
 * From the runtime's configuration of the container where there is one
 * (the OCI bundle's config.json, which exec itself reads): process.user,
 * .capabilities, .noNewPrivileges, .env, .cwd, .rlimits, .oomScoreAdj,
 * .apparmorProfile, .selinuxLabel and linux.seccomp.  From the live
 * process otherwise (a plain -t PID): /proc/PID/status, its environment
 * and cwd, prlimit(2), oom_score_adj and its seccomp filters.
 *
 * A configuration that a user other than root owns (a rootless
 * container's) is that user's choice: it is entered through their user
 * namespace, where ids and capabilities mean nothing on the host, but an
 * oom_score_adj below the live process's is not taken from it (lowering it
 * needs a privilege the user lacks).  rlimits are set after the joins, so
 * the kernel checks them against the namespace we end in.
 */
#include "config.h"

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "jsonfile.h"
#include "nsjoin.h"

#define CONFIG_LIMIT (16u << 20)

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "RLIMIT_CPU", RLIMIT_CPU }, { "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_STACK", RLIMIT_STACK },
	{ "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_NPROC", RLIMIT_NPROC }, { "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS }, { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

const char *rlimit_name(int resource)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (rlimit_names[i].resource == resource)
			return rlimit_names[i].name;
	return "RLIMIT_?";
}

static void add_rlimit(struct exec_config *xc, int resource, uint64_t soft,
		       uint64_t hard)
{
	xc->rlimits = xgrow(xc->rlimits, xc->nrlimits, sizeof(*xc->rlimits));
	xc->rlimits[xc->nrlimits++] = (struct rlimit_setting){ resource, soft, hard };
}

/* ---- the runtime's configuration ---- */

/* process.capabilities.<set>: names like "CAP_NET_RAW"; a name this
 * kernel or libcap-ng does not know is left out, as runc does. */
static uint64_t cap_set(const struct json_object *caps, const char *set)
{
	char **names = jf_strings(jf_get(caps, set, json_type_array));
	uint64_t mask = 0;
	size_t i;

	for (i = 0; names && names[i]; i++) {
		const char *n = names[i];
		int cap;

		if (strncasecmp(n, "CAP_", 4) == 0)
			n += 4;
		cap = capng_name_to_capability(n);
		if (cap >= 0 && cap < 64)
			mask |= (uint64_t)1 << cap;
	}
	strv_free(names);
	return mask;
}

static int oci_user(const struct json_object *user, struct exec_config *xc,
		    const char *where)
{
	struct json_object *gids = jf_get(user, "additionalGids", json_type_array);
	int64_t v;
	size_t i, n;

	if (jf_int(user, "uid", 0, UINT32_MAX - 1, &v) != 1)
		return fail("%s: process.user.uid is missing or out of range", where);
	xc->uid = (uint32_t)v;
	if (jf_int(user, "gid", 0, UINT32_MAX - 1, &v) != 1)
		return fail("%s: process.user.gid is missing or out of range", where);
	xc->gid = (uint32_t)v;
	n = gids ? json_object_array_length(gids) : 0;
	xc->groups = xcalloc(n + 1, sizeof(*xc->groups));
	for (i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(gids, i);
		int64_t gv;

		if (!json_object_is_type(g, json_type_int) ||
		    (gv = json_object_get_int64(g)) < 0 || gv > UINT32_MAX - 1)
			return fail("%s: a bad gid in process.user.additionalGids", where);
		xc->groups[xc->ngroups++] = (uint32_t)gv;
	}
	switch (jf_int(user, "umask", 0, 0777, &v)) {
	case 1:
		xc->have_umask = true;
		xc->umask = (unsigned)v;
		break;
	case -1:
		return fail("%s: process.user.umask is out of range", where);
	}
	return 0;
}

static int oci_rlimits(const struct json_object *arr, struct exec_config *xc,
		       const char *where)
{
	size_t i, k, n = arr ? json_object_array_length(arr) : 0;

	for (i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(arr, i);
		const char *type = jf_str(r, "type");
		uint64_t soft, hard;

		for (k = 0; type && k < ARRAY_SIZE(rlimit_names); k++)
			if (strcmp(type, rlimit_names[k].name) == 0)
				break;
		if (!type || k == ARRAY_SIZE(rlimit_names))
			return fail("%s: unknown rlimit %s", where, quote(type ? type : ""));
		if (jf_u64(r, "soft", &soft) != 1 || jf_u64(r, "hard", &hard) != 1 ||
		    soft > hard)
			return fail("%s: bad values for %s", where, type);
		add_rlimit(xc, rlimit_names[k].resource, soft, hard);
	}
	return 0;
}

static int read_oci(const char *path, uid_t owner, int live_oom,
		    struct exec_config *xc)
{
	struct json_object *cfg, *proc, *user, *sc, *env;
	bool trusted = owner == 0;
	char *buf;
	size_t len;
	int r = -1;
	int64_t v;

	if (read_state_file(path, owner, CONFIG_LIMIT, &buf, &len) < 0)
		return fail_errno(errno, "cannot read the container's configuration %s",
				  quote(path));
	cfg = json_parse(buf, len);
	free(buf);
	if (!cfg)
		return fail("cannot parse %s: not the JSON of an OCI bundle", quote(path));
	xc->source = xasprintf("%s", path);
	xc->from_config = true;
	xc->ids_in_userns = true;
	proc = jf_get(cfg, "process", json_type_object);
	user = jf_get(proc, "user", json_type_object);
	if (!proc || !user) {
		fail("%s has no process.user", quote(path));
		goto out;
	}
	if (oci_user(user, xc, quote(path)) < 0)
		goto out;
	if (jf_get(proc, "capabilities", json_type_object)) {
		struct json_object *caps = jf_get(proc, "capabilities", json_type_object);

		xc->caps = (struct capsets){ cap_set(caps, "effective"), cap_set(caps, "permitted"),
					     cap_set(caps, "inheritable"), cap_set(caps, "bounding"),
					     cap_set(caps, "ambient") };
	}
	xc->no_new_privs = jf_bool(proc, "noNewPrivileges", false);
	env = jf_get(proc, "env", json_type_array);
	xc->env = env ? jf_strings(env) : xcalloc(1, sizeof(char *));
	if (!xc->env) {
		fail("%s: process.env holds something that is not a string", quote(path));
		goto out;
	}
	if (jf_str(proc, "cwd"))
		xc->cwd = xasprintf("%s", jf_str(proc, "cwd"));
	if (oci_rlimits(jf_get(proc, "rlimits", json_type_array), xc, quote(path)) < 0)
		goto out;
	switch (jf_int(proc, "oomScoreAdj", -1000, 1000, &v)) {
	case 1:
		xc->have_oom = true;
		xc->oom_score_adj = trusted || v >= live_oom ? (int)v : live_oom;
		break;
	case -1:
		fail("%s: process.oomScoreAdj is out of range", quote(path));
		goto out;
	}
	if (jf_str(proc, "apparmorProfile") && *jf_str(proc, "apparmorProfile"))
		xc->apparmor = xasprintf("%s", jf_str(proc, "apparmorProfile"));
	if (jf_str(proc, "selinuxLabel") && *jf_str(proc, "selinuxLabel"))
		xc->selinux = xasprintf("%s", jf_str(proc, "selinuxLabel"));
	sc = JF_PATH(cfg, json_type_object, "linux", "seccomp");
	if (sc && seccomp_from_oci(sc, xc->source, &xc->seccomp) < 0)
		goto out;
	r = 0;
out:
	json_object_put(cfg);
	return r;
}

/* ---- the live process ---- */

static int read_target_text(struct target *t, const char *name, char **buf)
{
	size_t len;

	if (target_dir(t) < 0)
		return -1;
	if (read_small_file(t->procfd, name, 1u << 20, buf, &len) < 0) {
		int err = errno;

		if (target_explain(t, err) < 0)
			return -1;
		return fail_errno(err, "cannot read /proc/%d/%s", (int)t->pid, name);
	}
	return 0;
}

static int live_oom(struct target *t, int *oom)
{
	char *buf;
	uint64_t v;

	if (read_target_text(t, "oom_score_adj", &buf) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_decimal(buf[0] == '-' ? buf + 1 : buf, 1000, &v) < 0) {
		free(buf);
		return fail("cannot parse /proc/%d/oom_score_adj", (int)t->pid);
	}
	*oom = buf[0] == '-' ? -(int)v : (int)v;
	free(buf);
	return 0;
}

/* The live process's rlimits, from /proc/PID/limits, which anyone may
 * read: prlimit(2) on another uid's process needs CAP_SYS_RESOURCE, which
 * root may lack. */
static int live_limits(struct target *t, struct exec_config *xc)
{
	uint64_t soft[16], hard[16];
	bool have[16];
	char *limits;
	size_t i;

	if (read_target_text(t, "limits", &limits) < 0)
		return -1;
	if (parse_limits(limits, soft, hard, have) < 0) {
		free(limits);
		return fail("cannot parse /proc/%d/limits", (int)t->pid);
	}
	free(limits);
	for (i = 0; i < 16 && i < RLIM_NLIMITS; i++)
		if (have[i])
			add_rlimit(xc, (int)i, soft[i], hard[i]);
	return 0;
}

static int read_live(struct target *t, const char *status, int oom,
		     struct exec_config *xc)
{
	struct status_creds sc;
	size_t i;

	xc->source = xasprintf("the live process %d", (int)t->pid);
	if (parse_status_creds(status, &sc) < 0)
		return fail("cannot parse /proc/%d/status", (int)t->pid);
	/* the effective ids: whom the target acts as */
	xc->uid = sc.uid[1];
	xc->gid = sc.gid[1];
	xc->groups = xcalloc(sc.ngroups + 1, sizeof(*xc->groups));
	for (i = 0; i < sc.ngroups; i++)
		xc->groups[i] = sc.groups[i];
	xc->ngroups = sc.ngroups;
	free(sc.groups);
	xc->caps = (struct capsets){ sc.cap_eff, sc.cap_prm, sc.cap_inh, sc.cap_bnd,
				     sc.cap_amb };
	xc->no_new_privs = sc.no_new_privs;
	if (live_limits(t, xc) < 0)
		return -1;
	xc->have_oom = true;
	xc->oom_score_adj = oom;
	return seccomp_from_process(t, status, &xc->seccomp);
}

int exec_config_load(struct target *t, const char *config, uid_t owner,
		     char **cgroup_dirs, struct exec_config *xc)
{
	char *status;
	int oom = 0, r;

	memset(xc, 0, sizeof(*xc));
	if (read_target_text(t, "status", &status) < 0)
		return -1;
	if (live_oom(t, &oom) < 0) {
		free(status);
		return -1;
	}
	/* a frozen cgroup: exec refuses, and so do we (see context.c) */
	r = config ? read_oci(config, owner, oom, xc) : read_live(t, status, oom, xc);
	/* the cgroups the runtime made (runc's state.json): a rootless
	 * container on a v1 host has none, and nothing is joined then */
	xc->cgroup_dirs = cgroup_dirs;
	free(status);
	/* what the configuration leaves out, exec inherits from the runtime's
	 * shim, as the init did: the init's own values */
	if (r == 0 && config && !xc->nrlimits)
		r = live_limits(t, xc);
	if (r == 0 && !xc->have_oom) {
		xc->have_oom = true;
		xc->oom_score_adj = oom;
	}
	return r;
}

/* ---- applied in the child, after the joins ---- */

int exec_config_apply_limits(const struct exec_config *xc)
{
	size_t i;

	for (i = 0; i < xc->nrlimits; i++) {
		struct rlimit lim = { xc->rlimits[i].soft, xc->rlimits[i].hard };

		if (setrlimit(xc->rlimits[i].resource, &lim) < 0)
			return fail_errno(errno, "cannot set %s to %ju/%ju (from %s)",
					  rlimit_name(xc->rlimits[i].resource),
					  (uintmax_t)lim.rlim_cur, (uintmax_t)lim.rlim_max,
					  xc->source);
	}
	if (xc->have_umask)
		umask((mode_t)xc->umask);
	return 0;
}
