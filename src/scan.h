/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * scan.h - the namespace model shared by scan.c (which fills it from /proc)
 * and render.c (which prints it).  Private to --list and --tree: nothing on
 * the join path includes it.
 *
 * The model holds one record per namespace, keyed by inode in a hash
 * table; nothing is kept per process, so memory follows the number of
 * namespaces, not processes x types.
 */
#ifndef NSJOIN_SCAN_H
#define NSJOIN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsjoin.h"

/* Which of the optional facts of a namespace are known. */
enum {
	NSF_NSID	= 1 << 0,	/* NS_GET_ID (Linux 6.12 and later) */
	NSF_OWNER	= 1 << 1,	/* NS_GET_USERNS: out of sight is EPERM */
	NSF_PARENT	= 1 << 2,	/* NS_GET_PARENT: user and pid only */
	NSF_OWNER_UID	= 1 << 3,	/* NS_GET_OWNER_UID: user only */
	NSF_UID		= 1 << 4,	/* the owner of /proc/PID of .pid */
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
	uid_t uid;		/* owner of /proc/<pid> */
	uid_t owner_uid;	/* creator of a user namespace */
	char *command;		/* of .pid: cmdline, else comm; NULL: none */
	char *holder;		/* no process in it: the bind mount or fd
				 * that keeps it alive (table only) */
	bool target;		/* one of the namespaces of -t PID */

	/* render.c's working state */
	bool selected;		/* passes --type and -t */
	bool shown;		/* selected, or an ancestor of one */
	struct ns_node *up;	/* tree parent */
	struct ns_node **kids;
	size_t nkids, kids_cap;
};

struct ns_model {
	struct ns_node **slot;	/* open addressing, linear probing */
	size_t cap;		/* a power of two */
	size_t count;
};

struct ns_node *ns_find(const struct ns_model *m, uint64_t ino);

/* render.c: print the model the way the options ask.  Sets .selected,
 * .shown and the tree links itself. */
int render_namespaces(const struct options *opt, struct ns_model *m);

#endif /* NSJOIN_SCAN_H */
