/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * nsjoin.h - the structs handed from one phase to the next.
 *
 * Decide (nothing irreversible; everything opened and checked):
 *
 *   argv -> options -> [container] -> target -> plan -> [exec_config]
 *        -> context, creds, program -> [show: print the decision, exit]
 *
 * Commit (nothing opened by path after the first setns):
 *
 *   [pty] -> non-dumpable -> cgroups, oom, LSM (context_before_join)
 *        -> enter -> [ip netns mounts] -> root, cwd (context_apply)
 *        -> supervise (fork, wait) -> [pty attach] -> rlimits, umask
 *        -> creds -> exec
 *
 * Looking, not entering, apart:  options -> list (list.h)
 *                                options -> each -> a run per namespace
 *
 * main.c calls the phases in this order.  Each phase reads the structs of
 * the phases before it and fills its own.  Phases never exit: they return
 * -1 after recording why with fail() or fail_errno(), and main() reports it.
 * Below them: nstype.c and options.c (the two tables), util.c, parse.c,
 * fds.c and signals.c.
 */
#ifndef NSJOIN_H
#define NSJOIN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- nstype.c: the one table of namespace types ---- */

struct exec_config;

enum ns_index {
	NS_USER, NS_CGROUP, NS_IPC, NS_UTS, NS_NET, NS_PID, NS_MNT, NS_TIME,
	NS_COUNT
};

struct nstype {
	const char *name;	/* /proc/PID/ns/<name>, and in messages */
	const char *option;	/* long option: --<option> */
	char letter;		/* short option: -<letter> */
	int flag;		/* CLONE_NEW* */
	int pidfd_nr;		/* PIDFD_GET_<TYPE>_NAMESPACE is _IO(0xFF, pidfd_nr) */
	const char *help;	/* what the option does, for --help */
};

/* In join order: the user namespace first (see enter.c). */
extern const struct nstype nstypes[NS_COUNT];
int nstype_index_by_flag(int flag);
int nstype_index_by_letter(int letter);
int nstype_index_by_name(const char *name);
extern const int nstype_display_order[NS_COUNT];

/* ---- options.c: the one table of options and the parser ---- */

enum ns_source {
	SRC_NONE,	/* not asked for */
	SRC_TARGET,	/* /proc/PID/ns/<type> or the pidfd of --target */
	SRC_FILE,	/* --net=FILE */
	SRC_NSID,	/* --net=:NSID */
	SRC_FD,		/* an open descriptor (--each=mnt: the owner) */
};

struct ns_request {
	enum ns_source source;
	const char *path;	/* SRC_FILE; SRC_FD: what it is, for messages */
	uint64_t nsid;		/* SRC_NSID */
	int fd;			/* SRC_FD */
};

enum id_mode { ID_KEEP, ID_SET, ID_FOLLOW };

enum run_mode { MODE_RUN, MODE_HELP, MODE_VERSION, MODE_SHOW, MODE_LIST };

enum tree_kind { TREE_NONE, TREE_USER, TREE_PID };

struct options {
	enum run_mode mode;
	pid_t target_pid;		/* 0: none */
	bool target_ino_set;
	uint64_t target_ino;		/* --target PID:INODE */
	bool all;
	struct ns_request ns[NS_COUNT];
	int net_socket;			/* -1: none */
	bool user_parent;
	enum id_mode uid_mode, gid_mode;
	bool uid_explicit, gid_explicit;	/* -S, -G given (--as-target) */
	uid_t uid;
	gid_t gid;
	bool preserve_credentials;
	bool keep_caps;
	const char *caps;		/* --caps=LIST, NULL: none */
	bool no_new_privs;
	bool root_set;
	const char *root_dir;		/* NULL with root_set: the target's */
	bool wd_set;
	const char *wd_dir;		/* NULL with wd_set: the target's */
	bool wd_explicit;		/* -w given (not implied by --as-target) */
	const char *wdns;
	bool env;
	bool env_live;			/* -e given: the live environment */
	bool no_fork;
	bool join_cgroup;
	bool follow_context;
	bool show;			/* --show */
	bool json;			/* --json, with --show or --list */
	bool list;			/* --list */
	enum tree_kind tree;		/* --tree=user|pid */
	bool dot;			/* --dot */
	unsigned int list_types;	/* --type=LIST: bits of NS_*, 0: all */
	const char *output;		/* --output=LIST, NULL: the default */
	bool output_all;
	bool noheadings;
	bool raw;
	bool nowrap;
	const char *container;		/* --container=REF */
	bool ip_netns;			/* --ip-netns */
	bool as_target;			/* --as-target */
	bool pty;			/* --pty */
	int each_type;			/* --each=TYPE: an NS_* index, -1: none */
	int argc;			/* the program and its arguments */
	char **argv;
};

int parse_options(int argc, char **argv, struct options *opt);
int print_help(void);
int print_version(void);

/* ---- target.c: the process we take namespaces from, pinned ---- */

struct target {
	pid_t pid;		/* 0: no target */
	int pidfd;		/* -1: none (no pidfd_open here) */
	int procfd;		/* /proc/PID once target_dir() opened it, else -1 */
	int rootfd;		/* /proc/PID/root once target_root() opened it */
};

int target_open(const struct options *opt, struct target *t);
int target_dir(struct target *t);
int target_pidfd_ns(struct target *t, int idx);
int target_check_start(struct target *t, uint64_t start, const char *label);
int target_explain(struct target *t, int err);
int target_ns_open(struct target *t, int idx);
int target_open_in_root(struct target *t, const char *path, int flags);
int target_passwd(struct target *t, uid_t uid, char **home, char **shell);

/* ---- plan.c: which namespace comes from where ---- */

enum ns_action { ACT_NONE, ACT_JOIN, ACT_SKIP };

struct ns_entry {
	enum ns_action action;
	const char *skip_reason;
	bool from_target;	/* may be joined through the target's pidfd */
	bool optional;		/* from --all: skipped if the kernel lacks it */
	int fd;			/* -1: not opened (joined through the pidfd) */
	char *label;		/* where it comes from, for messages (quoted) */
	char *source;		/* the same, raw, for --show */
	char proc_path[40];	/* /proc/PID/ns/TYPE: source of a target's */
	char proc_label[44];	/* the same, quoted: its label */
	bool joined;
};

struct join_plan {
	struct ns_entry ns[NS_COUNT];
	struct target *target;
	bool enters_user;	/* a user namespace will be joined */
	bool enters_pid;	/* a pid namespace will be joined */
};

int plan_build(const struct options *opt, struct target *t,
	       struct join_plan *plan);
int plan_entry_open(struct join_plan *plan, int idx);

/* ---- enter.c ---- */

int enter_namespaces(struct join_plan *plan);
void enter_order(int order[NS_COUNT]);

/* ---- cgroup.c: the target's cgroups; frozen processes ---- */

struct cgroup_join {
	int fd[32];		/* cgroup.procs to write "0" to */
	char *path[32];
	size_t n;
};

int cgroup_prepare_join(struct target *t, bool every, char *const *only,
			struct cgroup_join *j);
int cgroup_join(struct cgroup_join *j);
int cgroup_frozen(int procdir);
int cgroup_refuse_frozen(struct target *t);

/* ---- env.c: the target's environment, made safe ---- */

enum env_rule { ENV_KEEP, ENV_DROP, ENV_PLACE };

struct target_env {
	char **env;		/* for the program */
	char **dropped;		/* names dropped, NULL-terminated, or NULL */
	char **callers;		/* place names given the caller's value, or NULL */
};

enum env_rule env_rule(const char *entry);
void env_filter(char **entries, bool own_files, struct target_env *te);
const char *getenv_in(char **env, const char *name);

/* ---- context.c: root, working directory, environment, cgroup ---- */

struct context {
	int root_fd;		/* -1: keep */
	int wd_fd;		/* -1: keep */
	const char *wdns;
	char *wd_label;		/* --as-target: the configured cwd, for --show */
	char **env;		/* NULL: keep the caller's */
	const char *env_source;	/* "the target's", "the configuration's" */
	char **env_dropped;	/* -e: the target's variables dropped */
	char **env_callers;	/* -e: places kept at the caller's value */
	struct cgroup_join cgroups;
	int oom_fd;		/* /proc/self/oom_score_adj, -1: keep */
	int oom_score_adj;
	int lsm_fd;		/* the LSM's exec attribute, -1: none */
	char *lsm_label;	/* what is written there */
	const char *lsm_note;	/* why a configured profile is not applied */
	bool check_cwd;
	bool root_changed;	/* a mount namespace was joined (set by main) */
	bool wd_implicit;	/* -r alone: the cwd after the joins */
	char *wd_abs;		/* -w DIR, made absolute: found again inside a new root */
	struct stat wd_stat;	/* ... when it is this directory */
};

int context_prepare(const struct options *opt, struct target *t,
		    const struct join_plan *plan, const struct exec_config *xc,
		    struct context *ctx);
int context_before_join(struct context *ctx);
int context_apply(struct context *ctx);
int ip_netns_mounts(const char *netns);

/* ---- creds.c: ids, groups, capabilities; decided before any join ---- */

struct capsets {
	uint64_t eff, prm, inh, bnd, amb;
};

struct creds {
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	uid_t host_uid;		/* uid as the host numbers it; -1: unknown */
	bool set_groups;	/* to groups[] (none: cleared) */
	gid_t *groups;		/* as seen in the namespace we end in */
	size_t ngroups;
	gid_t *host_groups;	/* the same, as seen before joining */
	size_t nhost_groups;
	bool groups_droppable;	/* creds_prepare() could drop ours */
	bool groups_kept;	/* an unprivileged caller's own, kept */
	bool in_user_ns;
	bool dropping;		/* to a non-root uid */
	bool set_caps;		/* caps below, exactly (else the kernel's rules) */
	bool set_ambient;	/* caps.amb too */
	struct capsets caps;
	uint64_t bnd_now;	/* the bounding set when creds_apply() runs */
	unsigned last_cap;
	bool no_new_privs;
	bool as_target;
	char *exec_context;	/* -Z: the target's SELinux context */
};

int creds_plan(const struct options *opt, const struct join_plan *plan,
	       const struct exec_config *xc, struct creds *cr);
int creds_prepare(struct creds *cr);
int creds_apply(struct creds *cr);

/* ---- supervise.c ---- */

pid_t supervise_fork(void);
int supervise_wait(pid_t child, bool look_first);
void supervise_signals(sigset_t *set);
void supervise_pass_on(const siginfo_t *si, pid_t child);
int supervise_child_arm(void);
void exit_like(int status) __attribute__((noreturn));

/* ---- exec.c ---- */

struct program {
	const char *path;	/* what to execute */
	char **argv;
	char *argv0_buf;
	bool is_shell;
	const char *shell_source;
	bool in_target_files;	/* it runs in the target's mount ns or root */
};

int program_resolve(const struct options *opt, struct target *t,
		    const struct join_plan *plan, const struct creds *cr,
		    const struct context *ctx, struct program *prog);
int program_check(const struct program *prog, struct target *t,
		  const struct join_plan *plan, const struct context *ctx);
int exec_program(const struct program *prog, char **env);

/* ---- signals.c ---- */

void signals_snapshot(void);
bool signal_was_ignored(int sig);
void signals_reset(void);

/* ---- show.c: --show, the plan printed instead of carried out ---- */

int show_plan(const struct options *opt, struct target *t,
	      struct join_plan *plan, const struct context *ctx,
	      const struct creds *cr, const struct exec_config *xc,
	      const struct program *prog);
void json_string(const char *s);

/* ---- list.c (list.h): --list, --tree, --dot ---- */

int list_namespaces(const struct options *opt);

/* ---- parse.c: text from the kernel or the target (fuzzed) ---- */

char **parse_environ(char *buf, size_t len);
void unescape_octal(char *s);
int parse_proc_stat(const char *buf, pid_t *ppid, uint64_t *start);

struct cgroup_mount {
	const char *root;	/* of the hierarchy, shown by this mount */
	const char *mnt;	/* where it is mounted */
	const char *super;	/* v1: its super options; NULL: cgroup2 */
};

struct cgroup_line {
	bool v2;		/* the "0::" line */
	const char *controllers;	/* "cpu,cpuacct", "name=systemd", "" */
	const char *path;
};

size_t parse_mountinfo_cgroups(char *buf, struct cgroup_mount *v, size_t max);
bool cgroup_mount_matches(const char *super, const char *controllers);
size_t parse_cgroup_lines(char *buf, struct cgroup_line *v, size_t max);
int status_u64(const char *status, const char *name, int base, uint64_t *v);

struct status_creds {
	uint32_t uid[4], gid[4];	/* real, effective, saved, fs */
	uint32_t *groups;
	size_t ngroups;
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	bool no_new_privs;
};

int parse_status_creds(const char *status, struct status_creds *sc);
int parse_id_map(const char *map, uint32_t outside, uint32_t *inside);
int parse_id_map_outside(const char *map, uint32_t inside, uint32_t *outside);
int parse_limits(const char *buf, uint64_t soft[16], uint64_t hard[16], bool have[16]);

/* ---- pty.c: --pty, a new pseudo-terminal relayed to ours ---- */

struct pty {
	int master;		/* -1: none */
	int slave;		/* -1: none */
	char name[64];		/* /dev/pts/N, for messages */
	bool raw;		/* our terminal was put in raw mode */
	bool given;		/* owned by the program's uid already */
};

int pty_open(struct pty *p, struct target *in_root);
int pty_attach(struct pty *p, const struct creds *cr);
int pty_give(struct pty *p, const struct creds *cr);
int pty_relay(struct pty *p, pid_t child);

/* ---- each.c: --each=TYPE ---- */

int each_namespace(struct options *opt, int *worst);

/* ---- container.c (container.h): --container=REF ---- */

/* ---- seccomp.c: the target's seccomp filter, compiled before the joins ---- */

struct sock_fprog;
struct json_object;

struct seccomp_filters {
	struct sock_fprog *progs;	/* in load order */
	unsigned *flags;		/* for seccomp(2) */
	size_t n;
	const char *source;
};

int seccomp_from_oci(const struct json_object *sc, const char *where,
		     struct seccomp_filters *f);
int seccomp_from_process(struct target *t, const char *status,
			 struct seccomp_filters *f);
int seccomp_install(const struct seccomp_filters *f);

/* ---- exec_config.c: --as-target, what "docker exec" gives ---- */

struct rlimit_setting {
	int resource;
	uint64_t soft, hard;
};

struct exec_config {
	char *source;		/* config.json, or "the live process N" */
	bool from_config;	/* the runtime's configuration */
	bool ids_in_userns;	/* uid, gid, groups as the container sees them */
	uint32_t uid, gid;
	uint32_t *groups;
	size_t ngroups;
	struct capsets caps;
	bool no_new_privs;
	char **env;		/* the configured environment; NULL: the live one */
	char *cwd;		/* the configured cwd; NULL: the live one */
	bool have_umask;
	unsigned umask;
	struct rlimit_setting *rlimits;
	size_t nrlimits;
	bool have_oom;
	int oom_score_adj;
	char **cgroup_dirs;	/* the cgroups its runtime made (NULL: every
				 * cgroup the live process is in) */
	char *apparmor, *selinux;
	struct seccomp_filters seccomp;
};

int exec_config_load(struct target *t, const char *config, uid_t owner,
		     char **cgroup_dirs, struct exec_config *xc);
int exec_config_apply_limits(const struct exec_config *xc);
const char *rlimit_name(int resource);

/* ---- util.c ---- */

extern const char *progname;
void set_progname(void);
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fail_status(int status);
void die(void) __attribute__((noreturn));
enum escape_style {
	ESC_TEXT,	/* controls and invalid UTF-8 as \xNN, '\' as \\ */
	ESC_QUOTED,	/* the same between single quotes, ' as \' */
	ESC_DOT,	/* inside a DOT "string": \\xNN, \" and \\ */
	ESC_JSON,	/* inside a JSON string: \u00NN for controls, \\xNN */
};
char *escape(const char *s, enum escape_style style);
const char *quote(const char *s);
const char *safe_text(const char *s);
void json_string(const char *s);
size_t utf8_sequence(const unsigned char *s);
size_t utf8_width(const char *s, size_t len);
size_t utf8_fit(const char *s, size_t w);
int parse_decimal(const char *s, uint64_t max, uint64_t *out);
int close_stdout(void);
void stdio_sanitize(void);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *old, size_t n, size_t size);
void *xgrow(void *v, size_t n, size_t size);
int passwd_entry(uid_t uid, char **name, char **shell);
int read_small_file(int dirfd, const char *path, size_t limit, char **buf,
		    size_t *len);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- nswalk.c: every namespace file of a type (--each, --net=:NSID) ---- */

typedef int (*ns_walk_fn)(void *ctx, int dirfd, const char *dir,
			  const char *path, pid_t pid);
int ns_walk(int type, ns_walk_fn fn, void *ctx);

/* ---- fds.c: our descriptors, each closed before the program runs ---- */

void own_fd(int fd);
void close_own(int *fd);
void close_own_later(int *fd);
void close_all_own(void);

#endif /* NSJOIN_H */
