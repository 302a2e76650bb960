/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * render.c - print the namespace model of scan.c: a table (--list), a tree
 * (--tree=user|pid), JSON (--json) or Graphviz DOT (--dot).
 *
 * What is printed:
 *  - --list: the namespaces that pass --type and -t, sorted by id (as lsns);
 *  - --tree=user: user namespaces nested by parent; with --type=T (T not
 *    user), the namespaces of type T hang under the user namespace that
 *    owns them, so the tree answers "who owns my net namespaces";
 *  - --tree=pid: pid namespaces nested by parent;
 *  - a tree, and --dot, also show the ancestors of what passed the
 *    filters (owners, parents), so that -t PID draws the path from the top
 *    to the target's namespaces instead of a lone node.
 * Names and commands come from other users' processes: every one goes
 * through util.c's escape() (HAZARDS.md 39), so a command cannot forge
 * lines, drive the terminal or escape a quoted label.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"
#include "scan.h"

#define MAX_DEPTH 64	/* deeper than the kernel nests: stop drawing */

/* ---- which namespaces, in which shape ---- */

static bool passes_filters(const struct options *opt, const struct ns_node *n)
{
	if (opt->target_pid && !n->target)
		return false;
	switch (opt->tree) {
	case TREE_USER:
		return n->type == NS_USER || n->type == opt->list_type;
	case TREE_PID:
		return n->type == NS_PID;
	case TREE_NONE:
		break;
	}
	return opt->list_type < 0 || n->type == opt->list_type;
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

/* Room for one more of n elements of size in *p (capacity *cap). */
static void grow(void *p, size_t n, size_t *cap, size_t size)
{
	void **array = p;

	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 16;
	*array = realloc(*array, *cap * size);
	if (!*array) {	/* as xcalloc() does: not worth a recovery path */
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(1);
	}
}

static void add_kid(struct ns_node *up, struct ns_node *n)
{
	grow(&up->kids, up->nkids, &up->kids_cap, sizeof(*up->kids));
	up->kids[up->nkids++] = n;
	n->up = up;
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
			add_kid(p, all[i]);
	}
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = (*(struct ns_node *const *)a)->ino;
	uint64_t y = (*(struct ns_node *const *)b)->ino;

	return x < y ? -1 : x > y;
}

/* ---- users: one passwd lookup per uid ---- */

struct user_cache {
	uid_t uid;
	char *name;	/* NULL: no passwd entry */
};

static struct user_cache *users;
static size_t n_users, users_cap;

static const char *user_name(uid_t uid)
{
	size_t i;

	for (i = 0; i < n_users; i++)
		if (users[i].uid == uid)
			return users[i].name;
	grow(&users, n_users, &users_cap, sizeof(*users));
	users[n_users].uid = uid;
	users[n_users].name = NULL;
	(void)passwd_entry(uid, &users[n_users].name, NULL);
	return users[n_users++].name;
}

static void users_free(void)
{
	while (n_users > 0)
		free(users[--n_users].name);
	free(users);
	users = NULL;
	users_cap = 0;
}

static bool has_user(const struct ns_node *n)
{
	return n->pid && (n->have & NSF_UID);
}

/* ---- text: escaping and the table ---- */

/* Columns on a terminal: UTF-8 continuation bytes take none (box-drawing
 * characters are one column each). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

enum column {
	COL_NS, COL_NSID, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_OWNER,
	COL_PARENT, COL_OWNER_UID, COL_COMMAND, N_COLUMNS
};

static const struct {
	const char *name;
	bool right;		/* numbers: aligned right */
} columns[N_COLUMNS] = {
	[COL_NS] = { "NS", true },
	[COL_NSID] = { "NSID", true },
	[COL_TYPE] = { "TYPE", false },
	[COL_NPROCS] = { "NPROCS", true },
	[COL_PID] = { "PID", true },
	[COL_USER] = { "USER", false },
	[COL_OWNER] = { "OWNER", true },
	[COL_PARENT] = { "PARENT", true },
	[COL_OWNER_UID] = { "OWNER-UID", true },
	[COL_COMMAND] = { "COMMAND", false },
};

struct row {
	char *cell[N_COLUMNS];
};

struct table {
	struct row *rows;
	size_t count, cap;
	size_t width[N_COLUMNS];
	bool tree;		/* the NS column holds the tree: left-aligned */
};

static char *u64_cell(bool have, uint64_t v)
{
	return have ? xasprintf("%ju", (uintmax_t)v) : xasprintf("-");
}

static char *command_cell(const struct ns_node *n)
{
	char *esc, *cell;

	if (n->pid && n->command)
		return escape(n->command, ESC_TEXT);
	if (!n->pid && n->holder) {	/* what keeps it alive, in brackets */
		esc = escape(n->holder, ESC_TEXT);
		cell = xasprintf("[%s]", esc);
		free(esc);
		return cell;
	}
	return xasprintf("-");
}

static void table_add(struct table *t, const struct ns_node *n,
		      const char *prefix)
{
	struct row *r;
	const char *name;
	int c;

	grow(&t->rows, t->count, &t->cap, sizeof(*t->rows));
	r = &t->rows[t->count++];
	r->cell[COL_NS] = xasprintf("%s%ju", prefix, (uintmax_t)n->ino);
	r->cell[COL_NSID] = u64_cell(n->have & NSF_NSID, n->nsid);
	r->cell[COL_TYPE] = xasprintf("%s", nstypes[n->type].name);
	r->cell[COL_NPROCS] = xasprintf("%u", n->nprocs);
	r->cell[COL_PID] = u64_cell(n->pid, (uint64_t)n->pid);
	name = has_user(n) ? user_name(n->uid) : NULL;
	if (name)
		r->cell[COL_USER] = escape(name, ESC_TEXT);
	else
		r->cell[COL_USER] = u64_cell(has_user(n), n->uid);
	r->cell[COL_OWNER] = u64_cell(n->have & NSF_OWNER, n->owner);
	r->cell[COL_PARENT] = u64_cell(n->have & NSF_PARENT, n->parent);
	r->cell[COL_OWNER_UID] = u64_cell(n->have & NSF_OWNER_UID, n->owner_uid);
	r->cell[COL_COMMAND] = command_cell(n);
	for (c = 0; c < N_COLUMNS; c++) {
		size_t w = text_width(r->cell[c]);

		if (w > t->width[c])
			t->width[c] = w;
	}
}

static void print_cell(const struct table *t, int c, const char *text)
{
	size_t w = text_width(text), pad = t->width[c] - w;
	bool right = columns[c].right && !(c == COL_NS && t->tree);

	if (c == N_COLUMNS - 1) {	/* the last column is not padded */
		puts(text);
		return;
	}
	if (right)
		printf("%*s%s ", (int)pad, "", text);
	else
		printf("%s%*s ", text, (int)pad, "");
}

static void table_print(struct table *t)
{
	size_t i;
	int c;

	for (c = 0; c < N_COLUMNS; c++)
		if (strlen(columns[c].name) > t->width[c])
			t->width[c] = strlen(columns[c].name);
	for (c = 0; c < N_COLUMNS; c++)
		print_cell(t, c, columns[c].name);
	for (i = 0; i < t->count; i++)
		for (c = 0; c < N_COLUMNS; c++)
			print_cell(t, c, t->rows[i].cell[c]);
}

static void table_free(struct table *t)
{
	size_t i;
	int c;

	for (i = 0; i < t->count; i++)
		for (c = 0; c < N_COLUMNS; c++)
			free(t->rows[i].cell[c]);
	free(t->rows);
}

/* lsns -T, lsuserns and lspidns draw the same way:
 *   4026531837 ...
 *   ├─4026532501 ...
 *   │ └─4026532502 ...
 *   └─4026532600 ...                                                     */
static void tree_rows(struct table *t, const struct ns_node *n, char *lead,
		      size_t lead_len, bool root, bool last, int depth)
{
	char *prefix;
	size_t i, len = lead_len;

	prefix = xasprintf("%.*s%s", (int)lead_len, lead,
			   root ? "" : last ? "└─" : "├─");
	table_add(t, n, prefix);
	free(prefix);
	if (depth >= MAX_DEPTH)
		return;
	if (!root)
		len += (size_t)sprintf(lead + lead_len, "%s", last ? "  " : "│ ");
	for (i = 0; i < n->nkids; i++)
		tree_rows(t, n->kids[i], lead, len, false, i + 1 == n->nkids,
			  depth + 1);
}

/* ---- JSON ---- */

static void json_u64(bool have, uint64_t v)
{
	if (have)
		printf("%ju", (uintmax_t)v);
	else
		fputs("null", stdout);
}

/* The stable fields, documented in nsjoin(1); null where one does not
 * apply or the kernel would not say. */
static void json_fields(const struct ns_node *n)
{
	printf("\"id\": %ju, \"nsid\": ", (uintmax_t)n->ino);
	json_u64(n->have & NSF_NSID, n->nsid);
	printf(", \"type\": \"%s\", \"nprocs\": %u, \"pid\": ",
	       nstypes[n->type].name, n->nprocs);
	json_u64(n->pid, (uint64_t)n->pid);
	fputs(", \"uid\": ", stdout);
	json_u64(has_user(n), n->uid);
	fputs(", \"user\": ", stdout);
	json_string(has_user(n) ? user_name(n->uid) : NULL);
	fputs(", \"owner\": ", stdout);
	json_u64(n->have & NSF_OWNER, n->owner);
	fputs(", \"parent\": ", stdout);
	json_u64(n->have & NSF_PARENT, n->parent);
	fputs(", \"owner_uid\": ", stdout);
	json_u64(n->have & NSF_OWNER_UID, n->owner_uid);
	fputs(", \"command\": ", stdout);
	json_string(n->pid ? n->command : NULL);
}

static void json_list(struct ns_node **all, size_t count)
{
	const char *sep = "\n";
	size_t i;

	fputs("{\"namespaces\": [", stdout);
	for (i = 0; i < count; i++) {
		if (!all[i]->selected)
			continue;
		printf("%s  {", sep);
		json_fields(all[i]);
		putchar('}');
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n]}\n" : "]}\n", stdout);
}

static void json_tree_node(const struct ns_node *n, int depth)
{
	size_t i;

	printf("%*s{", 2 * depth + 2, "");
	json_fields(n);
	fputs(", \"children\": [", stdout);
	if (depth < MAX_DEPTH) {
		for (i = 0; i < n->nkids; i++) {
			fputs(i ? ",\n" : "\n", stdout);
			json_tree_node(n->kids[i], depth + 1);
		}
	}
	fputs("]}", stdout);
}

static void json_tree(struct ns_node **all, size_t count)
{
	const char *sep = "\n";
	size_t i;

	fputs("{\"tree\": [", stdout);
	for (i = 0; i < count; i++) {
		if (!all[i]->shown || all[i]->up)
			continue;
		fputs(sep, stdout);
		json_tree_node(all[i], 0);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n]}\n" : "]}\n", stdout);
}

/* ---- DOT ---- */

/* A label is a picture, not a record: a long command is cut, at a
 * character boundary, with "..." to say so. */
static char *label_cut(const char *s)
{
	const size_t max = 40;
	size_t chars = 0, i = 0;

	while (s[i] && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	return s[i] ? xasprintf("%.*s...", (int)i, s) : xasprintf("%s", s);
}

static void dot_node(const struct ns_node *n)
{
	char *text = NULL, *esc;

	printf("\t\"%ju\" [shape=%s, label=\"%s %ju", (uintmax_t)n->ino,
	       n->type == NS_USER ? "ellipse" : "box", nstypes[n->type].name,
	       (uintmax_t)n->ino);
	if (n->have & NSF_NSID)
		printf("\\nnsid %ju", (uintmax_t)n->nsid);
	if (n->pid) {
		text = label_cut(n->command ? n->command : "?");
		esc = escape(text, ESC_DOT);
		printf("\\npid %d %s", (int)n->pid, esc);
		if (n->nprocs > 1)
			printf("\\n%u processes", n->nprocs);
		free(esc);
	} else if (n->holder) {
		esc = escape(n->holder, ESC_DOT);
		printf("\\n%s", esc);
		free(esc);
	}
	if (n->have & NSF_OWNER_UID)
		printf("\\nowner uid %u", (unsigned)n->owner_uid);
	fputs("\"];\n", stdout);
	free(text);
}

static void dot_edge(const struct ns_model *m, uint64_t from,
		     const struct ns_node *to, bool owns)
{
	const struct ns_node *f = ns_find(m, from);

	if (f && f->shown && f != to)
		printf("\t\"%ju\" -> \"%ju\"%s;\n", (uintmax_t)from,
		       (uintmax_t)to->ino, owns ? " [style=dashed]" : "");
}

static void dot_graph(const struct options *opt, const struct ns_model *m,
		      struct ns_node **all, size_t count)
{
	const struct ns_node *n;
	size_t i;

	printf("digraph namespaces {\n"
	       "\t// nsjoin %s --dot: solid edges nest (parent -> child),\n"
	       "\t// dashed edges own (user namespace -> what it owns)\n"
	       "\tnode [fontname=\"monospace\"];\n",
	       opt->tree == TREE_USER ? "--tree=user" :
	       opt->tree == TREE_PID ? "--tree=pid" : "--list");
	for (i = 0; i < count; i++)
		if (all[i]->shown)
			dot_node(all[i]);
	for (i = 0; i < count; i++) {
		n = all[i];
		if (!n->shown)
			continue;
		if ((n->type == NS_USER || n->type == NS_PID) &&
		    n->have & NSF_PARENT)
			dot_edge(m, n->parent, n, false);
		if (n->type != NS_USER && n->have & NSF_OWNER)
			dot_edge(m, n->owner, n, true);
	}
	fputs("}\n", stdout);
}

/* ---- the entry point ---- */

int render_namespaces(const struct options *opt, struct ns_model *m)
{
	struct ns_node **all = xcalloc(m->count + 1, sizeof(*all));
	struct table table = { .tree = opt->tree != TREE_NONE };
	char lead[MAX_DEPTH * 4 + 8];
	size_t i, count = 0;
	int r;

	for (i = 0; i < m->cap; i++)
		if (m->slot[i])
			all[count++] = m->slot[i];
	qsort(all, count, sizeof(*all), by_id);
	for (i = 0; i < count; i++)
		all[i]->selected = passes_filters(opt, all[i]);

	if (opt->tree != TREE_NONE) {
		build_tree(opt, m, all, count);
	} else {
		for (i = 0; i < count; i++)
			if (all[i]->selected)
				opt->dot ? show_closure(m, all[i], 0) :
					   (void)(all[i]->shown = true);
	}

	if (opt->dot) {
		dot_graph(opt, m, all, count);
	} else if (opt->json) {
		if (opt->tree != TREE_NONE)
			json_tree(all, count);
		else
			json_list(all, count);
	} else {
		for (i = 0; i < count; i++) {
			if (!all[i]->shown)
				continue;
			if (opt->tree == TREE_NONE)
				table_add(&table, all[i], "");
			else if (!all[i]->up)
				tree_rows(&table, all[i], lead, 0, true, true, 0);
		}
		table_print(&table);
		table_free(&table);
	}
	r = close_stdout();
	free(all);
	users_free();
	return r;
}
