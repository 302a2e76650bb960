/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * seccomp.c - --as-target: the target's seccomp filter for the program,
 * as "docker exec" gives it.
 *
 * Two sources, both turned into classic BPF programs before any namespace
 * is joined, and loaded in the child right before the program runs:
 *  - the runtime's configuration (linux.seccomp of the OCI bundle's
 *    config.json), compiled with libseccomp the way runc does: the default
 *    action, extra architectures, flags, and one rule per syscall name
 *    (conditions on distinct arguments in one rule, on a repeated argument
 *    one rule each), names this libseccomp does not know skipped;
 *  - the live process otherwise (a plain -t PID): its filters, read with
 *    PTRACE_SECCOMP_GET_FILTER (root may), oldest first.
 * What cannot be reproduced (SCMP_ACT_NOTIFY needs the runtime's listener,
 * strict mode) is an error that names it.  Loading: with no_new_privs the
 * filter goes last, after the credentials changed (runc does the same);
 * without it, first, while we still hold CAP_SYS_ADMIN.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonfile.h"
#include "nsjoin.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
# define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef SECCOMP_FILTER_FLAG_LOG
# define SECCOMP_FILTER_FLAG_LOG (1UL << 1)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
# define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif

#define MAX_FILTERS 64

static void add_prog(struct seccomp_filters *f, struct sock_filter *insns,
		     size_t n, unsigned flags)
{
	f->progs = xgrow(f->progs, f->n, sizeof(*f->progs));
	f->flags = xgrow(f->flags, f->n, sizeof(*f->flags));
	f->progs[f->n].len = (unsigned short)n;
	f->progs[f->n].filter = insns;
	f->flags[f->n] = flags;
	f->n++;
}

/* ---- from the OCI configuration ---- */

static const struct {
	const char *name;
	uint32_t action;	/* SCMP_ACT_*; ERRNO and TRACE take errnoRet */
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0) },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0) },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG },
};

static const struct {
	const char *name;
	enum scmp_compare op;
} operators[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* An action and its errnoRet (EPERM when absent, as runc). */
static int oci_action(const char *name, const struct json_object *holder,
		      const char *errkey, uint32_t *out, const char *where)
{
	int64_t ret = EPERM;
	size_t i;

	if (!name)
		return fail("%s: no action", where);
	if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
		return fail("%s: SCMP_ACT_NOTIFY cannot be reproduced: it hands the "
			    "system call to the runtime's seccomp agent", where);
	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		if (strcmp(name, actions[i].name) != 0)
			continue;
		if (jf_int(holder, errkey, 0, 0xffff, &ret) < 0)
			return fail("%s: bad %s", where, errkey);
		if (actions[i].action == SCMP_ACT_ERRNO(0))
			*out = SCMP_ACT_ERRNO((uint32_t)ret);
		else if (actions[i].action == SCMP_ACT_TRACE(0))
			*out = SCMP_ACT_TRACE((uint32_t)ret);
		else
			*out = actions[i].action;
		return 0;
	}
	return fail("%s: unknown action %s", where, quote(name));
}

static int oci_condition(const struct json_object *arg, struct scmp_arg_cmp *c,
			 const char *where)
{
	const char *op = jf_str(arg, "op");
	int64_t index;
	uint64_t value = 0, two = 0;
	size_t i;

	if (jf_int(arg, "index", 0, 5, &index) != 1 ||
	    jf_u64(arg, "value", &value) < 0 || jf_u64(arg, "valueTwo", &two) < 0)
		return fail("%s: a bad argument condition", where);
	for (i = 0; op && i < ARRAY_SIZE(operators); i++)
		if (strcmp(op, operators[i].name) == 0)
			break;
	if (!op || i == ARRAY_SIZE(operators))
		return fail("%s: unknown operator %s", where, quote(op ? op : ""));
	*c = (struct scmp_arg_cmp){ (unsigned)index, operators[i].op, value, two };
	return 0;
}

static int oci_rule(scmp_filter_ctx ctx, const struct json_object *rule,
		    uint32_t dflt, const char *where)
{
	struct json_object *names = jf_get(rule, "names", json_type_array);
	struct json_object *args = jf_get(rule, "args", json_type_array);
	struct scmp_arg_cmp conds[6 * 4];
	unsigned count[6] = { 0 };
	size_t i, nconds = 0, nnames;
	bool repeated = false;
	uint32_t act;

	if (oci_action(jf_str(rule, "action"), rule, "errnoRet", &act, where) < 0)
		return -1;
	if (!names)
		return fail("%s: a rule without names", where);
	for (i = 0; args && i < json_object_array_length(args); i++) {
		if (nconds == ARRAY_SIZE(conds))
			return fail("%s: too many argument conditions", where);
		if (oci_condition(json_object_array_get_idx(args, i), &conds[nconds], where) < 0)
			return -1;
		repeated = repeated || count[conds[nconds].arg]++ > 0;
		nconds++;
	}
	if (act == dflt)
		return 0;	/* redundant: runc skips it too */
	nnames = json_object_array_length(names);
	for (i = 0; i < nnames; i++) {
		struct json_object *n = json_object_array_get_idx(names, i);
		int nr, r = 0;
		size_t k;

		if (!json_object_is_type(n, json_type_string))
			return fail("%s: a syscall name that is not a string", where);
		nr = seccomp_syscall_resolve_name(json_object_get_string(n));
		if (nr == __NR_SCMP_ERROR)
			continue;	/* unknown here: not on this kernel either */
		if (!repeated) {
			r = seccomp_rule_add_array(ctx, act, nr, (unsigned)nconds, conds);
		} else {
			/* the same argument twice: one rule per condition */
			for (k = 0; k < nconds && r == 0; k++)
				r = seccomp_rule_add_array(ctx, act, nr, 1, &conds[k]);
		}
		if (r < 0)
			return fail_errno(-r, "%s: cannot add the rule for %s", where,
					  quote(json_object_get_string(n)));
	}
	return 0;
}

/* The BPF program of ctx, as libseccomp exports it (to a memfd). */
static int export_bpf(scmp_filter_ctx ctx, struct sock_filter **insns, size_t *n,
		      const char *where)
{
	int fd = (int)syscall(SYS_memfd_create, "nsjoin-seccomp", MFD_CLOEXEC);
	off_t size;
	int r;

	if (fd < 0)
		return fail_errno(errno, "%s: cannot create a memfd", where);
	r = seccomp_export_bpf(ctx, fd);
	size = lseek(fd, 0, SEEK_END);
	if (r < 0 || size <= 0 || size % sizeof(struct sock_filter) != 0 ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		close(fd);
		return fail("%s: libseccomp could not compile it (%s)", where,
			    r < 0 ? strerror(-r) : "a program of a bad size");
	}
	*n = (size_t)size / sizeof(struct sock_filter);
	*insns = xcalloc(*n, sizeof(**insns));
	r = (int)pread(fd, *insns, (size_t)size, 0);
	close(fd);
	if (r != size)
		return fail("%s: cannot read the compiled filter back", where);
	return 0;
}

int seccomp_from_oci(const struct json_object *sc, const char *where,
		     struct seccomp_filters *f)
{
	struct json_object *arches = jf_get(sc, "architectures", json_type_array);
	struct json_object *flags = jf_get(sc, "flags", json_type_array);
	struct json_object *rules = jf_get(sc, "syscalls", json_type_array);
	struct sock_filter *insns = NULL;
	unsigned load_flags = 0;
	scmp_filter_ctx ctx;
	uint32_t dflt;
	size_t i, n = 0;
	int r = -1;

	if (oci_action(jf_str(sc, "defaultAction"), sc, "defaultErrnoRet", &dflt, where) < 0)
		return -1;
	if (jf_str(sc, "listenerPath"))
		return fail("%s: a seccomp listener (%s) cannot be reproduced", where,
			    quote(jf_str(sc, "listenerPath")));
	ctx = seccomp_init(dflt);
	if (!ctx)
		return fail("%s: libseccomp cannot make a filter", where);
	for (i = 0; arches && i < json_object_array_length(arches); i++) {
		struct json_object *a = json_object_array_get_idx(arches, i);
		char name[32];
		uint32_t token;
		size_t k;

		if (!json_object_is_type(a, json_type_string) ||
		    strncmp(json_object_get_string(a), "SCMP_ARCH_", 10) != 0 ||
		    strlen(json_object_get_string(a)) - 10 >= sizeof(name)) {
			fail("%s: a bad architecture", where);
			goto out;
		}
		for (k = 0; json_object_get_string(a)[10 + k]; k++)
			name[k] = (char)tolower((unsigned char)json_object_get_string(a)[10 + k]);
		name[k] = '\0';
		token = seccomp_arch_resolve_name(name);
		if (!token) {
			fail("%s: unknown architecture %s", where, quote(json_object_get_string(a)));
			goto out;
		}
		r = seccomp_arch_add(ctx, token);
		if (r < 0 && r != -EEXIST) {
			fail_errno(-r, "%s: cannot add architecture %s", where, quote(name));
			goto out;
		}
		r = -1;
	}
	for (i = 0; flags && i < json_object_array_length(flags); i++) {
		const char *fl = json_object_get_string(json_object_array_get_idx(flags, i));

		if (fl && strcmp(fl, "SECCOMP_FILTER_FLAG_TSYNC") == 0)
			continue;	/* one thread here */
		if (fl && strcmp(fl, "SECCOMP_FILTER_FLAG_LOG") == 0) {
			load_flags |= SECCOMP_FILTER_FLAG_LOG;
		} else if (fl && strcmp(fl, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0) {
			load_flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		} else {
			fail("%s: seccomp flag %s cannot be reproduced", where,
			     quote(fl ? fl : ""));
			goto out;
		}
	}
	for (i = 0; rules && i < json_object_array_length(rules); i++)
		if (oci_rule(ctx, json_object_array_get_idx(rules, i), dflt, where) < 0)
			goto out;
	if (rules && json_object_array_length(rules) > 32)
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (export_bpf(ctx, &insns, &n, where) < 0)
		goto out;
	add_prog(f, insns, n, load_flags);
	f->source = where;
	r = 0;
out:
	seccomp_release(ctx);
	return r;
}

/* ---- from the live process ---- */

/* "Seccomp:" of /proc/PID/status: 0 none, 1 strict, 2 filter. */
static int seccomp_mode(const char *status)
{
	const char *p = strstr(status, "\nSeccomp:");

	return p ? atoi(p + 9) : 0;
}

int seccomp_from_process(struct target *t, const char *status,
			 struct seccomp_filters *f)
{
	int mode = seccomp_mode(status), st, r = 0;
	pid_t pid = t->pid;
	unsigned long i;

	if (mode == 0)
		return 0;
	if (mode != 2)
		return fail("process %d runs in seccomp's strict mode, which cannot be "
			    "reproduced", (int)pid);
	/* the filters can only be read from a stopped tracee */
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return fail_errno(errno, "cannot read the seccomp filters of process %d: "
				  "PTRACE_SEIZE", (int)pid);
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
		r = fail_errno(errno, "cannot stop process %d to read its seccomp filters",
			       (int)pid);
		goto detach;
	}
	while (waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR) {
			r = fail_errno(errno, "cannot wait for process %d to stop", (int)pid);
			goto detach;
		}
	/* index 0 is the newest: read them all, load the oldest first */
	for (i = 0; i < MAX_FILTERS; i++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);
		struct sock_filter *insns;

		if (n < 0 && errno == ENOENT)
			break;
		if (n <= 0 || n > BPF_MAXINSNS) {
			r = fail_errno(n < 0 ? errno : EINVAL,
				       "cannot read seccomp filter %lu of process %d", i, (int)pid);
			goto detach;
		}
		insns = xcalloc((size_t)n, sizeof(*insns));
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, insns) != n) {
			free(insns);
			r = fail_errno(errno, "cannot read seccomp filter %lu of process %d",
				       i, (int)pid);
			goto detach;
		}
		add_prog(f, insns, (size_t)n, 0);
	}
	/* newest first as read: reverse into load order */
	for (i = 0; i < f->n / 2; i++) {
		struct sock_fprog p = f->progs[i];

		f->progs[i] = f->progs[f->n - 1 - i];
		f->progs[f->n - 1 - i] = p;
	}
	f->source = "the live process";
detach:
	(void)ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return r;
}

/* In the child, right before or after the credentials (see the top). */
int seccomp_install(const struct seccomp_filters *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f->flags[i],
			    &f->progs[i]) < 0)
			return fail_errno(errno, "cannot load the seccomp filter of %s",
					  f->source);
	return 0;
}
