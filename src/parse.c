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

#include <ctype.h>
#include <errno.h>
#include <limits.h>
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
void unescape_octal(char *s)
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

/* Every cgroup mount of mountinfo, v2 ("cgroup2") and v1 ("cgroup"), in
 * order: for v1, the controllers are the super options that name one
 * ("cpu,cpuacct", "name=systemd").  Modifies buf; the strings point into
 * it.  Returns how many, at most max. */
size_t parse_mountinfo_cgroups(char *buf, struct cgroup_mount *v, size_t max)
{
	char *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *sep, *s = line, *fstype, *opts;
		bool v2;
		int i;

		/* id parent major:minor root mountpoint options... - fstype source super */
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
		if (!sep)
			continue;
		fstype = sep + 3;
		v2 = strncmp(fstype, "cgroup2 ", 8) == 0;
		if (!v2 && strncmp(fstype, "cgroup ", 7) != 0)
			continue;
		opts = strchr(fstype + (v2 ? 8 : 7), ' ');	/* after the source */
		opts = opts ? opts + 1 : fstype + strlen(fstype);
		unescape_octal(f[3]);
		unescape_octal(f[4]);
		v[n].root = f[3];
		v[n].mnt = f[4];
		v[n].super = v2 ? NULL : opts;
		n++;
	}
	return n;
}

/* Does a v1 mount with super options super hold exactly the hierarchy
 * whose /proc/PID/cgroup line names controllers? */
bool cgroup_mount_matches(const char *super, const char *controllers)
{
	const char *c = controllers;

	if (!super || !*controllers)
		return false;
	while (*c) {
		size_t n = strcspn(c, ","), k;
		const char *o = super;
		bool found = false;

		while (*o && !found) {
			k = strcspn(o, ",");
			found = k == n && memcmp(o, c, n) == 0;
			o += k + (o[k] == ',');
		}
		if (!found)
			return false;
		c += n + (c[n] == ',');
	}
	return true;
}

/* /proc/PID/cgroup: "ID:CONTROLLERS:PATH" lines; "0::PATH" is v2 (its
 * controllers ""). Modifies buf; the strings point into it.  Lines that
 * are malformed, or whose path is not absolute, are skipped. */
size_t parse_cgroup_lines(char *buf, struct cgroup_line *v, size_t max)
{
	char *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2 || c2[1] != '/')
			continue;
		*c1 = *c2 = '\0';
		v[n].v2 = strcmp(line, "0") == 0 && !c1[1];
		v[n].controllers = c1 + 1;
		v[n].path = c2 + 1;
		n++;
	}
	return n;
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

/* A number field of /proc/PID/status ("SigIgn:\t0000000000001000",
 * "PPid:\t42"), in base 10 or 16: digits of that base only, up to the end
 * of the line, no overflow.  0, or -1 when absent or not such a number. */
int status_u64(const char *status, const char *name, int base, uint64_t *v)
{
	const char *p = status_field(status, name);
	unsigned long long n;
	char *end;

	if (!p)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!(base == 16 ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)))
		return -1;
	errno = 0;
	n = strtoull(p, &end, base);
	if (errno || (*end && *end != '\n') || (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')))
		return -1;
	*v = n;
	return 0;
}

/* /proc/PID/status: ids, supplementary groups, capability sets and
 * no_new_privs, for --as-target.  sc->groups is allocated. */
int parse_status_creds(const char *status, struct status_creds *sc)
{
	const char *p;

	memset(sc, 0, sizeof(*sc));
	if (status_ids(status, "Uid", sc->uid) < 0 ||
	    status_ids(status, "Gid", sc->gid) < 0 ||
	    status_u64(status, "CapInh", 16, &sc->cap_inh) < 0 ||
	    status_u64(status, "CapPrm", 16, &sc->cap_prm) < 0 ||
	    status_u64(status, "CapEff", 16, &sc->cap_eff) < 0 ||
	    status_u64(status, "CapBnd", 16, &sc->cap_bnd) < 0)
		return -1;
	if (status_u64(status, "CapAmb", 16, &sc->cap_amb) < 0)
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
		sc->groups = xgrow(sc->groups, sc->ngroups, sizeof(*sc->groups));
		sc->groups[sc->ngroups++] = (uint32_t)v;
		p = end;
	}
	return 0;
}

/* uid_map / gid_map ("inside outside count" lines, as the reader sees
 * them): the id on the other side of the map of an id given on one side
 * (from_outside: id is the reader's, the answer the namespace's).
 * Returns 0, or -1 when the id is not mapped. */
static int map_id(const char *map, uint32_t id, bool from_outside, uint32_t *res)
{
	const char *p = map;

	while (p && *p) {
		unsigned long long f[3] = { 0, 0, 0 }, from, to;
		char *end;
		int i;

		for (i = 0; i < 3; i++, p = end) {
			f[i] = strtoull(p, &end, 10);
			if (end == p)
				break;
		}
		from = f[from_outside ? 1 : 0];
		to = f[from_outside ? 0 : 1];
		if (i == 3 && id >= from && id - from < f[2] && to + (id - from) <= UINT32_MAX) {
			*res = (uint32_t)(to + (id - from));
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* The id inside the namespace of an id outside it (the reader's). */
int parse_id_map(const char *map, uint32_t outside, uint32_t *inside)
{
	return map_id(map, outside, true, inside);
}

/* The reverse: the id outside (the reader's) of an id inside. */
int parse_id_map_outside(const char *map, uint32_t inside, uint32_t *outside)
{
	return map_id(map, inside, false, outside);
}

/* /proc/PID/limits: "Max open files   1024   4096   files", the rows in
 * the kernel's order of RLIMIT_* numbers; "unlimited" is RLIM_INFINITY.
 * Fills soft[] and hard[] for each row it can read (have[] says which);
 * returns how many, or -1 when the header is missing. */
int parse_limits(const char *buf, uint64_t soft[16], uint64_t hard[16], bool have[16])
{
	static const char *const rows[16] = {
		"Max cpu time", "Max file size", "Max data size", "Max stack size",
		"Max core file size", "Max resident set", "Max processes",
		"Max open files", "Max locked memory", "Max address space",
		"Max file locks", "Max pending signals", "Max msgqueue size",
		"Max nice priority", "Max realtime priority", "Max realtime timeout",
	};
	const char *line = buf;
	int n = 0, i;

	if (strncmp(buf, "Limit", 5) != 0)
		return -1;
	memset(have, 0, 16 * sizeof(*have));
	while ((line = strchr(line, '\n')) != NULL) {
		const char *p;
		uint64_t *v[2];
		int k;

		line++;
		for (i = 0; i < 16; i++)
			if (strncmp(line, rows[i], strlen(rows[i])) == 0 &&
			    line[strlen(rows[i])] == ' ')
				break;
		if (i == 16 || have[i])
			continue;
		p = line + strlen(rows[i]);
		v[0] = &soft[i];
		v[1] = &hard[i];
		for (k = 0; k < 2; k++) {
			char num[24];
			size_t len;

			while (*p == ' ')
				p++;
			len = strcspn(p, " \n");
			if (len == 9 && strncmp(p, "unlimited", 9) == 0) {
				*v[k] = UINT64_MAX;
			} else {
				if (len == 0 || len >= sizeof(num))
					break;
				memcpy(num, p, len);
				num[len] = '\0';
				if (parse_decimal(num, UINT64_MAX, v[k]) < 0)
					break;
			}
			p += len;
		}
		if (k == 2) {
			have[i] = true;
			n++;
		}
	}
	return n;
}

/* /proc/PID/stat: "PID (COMM) S PPID ... STARTTIME ...": the parent (field
 * 4) and the start time (field 22).  COMM may hold blanks and parentheses,
 * so the fields are counted from the last ')'.  0, or -1 when malformed. */
int parse_proc_stat(const char *buf, pid_t *ppid, uint64_t *start)
{
	const char *p = strrchr(buf, ')');
	int field = 2;

	if (!p)
		return -1;
	p++;
	while (field < 22) {
		size_t n;

		if (*p != ' ')
			return -1;
		p++;
		field++;
		n = strcspn(p, " \n");
		if (field == 4 || field == 22) {
			char num[24];
			uint64_t v;

			if (n == 0 || n >= sizeof(num))
				return -1;
			memcpy(num, p, n);
			num[n] = '\0';
			if (parse_decimal(num, field == 4 ? INT_MAX : UINT64_MAX, &v) < 0)
				return -1;
			if (field == 4)
				*ppid = (pid_t)v;
			else
				*start = v;
		}
		p += n;
	}
	return 0;
}
