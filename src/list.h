/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list.h - the --list and --tree pipeline, apart from the join path:
 *
 *   options -> list.c (the steps below, in order)
 *           -> list_render.c columns_choose (--output: the columns)
 *           -> list_scan.c (walk /proc: the namespace model, list_model.c)
 *           -> list_model.c model_select (--type, -t: what is shown, the tree)
 *           -> list_render.c (table, tree, raw, JSON) or list_dot.c (DOT)
 *
 * The model holds one record per namespace, keyed by inode in a hash
 * table; nothing is kept per process, so memory follows the number of
 * namespaces, not processes x types.
 */
#ifndef NSJOIN_LIST_H
#define NSJOIN_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsjoin.h"

/* ---- list_model.c ---- */

/* Which of the optional facts of a namespace are known. */
enum {
	NSF_NSID	= 1 << 0,	/* NS_GET_ID (Linux 6.12 and later) */
	NSF_OWNER	= 1 << 1,	/* NS_GET_USERNS: out of sight is EPERM */
	NSF_PARENT	= 1 << 2,	/* NS_GET_PARENT: user and pid only */
	NSF_OWNER_UID	= 1 << 3,	/* NS_GET_OWNER_UID: user only */
	NSF_UID		= 1 << 4,	/* the owner of /proc/PID of .pid */
	NSF_PPID	= 1 << 5,	/* the parent of .pid */
	NSF_NETNSID	= 1 << 6,	/* RTM_GETNSID: net only */
};

struct ns_node {
	uint64_t ino;		/* the id: inode of /proc/PID/ns/<type> */
	uint64_t nsid;		/* the 64-bit id of NS_GET_ID */
	uint64_t owner;		/* inode of the owning user namespace */
	uint64_t parent;	/* inode of the parent (user, pid) */
	unsigned int have;	/* NSF_* */
	int type;		/* NS_* index */
	unsigned int nprocs;	/* processes whose /proc/PID/ns/<type> it is */
	pid_t pid;		/* the lowest of them, 0: none */
	pid_t ppid;		/* its parent */
	uid_t uid;		/* owner of /proc/<pid> */
	uid_t owner_uid;	/* creator of a user namespace */
	int netnsid;		/* the id the network stack gives it here, -1: none */
	char *command;		/* of .pid: cmdline, else comm; NULL: none */
	char *holder;		/* no process in it: the bind mount or fd
				 * that keeps it alive */
	char **nsfs;		/* its bind mounts (ip netns), or NULL */
	size_t nnsfs;
	bool target;		/* one of the namespaces of -t PID */

	/* model_select()'s marks, for the writers */
	bool selected;		/* passes --type and -t */
	bool shown;		/* selected, or an ancestor of one */
	struct ns_node *up;	/* tree parent */
	struct ns_node **kids;
	size_t nkids;
};

struct ns_model {
	struct ns_node **slot;	/* open addressing, linear probing */
	size_t cap;		/* a power of two */
	size_t count;
	size_t hidden;		/* processes we were not allowed to look at */
};

struct ns_node *ns_find(const struct ns_model *m, uint64_t ino);
struct ns_node *ns_add(struct ns_model *m, uint64_t ino, int type);
struct ns_node **ns_sorted(const struct ns_model *m, size_t *count);
void ns_add_kid(struct ns_node *up, struct ns_node *n);
void ns_add_nsfs(struct ns_node *n, const char *path);
void model_free(struct ns_model *m);
struct ns_node **model_select(const struct options *opt, struct ns_model *m,
			      size_t *count);

/* The kernel nests at most 32 user and 32 pid namespaces: deeper means a
 * model gone wrong, not a real chain; the scan and the drawing stop. */
#define MAX_DEPTH 64

/* ---- list_render.c: the columns, and the writers ---- */

enum column {
	COL_NS, COL_NSID, COL_TYPE, COL_PATH, COL_NPROCS, COL_PID, COL_PPID,
	COL_COMMAND, COL_UID, COL_USER, COL_NETNSID, COL_NSFS, COL_PNS, COL_ONS,
	COL_OWNER_UID, COL_HOLDER, N_COLUMNS
};

/* What the scan must learn beyond namespaces, for the columns shown. */
enum {
	WANT_PPID	= 1 << 0,
	WANT_NSFS	= 1 << 1,
	WANT_NETNSID	= 1 << 2,
};

struct list_view {
	int cols[N_COLUMNS];	/* the columns shown, in order */
	size_t ncols;
	unsigned int wants;	/* WANT_* */
};

int columns_choose(const struct options *opt, struct list_view *v);
int columns_help(void);
void render_namespaces(const struct options *opt, const struct list_view *v,
		       struct ns_node **all, size_t count);

/* ---- list_dot.c ---- */

void dot_render(const struct options *opt, const struct ns_model *m,
		struct ns_node **all, size_t count);

/* ---- list_scan.c ---- */

int scan_namespaces(const struct options *opt, unsigned int wants,
		    struct ns_model *m);

#endif /* NSJOIN_LIST_H */
