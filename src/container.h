/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * container.h - --container: the runtimes' state (runtime_state.c, the
 * readers, fuzzed by fuzz/fuzz_container.c) and the search over it
 * (container.c).  Nothing on the join path of a plain "-t PID" includes
 * it.
 */
#ifndef NSJOIN_CONTAINER_H
#define NSJOIN_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The engine a container belongs to (for names and messages). */
enum container_runtime {
	RT_RUNC,		/* plain runc (or an engine nsjoin cannot tell) */
	RT_DOCKER,
	RT_PODMAN,
	RT_CONTAINERD,
	RT_CRIO,
	RT_COUNT
};

const char *container_runtime_name(int runtime);

/* ---- runtime_state.c: readers of the runtimes' files ---- */

/* runc's <root>/<id>/state.json (Docker, Podman, containerd, CRI-O and
 * plain runc all keep one per running container): what nsjoin needs. */
struct runc_state {
	char *id;
	pid_t init_pid;
	uint64_t init_start;	/* field 22 of /proc/PID/stat */
	char *bundle;		/* config.labels "bundle=DIR", or NULL */
	int runtime;		/* from the labels: podman, cri-o, else runc */
	char **cgroups;		/* cgroup_paths: the directories runc made or
				 * joined for it (NULL-terminated), or NULL */
};

/* 0, or -1 when malformed. */
int runc_state_parse(const char *buf, size_t len, struct runc_state *st);
void runc_state_free(struct runc_state *st);

/* Docker's <root>/containers/<id>/config.v2.json. */
struct docker_state {
	char *id;
	char *name;		/* without Docker's leading '/' */
	bool running, paused;
	pid_t pid;
};

int docker_state_parse(const char *buf, size_t len, struct docker_state *ds);
void docker_state_free(struct docker_state *ds);

/* containers-storage's <graphroot>/<driver>-containers/containers.json:
 * FN is called with the "id" and "names" of each entry.  0, or -1
 * malformed, or what FN returned when negative. */
typedef int (*container_names_fn)(void *ctx, const char *id,
				  char *const *names, size_t n);
int storage_containers_parse(const char *buf, size_t len,
			     container_names_fn fn, void *ctx);

/* The string member KEY of a JSON object (daemon.json's "data-root"):
 * 1 found, 0 absent, -1 malformed. */
int json_top_string(const char *buf, size_t len, const char *key, char **value);

/* storage.conf (TOML): the graphroot of the [storage] table in *value
 * (allocated).  Returns 1 found, 0 absent, -1 malformed. */
int toml_storage_graphroot(const char *buf, char **value);

/* A file of runtime state, whole and bounded: a regular file opened
 * without following a last symlink and without blocking (a FIFO put in
 * a user's state cannot hang root), owned by uid and writable by nobody
 * else.  0, or -1 with errno (EPERM: owned by another or writable by
 * others). */
int read_state_file(const char *path, uid_t uid, size_t limit, char **buf,
		    size_t *len);

/* ---- container.c: --container=REF ---- */

struct container_target {
	pid_t pid;		/* its init */
	uint64_t start;		/* the init's start time, to pin it */
	char *config;		/* its OCI bundle's config.json, or NULL */
	char **cgroups;		/* the cgroups its runtime made, or NULL */
	uid_t owner;		/* 0: a root-owned runtime; else rootless */
	char *label;		/* "'web' (docker)", for messages */
};

int container_resolve(const char *ref, struct container_target *ct);

#endif /* NSJOIN_CONTAINER_H */
