/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * parse.c - parsers of text that comes from the kernel or from the target:
 * /proc/PID/environ, /proc/self/mountinfo, /proc/PID/cgroup and
 * /proc/self/status.  Pure functions over a NUL-terminated buffer, so the
 * fuzzers in fuzz/ can drive them directly; a hostile target controls
 * environ completely, and a process can put almost anything into a mount
 * point's name.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"

/* environ: NUL-separated NAME=value entries; buf[len] must be '\0'.  The
 * array points into buf.  Entries without '=' (or starting with it) are not
 * variables and are skipped; what is safe to pass on is env.c's business. */
char **parse_environ(char *buf, size_t len)
{
	char *p, *end = buf + len;
	char **env;
	size_t n = 0, i = 0;

	for (p = buf; p < end; p += strlen(p) + 1)
		n++;
	env = xcalloc(n + 1, sizeof(*env));
	for (p = buf; p < end; p += strlen(p) + 1) {
		char *eq = strchr(p, '=');

		if (!eq || eq == p)
			continue;
		env[i++] = p;
	}
	env[i] = NULL;
	return env;
}

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo. */
static void unescape_octal(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

/* The first cgroup2 mount in mountinfo: its mount point and the root of the
 * hierarchy it shows.  Modifies buf; the results point into it.  Returns 0,
 * or -1 when there is none (a cgroup v1 only host). */
int parse_mountinfo_cgroup2(char *buf, char **mnt, char **root)
{
	char *line, *save = NULL;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *sep, *s = line;
		int i;

		/* id parent major:minor root mountpoint options... - fstype ... */
		for (i = 0; i < 5; i++) {
			f[i] = s;
			s = strchr(s, ' ');
			if (!s)
				break;
			*s++ = '\0';
		}
		if (i < 5)
			continue;
		sep = strstr(s, " - ");
		if (!sep && strncmp(s, "- ", 2) == 0)
			sep = s - 1;
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		unescape_octal(f[3]);
		unescape_octal(f[4]);
		*root = f[3];
		*mnt = f[4];
		return 0;
	}
	return -1;
}

/* /proc/PID/cgroup: the path of the "0::" line (the unified hierarchy, on
 * hybrid hosts too), pointing into buf, or NULL. */
char *parse_cgroup_v2_path(char *buf)
{
	char *line, *save = NULL, *path = NULL;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "0::", 3) == 0)
			path = line + 3;
	return path && *path == '/' ? path : NULL;
}

/* /proc/self/status: the SigIgn mask.  Returns 0, or -1 if absent. */
int parse_status_sigign(const char *status, uint64_t *mask)
{
	const char *p = strstr(status, "\nSigIgn:");
	char *end;

	if (!p)
		return -1;
	p += 8;
	while (*p == ' ' || *p == '\t')
		p++;
	*mask = strtoull(p, &end, 16);
	return end == p ? -1 : 0;
}

static const char *status_field(const char *status, const char *name)
{
	size_t n = strlen(name);
	const char *p = status;

	while (p && *p) {
		if (strncmp(p, name, n) == 0 && p[n] == ':')
			return p + n + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int status_ids(const char *status, const char *name, uint32_t ids[4])
{
	const char *p = status_field(status, name);
	int i;

	if (!p)
		return -1;
	for (i = 0; i < 4; i++) {
		char *end;
		unsigned long long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		v = strtoull(p, &end, 10);
		if (v > UINT32_MAX)
			return -1;
		ids[i] = (uint32_t)v;
		p = end;
	}
	return 0;
}

static int status_hex(const char *status, const char *name, uint64_t *v)
{
	const char *p = status_field(status, name);
	char *end;

	if (!p)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	*v = strtoull(p, &end, 16);
	return end == p ? -1 : 0;
}

/* /proc/PID/status: ids, supplementary groups, capability sets and
 * no_new_privs, for --as-target.  sc->groups is allocated. */
int parse_status_creds(const char *status, struct status_creds *sc)
{
	const char *p;
	size_t cap = 0;

	memset(sc, 0, sizeof(*sc));
	if (status_ids(status, "Uid", sc->uid) < 0 ||
	    status_ids(status, "Gid", sc->gid) < 0 ||
	    status_hex(status, "CapInh", &sc->cap_inh) < 0 ||
	    status_hex(status, "CapPrm", &sc->cap_prm) < 0 ||
	    status_hex(status, "CapEff", &sc->cap_eff) < 0 ||
	    status_hex(status, "CapBnd", &sc->cap_bnd) < 0)
		return -1;
	if (status_hex(status, "CapAmb", &sc->cap_amb) < 0)
		sc->cap_amb = 0;		/* before Linux 4.3 */
	p = status_field(status, "NoNewPrivs");
	sc->no_new_privs = p && strtoul(p, NULL, 10) == 1;
	p = status_field(status, "Groups");
	if (!p)
		return -1;
	for (;;) {
		char *end;
		unsigned long long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			break;
		v = strtoull(p, &end, 10);
		if (v > UINT32_MAX || sc->ngroups >= 65536) {
			free(sc->groups);
			sc->groups = NULL;
			return -1;
		}
		if (sc->ngroups == cap) {
			cap = cap ? cap * 2 : 16;
			sc->groups = realloc(sc->groups, cap * sizeof(*sc->groups));
			if (!sc->groups)
				return -1;
		}
		sc->groups[sc->ngroups++] = (uint32_t)v;
		p = end;
	}
	return 0;
}

/* uid_map / gid_map ("inside outside count" lines, as the reader sees
 * them): the id inside the namespace of an id outside it.  Returns 0, or
 * -1 when the id is not mapped. */
int parse_id_map(const char *map, uint32_t outside, uint32_t *inside)
{
	const char *p = map;

	while (p && *p) {
		unsigned long long in, out, count;
		char *end;

		in = strtoull(p, &end, 10);
		if (end != p) {
			p = end;
			out = strtoull(p, &end, 10);
			if (end != p) {
				p = end;
				count = strtoull(p, &end, 10);
				if (end != p && outside >= out && outside - out < count &&
				    in + (outside - out) <= UINT32_MAX) {
					*inside = (uint32_t)(in + (outside - out));
					return 0;
				}
			}
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}
