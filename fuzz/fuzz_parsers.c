/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_parsers.c - libFuzzer targets for every parser of kernel or target
 * text (parse.c).  Built once per parser with -DFUZZ_<NAME>:
 *   ENVIRON    /proc/PID/environ (the target controls it completely), and
 *              what env.c passes on of it
 *   MOUNTINFO  /proc/self/mountinfo (mount point names are arbitrary)
 *   CGROUP     /proc/PID/cgroup
 *   STATUS     /proc/PID/status (signals, ids, groups, capabilities),
 *              /proc/PID/limits and /proc/PID/stat (comm is the process's)
 *   IDMAP      /proc/PID/uid_map and gid_map
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
		struct target_env te;

		for (e = env; *e; e++)	/* every entry is NAME=value */
			if (!strchr(*e, '=') || **e == '=')
				abort();
		/* and what env.c passes on never has a loader variable or a
		 * place of the target's */
		env_filter(env, false, &te);
		for (e = te.env; *e; e++)
			if (env_rule(*e) == ENV_DROP ||
			    (env_rule(*e) == ENV_PLACE && *e >= buf && *e <= buf + size))
				abort();
		for (e = te.dropped; e && *e; e++)
			free(*e);
		for (e = te.callers; e && *e; e++)
			free(*e);
		free(te.dropped);
		free(te.callers);
		free(te.env);
		free(env);
	}
#elif defined(FUZZ_MOUNTINFO)
	{
		struct cgroup_mount m[8];
		size_t n = parse_mountinfo_cgroups(buf, m, 8), i;

		for (i = 0; i < n; i++)
			if (m[i].mnt < buf || m[i].mnt > buf + size ||
			    m[i].root < buf || m[i].root > buf + size ||
			    (m[i].super && (m[i].super < buf || m[i].super > buf + size)))
				abort();
		if (n > 8)
			abort();
		if (n && m[0].super)
			(void)cgroup_mount_matches(m[0].super, "cpu,cpuacct");
	}
#elif defined(FUZZ_CGROUP)
	{
		struct cgroup_line l[8];
		size_t n = parse_cgroup_lines(buf, l, 8), i;

		for (i = 0; i < n; i++)
			if (l[i].path[0] != '/' || (l[i].v2 && l[i].controllers[0]))
				abort();
	}
#elif defined(FUZZ_STATUS)
	{
		struct status_creds sc;
		uint64_t mask;

		uint64_t soft[16], hard[16];
		bool have[16];
		int n;

		(void)status_u64(buf, "SigIgn", 16, &mask);
		(void)status_u64(buf, "PPid", 10, &mask);
		if (parse_status_creds(buf, &sc) == 0)
			free(sc.groups);
		pid_t ppid;
		uint64_t start;

		/* /proc/PID/limits and stat share the corpus */
		n = parse_limits(buf, soft, hard, have);
		if (n > 16)
			abort();
		(void)parse_proc_stat(buf, &ppid, &start);
	}
#elif defined(FUZZ_IDMAP)
	{
		uint32_t inside, probe[] = { 0, 1, 1000, 65534, 100000, UINT32_MAX };
		size_t i;

		for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++)
			(void)parse_id_map(buf, probe[i], &inside);
	}
#else
# error "define one of FUZZ_ENVIRON FUZZ_MOUNTINFO FUZZ_CGROUP FUZZ_STATUS FUZZ_IDMAP"
#endif
	free(buf);
	return 0;
}
