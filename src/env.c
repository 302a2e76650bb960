/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * env.c - the target's environment for the program (-e, --as-target),
 * made safe (HAZARDS.md 20 and 36).
 *
 * The program runs with the caller's privileges, usually root's, and the
 * environment comes from the target, which may be hostile.  A variable must
 * never choose code that the program, or a program it starts, runs:
 *  - dropped: what glibc drops for a setuid program (unsecvars.h: the
 *    loader's LD_*, GCONV_PATH, LOCPATH, NLSPATH, HOSTALIASES, ... and
 *    GLIBC_TUNABLES, CVE-2023-4911); the start-up files and prompts of
 *    shells (BASH_ENV='$(id>/tmp/x)' ran in root's "bash -c"); exported
 *    shell functions; interpreters' option and module path variables; and
 *    the variables that name a program for another one to run (PAGER,
 *    LESSOPEN, EDITOR, GIT_SSH_COMMAND, ...);
 *  - the caller's: PATH, HOME and the XDG base directories name places in
 *    the file system where programs find code and configuration.  They are
 *    the target's only when the program runs among the target's own files
 *    (its mount namespace, or its root); otherwise the caller's values stay
 *    (or none), so the target never picks binaries from a file system it
 *    does not own.
 * The man page (ENVIRONMENT) lists the same names; a test checks it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"

/* Exact names, or prefixes where the entry ends in '*'. */
static const char *const dropped_vars[] = {
	/* glibc's secure-mode list, and the loader's whole namespace */
	"LD_*", "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES",
	"LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH",
	"RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
	/* shells: start-up files, options, prompts (expanded, so they run
	 * command substitutions), function paths */
	"BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "BASH_FUNC_*", "PS0", "PS1",
	"PS2", "PS3", "PS4", "PROMPT_COMMAND", "ZDOTDIR", "FPATH", "IFS",
	/* interpreters: options and module paths */
	"PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "PYTHONPATH",
	"PYTHONSTARTUP", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONBREAKPOINT",
	"PYTHONWARNINGS", "NODE_OPTIONS", "NODE_PATH", "RUBYOPT", "RUBYLIB",
	"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH",
	"LUA_INIT*", "LUA_PATH*", "LUA_CPATH*", "TCLLIBPATH",
	/* programs that other programs run */
	"PAGER", "MANPAGER", "LESSOPEN", "LESSCLOSE", "EDITOR", "VISUAL",
	"BROWSER", "SSH_ASKPASS", "SUDO_ASKPASS", "GIT_*",
};

/* Places in the file system: the target's only among its own files. */
static const char *const place_vars[] = {
	"PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_DATA_HOME",
	"XDG_DATA_DIRS", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
};

static bool name_in(const char *entry, size_t namelen,
		    const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t l = strlen(list[i]);

		if (list[i][l - 1] == '*') {
			if (namelen >= l - 1 && memcmp(entry, list[i], l - 1) == 0)
				return true;
		} else if (namelen == l && memcmp(entry, list[i], l) == 0) {
			return true;
		}
	}
	return false;
}

enum env_rule env_rule(const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t namelen;

	if (!eq || eq == entry)
		return ENV_DROP;	/* not a variable */
	namelen = (size_t)(eq - entry);
	/* bash's exported functions before Shellshock's fix: NAME='() {...' */
	if (strncmp(eq + 1, "() {", 4) == 0 ||
	    name_in(entry, namelen, dropped_vars, ARRAY_SIZE(dropped_vars)))
		return ENV_DROP;
	if (name_in(entry, namelen, place_vars, ARRAY_SIZE(place_vars)))
		return ENV_PLACE;
	return ENV_KEEP;
}

/* The name of an entry, allocated. */
static char *entry_name(const char *entry)
{
	return xasprintf("%.*s", (int)strcspn(entry, "="), entry);
}

/* Append s to the NULL-terminated list *v of *n names, once. */
static void push_name(char ***v, size_t *n, char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	*v = xgrow(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static bool is_place_entry(const char *entry)
{
	return env_rule(entry) == ENV_PLACE;
}

void env_filter(char **entries, bool own_files, struct target_env *te)
{
	size_t n = 0, i, nd = 0, nc = 0, k = 0, mine = 0;
	char **e;

	for (i = 0; entries[i]; i++)
		n++;
	for (e = environ; e && *e; e++)
		mine++;
	te->env = xcalloc(n + mine + 1, sizeof(*te->env));
	te->dropped = NULL;
	te->callers = NULL;
	for (i = 0; i < n; i++) {
		switch (env_rule(entries[i])) {
		case ENV_KEEP:
			te->env[k++] = entries[i];
			break;
		case ENV_DROP:
			if (strchr(entries[i], '=') && *entries[i] != '=')
				push_name(&te->dropped, &nd, entry_name(entries[i]));
			break;
		case ENV_PLACE:
			if (own_files)
				te->env[k++] = entries[i];
			else
				push_name(&te->callers, &nc, entry_name(entries[i]));
			break;
		}
	}
	/* not among the target's files: the caller's places, all of them */
	for (e = environ; !own_files && e && *e; e++)
		if (is_place_entry(*e))
			te->env[k++] = *e;
	te->env[k] = NULL;
}

/* The value of NAME in env, or NULL. */
const char *getenv_in(char **env, const char *name)
{
	size_t n = strlen(name);

	for (; env && *env; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}
