/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * container.h - the text parsers behind --container, apart so that
 * fuzz/fuzz_container.c can drive them.  Each works on a NUL-terminated
 * buffer and never reads past its end: a cgroup path can be named by
 * anyone with a delegated cgroup subtree, and the state files are only as
 * well-formed as the runtime that wrote them.
 */
#ifndef NSJOIN_CONTAINER_H
#define NSJOIN_CONTAINER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONTAINER_ID_LEN 64	/* every runtime here: 64 lowercase hex */

/* The runtime a cgroup path names; index into container_runtime_name(). */
enum container_runtime {
	RT_UNKNOWN,	/* a bare id, under no known parent */
	RT_DOCKER,	/* docker-<id>.scope, /docker/<id> */
	RT_PODMAN,	/* libpod-<id>.scope, /libpod_parent/libpod-<id> */
	RT_CONTAINERD,	/* cri-containerd-<id>.scope, nerdctl-<id>.scope */
	RT_CRIO,	/* crio-<id>.scope, crio-<id> */
	RT_KUBERNETES,	/* .../pod<uid>/<id>: kubelet's cgroupfs driver */
	RT_STORAGE,	/* known only from containers-storage (not running) */
};

const char *container_runtime_name(int runtime);

struct cgroup_match {
	int runtime;			/* enum container_runtime */
	char id[CONTAINER_ID_LEN + 1];
	const char *scope;		/* the cgroup path up to the end of the */
	size_t scope_len;		/* container's own component, in buf */
};

/* /proc/PID/cgroup: the container the process is in.  The unified ("0::")
 * line wins over v1 lines; within a path the innermost container wins
 * (docker in docker).  Returns 1 with *m filled, 0: no container. */
int container_parse_cgroup(const char *buf, struct cgroup_match *m);

/* /proc/PID/stat: the parent (field 4) and start time (field 22).
 * Returns 0, or -1 when malformed. */
int container_parse_stat(const char *buf, pid_t *ppid, uint64_t *start);

/* A JSON document that is one object: the string value of its top-level
 * KEY in *value (allocated).  Returns 1 found, 0 absent (or not a string),
 * -1 malformed (the whole document is checked, a duplicate KEY too). */
int json_top_string(const char *buf, size_t len, const char *key, char **value);

/* containers-storage's containers.json, an array of objects: FN is called
 * with the "id" and "names" of each object that has an "id".  Returns 0,
 * -1 malformed, or what FN returned when it was negative. */
typedef int (*container_names_fn)(void *ctx, const char *id,
				  char *const *names, size_t n);
int json_storage_containers(const char *buf, size_t len,
			    container_names_fn fn, void *ctx);

/* storage.conf (TOML): the graphroot of the [storage] table in *value
 * (allocated).  Returns 1 found, 0 absent, -1 malformed. */
int toml_storage_graphroot(const char *buf, char **value);

#endif /* NSJOIN_CONTAINER_H */
