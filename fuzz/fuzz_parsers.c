/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_parsers.c - libFuzzer targets for every parser of kernel or target
 * text (parse.c).  Built once per parser with -DFUZZ_<NAME>:
 *   ENVIRON    /proc/PID/environ (the target controls it completely)
 *   MOUNTINFO  /proc/self/mountinfo (mount point names are arbitrary)
 *   CGROUP     /proc/PID/cgroup
 *   STATUS     /proc/self/status
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);

	memcpy(buf, data, size);
	buf[size] = '\0';
#if defined(FUZZ_ENVIRON)
	{
		char **env = parse_environ(buf, size), **e;

		for (e = env; *e; e++)	/* every entry is NAME=value, no LD_ */
			if (!strchr(*e, '=') || **e == '=' || strncmp(*e, "LD_", 3) == 0)
				abort();
		free(env);
	}
#elif defined(FUZZ_MOUNTINFO)
	{
		char *mnt, *root;

		if (parse_mountinfo_cgroup2(buf, &mnt, &root) == 0 &&
		    (mnt < buf || mnt > buf + size || root < buf || root > buf + size))
			abort();
	}
#elif defined(FUZZ_CGROUP)
	{
		char *path = parse_cgroup_v2_path(buf);

		if (path && *path != '/')
			abort();
	}
#elif defined(FUZZ_STATUS)
	{
		uint64_t mask;

		(void)parse_status_sigign(buf, &mask);
	}
#else
# error "define one of FUZZ_ENVIRON FUZZ_MOUNTINFO FUZZ_CGROUP FUZZ_STATUS"
#endif
	free(buf);
	return 0;
}
