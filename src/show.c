/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * show.c - --show: print the plan instead of carrying it out.
 *
 * Everything here is read-only: the namespace files are opened (plan.c
 * already opened those given as files or ids) to read their inode, their
 * 64-bit id and their owning user namespace, and nothing is joined.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

struct ns_facts {
	bool have_ino, have_nsid, have_owner;
	uint64_t ino, nsid, owner;
	bool changes;		/* joining it changes something */
};

/* Are we in that namespace already?  (Joining it then changes nothing.) */
static bool ours(int idx, const struct ns_facts *f)
{
	char path[40];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", nstypes[idx].name);
	return f->have_ino && stat(path, &st) == 0 && (uint64_t)st.st_ino == f->ino;
}

static void ns_facts(int fd, struct ns_facts *f)
{
	struct stat st;
	int owner;

	memset(f, 0, sizeof(*f));
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0) {
		f->have_ino = true;
		f->ino = st.st_ino;
	}
	if (ioctl(fd, NS_GET_ID, &f->nsid) == 0)
		f->have_nsid = true;
	owner = ioctl(fd, NS_GET_USERNS);	/* EPERM: owner out of our sight */
	if (owner >= 0) {
		if (fstat(owner, &st) == 0) {
			f->have_owner = true;
			f->owner = st.st_ino;
		}
		close(owner);
	}
}

static void json_u64(bool have, uint64_t v)
{
	if (have)
		printf("%ju", (uintmax_t)v);
	else
		fputs("null", stdout);
}

static void json_names(char **names)
{
	size_t i;

	putchar('[');
	for (i = 0; names && names[i]; i++) {
		if (i)
			fputs(", ", stdout);
		json_string(names[i]);
	}
	putchar(']');
}

/* "NAME, NAME" (escaped: a target chooses its variables' names) */
static void text_names(const char *what, char **names)
{
	size_t i;

	if (!names || !names[0])
		return;
	printf("; %s: ", what);
	for (i = 0; names[i]; i++)
		printf("%s%s", i ? ", " : "", quote(names[i]));
}

/* the groups the program gets, or null when they are left alone */
static void json_groups(const struct creds *cr)
{
	size_t i;

	if (!cr->set_groups) {
		fputs("null", stdout);
		return;
	}
	putchar('[');
	for (i = 0; i < cr->ngroups; i++)
		printf("%s%u", i ? ", " : "", (unsigned)cr->groups[i]);
	putchar(']');
}

/* the capability sets the program gets (bit masks), or null for the
 * kernel's own rules */
static void json_caps(const struct creds *cr)
{
	if (!cr->set_caps) {
		fputs("null", stdout);
		return;
	}
	printf("{\"effective\": %ju, \"permitted\": %ju, \"inheritable\": %ju, "
	       "\"bounding\": %ju, \"ambient\": %ju}", (uintmax_t)cr->caps.eff,
	       (uintmax_t)cr->caps.prm, (uintmax_t)cr->caps.inh,
	       (uintmax_t)cr->caps.bnd, (uintmax_t)(cr->set_ambient ? cr->caps.amb : 0));
}

static void text_u64(bool have, uint64_t v, int width)
{
	char buf[32];

	if (have)
		snprintf(buf, sizeof(buf), "%ju", (uintmax_t)v);
	else
		snprintf(buf, sizeof(buf), "-");
	printf("%-*s", width, buf);
}

static char *target_comm(struct target *t)
{
	char *comm = NULL;
	size_t len;

	if (!t->pid || target_dir(t) < 0 ||
	    read_small_file(t->procfd, "comm", 4096, &comm, &len) < 0)
		return NULL;
	if (len && comm[len - 1] == '\n')
		comm[len - 1] = '\0';
	return comm;
}

static const char *dir_source(bool set, const char *given, const char *what,
			      struct target *t, char *buf, size_t size)
{
	if (!set)
		return NULL;
	if (given)
		return given;
	snprintf(buf, size, "/proc/%d/%s", (int)t->pid, what);
	return buf;
}

/* --as-target: where its values come from, and what exec sets besides
 * ids and capabilities. */
static void json_exec_config(const struct exec_config *xc, const struct context *ctx)
{
	size_t i;

	if (!xc) {
		fputs("null", stdout);
		return;
	}
	fputs("{\"source\": ", stdout);
	json_string(xc->source);
	fputs(", \"rlimits\": {", stdout);
	for (i = 0; i < xc->nrlimits; i++)
		printf("%s\"%s\": [%ju, %ju]", i ? ", " : "", rlimit_name(xc->rlimits[i].resource),
		       (uintmax_t)xc->rlimits[i].soft, (uintmax_t)xc->rlimits[i].hard);
	fputs("}, \"oom_score_adj\": ", stdout);
	if (xc->have_oom)
		printf("%d", xc->oom_score_adj);
	else
		fputs("null", stdout);
	printf(", \"seccomp_filters\": %zu, \"apparmor\": ", xc->seccomp.n);
	json_string(xc->apparmor);
	fputs(", \"apparmor_applied\": ", stdout);
	fputs(ctx->lsm_label ? "true" : "false", stdout);
	putchar('}');
}

static void text_exec_config(const struct exec_config *xc, const struct context *ctx)
{
	size_t i;

	printf("as:      %s\n", safe_text(xc->source));
	if (xc->nrlimits) {
		printf("rlimits:");
		for (i = 0; i < xc->nrlimits; i++) {
			char soft[24], hard[24];

			snprintf(soft, sizeof(soft), "%ju", (uintmax_t)xc->rlimits[i].soft);
			snprintf(hard, sizeof(hard), "%ju", (uintmax_t)xc->rlimits[i].hard);
			printf(" %s=%s:%s", rlimit_name(xc->rlimits[i].resource) + 7,
			       xc->rlimits[i].soft == UINT64_MAX ? "unlimited" : soft,
			       xc->rlimits[i].hard == UINT64_MAX ? "unlimited" : hard);
		}
		putchar('\n');
	}
	if (xc->have_oom)
		printf("oom_score_adj: %d\n", xc->oom_score_adj);
	printf("seccomp: %s\n", xc->seccomp.n ? "the target's filter" : "none");
	if (xc->apparmor)
		printf("apparmor: %s%s%s%s\n", quote(xc->apparmor), ctx->lsm_note ? " (not applied: " : "",
		       ctx->lsm_note ? ctx->lsm_note : "", ctx->lsm_note ? ")" : "");
}

int show_plan(const struct options *opt, struct target *t,
	      struct join_plan *plan, const struct context *ctx,
	      const struct creds *cr, const struct exec_config *xc,
	      const struct program *prog)
{
	struct ns_facts facts[NS_COUNT];
	int order[NS_COUNT], k, i, n = 0;
	char rootbuf[64], cwdbuf[64];
	const char *root = dir_source(opt->root_set, opt->root_dir, "root", t,
				      rootbuf, sizeof(rootbuf));
	const char *cwd = opt->wdns ? opt->wdns :
			  dir_source(opt->wd_set, opt->wd_dir, "cwd", t, cwdbuf,
				     sizeof(cwdbuf));
	bool fork_ = plan->enters_pid && !opt->no_fork;
	char *comm = target_comm(t);

	enter_order(order);
	for (i = 0; i < NS_COUNT; i++) {
		struct ns_entry *e = &plan->ns[i];

		if (e->action == ACT_NONE)
			continue;
		if (e->fd < 0 && e->from_target && plan_entry_open(plan, i) < 0)
			return -1;
		ns_facts(e->fd, &facts[i]);
		facts[i].changes = e->action == ACT_JOIN && !ours(i, &facts[i]);
	}

	if (opt->json) {
		fputs("{\"target\": ", stdout);
		if (t->pid) {
			printf("{\"pid\": %d, \"command\": ", (int)t->pid);
			json_string(comm);
			putchar('}');
		} else {
			fputs("null", stdout);
		}
		fputs(", \"plan\": [", stdout);
		for (k = 0; k < NS_COUNT; k++) {
			struct ns_entry *e = &plan->ns[order[k]];
			struct ns_facts *f = &facts[order[k]];

			if (e->action == ACT_NONE)
				continue;
			printf("%s{\"type\": \"%s\", \"source\": ", n++ ? ", " : "",
			       nstypes[order[k]].name);
			json_string(e->source);
			fputs(", \"id\": ", stdout);
			json_u64(f->have_ino, f->ino);
			fputs(", \"nsid\": ", stdout);
			json_u64(f->have_nsid, f->nsid);
			fputs(", \"owner\": ", stdout);
			json_u64(f->have_owner, f->owner);
			printf(", \"action\": \"%s\", \"changes\": %s, \"reason\": ",
			       e->action == ACT_JOIN ? "join" : "skip",
			       f->changes ? "true" : "false");
			json_string(e->action == ACT_SKIP ? e->skip_reason : NULL);
			putchar('}');
		}
		fputs("], \"uid\": ", stdout);
		json_u64(cr->set_uid, cr->uid);
		fputs(", \"gid\": ", stdout);
		json_u64(cr->set_gid, cr->gid);
		printf(", \"clear_groups\": %s, \"groups\": ",
		       cr->set_groups && !cr->ngroups ? "true" : "false");
		json_groups(cr);
		fputs(", \"caps\": ", stdout);
		json_caps(cr);
		printf(", \"no_new_privs\": %s, \"root\": ", cr->no_new_privs ? "true" : "false");
		json_string(root);
		fputs(", \"cwd\": ", stdout);
		json_string(cwd);
		printf(", \"env\": %s, \"env_dropped\": ", opt->env ? "\"target\"" : "null");
		json_names(ctx->env_dropped);
		fputs(", \"env_callers\": ", stdout);
		json_names(ctx->env_callers);
		fputs(", \"cgroup\": ", stdout);
		json_string(ctx->cgroups.n ? ctx->cgroups.path[0] : NULL);
		fputs(", \"cgroups\": [", stdout);
		for (i = 0; (size_t)i < ctx->cgroups.n; i++) {
			fputs(i ? ", " : "", stdout);
			json_string(ctx->cgroups.path[i]);
		}
		fputs("], \"as_target\": ", stdout);
		json_exec_config(xc, ctx);
		printf(", \"fork\": %s, \"program\": [", fork_ ? "true" : "false");
		json_string(prog->path);
		for (i = 1; prog->argv && prog->argv[i]; i++) {
			fputs(", ", stdout);
			json_string(prog->argv[i]);
		}
		fputs("]}\n", stdout);
		free(comm);
		return close_stdout();
	}

	if (t->pid)
		printf("target: process %d (%s)\n", (int)t->pid, comm ? safe_text(comm) : "?");
	printf("%-7s %-11s %-7s %-11s %-6s %s\n", "TYPE", "ID", "NSID", "OWNER",
	       "ACTION", "SOURCE");
	for (k = 0; k < NS_COUNT; k++) {
		struct ns_entry *e = &plan->ns[order[k]];
		struct ns_facts *f = &facts[order[k]];

		if (e->action == ACT_NONE)
			continue;
		printf("%-7s ", nstypes[order[k]].name);
		text_u64(f->have_ino, f->ino, 11);
		putchar(' ');
		text_u64(f->have_nsid, f->nsid, 7);
		putchar(' ');
		text_u64(f->have_owner, f->owner, 11);
		printf(" %-6s %s", e->action == ACT_JOIN ? "join" : "skip", e->label);
		if (e->action == ACT_SKIP)
			printf(" (%s)", e->skip_reason);
		else if (!f->changes)
			printf(" (already in it: no change)");
		putchar('\n');
	}
	if (cr->set_uid)
		printf("uid:     %u\n", (unsigned)cr->uid);
	if (cr->set_gid)
		printf("gid:     %u\n", (unsigned)cr->gid);
	if (cr->set_groups && !cr->ngroups)
		printf("groups:  cleared\n");
	else if (cr->set_groups) {
		printf("groups: ");
		for (i = 0; (size_t)i < cr->ngroups; i++)
			printf(" %u", (unsigned)cr->groups[i]);
		putchar('\n');
	}
	if (cr->set_caps)
		printf("caps:    eff=%016jx prm=%016jx inh=%016jx bnd=%016jx amb=%016jx\n",
		       (uintmax_t)cr->caps.eff, (uintmax_t)cr->caps.prm,
		       (uintmax_t)cr->caps.inh, (uintmax_t)cr->caps.bnd,
		       (uintmax_t)(cr->set_ambient ? cr->caps.amb : 0));
	if (cr->no_new_privs)
		printf("no_new_privs: yes\n");
	if (root)
		printf("root:    %s\n", quote(root));
	if (cwd)
		printf("cwd:     %s%s\n", quote(cwd), opt->wdns ? " (in the namespace)" : "");
	if (opt->env) {
		printf("env:     %s", ctx->env_source ? ctx->env_source : "the target's");
		text_names("dropped", ctx->env_dropped);
		text_names("the caller's", ctx->env_callers);
		putchar('\n');
	}
	for (i = 0; (size_t)i < ctx->cgroups.n; i++)
		printf("cgroup:  %s\n", quote(ctx->cgroups.path[i]));
	if (xc)
		text_exec_config(xc, ctx);
	printf("fork:    %s\n", fork_ ? "yes (a pid namespace applies to children)" : "no");
	printf("program: %s", quote(prog->path));
	for (i = 1; prog->argv && prog->argv[i]; i++)
		printf(" %s", quote(prog->argv[i]));
	putchar('\n');
	free(comm);
	return close_stdout();
}
