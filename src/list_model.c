/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list_model.c - the namespace model of --list and --tree: one record per
 * namespace in a hash table keyed by inode (open addressing, linear
 * probing, the load kept under one half).  Filled by list_scan.c; which
 * of them are shown, and as what tree, is chosen here (model_select) for
 * list_render.c and list_dot.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "list.h"

static size_t slot_of(size_t cap, uint64_t ino)
{
	return (size_t)((ino * 0x9e3779b97f4a7c15ULL) >> 29) & (cap - 1);
}

struct ns_node *ns_find(const struct ns_model *m, uint64_t ino)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = slot_of(m->cap, ino); m->slot[i]; i = (i + 1) & (m->cap - 1))
		if (m->slot[i]->ino == ino)
			return m->slot[i];
	return NULL;
}

static void model_insert(struct ns_node **slot, size_t cap, struct ns_node *n)
{
	size_t i;

	for (i = slot_of(cap, n->ino); slot[i]; i = (i + 1) & (cap - 1))
		;
	slot[i] = n;
}

struct ns_node *ns_add(struct ns_model *m, uint64_t ino, int type)
{
	struct ns_node *n;

	if ((m->count + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256, i;
		struct ns_node **slot = xcalloc(cap, sizeof(*slot));

		for (i = 0; i < m->cap; i++)
			if (m->slot[i])
				model_insert(slot, cap, m->slot[i]);
		free(m->slot);
		m->slot = slot;
		m->cap = cap;
	}
	n = xcalloc(1, sizeof(*n));
	n->ino = ino;
	n->type = type;
	n->netnsid = -1;
	model_insert(m->slot, m->cap, n);
	m->count++;
	return n;
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = (*(struct ns_node *const *)a)->ino;
	uint64_t y = (*(struct ns_node *const *)b)->ino;

	return x < y ? -1 : x > y;
}

/* Every namespace, sorted by id (as lsns sorts them). */
struct ns_node **ns_sorted(const struct ns_model *m, size_t *count)
{
	struct ns_node **all = xcalloc(m->count + 1, sizeof(*all));
	size_t i, n = 0;

	for (i = 0; i < m->cap; i++)
		if (m->slot[i])
			all[n++] = m->slot[i];
	qsort(all, n, sizeof(*all), by_id);
	*count = n;
	return all;
}

void ns_add_kid(struct ns_node *up, struct ns_node *n)
{
	up->kids = xgrow(up->kids, up->nkids, sizeof(*up->kids));
	up->kids[up->nkids++] = n;
	n->up = up;
}

void ns_add_nsfs(struct ns_node *n, const char *path)
{
	size_t i;

	for (i = 0; i < n->nnsfs; i++)
		if (strcmp(n->nsfs[i], path) == 0)
			return;
	n->nsfs = xgrow(n->nsfs, n->nnsfs, sizeof(*n->nsfs));
	n->nsfs[n->nnsfs++] = xasprintf("%s", path);
}

void model_free(struct ns_model *m)
{
	size_t i, k;

	for (i = 0; i < m->cap; i++) {
		struct ns_node *n = m->slot[i];

		if (!n)
			continue;
		free(n->command);
		free(n->holder);
		free(n->kids);
		for (k = 0; k < n->nnsfs; k++)
			free(n->nsfs[k]);
		free(n->nsfs);
		free(n);
	}
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* ---- which namespaces are shown, in which shape ----
 *
 *  - --list: the namespaces that pass --type and -t, sorted by id (as lsns);
 *  - --tree=user: user namespaces nested by parent; with --type=T (T not
 *    user), the namespaces of type T hang under the user namespace that
 *    owns them, so the tree answers "who owns my net namespaces";
 *  - --tree=pid: pid namespaces nested by parent;
 *  - a tree, and --dot, also show the ancestors of what passed the
 *    filters (owners, parents), so that -t PID draws the path from the top
 *    to the target's namespaces instead of a lone node. ---- */

static bool passes_filters(const struct options *opt, const struct ns_node *n)
{
	if (opt->target_pid && !n->target)
		return false;
	switch (opt->tree) {
	case TREE_USER:
		return n->type == NS_USER || (opt->list_types & (1u << n->type));
	case TREE_PID:
		return n->type == NS_PID;
	case TREE_NONE:
		break;
	}
	return !opt->list_types || (opt->list_types & (1u << n->type));
}

/* Where a node hangs in the tree: user and pid namespaces under their
 * parent, others (--tree=user --type=T) under their owner. */
static struct ns_node *tree_up(const struct options *opt,
			       const struct ns_model *m, const struct ns_node *n)
{
	if (opt->tree == TREE_USER && n->type != NS_USER)
		return n->have & NSF_OWNER ? ns_find(m, n->owner) : NULL;
	return n->have & NSF_PARENT ? ns_find(m, n->parent) : NULL;
}

/* --list --dot: a node, its owner and (pid) its parent, up to the top. */
static void show_closure(const struct ns_model *m, struct ns_node *n, int depth)
{
	if (!n || n->shown || depth > MAX_DEPTH)
		return;
	n->shown = true;
	if (n->have & NSF_OWNER)
		show_closure(m, ns_find(m, n->owner), depth + 1);
	if (n->type == NS_PID && n->have & NSF_PARENT)
		show_closure(m, ns_find(m, n->parent), depth + 1);
}

/* Mark what is shown and link the tree.  all[] is sorted by id, so each
 * node's children come out sorted too. */
static void build_tree(const struct options *opt, const struct ns_model *m,
		       struct ns_node **all, size_t count)
{
	struct ns_node *p;
	size_t i;
	int depth;

	for (i = 0; i < count; i++) {
		if (!all[i]->selected)
			continue;
		for (p = all[i], depth = 0; p && !p->shown && depth <= MAX_DEPTH;
		     p = tree_up(opt, m, p), depth++)
			p->shown = true;
	}
	for (i = 0; i < count; i++) {
		if (!all[i]->shown)
			continue;
		p = tree_up(opt, m, all[i]);
		if (p && p->shown && p != all[i])
			ns_add_kid(p, all[i]);
	}
}

/* Every namespace, sorted by id, with .selected, .shown and the tree
 * links set; free() the array. */
struct ns_node **model_select(const struct options *opt, struct ns_model *m,
			      size_t *count)
{
	struct ns_node **all = ns_sorted(m, count);
	size_t i;

	for (i = 0; i < *count; i++)
		all[i]->selected = passes_filters(opt, all[i]);
	if (opt->tree != TREE_NONE) {
		build_tree(opt, m, all, *count);
	} else {
		for (i = 0; i < *count; i++)
			if (all[i]->selected)
				opt->dot ? show_closure(m, all[i], 0) :
					   (void)(all[i]->shown = true);
	}
	return all;
}
