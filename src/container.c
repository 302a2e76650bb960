/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * container.c - --container=REF: the init process of a Docker, Podman,
 * containerd (Kubernetes included) or CRI-O container, found without
 * asking the engine anything, so that it works when the engine is hung.
 *
 *   /proc/PID/cgroup of every process  -> which container each one is in
 *   /proc/PID/stat of those            -> the container's init process
 *   the runtimes' state files          -> the containers' names
 *   REF: full id, then name, then a unique id prefix (4 characters or
 *   more), as the docker CLI resolves it; "docker://ID", "containerd://ID"
 *   and "cri-o://ID" (a Kubernetes containerID) are ids.
 *
 * Ids come from the host's cgroup paths, which every runtime names after
 * the container (see component_runtime()); the init is the process of the
 * container whose parent is outside it (docker exec's processes have
 * their parent outside too, but are younger: the oldest wins).
 *
 * Trust: anyone with a delegated cgroup subtree (every systemd user
 * session) can name a cgroup "docker-<id>.scope" and put a process in it.
 * Such a cgroup cannot take a container's place silently: the same id in
 * two cgroups is refused, and a made-up id has no name in the state files,
 * which only the runtimes (root) write.  Names are read from:
 *   Docker   <root>/containers/<id>/config.v2.json "Name" ("/web"), for
 *            <root> /var/lib/docker and the "data-root" of
 *            /etc/docker/daemon.json;
 *   Podman,  <root>/<driver>-containers/containers.json "names", for
 *   CRI-O    <root> /var/lib/containers/storage and the "graphroot" of
 *            /etc/containers/storage.conf (else of
 *            /usr/share/containers/storage.conf); for a caller other
 *            than root, also its rootless storage
 *            ($XDG_DATA_HOME or ~/.local/share)/containers/storage.
 * Kubernetes names live in the API server: there, use the id
 * (kubectl's .status.containerStatuses[].containerID).
 *
 * Test hooks, read with secure_getenv() (so never when nsjoin runs with
 * file capabilities): each replaces the default it names, and an empty
 * value means none at all.
 *   NSJOIN_DOCKER_ROOT         instead of /var/lib/docker
 *   NSJOIN_DOCKER_CONFIG       instead of /etc/docker/daemon.json
 *   NSJOIN_CONTAINERS_ROOT     instead of /var/lib/containers/storage
 *                              (and of the rootless storage)
 *   NSJOIN_CONTAINERS_CONFIG   instead of /etc/containers/storage.conf
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "nsjoin.h"

#define CGROUP_FILE_LIMIT	(64u << 10)	/* /proc/PID/cgroup */
#define STAT_FILE_LIMIT		(4u << 10)	/* /proc/PID/stat */
#define CONFIG_FILE_LIMIT	(16u << 20)	/* config.v2.json, daemon.json */
#define STORAGE_FILE_LIMIT	(256u << 20)	/* containers.json */
#define MAX_ROOTS		4		/* per runtime family */
#define MAX_LISTED		16		/* candidates in one message */

static const char *const runtime_names[] = {
	[RT_UNKNOWN] = "container",
	[RT_DOCKER] = "docker",
	[RT_PODMAN] = "podman",
	[RT_CONTAINERD] = "containerd",
	[RT_CRIO] = "cri-o",
	[RT_KUBERNETES] = "kubernetes",
	[RT_STORAGE] = "podman or cri-o",
};

const char *container_runtime_name(int runtime)
{
	if (runtime < 0 || (size_t)runtime >= ARRAY_SIZE(runtime_names))
		return "container";
	return runtime_names[runtime];
}

/* ---- cgroup paths (parser, fuzzed) ---- */

static bool is_container_id(const char *s, size_t n)
{
	size_t i;

	if (n != CONTAINER_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* How each runtime names a container's cgroup.  The monitors
 * libpod-conmon-<id>.scope and crio-conmon-<id>.scope are not the
 * container and never match: "conmon-<id>" is not an id. */
static const struct id_form {
	const char *prefix, *suffix;
	int runtime;
} id_forms[] = {
	{ "docker-", ".scope", RT_DOCKER },		/* systemd driver */
	{ "libpod-", ".scope", RT_PODMAN },
	{ "libpod-", "", RT_PODMAN },			/* cgroupfs manager */
	{ "cri-containerd-", ".scope", RT_CONTAINERD },
	{ "nerdctl-", ".scope", RT_CONTAINERD },
	{ "crio-", ".scope", RT_CRIO },
	{ "crio-", "", RT_CRIO },			/* cgroupfs manager */
};

/* One component [c, c+n) of a cgroup path, after the component [prev,
 * prev+prevn): the runtime it names, with *id the id in it, or -1. */
static int component_runtime(const char *c, size_t n, const char *prev,
			     size_t prevn, const char **id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(id_forms); i++) {
		size_t pl = strlen(id_forms[i].prefix), sl = strlen(id_forms[i].suffix);

		if (n == pl + CONTAINER_ID_LEN + sl &&
		    memcmp(c, id_forms[i].prefix, pl) == 0 &&
		    memcmp(c + pl + CONTAINER_ID_LEN, id_forms[i].suffix, sl) == 0 &&
		    is_container_id(c + pl, CONTAINER_ID_LEN)) {
			*id = c + pl;
			return id_forms[i].runtime;
		}
	}
	if (!is_container_id(c, n))
		return -1;
	/* A bare id: Docker's cgroupfs driver (/docker/<id>), kubelet's
	 * (/kubepods/<qos>/pod<uid>/<id>), or a --cgroup-parent of one's own. */
	*id = c;
	if (prevn == 6 && memcmp(prev, "docker", 6) == 0)
		return RT_DOCKER;
	if (prevn > 3 && memcmp(prev, "pod", 3) == 0)
		return RT_KUBERNETES;
	return RT_UNKNOWN;
}

/* The innermost container a cgroup path [path, path+len) names. */
static bool path_container(const char *path, size_t len, struct cgroup_match *m)
{
	const char *p = path, *end = path + len, *prev = "";
	size_t prevn = 0;
	bool found = false;

	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *cend = slash ? slash : end, *id;
		int rt = component_runtime(p, (size_t)(cend - p), prev, prevn, &id);

		if (rt >= 0) {
			m->runtime = rt;
			memcpy(m->id, id, CONTAINER_ID_LEN);
			m->id[CONTAINER_ID_LEN] = '\0';
			m->scope = path;
			m->scope_len = (size_t)(cend - path);
			found = true;
		}
		prev = p;
		prevn = (size_t)(cend - p);
		p = slash ? slash + 1 : end;
	}
	return found;
}

/* Lines "HIERARCHY:CONTROLLERS:PATH"; "0::PATH" is the unified one. */
int container_parse_cgroup(const char *buf, struct cgroup_match *m)
{
	const char *line = buf;
	bool found = false, found_v2 = false;

	while (*line) {
		const char *nl = strchrnul(line, '\n');
		const char *c1 = memchr(line, ':', (size_t)(nl - line)), *c2 = NULL;
		struct cgroup_match lm;

		if (c1)
			c2 = memchr(c1 + 1, ':', (size_t)(nl - c1 - 1));
		if (c2 && path_container(c2 + 1, (size_t)(nl - c2 - 1), &lm)) {
			bool v2 = c1 == line + 1 && line[0] == '0' && c2 == c1 + 1;

			if (!found || (v2 && !found_v2)) {
				*m = lm;
				found = true;
				found_v2 = v2;
			}
		}
		line = *nl ? nl + 1 : nl;
	}
	return found ? 1 : 0;
}

/* "PID (COMM) S PPID ... STARTTIME ...": COMM may hold blanks and
 * parentheses, so the fields are counted from the last ')'. */
int container_parse_stat(const char *buf, pid_t *ppid, uint64_t *start)
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

/* ---- JSON: a strict, bounded reader of just what is needed (parser,
 * fuzzed).  RFC 8259 grammar, UTF-8 only, nesting at most JSON_MAX_DEPTH
 * deep (recursion is bounded by it), no NUL in a string. ---- */

#define JSON_MAX_DEPTH 64

struct json {
	const char *p, *end;
	unsigned depth;
};

static void json_ws(struct json *j)
{
	while (j->p < j->end &&
	       (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool json_peek(struct json *j, char c)
{
	json_ws(j);
	return j->p < j->end && *j->p == c;
}

static bool json_eat(struct json *j, char c)
{
	if (!json_peek(j, c))
		return false;
	j->p++;
	return true;
}

static int hex4(const char *p, const char *end, unsigned *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t utf8_encode(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* \uXXXX at p (after the backslash and 'u'), a surrogate pair taken
 * whole: the code point, and p moved past it; -1 for a lone surrogate or
 * U+0000 (which a C string cannot hold). */
static int json_unicode(const char **pp, const char *end, unsigned *cp)
{
	const char *p = *pp;
	unsigned lo;

	if (hex4(p, end, cp) < 0)
		return -1;
	p += 4;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return -1;
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
		    hex4(p + 2, end, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	}
	if (*cp == 0)
		return -1;
	*pp = p;
	return 0;
}

/* A string at j->p; with out, its value (allocated).  The value is never
 * longer than its JSON text, escapes only shrink. */
static int json_str(struct json *j, char **out)
{
	const char *p;
	char *o = NULL;
	size_t w = 0;

	if (!json_peek(j, '"'))
		return -1;
	p = j->p + 1;
	if (out)
		o = xcalloc((size_t)(j->end - p) + 1, 1);
	while (p < j->end && *p != '"') {
		unsigned char c = (unsigned char)*p;
		char tmp[4];
		size_t n;

		if (c < 0x20)
			goto bad;
		if (c == '\\') {
			unsigned cp;

			if (++p >= j->end)
				goto bad;
			switch (*p++) {
			case '"': tmp[0] = '"'; n = 1; break;
			case '\\': tmp[0] = '\\'; n = 1; break;
			case '/': tmp[0] = '/'; n = 1; break;
			case 'b': tmp[0] = '\b'; n = 1; break;
			case 'f': tmp[0] = '\f'; n = 1; break;
			case 'n': tmp[0] = '\n'; n = 1; break;
			case 'r': tmp[0] = '\r'; n = 1; break;
			case 't': tmp[0] = '\t'; n = 1; break;
			case 'u':
				if (json_unicode(&p, j->end, &cp) < 0)
					goto bad;
				n = utf8_encode(cp, tmp);
				break;
			default:
				goto bad;
			}
			if (o)
				memcpy(o + w, tmp, n);
			w += n;
			continue;
		}
		/* utf8_sequence() stops at the terminating NUL (it is no
		 * continuation byte), so it never reads past the buffer */
		n = utf8_sequence((const unsigned char *)p);
		if (n == 0 || n > (size_t)(j->end - p))
			goto bad;
		if (o)
			memcpy(o + w, p, n);
		w += n;
		p += n;
	}
	if (p >= j->end)
		goto bad;
	j->p = p + 1;
	if (out)
		*out = o;
	return 0;
bad:
	free(o);
	return -1;
}

static int json_literal(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int json_number(struct json *j)
{
	const char *p = j->p, *end = j->end;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && is_digit(*p))
			p++;
	else
		return -1;
	if (p < end && *p == '.') {
		if (++p >= end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	j->p = p;
	return 0;
}

static int json_skip(struct json *j);

/* The rest of an object or array whose opening bracket was eaten. */
static int json_skip_members(struct json *j, char close, bool keys)
{
	if (++j->depth > JSON_MAX_DEPTH)
		return -1;
	if (!json_eat(j, close)) {
		do {
			if (keys && (json_str(j, NULL) < 0 || !json_eat(j, ':')))
				return -1;
			if (json_skip(j) < 0)
				return -1;
		} while (json_eat(j, ','));
		if (!json_eat(j, close))
			return -1;
	}
	j->depth--;
	return 0;
}

static int json_skip(struct json *j)
{
	json_ws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '"':
		return json_str(j, NULL);
	case '{':
		j->p++;
		return json_skip_members(j, '}', true);
	case '[':
		j->p++;
		return json_skip_members(j, ']', false);
	case 't':
		return json_literal(j, "true");
	case 'f':
		return json_literal(j, "false");
	case 'n':
		return json_literal(j, "null");
	default:
		return json_number(j);
	}
}

static int json_end(struct json *j)
{
	json_ws(j);
	return j->p == j->end ? 0 : -1;
}

/* A member's value: a string into *value (a second one is malformed, as
 * Go would take the last and we would take the first), else skipped. */
static int json_member_string(struct json *j, char **value, bool *seen)
{
	if (*seen)
		return -1;
	*seen = true;
	if (json_peek(j, '"'))
		return json_str(j, value);
	return json_skip(j);
}

int json_top_string(const char *buf, size_t len, const char *key, char **value)
{
	struct json j = { buf, buf + len, 1 };
	bool seen = false;

	*value = NULL;
	if (!json_eat(&j, '{'))
		return -1;
	if (!json_eat(&j, '}')) {
		do {
			char *k;
			int r;

			if (json_str(&j, &k) < 0)
				goto bad;
			if (!json_eat(&j, ':')) {
				free(k);
				goto bad;
			}
			r = strcmp(k, key) == 0 ? json_member_string(&j, value, &seen)
						: json_skip(&j);
			free(k);
			if (r < 0)
				goto bad;
		} while (json_eat(&j, ','));
		if (!json_eat(&j, '}'))
			goto bad;
	}
	if (json_end(&j) < 0)
		goto bad;
	return *value ? 1 : 0;
bad:
	free(*value);
	*value = NULL;
	return -1;
}

struct string_list {
	char **v;
	size_t n, cap;
};

static void string_list_free(struct string_list *l)
{
	while (l->n > 0)
		free(l->v[--l->n]);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

static void *grow(void *old, size_t n, size_t *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return old;
	*cap = *cap ? *cap * 2 : 8;
	p = xcalloc(*cap, size);
	if (old)
		memcpy(p, old, n * size);
	free(old);
	return p;
}

/* "names": null, or an array of strings. */
static int json_names(struct json *j, struct string_list *names, bool *seen)
{
	if (*seen)
		return -1;
	*seen = true;
	json_ws(j);
	if (j->p < j->end && *j->p == 'n')
		return json_literal(j, "null");
	if (!json_eat(j, '['))
		return -1;
	if (json_eat(j, ']'))
		return 0;
	do {
		char *s;

		if (json_str(j, &s) < 0)
			return -1;
		names->v = grow(names->v, names->n, &names->cap, sizeof(*names->v));
		names->v[names->n++] = s;
	} while (json_eat(j, ','));
	return json_eat(j, ']') ? 0 : -1;
}

/* One object of containers.json, its '{' eaten. */
static int json_storage_one(struct json *j, container_names_fn fn, void *ctx)
{
	struct string_list names = { NULL, 0, 0 };
	char *id = NULL;
	bool seen_id = false, seen_names = false;
	int r = 0;

	if (!json_eat(j, '}')) {
		do {
			char *k;

			if (json_str(j, &k) < 0)
				goto bad;
			if (!json_eat(j, ':')) {
				free(k);
				goto bad;
			}
			if (strcmp(k, "id") == 0)
				r = json_member_string(j, &id, &seen_id);
			else if (strcmp(k, "names") == 0)
				r = json_names(j, &names, &seen_names);
			else
				r = json_skip(j);
			free(k);
			if (r < 0)
				goto bad;
		} while (json_eat(j, ','));
		if (!json_eat(j, '}'))
			goto bad;
	}
	if (id)
		r = fn(ctx, id, names.v, names.n);
	free(id);
	string_list_free(&names);
	return r < 0 ? r : 0;
bad:
	free(id);
	string_list_free(&names);
	return -1;
}

int json_storage_containers(const char *buf, size_t len,
			    container_names_fn fn, void *ctx)
{
	struct json j = { buf, buf + len, 2 };
	int r;

	if (!json_eat(&j, '['))
		return -1;
	if (!json_eat(&j, ']')) {
		do {
			if (!json_eat(&j, '{'))
				return -1;
			r = json_storage_one(&j, fn, ctx);
			if (r < 0)
				return r;
		} while (json_eat(&j, ','));
		if (!json_eat(&j, ']'))
			return -1;
	}
	return json_end(&j);
}

/* ---- storage.conf: just enough TOML for [storage] graphroot = "..."
 * (parser, fuzzed).  Basic and literal strings, comments, CRLF. ---- */

static const char *toml_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A basic ("...") or literal ('...') string on one line. */
static int toml_string(const char **pp, const char *end, char **out)
{
	const char *p = *pp;
	char quote_char = *p++, *o = xcalloc((size_t)(end - p) + 1, 1);
	size_t w = 0;

	while (p < end && *p != quote_char) {
		unsigned cp;
		size_t n;

		if ((unsigned char)*p < 0x20 && *p != '\t')
			goto bad;
		if (*p != '\\' || quote_char == '\'') {
			n = utf8_sequence((const unsigned char *)p);
			if (n == 0 || n > (size_t)(end - p))
				goto bad;
			memcpy(o + w, p, n);
			w += n;
			p += n;
			continue;
		}
		if (++p >= end)
			goto bad;
		switch (*p++) {
		case '"': o[w++] = '"'; break;
		case '\\': o[w++] = '\\'; break;
		case 'b': o[w++] = '\b'; break;
		case 'f': o[w++] = '\f'; break;
		case 'n': o[w++] = '\n'; break;
		case 'r': o[w++] = '\r'; break;
		case 't': o[w++] = '\t'; break;
		case 'u':
			if (hex4(p, end, &cp) < 0 || cp == 0 ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				goto bad;
			p += 4;
			w += utf8_encode(cp, o + w);
			break;
		default:
			goto bad;
		}
	}
	if (p >= end)
		goto bad;
	*pp = p + 1;
	*out = o;
	return 0;
bad:
	free(o);
	return -1;
}

int toml_storage_graphroot(const char *buf, char **value)
{
	const char *line = buf;
	bool in_storage = false;

	*value = NULL;
	while (*line) {
		const char *nl = strchrnul(line, '\n'), *end = nl, *p, *key;
		size_t keylen;
		char *v;

		if (end > line && end[-1] == '\r')
			end--;
		p = toml_blank(line, end);
		line = *nl ? nl + 1 : nl;
		if (p == end || *p == '#')
			continue;
		if (*p == '[') {
			const char *q = toml_blank(p + 1, end), *name = q;

			while (q < end && *q != ']' && *q != ' ' && *q != '\t')
				q++;
			in_storage = p[1] != '[' && (size_t)(q - name) == 7 &&
				     memcmp(name, "storage", 7) == 0 &&
				     *toml_blank(q, end) == ']';
			continue;
		}
		if (!in_storage)
			continue;
		key = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '=')
			p++;
		keylen = (size_t)(p - key);
		if (keylen != 9 || memcmp(key, "graphroot", 9) != 0)
			continue;
		p = toml_blank(p, end);
		if (p >= end || *p != '=')
			goto bad;
		p = toml_blank(p + 1, end);
		if (p >= end || (*p != '"' && *p != '\'') || *value)
			goto bad;	/* TOML forbids a second graphroot */
		if (toml_string(&p, end, &v) < 0)
			goto bad;
		*value = v;
		p = toml_blank(p, end);
		if (p < end && *p != '#')
			goto bad;
	}
	return *value ? 1 : 0;
bad:
	free(*value);
	*value = NULL;
	return -1;
}

/* ---- the containers: from /proc, then from the state files ---- */

struct container {
	char id[CONTAINER_ID_LEN + 1];
	int runtime;
	char *scope;		/* its cgroup path; NULL: no process seen */
	char *other_scope;	/* another cgroup with the same id, or NULL */
	struct string_list names;
	pid_t init;		/* 0: none */
	uint64_t init_start;
};

struct proc_rec {
	pid_t pid, ppid;
	uint64_t start;
	size_t container;	/* index */
};

struct search {
	struct container *c;
	size_t nc, cap_c;
	struct proc_rec *p;
	size_t np, cap_p;
	size_t nscanned;	/* processes looked at */
	char *docker_roots[MAX_ROOTS];
	size_t ndocker;
	char *storage_roots[MAX_ROOTS];
	size_t nstorage;
	char *note;		/* the first state we could not use: the hint */
};

static struct container *find_container(struct search *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nc; i++)
		if (strcmp(s->c[i].id, id) == 0)
			return &s->c[i];
	return NULL;
}

static struct container *add_container(struct search *s, const char *id, int runtime)
{
	struct container *c = find_container(s, id);

	if (c)
		return c;
	s->c = grow(s->c, s->nc, &s->cap_c, sizeof(*s->c));
	c = &s->c[s->nc++];
	memset(c, 0, sizeof(*c));
	memcpy(c->id, id, CONTAINER_ID_LEN + 1);
	c->runtime = runtime;
	return c;
}

static void add_name(struct container *c, const char *name)
{
	size_t i;

	if (!*name)
		return;
	for (i = 0; i < c->names.n; i++)
		if (strcmp(c->names.v[i], name) == 0)
			return;
	c->names.v = grow(c->names.v, c->names.n, &c->names.cap, sizeof(char *));
	c->names.v[c->names.n++] = xasprintf("%s", name);
}

/* Remember the first state file or directory we could not use: when no
 * container matches, it is likely why. */
static void note(struct search *s, int err, const char *what, const char *path)
{
	if (s->note)
		return;
	s->note = err ? xasprintf("%s %s: %s", what, quote(path), strerror(err))
		      : xasprintf("%s %s", what, quote(path));
}

static void search_free(struct search *s)
{
	size_t i;

	for (i = 0; i < s->nc; i++) {
		free(s->c[i].scope);
		free(s->c[i].other_scope);
		string_list_free(&s->c[i].names);
	}
	free(s->c);
	free(s->p);
	for (i = 0; i < s->ndocker; i++)
		free(s->docker_roots[i]);
	for (i = 0; i < s->nstorage; i++)
		free(s->storage_roots[i]);
	free(s->note);
}

static int read_pid_stat(int procfd, pid_t pid, pid_t *ppid, uint64_t *start)
{
	char path[32], *buf;
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%d/stat", (int)pid);
	if (read_small_file(procfd, path, STAT_FILE_LIMIT, &buf, &len) < 0)
		return -1;
	r = container_parse_stat(buf, ppid, start);
	free(buf);
	return r;
}

/* The container that /proc/PID/cgroup names: 1, 0 none, -1 unreadable
 * (the process has exited, or /proc hides it). */
static int read_pid_cgroup(int procfd, pid_t pid, char **buf,
			   struct cgroup_match *m)
{
	char path[32];
	size_t len;

	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	if (read_small_file(procfd, path, CGROUP_FILE_LIMIT, buf, &len) < 0)
		return -1;
	if (container_parse_cgroup(*buf, m) == 1)
		return 1;
	free(*buf);
	return 0;
}

static void add_process(struct search *s, int procfd, pid_t pid,
			const struct cgroup_match *m)
{
	struct container *c;
	struct proc_rec *r;
	pid_t ppid;
	uint64_t start;

	if (read_pid_stat(procfd, pid, &ppid, &start) < 0)
		return;	/* exited since */
	c = add_container(s, m->id, m->runtime);
	if (!c->scope) {
		c->scope = xasprintf("%.*s", (int)m->scope_len, m->scope);
	} else if (!c->other_scope &&
		   (strlen(c->scope) != m->scope_len ||
		    memcmp(c->scope, m->scope, m->scope_len) != 0)) {
		c->other_scope = xasprintf("%.*s", (int)m->scope_len, m->scope);
	}
	s->p = grow(s->p, s->np, &s->cap_p, sizeof(*s->p));
	r = &s->p[s->np++];
	r->pid = pid;
	r->ppid = ppid;
	r->start = start;
	r->container = (size_t)(c - s->c);
}

/* Every process's cgroup, read once. */
static int scan_processes(struct search *s)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (procfd < 0)
		return fail_errno(errno, "--container: cannot open %s", quote("/proc"));
	d = fdopendir(procfd);
	if (!d) {
		int e = errno;

		close(procfd);
		return fail_errno(e, "--container: cannot read %s", quote("/proc"));
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		struct cgroup_match m;
		uint64_t pid;
		char *buf;

		if (parse_decimal(de->d_name, INT_MAX, &pid) < 0 || pid == 0)
			continue;
		s->nscanned++;
		if (read_pid_cgroup(procfd, (pid_t)pid, &buf, &m) == 1) {
			add_process(s, procfd, (pid_t)pid, &m);
			free(buf);
		}
	}
	if (errno) {
		int e = errno;

		closedir(d);
		return fail_errno(e, "--container: cannot read %s", quote("/proc"));
	}
	closedir(d);
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	const struct proc_rec *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The init of each container: a process whose parent is not in it (the
 * runtime's shim is outside), the oldest if several (docker exec). */
static void find_inits(struct search *s)
{
	size_t i;

	if (s->np == 0)
		return;	/* qsort() and bsearch() want an array */
	qsort(s->p, s->np, sizeof(*s->p), by_pid);
	for (i = 0; i < s->np; i++) {
		struct proc_rec *r = &s->p[i], key = { .pid = r->ppid };
		const struct proc_rec *parent = bsearch(&key, s->p, s->np,
							sizeof(*s->p), by_pid);
		struct container *c = &s->c[r->container];

		if (parent && parent->container == r->container)
			continue;
		if (!c->init || r->start < c->init_start ||
		    (r->start == c->init_start && r->pid < c->init)) {
			c->init = r->pid;
			c->init_start = r->start;
		}
	}
}

/* ---- state roots ---- */

static void add_root(char **roots, size_t *n, const char *path)
{
	size_t i;

	if (!path || path[0] != '/' || *n == MAX_ROOTS)
		return;	/* runtimes refuse relative roots too */
	for (i = 0; i < *n; i++)
		if (strcmp(roots[i], path) == 0)
			return;
	roots[(*n)++] = xasprintf("%s", path);
}

/* A test hook (see the top of this file), or the default. */
static const char *hook(const char *name, const char *dflt, bool *hooked)
{
	const char *v = secure_getenv(name);

	if (hooked)
		*hooked = v != NULL;
	if (!v)
		return dflt;
	return *v ? v : NULL;
}

/* KEY of a runtime's configuration file, or NULL; *missing when the file
 * does not exist. */
static char *config_value(struct search *s, const char *path, const char *key,
			  bool toml, bool *missing)
{
	char *buf, *v = NULL;
	size_t len;
	int r;

	*missing = false;
	if (read_small_file(AT_FDCWD, path, CONFIG_FILE_LIMIT, &buf, &len) < 0) {
		if (errno == ENOENT)
			*missing = true;
		else
			note(s, errno, "cannot read", path);
		return NULL;
	}
	r = toml ? toml_storage_graphroot(buf, &v) : json_top_string(buf, len, key, &v);
	free(buf);
	if (r < 0)
		note(s, 0, "cannot parse", path);
	return v;
}

static void find_roots(struct search *s)
{
	const char *cfg;
	char *v;
	bool hooked, hooked_cfg, missing;

	add_root(s->docker_roots, &s->ndocker,
		 hook("NSJOIN_DOCKER_ROOT", "/var/lib/docker", NULL));
	cfg = hook("NSJOIN_DOCKER_CONFIG", "/etc/docker/daemon.json", NULL);
	if (cfg) {
		v = config_value(s, cfg, "data-root", false, &missing);
		if (!v && !missing)	/* its name before Docker 17.05 */
			v = config_value(s, cfg, "graph", false, &missing);
		add_root(s->docker_roots, &s->ndocker, v);
		free(v);
	}

	add_root(s->storage_roots, &s->nstorage,
		 hook("NSJOIN_CONTAINERS_ROOT", "/var/lib/containers/storage", &hooked));
	cfg = hook("NSJOIN_CONTAINERS_CONFIG", "/etc/containers/storage.conf", &hooked_cfg);
	if (cfg) {
		v = config_value(s, cfg, NULL, true, &missing);
		/* the distribution's defaults, when the admin has none */
		if (missing && !hooked_cfg)
			v = config_value(s, "/usr/share/containers/storage.conf", NULL,
					 true, &missing);
		add_root(s->storage_roots, &s->nstorage, v);
		free(v);
	}
	/* rootless Podman: the caller's own storage */
	if (!hooked && getuid() != 0) {
		const char *xdg = secure_getenv("XDG_DATA_HOME"), *home = secure_getenv("HOME");

		v = NULL;
		if (xdg && *xdg == '/')
			v = xasprintf("%s/containers/storage", xdg);
		else if (home && *home == '/')
			v = xasprintf("%s/.local/share/containers/storage", home);
		add_root(s->storage_roots, &s->nstorage, v);
		free(v);
	}
}

/* ---- names ---- */

/* Docker's <root>/containers/<id>/config.v2.json: "Name" is "/web". */
static void docker_name(struct search *s, const char *root, struct container *c)
{
	char *path = xasprintf("%s/containers/%s/config.v2.json", root, c->id);
	char *buf, *id = NULL, *name = NULL;
	size_t len;

	if (read_small_file(AT_FDCWD, path, CONFIG_FILE_LIMIT, &buf, &len) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			note(s, errno, "cannot read", path);
		free(path);
		return;
	}
	if (json_top_string(buf, len, "ID", &id) < 0 ||
	    json_top_string(buf, len, "Name", &name) < 0)
		note(s, 0, "cannot parse", path);
	else if (id && strcmp(id, c->id) != 0)
		note(s, 0, "another container's id in", path);
	else if (name)
		add_name(c, name[0] == '/' ? name + 1 : name);
	free(id);
	free(name);
	free(buf);
	free(path);
}

static void docker_names(struct search *s)
{
	size_t i, r;

	for (r = 0; r < s->ndocker; r++)
		for (i = 0; i < s->nc; i++)
			if (s->c[i].runtime == RT_DOCKER || s->c[i].runtime == RT_UNKNOWN ||
			    s->c[i].runtime == RT_KUBERNETES)	/* dockershim */
				docker_name(s, s->docker_roots[r], &s->c[i]);
}

/* Every container of a Docker root, running or not: for the message that
 * says REF exists but is not running. */
static void docker_all(struct search *s, const char *root)
{
	char *path = xasprintf("%s/containers", root);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0) {
		if (errno != ENOENT)
			note(s, errno, "cannot open", path);
		free(path);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		free(path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct container *c;
		size_t before = s->nc;

		if (!is_container_id(de->d_name, strlen(de->d_name)))
			continue;
		c = add_container(s, de->d_name, RT_DOCKER);
		if (s->nc > before)	/* new: no process, no name yet */
			docker_name(s, root, c);
	}
	closedir(d);
	free(path);
}

static int storage_entry(void *ctx, const char *id, char *const *names, size_t n)
{
	struct search *s = ctx;
	struct container *c;
	size_t i;

	if (!is_container_id(id, strlen(id)))
		return 0;
	c = add_container(s, id, RT_STORAGE);
	for (i = 0; i < n; i++)
		add_name(c, names[i]);
	return 0;
}

/* containers-storage: <root>/<driver>-containers/containers.json, one per
 * storage driver used (overlay, vfs, btrfs, zfs...). */
static void storage_names(struct search *s, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0) {
		if (errno != ENOENT)
			note(s, errno, "cannot open", root);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char *path, *buf;
		size_t len;

		if (n <= 11 || strcmp(de->d_name + n - 11, "-containers") != 0)
			continue;
		path = xasprintf("%s/%s/containers.json", root, de->d_name);
		if (read_small_file(AT_FDCWD, path, STORAGE_FILE_LIMIT, &buf, &len) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				note(s, errno, "cannot read", path);
		} else {
			if (json_storage_containers(buf, len, storage_entry, s) < 0)
				note(s, 0, "cannot parse", path);
			free(buf);
		}
		free(path);
	}
	closedir(d);
}

/* ---- matching REF ---- */

enum match_by { BY_ID, BY_NAME, BY_PREFIX };

static bool is_id_prefix(const char *ref)
{
	size_t n = strlen(ref);

	return n >= 4 && n < CONTAINER_ID_LEN &&
	       strspn(ref, "0123456789abcdef") == n;
}

static bool matches(const struct container *c, const char *ref, enum match_by by)
{
	size_t i;

	switch (by) {
	case BY_ID:
		return strcmp(c->id, ref) == 0;
	case BY_NAME:
		for (i = 0; i < c->names.n; i++)
			if (strcmp(c->names.v[i], ref) == 0)
				return true;
		return false;
	case BY_PREFIX:
		return is_id_prefix(ref) && strncmp(c->id, ref, strlen(ref)) == 0;
	}
	return false;
}

/* The containers REF names, running or not, in *out: exact id first, then
 * name, then id prefix (the docker CLI's order, which makes a name that
 * looks like an id prefix still work).  Returns how many. */
static size_t find_matches(const struct search *s, const char *ref,
			   bool names_too, bool running, size_t *out)
{
	enum match_by by;
	size_t i, n = 0;

	for (by = BY_ID; by <= BY_PREFIX && n == 0; by++) {
		if (by == BY_NAME && !names_too)
			continue;
		for (i = 0; i < s->nc; i++)
			if ((s->c[i].scope != NULL) == running &&
			    matches(&s->c[i], ref, by))
				out[n++] = i;
	}
	return n;
}

/* "'<id>' 'web' (docker)", for a list of candidates. */
static char *describe(const struct container *c)
{
	char *d = xasprintf("%s", quote(c->id)), *t;
	size_t i;

	for (i = 0; i < c->names.n; i++) {
		t = xasprintf("%s%s%s", d, i ? ", " : " ", quote(c->names.v[i]));
		free(d);
		d = t;
	}
	t = xasprintf("%s (%s%s)", d, c->names.n ? "" : "no name, ",
		      container_runtime_name(c->runtime));
	free(d);
	return t;
}

static int fail_list(const struct search *s, const size_t *idx, size_t n,
		     const char *head)
{
	char *msg = xasprintf("%s", head), *t;
	size_t i;

	for (i = 0; i < n && i < MAX_LISTED; i++) {
		char *d = describe(&s->c[idx[i]]);

		t = xasprintf("%s\n  %s", msg, d);
		free(d);
		free(msg);
		msg = t;
	}
	if (n > MAX_LISTED) {
		t = xasprintf("%s\n  and %zu more", msg, n - MAX_LISTED);
		free(msg);
		msg = t;
	}
	fail("%s", msg);
	free(msg);
	return -1;
}

static size_t count_running(const struct search *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nc; i++)
		n += s->c[i].scope != NULL;
	return n;
}

static int fail_no_match(const struct search *s, const char *ref, bool names_too)
{
	char *where = xasprintf("%s", ""), *t;
	size_t i, nroots = s->ndocker + s->nstorage;
	size_t running = count_running(s);

	for (i = 0; i < nroots; i++) {
		const char *root = i < s->ndocker ? s->docker_roots[i]
						  : s->storage_roots[i - s->ndocker];

		t = xasprintf("%s%s%s", where,
			      i == 0 ? "" : i + 1 == nroots ? " and " : ", ", quote(root));
		free(where);
		where = t;
	}
	fail("no container matches %s: looked at the cgroups of %zu processes "
	     "(%zu container%s running)%s%s%s%s%s%s",
	     quote(ref), s->nscanned, running, running == 1 ? "" : "s",
	     names_too ? (nroots ? " and the names under " : " and no state files")
		       : "",
	     names_too ? where : "",
	     strlen(ref) < 4 && strspn(ref, "0123456789abcdef") == strlen(ref)
		     ? "; an id prefix needs 4 characters or more" : "",
	     s->note ? "; " : "", s->note ? s->note : "",
	     running == 0 && s->nscanned > 0 && getuid() != 0
		     ? " (not root: other users' processes may be hidden)" : "");
	free(where);
	return -1;
}

/* "docker://<id>", "containerd://<id>", "cri-o://<id>": Kubernetes'
 * containerID, an id and never a name. */
static const char *strip_scheme(const char *ref, bool *names_too)
{
	static const char *const schemes[] = {
		"docker://", "containerd://", "cri-o://",
	};
	size_t i;

	*names_too = true;
	for (i = 0; i < ARRAY_SIZE(schemes); i++) {
		size_t n = strlen(schemes[i]);

		if (strncmp(ref, schemes[i], n) == 0) {
			*names_too = false;
			return ref + n;
		}
	}
	return ref;
}

/* The init must still be the process we looked at, in the container: the
 * scan took time, and a pid can be reused. */
static int recheck_init(const struct container *c)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *buf;
	struct cgroup_match m;
	pid_t ppid;
	uint64_t start;
	int ok;

	if (procfd < 0)
		return fail_errno(errno, "--container: cannot open %s", quote("/proc"));
	ok = read_pid_cgroup(procfd, c->init, &buf, &m) == 1;
	if (ok) {
		ok = strcmp(m.id, c->id) == 0;
		free(buf);
	}
	ok = ok && read_pid_stat(procfd, c->init, &ppid, &start) == 0 &&
	     start == c->init_start;
	close(procfd);
	if (!ok)
		return fail("container %s: its init process %d exited while nsjoin "
			    "was looking at it", quote(c->id), (int)c->init);
	return 0;
}

/* Nothing running matches REF: say whether the state knows it. */
static int fail_not_running(struct search *s, const char *ref)
{
	size_t *idx, n, i;
	char *msg;

	for (i = 0; i < s->ndocker; i++)
		docker_all(s, s->docker_roots[i]);
	idx = xcalloc(s->nc + 1, sizeof(*idx));
	n = find_matches(s, ref, true, false, idx);
	if (n == 0) {
		free(idx);
		return fail_no_match(s, ref, true);
	}
	if (n == 1) {
		msg = describe(&s->c[idx[0]]);
		fail("container %s is not running: no process is in its cgroup", msg);
	} else {
		msg = xasprintf("%s matches %zu containers, none of them running:",
				quote(ref), n);
		fail_list(s, idx, n, msg);
	}
	free(msg);
	free(idx);
	return -1;
}

static int resolve(struct search *s, const char *ref, pid_t *pid, uint64_t *start)
{
	size_t *idx, n, i;
	bool names_too;
	const struct container *c;

	ref = strip_scheme(ref, &names_too);
	if (scan_processes(s) < 0)
		return -1;
	find_inits(s);
	find_roots(s);
	if (names_too) {
		docker_names(s);
		for (i = 0; i < s->nstorage; i++)
			storage_names(s, s->storage_roots[i]);
	}

	idx = xcalloc(s->nc + 1, sizeof(*idx));
	n = find_matches(s, ref, names_too, true, idx);
	c = n == 1 ? &s->c[idx[0]] : NULL;
	if (n > 1) {
		char *head = xasprintf("%s matches %zu containers; give %s:", quote(ref), n,
				       matches(&s->c[idx[0]], ref, BY_NAME)
				       ? "an id instead" : "more of the id");

		fail_list(s, idx, n, head);
		free(head);
	}
	free(idx);
	if (n == 0)
		return names_too ? fail_not_running(s, ref)
				 : fail_no_match(s, ref, false);
	if (!c)
		return -1;
	if (c->other_scope)
		return fail("container %s is in two cgroups, %s and %s: one of them "
			    "only looks like a container's; refusing to guess",
			    quote(c->id), quote(c->scope), quote(c->other_scope));
	if (!c->init)
		return fail("container %s has no process to enter", quote(c->id));
	if (recheck_init(c) < 0)
		return -1;
	*pid = c->init;
	*start = c->init_start;
	return 0;
}

int container_resolve(const char *ref, pid_t *pid, uint64_t *start)
{
	struct search s;
	int r;

	memset(&s, 0, sizeof(s));
	r = resolve(&s, ref, pid, start);
	search_free(&s);
	return r;
}
