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
	OPT_NS_BLOCK,		/* where the namespace options go */
};

struct optdef {
	const char *name;
	int has_arg;
	int val;		/* short option letter, or OPT_* */
	const char *arg;	/* argument name for --help */
	const char *help;
};

static const struct optdef optdefs[] = {
	{ "all", no_argument, 'a', NULL, "enter all namespaces" },
	{ "target", required_argument, 't', "<PID>[:<inode>]", "target process to get namespaces from" },
	{ "container", required_argument, OPT_CONTAINER, "<id|name>", "target the init of a container (Docker, Podman, containerd, CRI-O, runc)" },
	{ NULL, 0, OPT_NS_BLOCK, NULL, NULL },
	{ "ip-netns", no_argument, OPT_IP_NETNS, NULL, "with --net=NAME: what 'ip netns exec' adds (/sys, /etc/netns/NAME)" },
	{ "net-socket", required_argument, 'N', "<fd>", "enter socket's network namespace (needs --target)" },
	{ "user-parent", no_argument, OPT_USER_PARENT, NULL, "enter parent user namespace" },
	{ "setuid", required_argument, 'S', "<uid>|follow", "set uid in entered namespace" },
	{ "setgid", required_argument, 'G', "<gid>|follow", "set gid in entered namespace" },
	{ "preserve-credentials", no_argument, OPT_PRESERVE_CRED, NULL, "do not touch uids or gids" },
	{ "keep-caps", no_argument, OPT_KEEP_CAPS, NULL, "retain capabilities granted in user namespaces" },
	{ "caps", required_argument, OPT_CAPS, "<list>", "set the program's capabilities (e.g. -all,+net_admin)" },
	{ "no-new-privs", no_argument, OPT_NO_NEW_PRIVS, NULL, "set no_new_privs for the program" },
	{ "as-target", no_argument, OPT_AS_TARGET, NULL, "run as docker exec does (ids, caps, seccomp, cgroups, ...)" },
	{ "root", optional_argument, 'r', "<dir>", "set the root directory" },
	{ "wd", optional_argument, 'w', "<dir>", "set the working directory" },
	{ "wdns", required_argument, 'W', "<dir>", "set the working directory in namespace" },
	{ "env", no_argument, 'e', NULL, "inherit environment variables from target process" },
	{ "no-fork", no_argument, 'F', NULL, "do not fork before exec'ing <program>" },
	{ "pty", no_argument, OPT_PTY, NULL, "run the program on a new pseudo-terminal" },
	{ "each", required_argument, OPT_EACH, "<type>", "run the program in every namespace of this type" },
	{ "join-cgroup", no_argument, 'c', NULL, "join the cgroup of the target process" },
	{ "follow-context", no_argument, 'Z', NULL, "set SELinux context according to --target PID" },
	{ "show", no_argument, OPT_SHOW, NULL, "print what would be joined, and exit" },
	{ "list", no_argument, OPT_LIST, NULL, "list the namespaces of this host, and exit" },
	{ "tree", required_argument, OPT_TREE, "user|pid", "draw the user or pid namespace hierarchy" },
	{ "dot", no_argument, OPT_DOT, NULL, "with --list or --tree: print Graphviz DOT" },
	{ "type", required_argument, OPT_TYPE, "<type>", "with --list: only namespaces of this type" },
	{ "json", no_argument, OPT_JSON, NULL, "with --show, --list or --tree: print JSON" },
	{ "help", no_argument, 'h', NULL, "display this help" },
	{ "version", no_argument, 'V', NULL, "display version" },
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

/* ---- --help: generated from the tables ---- */

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
		snprintf(left + n, sizeof(left) - (size_t)n,
			 has_arg == optional_argument ? "[=%s]" : " %s", arg);
	printf("%-32s %s\n", left, text);
}

int print_help(void)
{
	size_t i;
	int t;

	printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n\n", progname);
	printf("Run a program with namespaces of other processes.\n\nOptions:\n");
	for (i = 0; i < ARRAY_SIZE(optdefs); i++) {
		const struct optdef *d = &optdefs[i];

		if (d->val == OPT_NS_BLOCK) {
			for (t = 0; t < NS_COUNT; t++)
				help_line(nstypes[t].letter, nstypes[t].option,
					  NS_ARG, optional_argument,
					  nstypes[t].help);
			continue;
		}
		if (d->val == 'h')
			putchar('\n');
		help_line(d->val < 256 ? (char)d->val : 0, d->name, d->arg,
			  d->has_arg, d->help);
	}
	printf("\nA namespace option without =<file> takes the namespace of --target.\n"
	       "<file> may be a /proc/<pid>/ns/<type> file, a bind mount of one, or a\n"
	       "name from /run/netns; =:<nsid> is a 64-bit namespace id.\n"
	       "\nFor more details see nsjoin(1).\n");
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
static int usage_error(const char *fmt, const char *what)
{
	char *msg = xasprintf(fmt, what);

	fail("%s\nTry '%s --help' for more information.", msg, progname);
	free(msg);
	return -1;
}

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
		r = usage_error("%s", more);
		free(more);
	} else if (nmatch == 0) {
		name = xasprintf("--%s", word);
		r = usage_error("unrecognized option %s", quote(name));
	} else {
		name = xasprintf("--%s", match->name);
		r = usage_error(eq && match->has_arg == no_argument ?
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
			return fail("invalid --each %s: expected one of cgroup, ipc, mnt, "
				    "net, pid, time, user, uts", quote(arg));
		break;
	case OPT_TYPE:
		opt->list_type = nstype_index_by_name(arg);
		if (opt->list_type < 0)
			return fail("invalid --type %s: expected one of cgroup, ipc, mnt, "
				    "net, pid, time, user, uts", quote(arg));
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

int parse_options(int argc, char **argv, struct options *opt)
{
	struct option longopts[N_LONGOPTS];
	char shortopts[3 * N_LONGOPTS + 3];
	int c;

	memset(opt, 0, sizeof(*opt));
	opt->net_socket = -1;
	opt->list_type = -1;
	opt->each_type = -1;
	if (argc < 1)	/* execve() with argv[0] == NULL */
		return 0;

	build_getopt_tables(longopts, shortopts);
	opterr = 0;
	optind = 0;	/* glibc: a full re-initialisation of getopt */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const char *word = argv[optind - 1];

		if (c == '?' || c == ':') {
			char letter[2] = { (char)optopt, '\0' };

			if (word && strncmp(word, "--", 2) == 0)
				return bad_long_option(longopts, word + 2);
			if (c == ':' && optopt)
				return usage_error("option requires an argument -- '%s'", letter);
			if (optopt)
				return usage_error("invalid option -- '%s'", letter);
			return usage_error("unrecognized option %s", quote(word ? word : ""));
		}
		if (parse_one(c, optarg, opt) < 0)
			return -1;
		if (opt->mode != MODE_RUN)
			return 0;	/* --help and --version win, as in util-linux */
	}
	if (opt->json && !opt->show && !opt->list && !opt->tree)
		return fail("--json needs --show, --list or --tree\n"
			    "Try '%s --help' for more information.", progname);
	if ((opt->dot || opt->list_type >= 0) && !opt->list && !opt->tree)
		return fail("--dot and --type need --list or --tree\n"
			    "Try '%s --help' for more information.", progname);
	if (opt->json && opt->dot)
		return fail("--json and --dot are mutually exclusive");
	if (opt->pty && opt->no_fork)
		return fail("--pty and --no-fork are mutually exclusive: the terminal "
			    "is relayed by a waiting parent");
	if (opt->container && opt->target_pid)
		return fail("--container and --target are mutually exclusive");
	if (opt->ip_netns && (opt->ns[NS_NET].source != SRC_FILE ||
			      (strchr(opt->ns[NS_NET].path, '/') &&
			       strncmp(opt->ns[NS_NET].path, "/run/netns/", 11) != 0)))
		return fail("--ip-netns needs --net=NAME (a name from /run/netns)");
	if (opt->as_target) {
		/* everything the target's own processes have; explicit
		 * options still win */
		if (!opt->target_pid && !opt->container)
			return fail("--as-target needs --target or --container");
		/* options that contradict "as the target's own processes"
		 * are refused, never silently ignored (HAZARDS.md 38) */
		if (opt->preserve_credentials)
			return fail("--as-target and --preserve-credentials are mutually "
				    "exclusive: --as-target takes the target's ids (give "
				    "-S and -G to choose others)");
		if (opt->user_parent)
			return fail("--as-target and --user-parent are mutually exclusive: "
				    "--as-target joins the target's own user namespace");
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
	if (opt->list || opt->tree) {
		if (opt->show)
			return fail("--show and --list/--tree are mutually exclusive");
		opt->mode = MODE_LIST;
	}
	if (opt->wd_set && opt->wdns)
		return fail("--wd and --wdns are mutually exclusive\n"
			    "Try '%s --help' for more information.", progname);
	opt->argc = argc - optind;
	opt->argv = argv + optind;
	return 0;
}
