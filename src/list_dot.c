/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list_dot.c - --list --dot and --tree --dot: the namespaces model_select()
 * chose, as a Graphviz digraph a person can read for a whole host.
 *
 * Each namespace is a node (an ellipse for a user namespace, a box for the
 * others) labelled with its type, id and lowest process.  Solid edges
 * nest (parent -> child: user and pid namespaces); with --list and
 * --tree=user each user namespace is a cluster, a box around what it owns
 * and the user namespaces under it, and what it owns stands in columns, a
 * vertical stack per type: forty namespaces make a block, not a row forty
 * wide (12,512 x 687 pixels before).  --tree=pid has no clusters: dashed
 * edges show ownership there.  Labels come from other users' processes
 * and go through escape(ESC_DOT).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"

/* A label is a picture, not a record: a long command is cut, at a
 * character boundary, with "..." to say so. */
static char *label_cut(const char *s)
{
	size_t i = utf8_fit(s, 24);

	return s[i] ? xasprintf("%.*s...", (int)i, s) : xasprintf("%s", s);
}

static void dot_node(const struct ns_node *n, const char *indent)
{
	char *cut, *esc;

	printf("%s\"%ju\" [shape=%s, label=\"%s %ju", indent, (uintmax_t)n->ino,
	       n->type == NS_USER ? "ellipse" : "box", nstypes[n->type].name,
	       (uintmax_t)n->ino);
	if (n->have & NSF_NSID)
		printf("\\nnsid %ju", (uintmax_t)n->nsid);
	if (n->pid) {
		cut = label_cut(n->command ? n->command : "?");
		esc = escape(cut, ESC_DOT);
		printf("\\npid %d %s", (int)n->pid, esc);
		if (n->nprocs > 1)
			printf("\\n%u processes", n->nprocs);
		free(esc);
		free(cut);
	} else if (n->holder) {
		cut = label_cut(n->holder);
		esc = escape(cut, ESC_DOT);
		printf("\\n%s", esc);
		free(esc);
		free(cut);
	}
	if (n->have & NSF_OWNER_UID)
		printf("\\nowner uid %u", (unsigned)n->owner_uid);
	fputs("\"];\n", stdout);
}

/* The namespaces a user namespace owns, drawn inside its cluster: one
 * column per type, each a vertical stack (invisible edges rank them), so
 * that forty namespaces make a block, not a row forty wide. */
static void dot_owned(struct ns_node **all, size_t count, const struct ns_node *u,
		      int depth)
{
	char indent[MAX_DEPTH + 4];
	const struct ns_node *prev;
	size_t i;
	int t;

	memset(indent, '\t', (size_t)depth + 1);
	indent[depth + 1] = '\0';
	for (t = 0; t < NS_COUNT; t++) {
		if (t == NS_USER)
			continue;
		prev = NULL;
		for (i = 0; i < count; i++) {
			const struct ns_node *n = all[i];

			if (!n->shown || n->type != t ||
			    (u ? !(n->have & NSF_OWNER) || n->owner != u->ino
			       : (n->have & NSF_OWNER)))
				continue;
			dot_node(n, indent);
			if (prev)
				printf("%s\"%ju\" -> \"%ju\" [style=invis];\n", indent,
				       (uintmax_t)prev->ino, (uintmax_t)n->ino);
			prev = n;
		}
	}
}

/* A user namespace as a cluster: itself, what it owns, its children. */
static void dot_cluster(struct ns_node **all, size_t count, const struct ns_node *u,
			int depth)
{
	size_t i;

	printf("%*ssubgraph \"cluster_%ju\" {\n", depth + 1, "", (uintmax_t)u->ino);
	printf("%*slabel=\"user namespace %ju\";\n", depth + 2, "", (uintmax_t)u->ino);
	dot_node(u, "\t\t");
	dot_owned(all, count, u, depth + 1);
	if (depth < MAX_DEPTH)
		for (i = 0; i < count; i++)
			if (all[i]->shown && all[i]->type == NS_USER &&
			    (all[i]->have & NSF_PARENT) && all[i]->parent == u->ino)
				dot_cluster(all, count, all[i], depth + 1);
	printf("%*s}\n", depth + 1, "");
}

static void dot_edge(const struct ns_model *m, uint64_t from,
		     const struct ns_node *to, bool owns)
{
	const struct ns_node *f = ns_find(m, from);

	if (f && f->shown && f != to)
		printf("\t\"%ju\" -> \"%ju\"%s;\n", (uintmax_t)from,
		       (uintmax_t)to->ino, owns ? " [style=dashed]" : "");
}

void dot_render(const struct options *opt, const struct ns_model *m,
		struct ns_node **all, size_t count)
{
	const struct ns_node *n;
	bool clusters = opt->tree != TREE_PID;
	size_t i;

	printf("digraph namespaces {\n"
	       "\t// nsjoin %s --dot: solid edges nest (parent -> child)%s\n"
	       "\tnode [fontname=\"monospace\"];\n"
	       "\tcompound=true; newrank=true; ranksep=0.3; nodesep=0.2;\n",
	       opt->tree == TREE_USER ? "--tree=user" :
	       opt->tree == TREE_PID ? "--tree=pid" : "--list",
	       clusters ? ";\n\t// each user namespace is a box around what it owns" : "");
	if (clusters) {
		for (i = 0; i < count; i++)
			if (all[i]->shown && all[i]->type == NS_USER &&
			    !(all[i]->have & NSF_PARENT && ns_find(m, all[i]->parent) &&
			      ns_find(m, all[i]->parent)->shown))
				dot_cluster(all, count, all[i], 0);
		/* namespaces whose owner is out of sight */
		dot_owned(all, count, NULL, 0);
	} else {
		for (i = 0; i < count; i++)
			if (all[i]->shown)
				dot_node(all[i], "\t");
	}
	for (i = 0; i < count; i++) {
		n = all[i];
		if (n->shown && (n->type == NS_USER || n->type == NS_PID) &&
		    n->have & NSF_PARENT)
			dot_edge(m, n->parent, n, false);
		if (!clusters && n->shown && n->type != NS_USER && n->have & NSF_OWNER)
			dot_edge(m, n->owner, n, true);
	}
	fputs("}\n", stdout);
}

