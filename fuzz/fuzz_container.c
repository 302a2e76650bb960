/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_container.c - libFuzzer target for the readers behind --container
 * and --as-target: every input goes through all of them, so one corpus
 * (fuzz/corpus/container) of state files, configurations and stat lines
 * seeds each.  A rootless user writes their own state.json, containers.json
 * and config.json: every reader must hold against anything.
 *   runc_state_parse          runc's state.json
 *   docker_state_parse        Docker's config.v2.json
 *   storage_containers_parse  containers-storage's containers.json
 *   json_top_string           daemon.json, options.json
 *   toml_storage_graphroot    storage.conf
 *   seccomp_from_oci          linux.seccomp of an OCI config.json, compiled
 *                             with libseccomp to BPF
 */
#include "config.h"

#include <linux/filter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "jsonfile.h"
#include "nsjoin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t input_size;

static void check_string(const char *s)
{
	if (s && strlen(s) > input_size)
		abort();
}

static int check_entry(void *ctx, const char *id, char *const *names, size_t n)
{
	size_t i;

	(void)ctx;
	if (!id)
		abort();
	check_string(id);
	for (i = 0; i < n; i++)
		check_string(names[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *v;
	struct runc_state rs;
	struct docker_state ds;
	struct json_object *root, *sc;

	memcpy(buf, data, size);
	buf[size] = '\0';
	input_size = size;

	/* the readers take the length: a NUL inside must not be trusted */
	if (runc_state_parse(buf, size, &rs) == 0) {
		if (!rs.id || !*rs.id || rs.init_pid <= 0 ||
		    (rs.bundle && rs.bundle[0] != '/'))
			abort();
		check_string(rs.id);
		check_string(rs.bundle);
		(void)container_runtime_name(rs.runtime);
		runc_state_free(&rs);
	}
	if (docker_state_parse(buf, size, &ds) == 0) {
		if (!ds.id || ds.pid < 0 || (ds.name && ds.name[0] == '/' && ds.name[1] == '/'))
			abort();
		check_string(ds.id);
		check_string(ds.name);
		docker_state_free(&ds);
	}
	(void)storage_containers_parse(buf, size, check_entry, NULL);
	if (json_top_string(buf, size, "data-root", &v) == 1) {
		check_string(v);
		free(v);
	} else if (v) {
		abort();
	}
	if (toml_storage_graphroot(buf, &v) == 1) {
		check_string(v);
		free(v);
	} else if (v) {
		abort();
	}

	/* an OCI config (or just its linux.seccomp): compiled or refused */
	root = json_parse(buf, size);
	sc = root ? JF_PATH(root, json_type_object, "linux", "seccomp") : NULL;
	if (!sc && root && json_object_is_type(root, json_type_object))
		sc = root;
	if (sc) {
		struct seccomp_filters f = { 0 };
		size_t i;

		if (seccomp_from_oci(sc, "fuzz", &f) == 0 &&
		    (f.n != 1 || f.progs[0].len == 0 || f.progs[0].len > BPF_MAXINSNS))
			abort();
		for (i = 0; i < f.n; i++)
			free(f.progs[i].filter);
		free(f.progs);
		free(f.flags);
	}
	json_object_put(root);
	free(buf);
	return 0;
}
