/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * options.c - the one table of options, and the command-line parser.
 *
 * Compatibility with util-linux nsenter is the contract (DESIGN.md):
 *  - '+' in the getopt string: parsing stops at the first non-option, so the
 *    program's own flags (ss -t -a -n) are never ours;
 *  - namespace options take an argument only when attached (-nFILE, -n=FILE,
 *    --net=FILE); "-n FILE" means the target's namespace, then run FILE;
 *  - long options may be abbreviated to any unambiguous prefix (getopt_long);
 *  - --wdns takes its directory attached or as the next word (util-linux
 *    declares it optional and then runs the directory as the program).
 * --help, the man page and the completions are checked against this table
 * by tests/options.bats.
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"

enum {
	OPT_PRESERVE_CRED = 256,
	OPT_KEEP_CAPS,
	OPT_USER_PARENT,
	OPT_CAPS,
	OPT_NO_NEW_PRIVS,
	OPT_SHOW,
	OPT_JSON,
	OPT_LIST,
	OPT_TREE,
	OPT_DOT,
	OPT_TYPE,
	OPT_CONTAINER,
	OPT_IP_NETNS,
	OPT_AS_TARGET,
	OPT_PTY,
	OPT_EACH,
	OPT_OUTPUT,
	OPT_OUTPUT_ALL,
	OPT_NOHEADINGS,
	OPT_RAW,
	OPT_NOWRAP,
	OPT_NS_BLOCK,		/* where the namespace options go */
};

/* The groups of --help, in order: nsenter's own options first, as its
 * --help has them, then what nsjoin adds. */
enum opt_group { G_NSENTER, G_BEYOND, G_LIST, G_INFO };

static const char *const group_heading[] = {
	[G_NSENTER] = "Options:",
	[G_BEYOND] = "Beyond nsenter:",
	[G_LIST] = "Looking, not entering (lsns's output options apply):",
	[G_INFO] = NULL,
};

struct optdef {
	const char *name;
	int has_arg;
	int val;		/* short option letter, or OPT_* */
	const char *arg;	/* argument name for --help */
	const char *help;
	enum opt_group group;
};

/* util-linux nsenter's options: an abbreviation that is unique among them
 * means that option, even where one of ours shares the prefix ("--no" is
 * --no-fork, as in nsenter, not an ambiguity with --no-new-privs). */
#define NSENTER G_NSENTER

static const struct optdef optdefs[] = {
	{ "all", no_argument, 'a', NULL, "enter all namespaces", NSENTER },
	{ "target", required_argument, 't', "<pid>[:<ino>]", "target process to get namespaces from", NSENTER },
	{ NULL, 0, OPT_NS_BLOCK, NULL, NULL, NSENTER },
	{ "net-socket", required_argument, 'N', "<fd>", "enter socket's network namespace", NSENTER },
	{ "user-parent", no_argument, OPT_USER_PARENT, NULL, "enter parent user namespace", NSENTER },
	{ "setuid", required_argument, 'S', "<uid>", "set uid in entered namespace", NSENTER },
	{ "setgid", required_argument, 'G', "<gid>", "set gid in entered namespace", NSENTER },
	{ "preserve-credentials", no_argument, OPT_PRESERVE_CRED, NULL, "do not touch uids or gids", NSENTER },
	{ "keep-caps", no_argument, OPT_KEEP_CAPS, NULL, "retain capabilities granted in user ns", NSENTER },
	{ "root", optional_argument, 'r', "<dir>", "set the root directory", NSENTER },
	{ "wd", optional_argument, 'w', "<dir>", "set the working directory", NSENTER },
	{ "wdns", required_argument, 'W', "<dir>", "set the working directory in namespace", NSENTER },
	{ "env", no_argument, 'e', NULL, "inherit environment variables from target", NSENTER },
	{ "no-fork", no_argument, 'F', NULL, "do not fork before exec'ing <program>", NSENTER },
	{ "join-cgroup", no_argument, 'c', NULL, "join the cgroup of the target process", NSENTER },
	{ "follow-context", no_argument, 'Z', NULL, "set SELinux context according to --target", NSENTER },
	{ "container", required_argument, OPT_CONTAINER, "<ref>", "target the init of a container, by name or id", G_BEYOND },
	{ "as-target", no_argument, OPT_AS_TARGET, NULL, "run as \"docker exec\" does: ids, caps, seccomp...", G_BEYOND },
	{ "caps", required_argument, OPT_CAPS, "<list>", "the program's capabilities: -all,+net_admin", G_BEYOND },
	{ "no-new-privs", no_argument, OPT_NO_NEW_PRIVS, NULL, "set no_new_privs for the program", G_BEYOND },
	{ "pty", no_argument, OPT_PTY, NULL, "run the program on a new pseudo-terminal", G_BEYOND },
	{ "ip-netns", no_argument, OPT_IP_NETNS, NULL, "with --net=<name>: what \"ip netns exec\" adds", G_BEYOND },
	{ "each", required_argument, OPT_EACH, "<type>", "run in every namespace of this type", G_BEYOND },
	{ "show", no_argument, OPT_SHOW, NULL, "print what would be done, and exit", G_BEYOND },
	{ "list", no_argument, OPT_LIST, NULL, "list the namespaces of this host", G_LIST },
	{ "tree", required_argument, OPT_TREE, "user|pid", "draw the user or pid namespace hierarchy", G_LIST },
	{ "type", required_argument, OPT_TYPE, "<list>", "only namespaces of these types (net,pid)", G_LIST },
	{ "output", required_argument, OPT_OUTPUT, "<list>", "columns to show (--output=help lists them)", G_LIST },
	{ "output-all", no_argument, OPT_OUTPUT_ALL, NULL, "show every column", G_LIST },
	{ "noheadings", no_argument, OPT_NOHEADINGS, NULL, "do not print the headings", G_LIST },
	{ "raw", no_argument, OPT_RAW, NULL, "unaligned output, blanks escaped", G_LIST },
	{ "nowrap", no_argument, OPT_NOWRAP, NULL, "one line per namespace, nothing cut", G_LIST },
	{ "json", no_argument, OPT_JSON, NULL, "JSON (also with --show)", G_LIST },
	{ "dot", no_argument, OPT_DOT, NULL, "Graphviz DOT", G_LIST },
	{ "help", no_argument, 'h', NULL, "display this help", G_INFO },
	{ "version", no_argument, 'V', NULL, "display version", G_INFO },
};

#define NS_ARG "<file>|=:<nsid>"
#define N_LONGOPTS (ARRAY_SIZE(optdefs) - 1 + NS_COUNT + 1)

static void build_getopt_tables(struct option *longopts, char *shortopts)
{
	size_t i, n = 0;
	char *s = shortopts;
	int t;

	*s++ = '+';	/* stop at the first non-option */
	*s++ = ':';	/* report a missing argument as ':' */
	for (i = 0; i < ARRAY_SIZE(optdefs); i++) {
		const struct optdef *d = &optdefs[i];

		if (d->val == OPT_NS_BLOCK) {
			for (t = 0; t < NS_COUNT; t++) {
				longopts[n++] = (struct option){ nstypes[t].option,
					optional_argument, NULL, nstypes[t].letter };
				*s++ = nstypes[t].letter;
				*s++ = ':';
				*s++ = ':';
			}
			continue;
		}
		longopts[n++] = (struct option){ d->name, d->has_arg, NULL, d->val };
		if (d->val < 256) {
			*s++ = (char)d->val;
			if (d->has_arg != no_argument)
				*s++ = ':';
			if (d->has_arg == optional_argument)
				*s++ = ':';
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	*s = '\0';
}

/* ---- --help: generated from the tables, within 80 columns ---- */

#define HELP_LEFT 26

static void help_line(char letter, const char *name, const char *arg,
		      int has_arg, const char *text)
{
	char left[64];
	int n;

	if (letter)
		n = snprintf(left, sizeof(left), " -%c, --%s", letter, name);
	else
		n = snprintf(left, sizeof(left), "     --%s", name);
	if (arg && n > 0 && (size_t)n < sizeof(left))
		n += snprintf(left + n, sizeof(left) - (size_t)n,
			      has_arg == optional_argument ? "[=%s]" : " %s", arg);
	/* a long left part gets the text on a line of its own */
	if (n >= HELP_LEFT)
		printf("%s\n%*s %s\n", left, HELP_LEFT, "", text);
	else
		printf("%-*s %s\n", HELP_LEFT, left, text);
}

int print_help(void)
{
	enum opt_group g;
	size_t i;
	int t;

	printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n\n", progname);
	printf("Run a program with namespaces of other processes.\n");
	for (g = G_NSENTER; g <= G_INFO; g++) {
		putchar('\n');
		if (group_heading[g])
			printf("%s\n", group_heading[g]);
		for (i = 0; i < ARRAY_SIZE(optdefs); i++) {
			const struct optdef *d = &optdefs[i];

			if (d->group != g)
				continue;
			if (d->val == OPT_NS_BLOCK) {
				for (t = 0; t < NS_COUNT; t++)
					help_line(nstypes[nstype_display_order[t]].letter,
						  nstypes[nstype_display_order[t]].option, "<file>",
						  optional_argument, nstypes[nstype_display_order[t]].help);
				continue;
			}
			help_line(d->val < 256 ? (char)d->val : 0, d->name, d->arg,
				  d->has_arg, d->help);
		}
	}
	printf("\nA namespace option takes the target's namespace, or with =<file> that of\n"
	       "a /proc/<pid>/ns/<type> file, a bind mount of one, or a name from\n"
	       "/run/netns; =:<nsid> is a 64-bit namespace id.  -S and -G also take\n"
	       "\"follow\": the target's ids.\n"
	       "\nFor more details see %s(1).\n", progname);
	return close_stdout();
}

int print_version(void)
{
	if (strcmp(progname, "nsenter") == 0)
		printf("nsenter from nsjoin %s\n", PACKAGE_VERSION);
	else
		printf("nsjoin %s\n", PACKAGE_VERSION);
	return close_stdout();
}

/* ---- diagnostics for what getopt_long rejected ---- */

/* The wording is glibc's (and so util-linux nsenter's): scripts and people
 * have seen it before.  Names go through quote(): an option word can hold
 * any byte, including a newline or a terminal escape. */
static int bad_long_option(const struct option *longopts, const char *word)
{
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct option *o, *match = NULL;
	char *name, *list = NULL, *more;
	int nmatch = 0, r;

	for (o = longopts; o->name; o++) {
		if (strncmp(o->name, word, len) != 0)
			continue;
		if (strlen(o->name) == len) {
			match = o;
			nmatch = 1;
			break;
		}
		match = o;
		nmatch++;
		more = xasprintf("%s '--%s'", list ? list : "", o->name);
		free(list);
		list = more;
	}
	if (nmatch > 1) {
		name = xasprintf("--%.*s", (int)len, word);
		more = xasprintf("option %s is ambiguous; possibilities:%s",
				 quote(name), list);
		r = fail_usage("%s", more);
		free(more);
	} else if (nmatch == 0) {
		name = xasprintf("--%s", word);
		r = fail_usage("unrecognized option %s", quote(name));
	} else {
		name = xasprintf("--%s", match->name);
		r = fail_usage(eq && match->has_arg == no_argument ?
				"option %s doesn't allow an argument" :
				"option %s requires an argument", quote(name));
	}
	free(name);
	free(list);
	return r;
}

/* ---- values ---- */

static int parse_id(const char *arg, const char *what, enum id_mode *mode,
		    uint64_t *id)
{
	int r;

	if (strcmp(arg, "follow") == 0) {
		*mode = ID_FOLLOW;
		return 0;
	}
	/* (uid_t)-1 means "unchanged" to the kernel: never a real id. */
	r = parse_decimal(arg, UINT32_MAX - 1, id);
	if (r == -1)
		return fail("invalid %s %s: not a decimal number or 'follow'",
			    what, quote(arg));
	if (r < 0)
		return fail("invalid %s %s: out of range (0 to %u)", what,
			    quote(arg), UINT32_MAX - 1);
	*mode = ID_SET;
	return 0;
}

static int parse_target(const char *arg, struct options *opt)
{
	const char *colon = strchr(arg, ':');
	char pidstr[32];
	uint64_t v;
	int r;

	if (opt->target_pid)
		return fail("option --target may be given only once");
	if (colon) {
		size_t len = (size_t)(colon - arg);

		if (len >= sizeof(pidstr))
			return fail("invalid target PID %s: out of range", quote(arg));
		memcpy(pidstr, arg, len);
		pidstr[len] = '\0';
		r = parse_decimal(colon + 1, UINT64_MAX, &opt->target_ino);
		if (r < 0 || opt->target_ino == 0)
			return fail("invalid target %s: the inode after ':' must be a decimal number",
				    quote(arg));
		opt->target_ino_set = true;
	} else {
		snprintf(pidstr, sizeof(pidstr), "%s", arg);
		if (strlen(arg) >= sizeof(pidstr))
			return fail("invalid target PID %s: out of range", quote(arg));
	}
	r = parse_decimal(pidstr, INT_MAX, &v);
	if (r == -1)
		return fail("invalid target PID %s: not a decimal number", quote(arg));
	if (r < 0 || v == 0)
		return fail("invalid target PID %s: out of range (1 to %d)",
			    quote(arg), INT_MAX);
	opt->target_pid = (pid_t)v;
	return 0;
}

/* "-n=FILE" reaches us as "=FILE": util-linux drops the '=', so do we. */
static const char *attached(const char *arg)
{
	if (arg && *arg == '=')
		arg++;
	return arg;
}

static int parse_ns_arg(int idx, const char *arg, struct options *opt)
{
	struct ns_request *req = &opt->ns[idx];

	arg = attached(arg);
	if (!arg) {
		req->source = SRC_TARGET;
		req->path = NULL;
		return 0;
	}
	if (*arg == ':') {
		int r = parse_decimal(arg + 1, UINT64_MAX, &req->nsid);

		if (r < 0 || req->nsid == 0)
			return fail("invalid namespace id %s for --%s: expected :<decimal id>",
				    quote(arg), nstypes[idx].option);
		req->source = SRC_NSID;
		return 0;
	}
	if (!*arg)
		return fail("empty file name for --%s", nstypes[idx].option);
	req->source = SRC_FILE;	/* the last one wins: files open later */
	req->path = arg;
	return 0;
}

/* "invalid --type 'x': expected one of cgroup, ipc, ...", from the table */
static int bad_type(const char *option, const char *arg)
{
	const char *names[NS_COUNT];
	char *list = xasprintf("%s", ""), *t;
	int i, k, n = 0;

	for (i = 0; i < NS_COUNT; i++)
		names[n++] = nstypes[i].name;
	for (i = 1; i < n; i++)	/* a few names: insertion sort */
		for (k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			const char *x = names[k];

			names[k] = names[k - 1];
			names[k - 1] = x;
		}
	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", list, i ? ", " : "", names[i]);
		free(list);
		list = t;
	}
	fail("invalid %s %s: expected one of %s", option, quote(arg), list);
	free(list);
	return -1;
}

/* --type=net,pid (--type=net --type=pid): a set of types, as lsns takes them */
static int parse_types(const char *arg, unsigned int *types)
{
	char *buf = xasprintf("%s", arg), *rest = buf, *tok;
	int idx, r = 0;

	/* added to the types of an earlier --type, as lsns's -t adds up;
	 * strsep: an empty item ("net,,pid", "net,") is an error too */
	while (r == 0 && (tok = strsep(&rest, ",")) != NULL) {
		idx = nstype_index_by_name(tok);
		if (idx < 0)
			r = bad_type("--type", tok);
		else
			*types |= 1u << idx;
	}
	free(buf);
	return r;
}

static int parse_one(int c, const char *arg, struct options *opt)
{
	uint64_t v;
	int idx, r;

	idx = nstype_index_by_letter(c);
	if (idx >= 0)
		return parse_ns_arg(idx, arg, opt);

	switch (c) {
	case 'a':
		opt->all = true;
		break;
	case 't':
		return parse_target(arg, opt);
	case 'N':
		r = parse_decimal(arg, INT_MAX, &v);
		if (r < 0)
			return fail("invalid socket file descriptor %s for --net-socket",
				    quote(arg));
		opt->net_socket = (int)v;
		break;
	case OPT_USER_PARENT:
		opt->user_parent = true;
		break;
	case 'S':
		if (parse_id(arg, "uid", &opt->uid_mode, &v) < 0)
			return -1;
		opt->uid_explicit = true;
		opt->uid = (uid_t)v;
		break;
	case 'G':
		if (parse_id(arg, "gid", &opt->gid_mode, &v) < 0)
			return -1;
		opt->gid_explicit = true;
		opt->gid = (gid_t)v;
		break;
	case OPT_PRESERVE_CRED:
		opt->preserve_credentials = true;
		break;
	case OPT_KEEP_CAPS:
		opt->keep_caps = true;
		break;
	case OPT_CAPS:
		opt->caps = arg;
		break;
	case OPT_NO_NEW_PRIVS:
		opt->no_new_privs = true;
		break;
	case 'r':
		opt->root_set = true;
		opt->root_dir = attached(arg);
		break;
	case 'w':
		opt->wd_set = true;
		opt->wd_explicit = true;
		opt->wd_dir = attached(arg);
		break;
	case 'W':
		opt->wdns = attached(arg);
		if (!*opt->wdns)
			return fail("empty directory for --wdns");
		break;
	case 'e':
		opt->env = true;
		opt->env_live = true;
		break;
	case 'F':
		opt->no_fork = true;
		break;
	case 'c':
		opt->join_cgroup = true;
		break;
	case 'Z':
		opt->follow_context = true;
		break;
	case OPT_SHOW:
		opt->show = true;
		break;
	case OPT_JSON:
		opt->json = true;
		break;
	case OPT_LIST:
		opt->list = true;
		break;
	case OPT_TREE:
		if (strcmp(arg, "user") == 0)
			opt->tree = TREE_USER;
		else if (strcmp(arg, "pid") == 0)
			opt->tree = TREE_PID;
		else
			return fail("invalid --tree %s: expected 'user' or 'pid'", quote(arg));
		break;
	case OPT_DOT:
		opt->dot = true;
		break;
	case OPT_CONTAINER:
		if (!*arg)
			return fail("empty container reference for --container");
		opt->container = arg;
		break;
	case OPT_IP_NETNS:
		opt->ip_netns = true;
		break;
	case OPT_AS_TARGET:
		opt->as_target = true;
		break;
	case OPT_PTY:
		opt->pty = true;
		break;
	case OPT_EACH:
		opt->each_type = nstype_index_by_name(arg);
		if (opt->each_type < 0)
			return bad_type("--each", arg);
		break;
	case OPT_TYPE:
		return parse_types(arg, &opt->list_types);
	case OPT_OUTPUT:
		opt->output = arg;
		break;
	case OPT_OUTPUT_ALL:
		opt->output_all = true;
		break;
	case OPT_NOHEADINGS:
		opt->noheadings = true;
		break;
	case OPT_RAW:
		opt->raw = true;
		break;
	case OPT_NOWRAP:
		opt->nowrap = true;
		break;
	case 'h':
		opt->mode = MODE_HELP;
		break;
	case 'V':
		opt->mode = MODE_VERSION;
		break;
	}
	return 0;
}

/* ---- options that exclude each other (util-linux's "excl" table): a row
 * of options of which one at most may be given, and why, where that helps.
 * Checked as the options come, so the message names what was typed. ---- */

static const struct exclusion {
	int opts[4];		/* option values, 0-terminated */
	const char *why;
} exclusions[] = {
	{ { 'w', 'W' }, NULL },
	{ { 't', OPT_CONTAINER }, NULL },
	{ { OPT_PTY, 'F' }, "the terminal is relayed by a waiting parent" },
	{ { OPT_SHOW, OPT_LIST, OPT_TREE }, NULL },
	{ { OPT_JSON, OPT_DOT, OPT_RAW }, NULL },
	{ { OPT_AS_TARGET, OPT_PRESERVE_CRED },
	  "--as-target takes the target's ids (give -S and -G to choose others)" },
	{ { OPT_AS_TARGET, OPT_USER_PARENT },
	  "--as-target joins the target's own user namespace" },
};

/* "--wd", "-F": the name of an option value, as the user knows it. */
static const char *option_name(int val)
{
	static char buf[40];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(optdefs); i++)
		if (optdefs[i].val == val && optdefs[i].name) {
			snprintf(buf, sizeof(buf), "--%s", optdefs[i].name);
			return buf;
		}
	snprintf(buf, sizeof(buf), "-%c", val);
	return buf;
}

static int check_exclusive(int c, int seen[ARRAY_SIZE(exclusions)])
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(exclusions); i++) {
		for (k = 0; k < ARRAY_SIZE(exclusions[i].opts) && exclusions[i].opts[k]; k++)
			if (exclusions[i].opts[k] == c)
				break;
		if (k == ARRAY_SIZE(exclusions[i].opts) || !exclusions[i].opts[k])
			continue;
		if (seen[i] && seen[i] != c) {
			char *first = xasprintf("%s", option_name(seen[i]));

			fail_usage("%s and %s are mutually exclusive%s%s", first,
				   option_name(c), exclusions[i].why ? ": " : "",
				   exclusions[i].why ? exclusions[i].why : "");
			free(first);
			return -1;
		}
		seen[i] = c;
	}
	return 0;
}

/* An abbreviation getopt_long() found ambiguous: when it fits exactly one
 * of util-linux nsenter's options, it means that one, as in nsenter (a
 * new option of ours never breaks a prefix a script may use).  Processes
 * it and returns 1; 0 when it is not such a prefix. */
static int nsenter_prefix(const struct option *longopts, int argc, char **argv,
			  const char *word, int *c, const char **arg)
{
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word), i;
	const struct option *o, *match = NULL;
	int n = 0, all = 0;

	for (o = longopts; o->name; o++) {
		bool ours = true;

		if (strncmp(o->name, word, len) != 0)
			continue;
		if (strlen(o->name) == len)
			return 0;	/* an exact name: not an abbreviation */
		all++;
		if (nstype_index_by_letter(o->val) >= 0)
			ours = false;	/* the namespace options are nsenter's */
		for (i = 0; i < ARRAY_SIZE(optdefs); i++)
			if (optdefs[i].name && strcmp(optdefs[i].name, o->name) == 0)
				ours = optdefs[i].group != G_NSENTER && optdefs[i].group != G_INFO;
		if (!ours) {
			match = o;
			n++;
		}
	}
	if (n != 1 || all < 2)
		return 0;
	*c = match->val;
	*arg = NULL;
	if (eq) {
		char *name = xasprintf("--%s", match->name);

		if (match->has_arg == no_argument) {
			fail_usage("option %s doesn't allow an argument", quote(name));
			free(name);
			return -1;
		}
		free(name);
		*arg = eq + 1;
	} else if (match->has_arg == required_argument) {
		char *name = xasprintf("--%s", match->name);

		if (optind >= argc) {
			fail_usage("option %s requires an argument", quote(name));
			free(name);
			return -1;
		}
		free(name);
		*arg = argv[optind++];
	}
	return 1;
}

int parse_options(int argc, char **argv, struct options *opt)
{
	struct option longopts[N_LONGOPTS];
	char shortopts[3 * N_LONGOPTS + 3];
	int seen[ARRAY_SIZE(exclusions)] = { 0 };
	const char *arg;
	int c, r;

	memset(opt, 0, sizeof(*opt));
	opt->net_socket = -1;
	opt->each_type = -1;
	if (argc < 1)	/* execve() with argv[0] == NULL */
		return 0;

	build_getopt_tables(longopts, shortopts);
	opterr = 0;
	optind = 0;	/* glibc: a full re-initialisation of getopt */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const char *word = argv[optind - 1];

		arg = optarg;
		if (c == '?' && word && strncmp(word, "--", 2) == 0 &&
		    (r = nsenter_prefix(longopts, argc, argv, word + 2, &c, &arg)) != 0) {
			if (r < 0)
				return -1;
		} else if (c == '?' || c == ':') {
			char letter[2] = { (char)optopt, '\0' };

			if (word && strncmp(word, "--", 2) == 0)
				return bad_long_option(longopts, word + 2);
			if (c == ':' && optopt)
				return fail_usage("option requires an argument -- '%s'", letter);
			if (optopt)
				return fail_usage("invalid option -- '%s'", letter);
			return fail_usage("unrecognized option %s", quote(word ? word : ""));
		}
		if (check_exclusive(c, seen) < 0 || parse_one(c, arg, opt) < 0)
			return -1;
		if (opt->mode != MODE_RUN)
			return 0;	/* --help and --version win, as in util-linux */
	}
	if (opt->json && !opt->show && !opt->list && !opt->tree)
		return fail_usage("--json needs --show, --list or --tree");
	if ((opt->dot || opt->list_types || opt->output || opt->output_all ||
	     opt->noheadings || opt->raw || opt->nowrap) && !opt->list && !opt->tree)
		return fail_usage("--dot, --type, --output, --output-all, --noheadings, "
				  "--raw and --nowrap need --list or --tree");
	if (opt->ip_netns && (opt->ns[NS_NET].source != SRC_FILE ||
			      (strchr(opt->ns[NS_NET].path, '/') &&
			       strncmp(opt->ns[NS_NET].path, "/run/netns/", 11) != 0)))
		return fail_usage("--ip-netns needs --net=NAME (a name from /run/netns)");
	if (opt->as_target) {
		/* everything the target's own processes have; explicit
		 * options apply over it (HAZARDS.md 38) */
		if (!opt->target_pid && !opt->container)
			return fail_usage("--as-target needs --target or --container");
		opt->all = true;
		opt->join_cgroup = true;
		opt->env = true;
		if (!opt->root_set) {
			opt->root_set = true;
			opt->root_dir = NULL;
		}
		if (!opt->wd_set && !opt->wdns) {
			opt->wd_set = true;
			opt->wd_dir = NULL;
		}
		if (opt->uid_mode == ID_KEEP)
			opt->uid_mode = ID_FOLLOW;
		if (opt->gid_mode == ID_KEEP)
			opt->gid_mode = ID_FOLLOW;
	}
	if (opt->show)
		opt->mode = MODE_SHOW;
	if (opt->list || opt->tree)
		opt->mode = MODE_LIST;
	opt->argc = argc - optind;
	opt->argv = argv + optind;
	return 0;
}
