/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * runtime_state.c - readers of the container runtimes' files, for
 * --container (container.c).  The JSON is read with json-c (jsonfile.c);
 * storage.conf's graphroot with a small TOML reader of its own.  Each
 * reader works on a buffer, so fuzz/fuzz_container.c drives them all.
 *
 *   runc's state.json        every engine here runs runc, which keeps
 *                            <root>/<id>/state.json for each container:
 *                            the init's pid and start time, the bundle
 *   Docker's config.v2.json  the name and Docker's own view (running,
 *                            paused) of each container, running or not
 *   containers.json          the names of Podman's and CRI-O's containers
 *                            (containers-storage)
 *   daemon.json              Docker's data-root
 *   storage.conf             the graphroot of containers-storage
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "jsonfile.h"
#include "nsjoin.h"

static const char *const runtime_names[RT_COUNT] = {
	[RT_RUNC] = "runc",
	[RT_DOCKER] = "docker",
	[RT_PODMAN] = "podman",
	[RT_CONTAINERD] = "containerd",
	[RT_CRIO] = "cri-o",
};

const char *container_runtime_name(int runtime)
{
	if (runtime < 0 || runtime >= RT_COUNT)
		return "container";
	return runtime_names[runtime];
}

/* ---- files ---- */

int read_state_file(const char *path, uid_t uid, size_t limit, char **buf,
		    size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	struct stat st;
	char self[40];
	int r, err;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != uid ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		err = S_ISREG(st.st_mode) ? EPERM : EINVAL;
		close(fd);
		errno = err;
		return -1;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	r = read_small_file(AT_FDCWD, self, limit, buf, len);
	err = errno;
	close(fd);
	errno = err;
	return r;
}

/* ---- runc's state.json ---- */

/* "cgroup_paths": {"memory": "/sys/fs/cgroup/memory/docker/ID", "":
 * ...}: the absolute directories, as a NULL-terminated list. */
static char **cgroup_paths(struct json_object *map)
{
	char **v;
	size_t n = 0;

	if (!map)
		return NULL;
	v = xcalloc((size_t)json_object_object_length(map) + 1, sizeof(*v));
	json_object_object_foreach(map, key, val) {
		(void)key;
		if (json_object_is_type(val, json_type_string) &&
		    json_object_get_string(val)[0] == '/')
			v[n++] = xasprintf("%s", json_object_get_string(val));
	}
	return v;
}

int runc_state_parse(const char *buf, size_t len, struct runc_state *st)
{
	struct json_object *root = json_parse(buf, len), *labels;
	const char *id;
	int64_t pid;
	uint64_t start;
	size_t i, n;

	memset(st, 0, sizeof(*st));
	if (!root)
		return -1;
	id = jf_str(root, "id");
	if (!id || !*id || jf_int(root, "init_process_pid", 1, INT_MAX, &pid) != 1 ||
	    jf_u64(root, "init_process_start", &start) != 1) {
		json_object_put(root);
		return -1;
	}
	st->id = xasprintf("%s", id);
	st->init_pid = (pid_t)pid;
	st->init_start = start;
	st->runtime = RT_RUNC;
	st->cgroups = cgroup_paths(jf_get(root, "cgroup_paths", json_type_object));
	labels = JF_PATH(root, json_type_array, "config", "labels");
	n = labels ? json_object_array_length(labels) : 0;
	for (i = 0; i < n; i++) {
		struct json_object *l = json_object_array_get_idx(labels, i);
		const char *s = json_object_is_type(l, json_type_string) ?
				json_object_get_string(l) : "";

		if (strncmp(s, "bundle=", 7) == 0 && s[7] == '/' && !st->bundle)
			st->bundle = xasprintf("%s", s + 7);
		else if (strcmp(s, "io.container.manager=libpod") == 0)
			st->runtime = RT_PODMAN;
		else if (strncmp(s, "io.kubernetes.cri-o.", 20) == 0)
			st->runtime = RT_CRIO;
	}
	json_object_put(root);
	return 0;
}

void runc_state_free(struct runc_state *st)
{
	free(st->id);
	free(st->bundle);
	strv_free(st->cgroups);
	memset(st, 0, sizeof(*st));
}

/* ---- Docker's config.v2.json ---- */

int docker_state_parse(const char *buf, size_t len, struct docker_state *ds)
{
	struct json_object *root = json_parse(buf, len), *state;
	const char *id, *name;
	int64_t pid = 0;

	memset(ds, 0, sizeof(*ds));
	if (!root)
		return -1;
	id = jf_str(root, "ID");
	name = jf_str(root, "Name");
	state = jf_get(root, "State", json_type_object);
	if (!id || !*id || !state || jf_int(state, "Pid", 0, INT_MAX, &pid) < 0) {
		json_object_put(root);
		return -1;
	}
	ds->id = xasprintf("%s", id);
	if (name && *name)
		ds->name = xasprintf("%s", name[0] == '/' ? name + 1 : name);
	ds->running = jf_bool(state, "Running", false);
	ds->paused = jf_bool(state, "Paused", false);
	ds->pid = (pid_t)pid;
	json_object_put(root);
	return 0;
}

void docker_state_free(struct docker_state *ds)
{
	free(ds->id);
	free(ds->name);
	memset(ds, 0, sizeof(*ds));
}

/* ---- containers-storage's containers.json ---- */

int storage_containers_parse(const char *buf, size_t len,
			     container_names_fn fn, void *ctx)
{
	struct json_object *root = json_parse(buf, len);
	size_t i, n;
	int r = 0;

	if (!root || !json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(root);
	for (i = 0; i < n && r >= 0; i++) {
		struct json_object *c = json_object_array_get_idx(root, i), *jn;
		const char *id = jf_str(c, "id");
		char **names = NULL;
		size_t k = 0;

		if (!json_object_is_type(c, json_type_object)) {
			r = -1;
			break;
		}
		if (!id)
			continue;
		jn = jf_get(c, "names", json_type_array);
		if (jn && !(names = jf_strings(jn))) {
			r = -1;
			break;
		}
		while (names && names[k])
			k++;
		r = fn(ctx, id, names, k);
		strv_free(names);
	}
	json_object_put(root);
	return r < 0 ? r : 0;
}

/* ---- daemon.json ---- */

int json_top_string(const char *buf, size_t len, const char *key, char **value)
{
	struct json_object *root = json_parse(buf, len), *v;

	*value = NULL;
	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -1;
	}
	if (json_object_object_get_ex(root, key, &v) && json_object_is_type(v, json_type_string))
		*value = xasprintf("%s", json_object_get_string(v));
	json_object_put(root);
	return *value ? 1 : 0;
}

/* ---- storage.conf: just enough TOML for [storage] graphroot = "..."
 * (basic and literal strings, comments, CRLF) ---- */

static const char *toml_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
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
	o[0] = (char)(0xe0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
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
			/* \uXXXX is 6 bytes of input for at most 3 of output */
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
