/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_container.c - libFuzzer target for the parsers behind --container
 * (container.c): every input goes through all of them, so one corpus
 * (fuzz/corpus/container) of cgroup files, stat lines, config.v2.json,
 * containers.json and storage.conf seeds each.
 *   container_parse_cgroup   /proc/PID/cgroup (cgroup names are chosen by
 *                            anyone with a delegated subtree)
 *   container_parse_stat     /proc/PID/stat (comm is the process's choice)
 *   json_top_string          config.v2.json, daemon.json
 *   json_storage_containers  containers.json
 *   toml_storage_graphroot   storage.conf
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "nsjoin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t input_size;

static void check_string(const char *s)
{
	if (!s || strlen(s) > input_size)
		abort();
}

static int check_entry(void *ctx, const char *id, char *const *names, size_t n)
{
	size_t i;

	(void)ctx;
	check_string(id);
	for (i = 0; i < n; i++)
		check_string(names[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *v;
	struct cgroup_match m;
	pid_t ppid;
	uint64_t start;
	size_t i;

	memcpy(buf, data, size);
	buf[size] = '\0';
	input_size = size;

	if (container_parse_cgroup(buf, &m) == 1) {
		/* the id is 64 lowercase hex, inside the scope, inside buf */
		if (strlen(m.id) != CONTAINER_ID_LEN || m.scope < buf ||
		    m.scope + m.scope_len > buf + size ||
		    !memmem(m.scope, m.scope_len, m.id, CONTAINER_ID_LEN))
			abort();
		for (i = 0; i < CONTAINER_ID_LEN; i++)
			if (!strchr("0123456789abcdef", m.id[i]))
				abort();
		(void)container_runtime_name(m.runtime);
	}
	(void)container_parse_stat(buf, &ppid, &start);

	/* JSON and TOML take the length: a NUL inside must not be trusted */
	if (json_top_string(buf, size, "Name", &v) == 1) {
		check_string(v);
		free(v);
	} else if (v) {
		abort();
	}
	(void)json_storage_containers(buf, size, check_entry, NULL);
	if (toml_storage_graphroot(buf, &v) == 1) {
		check_string(v);
		free(v);
	} else if (v) {
		abort();
	}
	free(buf);
	return 0;
}
