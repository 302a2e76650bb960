/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_options.c - libFuzzer target for the command-line parser: the input
 * is split at NUL bytes into argv.  parse_options() must never crash, read
 * past argv, or leak, whatever the words are.
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsjoin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), **argv, *p;
	struct options opt;
	size_t i, argc = 1;

	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i < size; i++)
		argc += buf[i] == '\0';
	argv = calloc(argc + 2, sizeof(*argv));
	argv[0] = "nsjoin";
	for (i = 1, p = buf; i <= argc && p <= buf + size; i++) {
		argv[i] = p;
		p += strlen(p) + 1;
	}
	argv[i] = NULL;
	optind = 0;	/* glibc: re-initialise getopt completely */
	(void)parse_options((int)i, argv, &opt);
	free(argv);
	free(buf);
	return 0;
}
