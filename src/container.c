/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * container.c - --container=REF: the init process of a Docker, Podman
 * (rootful or rootless), containerd, CRI-O or plain runc container, found
 * from the runtimes' own state, without asking an engine anything (so it
 * works when the engine is hung).
 *
 * Where (runtime_state.c reads the files):
 *   runc's state     every engine here runs runc, which keeps
 *                    <root>/<id>/state.json while a container exists: its
 *                    init's pid and start time and its OCI bundle.  Roots:
 *                    /run/runc (runc, Podman, CRI-O), /run/containerd/runc/NS
 *                    (containerd, any id its clients chose), the roots the
 *                    containerd tasks name in options.json (Docker:
 *                    /run/docker/runtime-runc/moby), and /run/user/UID/runc
 *                    (rootless Podman).  A container runs when its init is
 *                    alive with that start time, and is paused when its
 *                    freezer cgroup is frozen, as "runc state" decides.
 *   names            Docker's <data-root>/containers/<id>/config.v2.json
 *                    (also for stopped containers), containers-storage's
 *                    <graphroot>/<driver>-containers/containers.json
 *                    (Podman, CRI-O; rootless: the user's own storage).
 *   REF              a full id, then a name, then a unique id prefix (4
 *                    hexadecimal digits or more), as the docker CLI
 *                    resolves it; NS/ID for a containerd namespace;
 *                    "docker://ID", "containerd://ID", "cri-o://ID" (a
 *                    Kubernetes containerID) are ids.  A reference that
 *                    fits two containers, whatever their state, is refused
 *                    with all of them listed.
 *
 * Trust (HAZARDS.md 33): root trusts only what root owns.  A state file or
 * directory owned by another uid, or writable by another, is evidence only
 * for that uid's own rootless containers: their state must be in
 * /run/user/UID owned by UID, and their init in a user namespace UID owns;
 * they are entered through that user namespace (main.c), as the user
 * would.  Files are opened without following a last symlink and without
 * blocking, and must be regular files.
 *
 * Test hook, read with secure_getenv(): NSJOIN_STATE_ROOT, a directory
 * that stands for "/" for every state file above (not for /proc).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "container.h"
#include "jsonfile.h"
#include "nsjoin.h"

#define STATE_FILE_LIMIT	(16u << 20)	/* state.json, config.v2.json */
#define STORAGE_FILE_LIMIT	(256u << 20)	/* containers.json */
#define MAX_LISTED		16		/* candidates in one message */

enum cstatus { CS_STOPPED, CS_RUNNING, CS_PAUSED };

struct container {
	char *id;
	char *ns;		/* containerd's namespace, or NULL */
	int runtime;
	uid_t owner;		/* 0, or the rootless user */
	char **names;
	size_t nnames;
	enum cstatus status;
	pid_t init;
	uint64_t start;
	char *bundle;		/* its OCI bundle directory, or NULL */
	char **cgroups;		/* the cgroups runc made for it, or NULL */
};

struct search {
	struct container *c;
	size_t nc;
	const char *top;	/* NSJOIN_STATE_ROOT, or "" */
	char *note;		/* the first state we could not use */
	size_t nroots;		/* state roots looked at */
};

/* ---- the list of containers ---- */

static struct container *find(struct search *s, uid_t owner, const char *ns,
			      const char *id)
{
	size_t i;

	for (i = 0; i < s->nc; i++)
		if (s->c[i].owner == owner && strcmp(s->c[i].id, id) == 0 &&
		    (ns ? s->c[i].ns && strcmp(s->c[i].ns, ns) == 0 : !s->c[i].ns))
			return &s->c[i];
	return NULL;
}

static struct container *add(struct search *s, uid_t owner, const char *ns,
			     const char *id, int runtime)
{
	struct container *c = find(s, owner, ns, id);

	if (c)
		return c;
	s->c = xgrow(s->c, s->nc, sizeof(*s->c));
	c = &s->c[s->nc++];
	memset(c, 0, sizeof(*c));
	c->id = xasprintf("%s", id);
	c->ns = ns ? xasprintf("%s", ns) : NULL;
	c->runtime = runtime;
	c->owner = owner;
	return c;
}

static void add_name(struct container *c, const char *name)
{
	size_t i;

	if (!*name)
		return;
	for (i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i], name) == 0)
			return;
	c->names = xgrow(c->names, c->nnames, sizeof(*c->names));
	c->names[c->nnames++] = xasprintf("%s", name);
}

/* Remember the first state we could not use: when nothing matches, it is
 * likely why. */
static void note(struct search *s, int err, const char *what, const char *path)
{
	if (s->note)
		return;
	s->note = err ? xasprintf("%s %s: %s", what, quote(path), strerror(err))
		      : xasprintf("%s %s", what, quote(path));
}

static void search_free(struct search *s)
{
	size_t i, k;

	for (i = 0; i < s->nc; i++) {
		free(s->c[i].id);
		free(s->c[i].ns);
		free(s->c[i].bundle);
		strv_free(s->c[i].cgroups);
		for (k = 0; k < s->c[i].nnames; k++)
			free(s->c[i].names[k]);
		free(s->c[i].names);
	}
	free(s->c);
	free(s->note);
}

/* A path of the runtimes' state, under the test hook's top. */
static char *state_path(const struct search *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static char *state_path(const struct search *s, const char *fmt, ...)
{
	va_list ap;
	char *rel, *full;

	va_start(ap, fmt);
	if (vasprintf(&rel, fmt, ap) < 0)
		rel = NULL;
	va_end(ap);
	if (!rel)
		return xasprintf("/");
	full = xasprintf("%s%s", s->top, rel);
	free(rel);
	return full;
}

/* A directory of state owned by uid and writable by nobody else; NULL
 * (quietly when it does not exist) otherwise. */
static DIR *open_state_dir(struct search *s, const char *path, uid_t uid)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	DIR *d;

	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			note(s, errno, "cannot open", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != uid || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		note(s, 0, uid ? "not the user's own, or writable by others:" :
			       "not root's own, or writable by others:", path);
		close(fd);
		return NULL;
	}
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

static bool is_name(const char *d)
{
	return d[0] != '.' && !strchr(d, '/');
}

/* ---- runc's state ---- */

static int read_pid_stat(pid_t pid, uint64_t *start, char *state)
{
	char path[40], *buf, *p;
	size_t len;
	pid_t ppid;
	int r;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_small_file(AT_FDCWD, path, 4096, &buf, &len) < 0)
		return -1;
	p = strrchr(buf, ')');
	*state = p && p[1] == ' ' ? p[2] : '?';
	r = parse_proc_stat(buf, &ppid, start);
	free(buf);
	return r;
}

/* The init of a rootless container must be in a user namespace its user
 * owns: a user's state file could name any process. */
static bool userns_owned_by(pid_t pid, uid_t uid)
{
	char path[48];
	int fd;
	uid_t owner;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = ioctl(fd, NS_GET_OWNER_UID, &owner) == 0 && owner == uid;
	close(fd);
	return ok;
}

/* What "runc state" says of it. */
static enum cstatus runc_status(const struct runc_state *st, uid_t owner)
{
	char path[32], state;
	uint64_t start;
	int dir;
	enum cstatus cs = CS_RUNNING;

	if (read_pid_stat(st->init_pid, &start, &state) < 0 || start != st->init_start ||
	    state == 'Z' || state == 'X')
		return CS_STOPPED;
	if (owner && !userns_owned_by(st->init_pid, owner))
		return CS_STOPPED;
	snprintf(path, sizeof(path), "/proc/%d", (int)st->init_pid);
	dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir >= 0) {
		if (cgroup_frozen(dir) == 1)
			cs = CS_PAUSED;
		close(dir);
	}
	return cs;
}

/* Every <root>/<id>/state.json. */
static void scan_runc_root(struct search *s, const char *root, uid_t owner,
			   const char *ns, int runtime)
{
	DIR *d = open_state_dir(s, root, owner);
	struct dirent *de;

	if (!d)
		return;
	s->nroots++;
	while ((de = readdir(d)) != NULL) {
		struct runc_state st;
		struct container *c;
		char *path, *buf;
		size_t len;

		if (!is_name(de->d_name))
			continue;
		path = xasprintf("%s/%s/state.json", root, de->d_name);
		if (read_state_file(path, owner, STATE_FILE_LIMIT, &buf, &len) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				note(s, errno, "cannot read", path);
			free(path);
			continue;
		}
		if (runc_state_parse(buf, len, &st) < 0 || strcmp(st.id, de->d_name) != 0) {
			note(s, 0, "cannot parse", path);
		} else {
			c = add(s, owner, ns, st.id, st.runtime == RT_RUNC ? runtime : st.runtime);
			c->status = runc_status(&st, owner);
			c->init = st.init_pid;
			c->start = st.init_start;
			free(c->bundle);
			c->bundle = st.bundle ? xasprintf("%s", st.bundle) : NULL;
			strv_free(c->cgroups);
			c->cgroups = st.cgroups;
			st.cgroups = NULL;
		}
		runc_state_free(&st);
		free(buf);
		free(path);
	}
	closedir(d);
}

/* /run/containerd/runc/NS, and the roots containerd's tasks name in their
 * options.json (Docker's /run/docker/runtime-runc/moby). */
static void scan_containerd(struct search *s)
{
	char *base = state_path(s, "/run/containerd/runc"), *tasks;
	struct dirent *de, *te;
	DIR *d = open_state_dir(s, base, 0), *t;

	while (d && (de = readdir(d)) != NULL) {
		char *root;

		if (!is_name(de->d_name))
			continue;
		root = xasprintf("%s/%s", base, de->d_name);
		scan_runc_root(s, root, 0, de->d_name, RT_CONTAINERD);
		free(root);
	}
	if (d)
		closedir(d);
	free(base);

	tasks = state_path(s, "/run/containerd/io.containerd.runtime.v2.task");
	d = open_state_dir(s, tasks, 0);
	while (d && (de = readdir(d)) != NULL) {
		char *nsdir, *root = NULL;

		if (!is_name(de->d_name))
			continue;
		nsdir = xasprintf("%s/%s", tasks, de->d_name);
		t = open_state_dir(s, nsdir, 0);
		/* one options.json says where runc keeps this namespace */
		while (t && !root && (te = readdir(t)) != NULL) {
			char *opts, *buf, *value = NULL;
			size_t len;

			if (!is_name(te->d_name))
				continue;
			opts = xasprintf("%s/%s/options.json", nsdir, te->d_name);
			if (read_state_file(opts, 0, STATE_FILE_LIMIT, &buf, &len) == 0) {
				if (json_top_string(buf, len, "root", &value) == 1 && value[0] == '/')
					root = xasprintf("%s%s/%s", s->top, value, de->d_name);
				free(value);
				free(buf);
			}
			free(opts);
		}
		if (t)
			closedir(t);
		if (root) {
			scan_runc_root(s, root, 0, de->d_name,
				       strcmp(de->d_name, "moby") == 0 ? RT_DOCKER : RT_CONTAINERD);
			free(root);
		}
		free(nsdir);
	}
	if (d)
		closedir(d);
	free(tasks);
	/* Docker's own default, in case no task of it is running */
	base = state_path(s, "/run/docker/runtime-runc/moby");
	scan_runc_root(s, base, 0, "moby", RT_DOCKER);
	free(base);
}

/* /run/user/UID/runc of every user (root), or of the caller. */
static void scan_rootless(struct search *s)
{
	char *users = state_path(s, "/run/user"), *root;
	struct dirent *de;
	DIR *d;
	uint64_t uid;

	if (getuid() != 0) {
		root = state_path(s, "/run/user/%u/runc", (unsigned)getuid());
		scan_runc_root(s, root, getuid(), NULL, RT_PODMAN);
		free(root);
		free(users);
		return;
	}
	d = opendir(users);
	while (d && (de = readdir(d)) != NULL) {
		if (parse_decimal(de->d_name, UINT32_MAX - 1, &uid) < 0 || uid == 0)
			continue;
		root = xasprintf("%s/%s/runc", users, de->d_name);
		scan_runc_root(s, root, (uid_t)uid, NULL, RT_PODMAN);
		free(root);
	}
	if (d)
		closedir(d);
	free(users);
}

/* ---- names ---- */

/* KEY of a configuration file (daemon.json, storage.conf), or NULL. */
static char *config_value(struct search *s, const char *path, const char *key,
			  bool toml, bool *missing)
{
	char *buf, *v = NULL;
	size_t len;
	int r;

	*missing = false;
	if (read_state_file(path, 0, STATE_FILE_LIMIT, &buf, &len) < 0) {
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
	if (v && v[0] != '/') {	/* the runtimes refuse relative roots too */
		free(v);
		v = NULL;
	}
	return v;
}

/* Docker's <root>/containers/<id>/config.v2.json: names, and the
 * containers that are not running. */
static void scan_docker(struct search *s, const char *root)
{
	char *dir = xasprintf("%s/containers", root);
	DIR *d = open_state_dir(s, dir, 0);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		struct docker_state ds;
		struct container *c;
		char *path, *buf;
		size_t len;

		if (!is_name(de->d_name))
			continue;
		path = xasprintf("%s/%s/config.v2.json", dir, de->d_name);
		if (read_state_file(path, 0, STATE_FILE_LIMIT, &buf, &len) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				note(s, errno, "cannot read", path);
			free(path);
			continue;
		}
		if (docker_state_parse(buf, len, &ds) < 0 || strcmp(ds.id, de->d_name) != 0) {
			note(s, 0, "cannot parse", path);
		} else {
			c = add(s, 0, "moby", ds.id, RT_DOCKER);
			if (ds.name)
				add_name(c, ds.name);
			if (!c->init)	/* no runc state: not running */
				c->status = CS_STOPPED;
			else if (ds.paused && c->status == CS_RUNNING)
				c->status = CS_PAUSED;
		}
		docker_state_free(&ds);
		free(buf);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
}

struct storage_ctx {
	struct search *s;
	uid_t owner;
};

static int storage_entry(void *ctx, const char *id, char *const *names, size_t n)
{
	struct storage_ctx *sc = ctx;
	struct container *c = add(sc->s, sc->owner, NULL, id, RT_PODMAN);
	size_t i;

	for (i = 0; i < n; i++)
		add_name(c, names[i]);
	return 0;
}

/* containers-storage: <root>/<driver>-containers/containers.json, one per
 * storage driver used (overlay, vfs, btrfs, zfs...). */
static void scan_storage(struct search *s, const char *root, uid_t owner)
{
	DIR *d = open_state_dir(s, root, owner);
	struct storage_ctx sc = { s, owner };
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), len;
		char *path, *buf;

		if (n <= 11 || strcmp(de->d_name + n - 11, "-containers") != 0)
			continue;
		path = xasprintf("%s/%s/containers.json", root, de->d_name);
		if (read_state_file(path, owner, STORAGE_FILE_LIMIT, &buf, &len) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				note(s, errno, "cannot read", path);
		} else {
			if (storage_containers_parse(buf, len, storage_entry, &sc) < 0)
				note(s, 0, "cannot parse", path);
			free(buf);
		}
		free(path);
	}
	if (d)
		closedir(d);
}

static void scan_names(struct search *s)
{
	char *path, *v, *root;
	bool missing;
	struct passwd *pw;
	FILE *f;

	if (getuid() == 0) {
		root = state_path(s, "/var/lib/docker");
		scan_docker(s, root);
		free(root);
		path = state_path(s, "/etc/docker/daemon.json");
		v = config_value(s, path, "data-root", false, &missing);
		if (!v && !missing)	/* its name before Docker 17.05 */
			v = config_value(s, path, "graph", false, &missing);
		if (v) {
			root = xasprintf("%s%s", s->top, v);
			if (strcmp(v, "/var/lib/docker") != 0)
				scan_docker(s, root);
			free(root);
			free(v);
		}
		free(path);

		root = state_path(s, "/var/lib/containers/storage");
		scan_storage(s, root, 0);
		free(root);
		path = state_path(s, "/etc/containers/storage.conf");
		v = config_value(s, path, NULL, true, &missing);
		free(path);
		if (missing) {	/* the distribution's defaults */
			path = state_path(s, "/usr/share/containers/storage.conf");
			v = config_value(s, path, NULL, true, &missing);
			free(path);
		}
		if (v && strcmp(v, "/var/lib/containers/storage") != 0) {
			root = xasprintf("%s%s", s->top, v);
			scan_storage(s, root, 0);
			free(root);
		}
		free(v);
	}
	/* rootless: each user's own storage (root: every user's) */
	path = state_path(s, "/etc/passwd");
	f = fopen(path, "re");
	free(path);
	while (f && (pw = fgetpwent(f)) != NULL) {
		if (pw->pw_uid == 0 || (getuid() != 0 && pw->pw_uid != getuid()) ||
		    !pw->pw_dir || pw->pw_dir[0] != '/')
			continue;
		root = state_path(s, "%s/.local/share/containers/storage", pw->pw_dir);
		scan_storage(s, root, pw->pw_uid);
		free(root);
	}
	if (f)
		fclose(f);
}

/* ---- matching REF ---- */

enum match_by { BY_ID, BY_NAME, BY_PREFIX };

static bool is_id_prefix(const char *ref)
{
	size_t n = strlen(ref);

	return n >= 4 && strspn(ref, "0123456789abcdef") == n;
}

static bool matches(const struct container *c, const char *ns, const char *ref,
		    enum match_by by)
{
	size_t i;

	if (ns && (!c->ns || strcmp(c->ns, ns) != 0))
		return false;
	switch (by) {
	case BY_ID:
		return strcmp(c->id, ref) == 0;
	case BY_NAME:
		for (i = 0; i < c->nnames; i++)
			if (strcmp(c->names[i], ref) == 0)
				return true;
		return false;
	case BY_PREFIX:
		return is_id_prefix(ref) && strlen(c->id) > strlen(ref) &&
		       strncmp(c->id, ref, strlen(ref)) == 0;
	}
	return false;
}

/* The containers REF names, whatever their state, in *out: exact id
 * first, then name, then id prefix (the docker CLI's order).  How many. */
static size_t find_matches(const struct search *s, const char *ns, const char *ref,
			   bool names_too, size_t *out)
{
	enum match_by by;
	size_t i, n = 0;

	for (by = BY_ID; by <= BY_PREFIX && n == 0; by++) {
		if (by == BY_NAME && !names_too)
			continue;
		for (i = 0; i < s->nc; i++)
			if (matches(&s->c[i], ns, ref, by))
				out[n++] = i;
	}
	return n;
}

static const char *status_name(enum cstatus cs)
{
	return cs == CS_RUNNING ? "running" : cs == CS_PAUSED ? "paused" : "not running";
}

/* "'web' 'name' (docker)", "'ns/web' (containerd, not running)", for
 * messages. */
static char *describe(const struct container *c, bool with_status)
{
	char *id = c->ns && c->runtime == RT_CONTAINERD ? xasprintf("%s/%s", c->ns, c->id)
						       : xasprintf("%s", c->id);
	char *d = xasprintf("%s", quote(id)), *t;
	char owner[40] = "";
	size_t i;

	free(id);
	for (i = 0; i < c->nnames; i++) {
		t = xasprintf("%s%s%s", d, i ? ", " : " ", quote(c->names[i]));
		free(d);
		d = t;
	}
	if (c->owner)
		snprintf(owner, sizeof(owner), ", rootless, uid %u", (unsigned)c->owner);
	t = xasprintf("%s (%s%s%s%s)", d, container_runtime_name(c->runtime), owner,
		      with_status ? ", " : "", with_status ? status_name(c->status) : "");
	free(d);
	return t;
}

static int fail_list(const struct search *s, const size_t *idx, size_t n,
		     const char *head)
{
	char *msg = xasprintf("%s", head), *t;
	size_t i;

	for (i = 0; i < n && i < MAX_LISTED; i++) {
		char *d = describe(&s->c[idx[i]], true);

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

static int fail_no_match(const struct search *s, const char *ref)
{
	size_t i, running = 0;

	for (i = 0; i < s->nc; i++)
		running += s->c[i].status != CS_STOPPED;
	return fail("no container matches %s: looked at %zu container%s (%zu running) "
		    "in the state of runc, Docker, Podman and containerd%s%s%s%s",
		    quote(ref), s->nc, s->nc == 1 ? "" : "s", running,
		    strlen(ref) < 4 && strspn(ref, "0123456789abcdef") == strlen(ref)
			    ? "; an id prefix needs 4 characters or more" : "",
		    s->note ? "; " : "", s->note ? s->note : "",
		    getuid() != 0 ? " (not root: only your own rootless containers "
				    "can be seen)" : "");
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

static int resolve(struct search *s, const char *ref, struct container_target *ct)
{
	const char *slash, *root;
	char *ns = NULL, *path;
	size_t *idx, n;
	bool names_too;
	const struct container *c;
	int r = -1;

	ref = strip_scheme(ref, &names_too);
	slash = strchr(ref, '/');
	if (slash && slash != ref && slash[1]) {	/* NS/ID (containerd) */
		ns = xasprintf("%.*s", (int)(slash - ref), ref);
		ref = slash + 1;
	}
	root = s->top;
	if (getuid() == 0) {
		path = xasprintf("%s/run/runc", root);
		scan_runc_root(s, path, 0, NULL, RT_RUNC);
		free(path);
		scan_containerd(s);
	}
	scan_rootless(s);
	scan_names(s);

	idx = xcalloc(s->nc + 1, sizeof(*idx));
	n = find_matches(s, ns, ref, names_too, idx);
	c = n == 1 ? &s->c[idx[0]] : NULL;
	if (n == 0) {
		fail_no_match(s, ref);
	} else if (n > 1) {
		char *head = xasprintf("%s matches %zu containers; give %s:", quote(ref), n,
				       matches(&s->c[idx[0]], NULL, ref, BY_NAME)
				       ? "an id instead" : "more of the id");

		fail_list(s, idx, n, head);
		free(head);
	} else if (c->status == CS_STOPPED) {
		char *d = describe(c, false);

		fail("container %s is not running", d);
		free(d);
	} else if (c->status == CS_PAUSED) {
		char *d = describe(c, false);

		/* docker exec: "is paused, unpause the container before exec" */
		fail("container %s is paused: unpause it before entering it", d);
		free(d);
	} else {
		ct->pid = c->init;
		ct->start = c->start;
		ct->owner = c->owner;
		ct->config = c->bundle ? xasprintf("%s/config.json", c->bundle) : NULL;
		ct->cgroups = c->cgroups;
		s->c[idx[0]].cgroups = NULL;
		ct->label = describe(c, false);
		r = 0;
	}
	free(idx);
	free(ns);
	return r;
}

int container_resolve(const char *ref, struct container_target *ct)
{
	struct search s;
	const char *top = secure_getenv("NSJOIN_STATE_ROOT");
	int r;

	memset(&s, 0, sizeof(s));
	memset(ct, 0, sizeof(*ct));
	s.top = top && *top == '/' ? top : "";
	r = resolve(&s, ref, ct);
	search_free(&s);
	return r;
}
