/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list_render.c - print the namespaces model_select() chose: a table
 * (--list), a tree (--tree=user|pid), raw lines (--raw) or JSON (--json);
 * list_dot.c draws them for Graphviz.
 *
 * One table of columns drives the table, the tree, raw and JSON output,
 * --output, --output=help and the completions, in the model of
 * libsmartcols (which lsns uses, but which Debian ships without a static
 * archive, and the static binary is worth a third of the start-up): each
 * column has lsns's name where the meaning is lsns's, a JSON key (the
 * stable one), and a width policy: numbers are aligned right, the text of
 * a "trunc" column is cut to fit the terminal, a "wrap" column puts each
 * of its values on a line of its own (--nowrap: on one line).  Nothing is
 * cut when the output is not a terminal.
 *
 * Names and commands come from other users' processes: every one goes
 * through util.c's escape() (HAZARDS.md 39), so a command cannot forge
 * lines, drive the terminal or escape a quoted label.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "list.h"

/* ---- the columns ---- */

enum {
	CF_RIGHT = 1 << 0,	/* a number: aligned right, a JSON number */
	CF_TRUNC = 1 << 1,	/* may be cut to fit the terminal */
	CF_WRAP = 1 << 2,	/* several values: a line each (not --nowrap) */
};

static const struct column_def {
	const char *name;	/* --output, the heading; lsns's where it is lsns's meaning */
	const char *json;	/* the JSON key: stable, documented in nsjoin(1) */
	unsigned int flags;
	const char *help;
} columns[N_COLUMNS] = {
	[COL_NS] = { "NS", "id", CF_RIGHT, "namespace identifier (inode number)" },
	[COL_NSID] = { "NSID", "nsid", CF_RIGHT, "64-bit namespace id (for --net=:NSID)" },
	[COL_TYPE] = { "TYPE", "type", 0, "kind of namespace" },
	[COL_PATH] = { "PATH", "path", CF_TRUNC, "path to the namespace" },
	[COL_NPROCS] = { "NPROCS", "nprocs", CF_RIGHT, "number of processes in the namespace" },
	[COL_PID] = { "PID", "pid", CF_RIGHT, "lowest PID in the namespace" },
	[COL_PPID] = { "PPID", "ppid", CF_RIGHT, "PPID of the PID" },
	[COL_COMMAND] = { "COMMAND", "command", CF_TRUNC, "command line of the PID" },
	[COL_UID] = { "UID", "uid", CF_RIGHT, "UID of the PID" },
	[COL_USER] = { "USER", "user", 0, "username of the PID" },
	[COL_NETNSID] = { "NETNSID", "netnsid", CF_RIGHT, "namespace ID as used by network subsystem" },
	[COL_NSFS] = { "NSFS", "nsfs", CF_TRUNC | CF_WRAP, "nsfs mountpoint (usually used network subsystem)" },
	[COL_PNS] = { "PNS", "parent", CF_RIGHT, "parent namespace identifier (inode number)" },
	[COL_ONS] = { "ONS", "owner", CF_RIGHT, "owner namespace identifier (inode number)" },
	[COL_OWNER_UID] = { "OWNER-UID", "owner_uid", CF_RIGHT, "UID that created a user namespace" },
	[COL_HOLDER] = { "HOLDER", "holder", CF_TRUNC, "what keeps a namespace with no process alive" },
};

/* lsns's defaults (NETNSID and NSFS too when only net namespaces are
 * listed), and the 64-bit id that --net=:NSID takes. */
static const int default_columns[] = {
	COL_NS, COL_NSID, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_COMMAND,
};

static int column_by_name(const char *name, size_t len)
{
	int c;

	for (c = 0; c < N_COLUMNS; c++)
		if (strlen(columns[c].name) == len && strncasecmp(columns[c].name, name, len) == 0)
			return c;
	return -1;
}

static void add_column(struct list_view *v, int c)
{
	size_t i;

	for (i = 0; i < v->ncols; i++)
		if (v->cols[i] == c)
			return;
	v->cols[v->ncols++] = c;
}

/* --output=LIST ("+LIST" adds to the defaults, as in lsns), --output-all */
int columns_choose(const struct options *opt, struct list_view *v)
{
	const char *list = opt->output, *p;
	size_t i;
	int c;

	memset(v, 0, sizeof(*v));
	if (opt->output_all) {
		for (c = 0; c < N_COLUMNS; c++)
			add_column(v, c);
	} else if (!list || *list == '+') {
		for (i = 0; i < ARRAY_SIZE(default_columns); i++) {
			if (default_columns[i] == COL_COMMAND && opt->list_types == 1u << NS_NET) {
				add_column(v, COL_NETNSID);
				add_column(v, COL_NSFS);
			}
			add_column(v, default_columns[i]);
		}
	}
	/* every item names a column: "NS,,PID" and "NS," are errors */
	for (p = list && *list == '+' ? list + 1 : list; p;) {
		size_t n = strcspn(p, ",");

		c = column_by_name(p, n);
		if (c < 0) {
			char *bad = xasprintf("%.*s", (int)n, p);

			fail("unknown column %s for --output (--output=help lists them)",
			     quote(bad));
			free(bad);
			return -1;
		}
		add_column(v, c);
		p = p[n] == ',' ? p + n + 1 : NULL;
	}
	for (i = 0; i < v->ncols; i++) {
		v->wants |= v->cols[i] == COL_PPID ? WANT_PPID : 0;
		v->wants |= v->cols[i] == COL_NSFS || v->cols[i] == COL_PATH ? WANT_NSFS : 0;
		v->wants |= v->cols[i] == COL_NETNSID ? WANT_NETNSID : 0;
	}
	/* JSON holds every field unless --output chose some */
	if (opt->json && !opt->output)
		v->wants |= WANT_PPID | WANT_NSFS | WANT_NETNSID;
	return 0;
}

int columns_help(void)
{
	int c;

	printf("Available output columns (--output=LIST, --output=+LIST):\n");
	for (c = 0; c < N_COLUMNS; c++)
		printf(" %11s  %s\n", columns[c].name, columns[c].help);
	return close_stdout();
}

/* ---- users: one passwd lookup per uid ---- */

struct user_cache {
	uid_t uid;
	char *name;	/* NULL: no passwd entry */
};

static struct user_cache *users;
static size_t n_users;

static const char *user_name(uid_t uid)
{
	size_t i;

	for (i = 0; i < n_users; i++)
		if (users[i].uid == uid)
			return users[i].name;
	users = xgrow(users, n_users, sizeof(*users));
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
}

static bool has_user(const struct ns_node *n)
{
	return n->pid && (n->have & NSF_UID);
}

/* ---- the value of a cell: a number (have, v) or a text ---- */

struct value {
	bool have;		/* false: nothing known (-, null) */
	bool number;
	uint64_t v;
	char *text;		/* allocated, raw (escaped when printed) */
};

static struct value num(bool have, uint64_t v)
{
	return (struct value){ have, true, v, NULL };
}

static struct value text(const char *s)
{
	return (struct value){ s != NULL, false, 0, s ? xasprintf("%s", s) : NULL };
}

static struct value cell_value(const struct ns_node *n, int c)
{
	char path[48];

	switch (c) {
	case COL_NS:
		return num(true, n->ino);
	case COL_NSID:
		return num(n->have & NSF_NSID, n->nsid);
	case COL_TYPE:
		return text(nstypes[n->type].name);
	case COL_PATH:
		if (n->pid) {
			snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)n->pid,
				 nstypes[n->type].name);
			return text(path);
		}
		return n->nnsfs ? text(n->nsfs[0]) : text(NULL);
	case COL_NPROCS:
		return num(true, n->nprocs);
	case COL_PID:
		return num(n->pid, (uint64_t)n->pid);
	case COL_PPID:
		return num(n->pid && (n->have & NSF_PPID), (uint64_t)n->ppid);
	case COL_COMMAND:
		return text(n->pid ? n->command : NULL);
	case COL_UID:
		return num(has_user(n), n->uid);
	case COL_USER:
		return text(has_user(n) ? user_name(n->uid) : NULL);
	case COL_NETNSID:
		return num((n->have & NSF_NETNSID) && n->netnsid >= 0, (uint64_t)n->netnsid);
	case COL_NSFS:		/* the first; cell_for_table and json_cell take all */
		return text(n->nnsfs ? n->nsfs[0] : NULL);
	case COL_PNS:
		return num(n->have & NSF_PARENT, n->parent);
	case COL_ONS:
		return num(n->have & NSF_OWNER, n->owner);
	case COL_OWNER_UID:
		return num(n->have & NSF_OWNER_UID, n->owner_uid);
	case COL_HOLDER:
		return text(n->pid ? NULL : n->holder);
	}
	return text(NULL);
}

/* What a table cell shows: escaped text, NULL for nothing known (the
 * table prints "-", --raw nothing), and in COMMAND the holder of a
 * namespace with no process, in brackets. */
static char *cell_text(const struct ns_node *n, int c, const struct value *val)
{
	char *esc, *s;

	if (c == COL_NETNSID && (n->have & NSF_NETNSID) && n->netnsid < 0)
		return xasprintf("unassigned");	/* lsns says so */
	if (c == COL_COMMAND && !n->pid && n->holder) {
		esc = escape(n->holder, ESC_TEXT);
		s = xasprintf("[%s]", esc);
		free(esc);
		return s;
	}
	if (!val->have)
		return NULL;
	if (val->number)
		return xasprintf("%ju", (uintmax_t)val->v);
	return escape(val->text, ESC_TEXT);	/* a newline becomes \x0a */
}

/* ---- the table (and the tree, whose NS column draws it) ---- */

struct row {
	char *cell[N_COLUMNS];		/* by column id; may hold "\n"s (wrap) */
};

struct table {
	const struct list_view *v;
	struct row *rows;
	size_t count;
	size_t width[N_COLUMNS];
	bool tree, raw, nowrap;
};

/* A cell of the table, escaped; NULL for nothing known.  NSFS, a wrap
 * column, holds each bind mount, escaped alone (a newline in a path is
 * \x0a, never a line of the cell), one a line ("\n"), or with --nowrap
 * and --raw joined by ",". */
static char *cell_for_table(const struct ns_node *n, int c, const struct table *t)
{
	struct value val;
	char *s, *e, *p;
	size_t i;

	if ((columns[c].flags & CF_WRAP) && n->nnsfs) {
		s = NULL;
		for (i = 0; i < n->nnsfs; i++) {
			e = escape(n->nsfs[i], ESC_TEXT);
			p = xasprintf("%s%s%s", s ? s : "", !s ? "" :
				      t->nowrap || t->raw ? "," : "\n", e);
			free(s);
			free(e);
			s = p;
		}
		return s;
	}
	val = cell_value(n, c);
	s = cell_text(n, c, &val);
	free(val.text);
	return s;
}

/* --raw, as libsmartcols writes it: a blank inside a value is \x20 */
static char *escape_blanks(const char *s)
{
	char *out = xcalloc(strlen(s) * 4 + 1, 1), *o = out;

	for (; *s; s++) {
		if (*s == ' ') {
			memcpy(o, "\\x20", 4);
			o += 4;
		} else {
			*o++ = *s;
		}
	}
	return out;
}

static void table_add(struct table *t, const struct ns_node *n, const char *prefix)
{
	struct row *r;
	size_t i;

	t->rows = xgrow(t->rows, t->count, sizeof(*t->rows));
	r = &t->rows[t->count++];
	memset(r, 0, sizeof(*r));
	for (i = 0; i < t->v->ncols; i++) {
		int c = t->v->cols[i];
		char *s = cell_for_table(n, c, t), *line, *save = NULL;

		if (c == COL_NS && *prefix && !t->raw) {
			char *tr = xasprintf("%s%s", prefix, s);

			free(s);
			s = tr;
		}
		if (t->raw) {
			/* one line, blanks escaped: fields split at a blank;
			 * nothing known is an empty field */
			char *e = escape_blanks(s ? s : "");

			free(s);
			s = e;
		} else if (!s) {
			s = xasprintf("-");
		}
		r->cell[c] = s;
		/* the widest line of the cell */
		line = xasprintf("%s", s);
		for (char *l = strtok_r(line, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			if (utf8_width(l, strlen(l)) > t->width[c])
				t->width[c] = utf8_width(l, strlen(l));
		free(line);
	}
}

/* Where the output is a terminal, its width: the columns that may be cut
 * are narrowed, the rightmost first, until a line fits (not below their
 * heading).  Elsewhere nothing is cut: a script reads whole values. */
static void fit_terminal(struct table *t)
{
	struct winsize ws;
	size_t total = 0, i, need, termw = 0;
	uint64_t cols;
	const char *env;

	if (t->nowrap || t->raw || !isatty(STDOUT_FILENO))
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		termw = ws.ws_col;
	else if ((env = getenv("COLUMNS")) != NULL && parse_decimal(env, 65535, &cols) == 0)
		termw = (size_t)cols;	/* a terminal that gives no size */
	if (!termw)
		return;
	for (i = 0; i < t->v->ncols; i++)
		total += t->width[t->v->cols[i]] + (i ? 1 : 0);
	/* the last column is not padded: a line may end one column short of
	 * the edge and still fit (a terminal wraps only past it) */
	for (i = t->v->ncols; total > termw && i-- > 0;) {
		int c = t->v->cols[i];
		size_t min = strlen(columns[c].name);

		if (!(columns[c].flags & CF_TRUNC) || t->width[c] <= min)
			continue;
		need = total - termw;
		if (t->width[c] - min < need)
			need = t->width[c] - min;
		t->width[c] -= need;
		total -= need;
	}
}

/* One physical line of a cell, cut to the column's width when it is one
 * that may be cut (with "…" to say so). */
static void print_cell(const struct table *t, int c, const char *s, size_t len,
		       bool last)
{
	size_t w = utf8_width(s, len), width = t->width[c];
	bool right = (columns[c].flags & CF_RIGHT) && !(c == COL_NS && t->tree);

	if (t->raw) {
		printf("%.*s%s", (int)len, s, last ? "\n" : " ");
		return;
	}
	if (w > width && (columns[c].flags & CF_TRUNC) && width > 0) {
		size_t keep = utf8_fit(s, width - 1);

		printf("%.*s…%s", (int)keep, s, last ? "\n" : " ");
		return;
	}
	if (last)
		printf("%*s%.*s\n", right ? (int)(width - w) : 0, "", (int)len, s);
	else if (right)
		printf("%*s%.*s ", (int)(width > w ? width - w : 0), "", (int)len, s);
	else
		printf("%.*s%*s ", (int)len, s, (int)(width > w ? width - w : 0), "");
}

/* A row, on as many lines as its wrap cells need. */
static void print_row(const struct table *t, char *const *cells)
{
	const char *pos[N_COLUMNS];
	bool more = true;
	size_t i;

	for (i = 0; i < t->v->ncols; i++)
		pos[i] = cells[t->v->cols[i]];
	while (more) {
		more = false;
		for (i = 0; i < t->v->ncols; i++) {
			const char *s = pos[i] ? pos[i] : "";
			size_t len = strcspn(s, "\n");

			print_cell(t, t->v->cols[i], s, len, i + 1 == t->v->ncols);
			if (pos[i]) {
				pos[i] = s[len] == '\n' ? s + len + 1 : NULL;
				more = more || pos[i];
			}
		}
	}
}

static void table_print(struct table *t, bool headings)
{
	char *head[N_COLUMNS];
	size_t i;

	for (i = 0; i < t->v->ncols; i++) {
		int c = t->v->cols[i];

		head[c] = (char *)columns[c].name;
		if (strlen(columns[c].name) > t->width[c])
			t->width[c] = strlen(columns[c].name);
	}
	fit_terminal(t);
	if (headings)
		print_row(t, head);
	for (i = 0; i < t->count; i++)
		print_row(t, t->rows[i].cell);
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

static void json_cell(const struct ns_node *n, int c)
{
	struct value val = cell_value(n, c);
	size_t i;

	printf("\"%s\": ", columns[c].json);
	if (c == COL_NSFS) {
		/* every bind mount, as a list */
		if (!n->nnsfs) {
			fputs("null", stdout);
		} else {
			putchar('[');
			for (i = 0; i < n->nnsfs; i++) {
				fputs(i ? ", " : "", stdout);
				json_string(n->nsfs[i]);
			}
			putchar(']');
		}
	} else if (val.number && val.have) {
		printf("%ju", (uintmax_t)val.v);
	} else if (val.number) {
		fputs("null", stdout);
	} else {
		json_string(val.have ? val.text : NULL);
	}
	free(val.text);
}

/* The columns of --output, or every field: the stable ones first, in the
 * order nsjoin(1) documents them. */
static const int json_all[] = {
	COL_NS, COL_NSID, COL_TYPE, COL_NPROCS, COL_PID, COL_UID, COL_USER, COL_ONS,
	COL_PNS, COL_OWNER_UID, COL_COMMAND, COL_PPID, COL_PATH, COL_NETNSID,
	COL_NSFS, COL_HOLDER,
};

static void json_fields(const struct options *opt, const struct list_view *v,
			const struct ns_node *n)
{
	size_t i;

	if (opt->output || opt->output_all) {
		for (i = 0; i < v->ncols; i++) {
			fputs(i ? ", " : "", stdout);
			json_cell(n, v->cols[i]);
		}
		return;
	}
	for (i = 0; i < ARRAY_SIZE(json_all); i++) {
		fputs(i ? ", " : "", stdout);
		json_cell(n, json_all[i]);
	}
}

static void json_list(const struct options *opt, const struct list_view *v,
		      struct ns_node **all, size_t count)
{
	const char *sep = "\n";
	size_t i;

	fputs("{\"namespaces\": [", stdout);
	for (i = 0; i < count; i++) {
		if (!all[i]->selected)
			continue;
		printf("%s  {", sep);
		json_fields(opt, v, all[i]);
		putchar('}');
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n]}\n" : "]}\n", stdout);
}

static void json_tree_node(const struct options *opt, const struct list_view *v,
			   const struct ns_node *n, int depth)
{
	size_t i;

	printf("%*s{", 2 * depth + 2, "");
	json_fields(opt, v, n);
	fputs(", \"children\": [", stdout);
	if (depth < MAX_DEPTH) {
		for (i = 0; i < n->nkids; i++) {
			fputs(i ? ",\n" : "\n", stdout);
			json_tree_node(opt, v, n->kids[i], depth + 1);
		}
	}
	fputs("]}", stdout);
}

static void json_tree(const struct options *opt, const struct list_view *v,
		      struct ns_node **all, size_t count)
{
	const char *sep = "\n";
	size_t i;

	fputs("{\"tree\": [", stdout);
	for (i = 0; i < count; i++) {
		if (!all[i]->shown || all[i]->up)
			continue;
		fputs(sep, stdout);
		json_tree_node(opt, v, all[i], 0);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n]}\n" : "]}\n", stdout);
}

/* ---- the entry point ---- */

/* The table, the tree or JSON of the namespaces model_select() marked. */
void render_namespaces(const struct options *opt, const struct list_view *v,
		       struct ns_node **all, size_t count)
{
	struct table table = { .v = v, .tree = opt->tree != TREE_NONE,
			       .raw = opt->raw, .nowrap = opt->nowrap };
	char lead[MAX_DEPTH * 8 + 8];
	size_t i;

	if (opt->json) {
		if (opt->tree != TREE_NONE)
			json_tree(opt, v, all, count);
		else
			json_list(opt, v, all, count);
	} else {
		for (i = 0; i < count; i++) {
			if (!all[i]->shown)
				continue;
			if (opt->tree == TREE_NONE || opt->raw)
				table_add(&table, all[i], "");
			else if (!all[i]->up)
				tree_rows(&table, all[i], lead, 0, true, true, 0);
		}
		table_print(&table, !opt->noheadings);
		table_free(&table);
	}
	users_free();
}
