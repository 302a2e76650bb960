/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list.c - --list and --tree: choose the columns (so a bad --output fails
 * before /proc is walked), scan, select, write (a table, a tree, JSON or
 * DOT), and say when an ordinary user sees only part of the host.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"

int list_namespaces(const struct options *opt)
{
	struct ns_model model = { NULL, 0, 0, 0 };
	struct list_view view;
	int r;

	if (opt->output && strcmp(opt->output, "help") == 0)
		return columns_help();
	if (columns_choose(opt, &view) < 0)
		return -1;
	r = scan_namespaces(opt, view.wants, &model);
	if (r == 0) {
		size_t count;
		struct ns_node **all = model_select(opt, &model, &count);

		if (opt->dot)
			dot_render(opt, &model, all, count);
		else
			render_namespaces(opt, &view, all, count);
		free(all);
		r = close_stdout();
	}
	/* ptrace rules hide other users' processes from an ordinary user:
	 * the counts are then partial, and they are not to be read as whole */
	if (r == 0 && model.hidden)
		fprintf(stderr, "%s: note: %zu process%s of other users could not be "
			"looked at (not root): the view and the counts are partial\n",
			progname, model.hidden, model.hidden == 1 ? "" : "es");
	model_free(&model);
	return r;
}
